"""Handing a file to a case owner: the grants follow, a separate grant survives, all or none."""

from __future__ import annotations

import pytest
from django.http import Http404

from accounts.models import Role
from gezinsaanpak import access
from gezinsaanpak.models import AccessEvent, Family, FamilyUserObjectPermission
from gezinsaanpak.selectors.timeline import family_timeline
from gezinsaanpak.services.errors import ServiceError
from gezinsaanpak.services.family_access import (
    families_assign_owner,
    family_assign_owner,
    family_grant_colleague,
)
from tests.factories import FamilyFactory, UserFactory


def _sees(user, family: Family) -> bool:  # type: ignore[no-untyped-def]
    return access.families_visible_to(user).filter(pk=family.pk).exists()


def _may_change(user, family: Family) -> bool:  # type: ignore[no-untyped-def]
    return access.families.may_change(user, family)


@pytest.fixture
def owned(library, specialist) -> Family:  # type: ignore[no-untyped-def]
    family = FamilyFactory(organisation=library, case_owner=specialist)
    access.families.grant_case_owner(specialist, family)
    return family


@pytest.mark.django_db
def test_assigning_gives_the_new_owner_access_and_takes_the_old_owners(
    coordinator, specialist, other_specialist, owned
):
    family_assign_owner(actor=coordinator, family=owned, owner=other_specialist)
    owned.refresh_from_db()
    assert owned.case_owner == other_specialist
    assert _sees(other_specialist, owned) and _may_change(other_specialist, owned)
    assert not _sees(specialist, owned)
    assert not FamilyUserObjectPermission.objects.filter(user=specialist).exists()


@pytest.mark.django_db
def test_the_old_owner_keeps_a_separately_given_grant(
    coordinator, specialist, other_specialist, owned
):
    # While still the owner, a colleague gives the specialist access in its own right.
    family_grant_colleague(actor=coordinator, family=owned, colleague=specialist)
    family_assign_owner(actor=coordinator, family=owned, owner=other_specialist)
    assert _sees(specialist, owned)  # the separate view grant stays
    assert not _may_change(specialist, owned)  # the owner's change grant went


@pytest.mark.django_db
def test_a_new_owner_with_a_separate_grant_keeps_it_after_handing_on(
    coordinator, specialist, other_specialist, owned
):
    family_grant_colleague(actor=coordinator, family=owned, colleague=other_specialist)
    family_assign_owner(actor=coordinator, family=owned, owner=other_specialist)
    assert _may_change(other_specialist, owned)
    family_assign_owner(actor=coordinator, family=owned, owner=specialist)
    assert _sees(other_specialist, owned)
    assert not _may_change(other_specialist, owned)


@pytest.mark.django_db
def test_assigning_is_on_the_timeline_with_old_and_new_names(
    coordinator, specialist, other_specialist, owned
):
    family_assign_owner(actor=coordinator, family=owned, owner=other_specialist)
    texts = [item.text for item in family_timeline(owned)]
    assert f"Casushouder gewijzigd van {specialist.name} naar {other_specialist.name}" in texts
    revoked = AccessEvent.objects.get(action="unshare", family_id=owned.pk)
    assert revoked.details == {"revoked": str(specialist.pk), "why": "case_owner_changed"}


@pytest.mark.django_db
def test_a_first_owner_is_on_the_timeline(coordinator, specialist, library):
    family = FamilyFactory(organisation=library, case_owner=None)
    family_assign_owner(actor=coordinator, family=family, owner=specialist)
    texts = [item.text for item in family_timeline(family)]
    assert f"{specialist.name} is nu casushouder" in texts


@pytest.mark.django_db
def test_the_same_owner_again_writes_nothing(coordinator, specialist, owned):
    before = AccessEvent.objects.count()
    family_assign_owner(actor=coordinator, family=owned, owner=specialist)
    assert AccessEvent.objects.count() == before
    assert _may_change(specialist, owned)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider", "coach", "coordinator", "inactive"])
def test_only_an_active_specialist_of_the_organisation_can_own(
    request, who, coordinator, library, owned
):
    if who == "inactive":
        owner = UserFactory(organisation=library, role=Role.SPECIALIST, is_active=False)
    else:
        owner = request.getfixturevalue(who)
    with pytest.raises(ServiceError) as error:
        family_assign_owner(actor=coordinator, family=owned, owner=owner)
    assert error.value.field == "case_owner"
    owned.refresh_from_db()
    assert owned.case_owner != owner


@pytest.mark.django_db
def test_a_specialist_cannot_assign_an_owner(specialist, other_specialist, owned):
    with pytest.raises(Http404):
        family_assign_owner(actor=specialist, family=owned, owner=other_specialist)


@pytest.mark.django_db
def test_a_coordinator_of_another_organisation_gets_404(other_library, specialist, owned):
    stranger = UserFactory(organisation=other_library, role=Role.COORDINATOR)
    with pytest.raises(Http404):
        family_assign_owner(actor=stranger, family=owned, owner=specialist)
    with pytest.raises(Http404):
        families_assign_owner(actor=stranger, family_ids=[owned.pk], owner=specialist)


@pytest.mark.django_db
def test_bulk_assigns_every_file_with_its_grants(coordinator, other_specialist, library, owned):
    unowned = FamilyFactory(organisation=library, case_owner=None)
    done = families_assign_owner(
        actor=coordinator, family_ids=[owned.pk, str(unowned.pk), owned.pk], owner=other_specialist
    )
    assert {f.pk for f in done} == {owned.pk, unowned.pk}
    for family in (owned, unowned):
        family.refresh_from_db()
        assert family.case_owner == other_specialist
        assert _may_change(other_specialist, family)


@pytest.mark.django_db
def test_bulk_with_a_file_of_another_organisation_changes_nothing(
    coordinator, specialist, other_specialist, other_library, owned
):
    foreign = FamilyFactory(organisation=other_library, case_owner=None)
    events_before = AccessEvent.objects.count()
    with pytest.raises(Http404):
        families_assign_owner(
            actor=coordinator, family_ids=[owned.pk, foreign.pk], owner=other_specialist
        )
    owned.refresh_from_db()
    assert owned.case_owner == specialist
    assert AccessEvent.objects.count() == events_before
    assert not FamilyUserObjectPermission.objects.filter(user=other_specialist).exists()


@pytest.mark.django_db
def test_bulk_that_fails_halfway_rolls_every_file_back(
    coordinator, specialist, other_specialist, library, owned, monkeypatch
):
    """The second file's grant fails after the first file is written: nothing stays."""
    second = FamilyFactory(organisation=library, case_owner=None)
    real = access.families.grant_case_owner
    calls = []

    def failing_grant(user, family):  # type: ignore[no-untyped-def]
        calls.append(family.pk)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        real(user, family)

    monkeypatch.setattr(access.families, "grant_case_owner", failing_grant)
    with pytest.raises(RuntimeError):
        families_assign_owner(
            actor=coordinator, family_ids=[owned.pk, second.pk], owner=other_specialist
        )
    owned.refresh_from_db()
    second.refresh_from_db()
    assert owned.case_owner == specialist and second.case_owner is None
    assert not FamilyUserObjectPermission.objects.filter(user=other_specialist).exists()
    assert _may_change(specialist, owned)


@pytest.mark.django_db
def test_bulk_refuses_an_empty_or_too_big_batch(coordinator, specialist):
    with pytest.raises(ServiceError):
        families_assign_owner(actor=coordinator, family_ids=[], owner=specialist)
    import uuid

    with pytest.raises(ServiceError):
        families_assign_owner(
            actor=coordinator, family_ids=[uuid.uuid4() for _ in range(101)], owner=specialist
        )


@pytest.mark.django_db
def test_bulk_with_a_wrong_owner_changes_nothing(coordinator, coach, specialist, owned):
    with pytest.raises(ServiceError):
        families_assign_owner(actor=coordinator, family_ids=[owned.pk], owner=coach)
    owned.refresh_from_db()
    assert owned.case_owner == specialist


@pytest.mark.django_db
def test_a_new_file_gives_its_creator_the_case_owners_grant(specialist, library):
    from gezinsaanpak.services.families import family_create

    family = family_create(
        actor=specialist,
        data={"municipality": library.municipalities.first()},
        caregivers=[{"given_name": "Ayla", "family_name": "Demir", "relation": "mother"}],
    )
    rows = FamilyUserObjectPermission.objects.filter(user=specialist, content_object=family)
    assert rows.count() == 2 and all(r.as_case_owner for r in rows)
