"""Issue 14, point 4: erasure deletes every personal value; the figures and the log stay.

Runs on SQLite and PostgreSQL: the raw scan reads every live row of every table.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gezinsaanpak.models import (
    AccessEvent,
    Answer,
    Caregiver,
    Child,
    Concern,
    Consent,
    Contact,
    CoordinatorMeeting,
    ErasureCertificate,
    ErasureLedgerEntry,
    Family,
    FamilyUserObjectPermission,
    JobFile,
    Placement,
    QuestionnaireResponse,
    Referral,
    Visit,
)
from gezinsaanpak.models.audit import Action
from gezinsaanpak.privacy.blind_index import blind_q
from gezinsaanpak.selectors.erasure import erasure_counts
from gezinsaanpak.selectors.privacy_search import privacy_family_search
from gezinsaanpak.services import erasure_ledger
from gezinsaanpak.services.erasure import family_erase
from gezinsaanpak.services.errors import ServiceError

from .erasure_world import CANARIES, canary_world, erasure_request, leaks, sealed_values

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def ledger_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.ERASURE_LEDGER_DIR = tmp_path / "ledger"
    return settings.ERASURE_LEDGER_DIR


@pytest.fixture
def world(library, partner_org):  # type: ignore[no-untyped-def]
    return canary_world(library, partner_org)


def erase(world):  # type: ignore[no-untyped-def]
    return family_erase(
        actor=world.officer,
        family_id=world.family.pk,
        request_id=world.request.pk,
        confirm=True,
    )


def test_the_canaries_are_in_the_database_before(world):  # type: ignore[no-untyped-def]
    """The scan can fail: before erasing, it finds the sealed values (never the plaintext)."""
    sealed = sealed_values(world.family)
    assert len(sealed) > 25
    assert {needle for _table, needle in leaks(sealed)} == sealed
    # Encrypted at rest: no plaintext anywhere, but the partner's reference (kept in clear).
    assert leaks(set(CANARIES.values())) == [("gezinsaanpak_referral", CANARIES["reference"])]


def test_after_erasure_no_table_holds_a_canary_or_its_ciphertext(world, ledger_dir):  # type: ignore[no-untyped-def]
    sealed = sealed_values(world.family)
    erase(world)
    assert leaks(set(CANARIES.values()) | sealed) == []
    ledger_text = "".join(p.read_text() for p in ledger_dir.glob("*.jsonl"))
    assert str(world.family.pk) in ledger_text
    assert not any(value.lower() in ledger_text.lower() for value in CANARIES.values())


def test_blind_indexes_no_longer_find_the_family(world):  # type: ignore[no-untyped-def]
    erase(world)
    assert not Family.objects.filter(blind_q(Family, "postcode", CANARIES["postcode"])).exists()
    assert not Family.objects.filter(blind_q(Family, "phone", CANARIES["phone"])).exists()
    named = Caregiver.objects.filter(blind_q(Caregiver, "family_name", CANARIES["surname"]))
    assert not named.exists()
    for kind, term in (("family_name", CANARIES["surname"]), ("postcode", "9917 ZQ")):
        assert privacy_family_search(world.officer, kind, term) == []


def test_encryption_and_access_log_checks_still_pass(world):  # type: ignore[no-untyped-def]
    erase(world)
    out = io.StringIO()
    call_command("verify_field_encryption", stdout=out, stderr=io.StringIO())
    assert "FAILED" not in out.getvalue()
    out = io.StringIO()
    call_command("verify_access_log", stdout=out)
    assert out.getvalue().startswith("OK")


def test_figures_stay_without_personal_values(world):  # type: ignore[no-untyped-def]
    family = world.family
    born = Child.objects.get(family=family).birth_month
    erase(world)
    family.refresh_from_db()
    assert family.status == Family.Status.ANONYMISED
    assert family.municipality_id is not None and family.opened_on.year == 2024
    assert family.closed_on is not None  # the file ended today
    assert family.home_languages == [] and family.case_owner_id is None
    child = Child.objects.get(family=family)
    assert child.birth_month == born.replace(month=1, day=1)
    assert (child.given_name, child.date_of_birth, child.development_concern) == ("", None, "")
    placement = Placement.objects.get(pk=world.placement.pk)
    assert placement.status == Placement.Status.STOPPED  # nobody visits a file without names
    assert placement.stop_reason == Placement.StopReason.FAMILY
    assert placement.start_date is not None and placement.referred_by == ""
    visit = Visit.objects.get(placement=placement)
    assert (visit.minutes, visit.books, visit.note) == (60, 3, "")
    assert CoordinatorMeeting.objects.filter(placement=placement).exclude(note="").count() == 0
    assert QuestionnaireResponse.objects.filter(placement=placement).count() == 1
    consent = Consent.objects.get(family=family)
    assert consent.given_by_id is None and consent.purpose == "registration"
    inbound = Referral.objects.get(pk=world.inbound.pk)
    assert (inbound.status, inbound.partner_id, inbound.reason_code) == (
        "accepted",
        world.inbound.partner_id,
        "other",
    )
    assert inbound.referrer_name == inbound.payload == inbound.partner_reference == ""
    assert Contact.objects.filter(pk=world.contact.pk).exists()


def test_personal_rows_are_deleted_not_hidden(world):  # type: ignore[no-untyped-def]
    family = world.family
    erase(world)
    assert not Caregiver.objects.filter(family=family).exists()
    assert not Concern.objects.filter(placement__family=family).exists()
    assert not Answer.objects.filter(response__placement__family=family).exists()
    assert not FamilyUserObjectPermission.objects.filter(content_object=family).exists()
    assert not JobFile.objects.filter(job__params__family=str(family.pk)).exists()


def test_the_certificate_counts_what_the_confirmation_page_named(world):  # type: ignore[no-untyped-def]
    before = erasure_counts(world.family)
    certificate = erase(world)
    assert certificate.counts == before.as_json()
    assert certificate.removed["caregivers"] == 2
    assert certificate.removed["concerns"] == 1
    assert certificate.removed["visit_notes"] == 1
    assert certificate.removed["access_grants"] >= 3  # owner, coach, volunteer
    assert certificate.kept["children"] == 1
    assert (certificate.request_id, certificate.erased_by_id) == (
        world.request.pk,
        world.officer.pk,
    )
    assert certificate.family_id == world.family.pk


def test_one_delete_line_per_erasure_with_ids_only(world):  # type: ignore[no-untyped-def]
    before = AccessEvent.objects.filter(family_id=world.family.pk).count()
    certificate = erase(world)
    lines = AccessEvent.objects.filter(family_id=world.family.pk, action=Action.DELETE)
    assert lines.count() == 1
    line = lines.get()
    assert line.details["certificate"] == str(certificate.pk)
    assert line.details["request"] == str(world.request.pk)
    assert "caregivers" in line.fields
    assert AccessEvent.objects.filter(family_id=world.family.pk).count() == before + 1


def test_the_ledger_has_the_erasure_in_the_table_and_the_file(world):  # type: ignore[no-untyped-def]
    certificate = erase(world)
    entry = ErasureLedgerEntry.objects.get(family_id=world.family.pk)
    assert entry.certificate_id == certificate.pk and entry.reason == "erasure"
    [line] = erasure_ledger.read().lines
    assert (line.id, line.family_id, line.certificate_id) == (
        entry.id,
        world.family.pk,
        certificate.pk,
    )


def test_erasure_works_while_processing_is_restricted(world):  # type: ignore[no-untyped-def]
    Family.objects.filter(pk=world.family.pk).update(restricted_processing=True)
    erase(world)
    assert Family.objects.get(pk=world.family.pk).status == Family.Status.ANONYMISED


@pytest.mark.parametrize("status", ["referred", "intake", "active", "closed"])
def test_erasure_works_from_every_status(library, privacy_officer, status):  # type: ignore[no-untyped-def]
    from tests.factories import FamilyFactory

    family = FamilyFactory(
        organisation=library,
        status=status,
        closed_on="2024-01-02" if status == "closed" else None,
        close_reason="moved" if status == "closed" else "",
    )
    request = erasure_request(privacy_officer, family)
    family_erase(actor=privacy_officer, family_id=family.pk, request_id=request.pk, confirm=True)
    assert Family.objects.get(pk=family.pk).status == Family.Status.ANONYMISED


def test_no_erasure_without_confirmation_or_with_the_wrong_request(world, other_library):  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as refused:
        family_erase(
            actor=world.officer,
            family_id=world.family.pk,
            request_id=world.request.pk,
            confirm=False,
        )
    assert refused.value.field == "confirm"
    world.request.kind = "access"
    world.request.save()
    with pytest.raises(ServiceError):
        erase(world)
    assert Family.objects.get(pk=world.family.pk).status == Family.Status.ACTIVE
    assert not ErasureCertificate.objects.exists()


def test_no_ledger_line_no_erasure(world, settings, tmp_path):  # type: ignore[no-untyped-def]
    """Writing the ledger is part of the transaction: when it fails, nothing is erased."""
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.ERASURE_LEDGER_DIR = blocker / "ledger"
    with pytest.raises(erasure_ledger.LedgerWriteError):
        erase(world)
    family = Family.objects.get(pk=world.family.pk)
    assert family.status == Family.Status.ACTIVE and family.street == CANARIES["street"]
    assert Caregiver.objects.filter(family=family).count() == 2
    assert not ErasureCertificate.objects.exists()
    assert not ErasureLedgerEntry.objects.exists()


def test_a_commit_that_fails_after_the_line_cancels_it(world, monkeypatch):  # type: ignore[no-untyped-def]
    """The line is written last; if the commit then fails, a cancel line follows it."""
    from django.db import transaction

    from gezinsaanpak.services import erasure as service

    class CommitFails:
        def __init__(self) -> None:
            self.inner = transaction.atomic()

        def __enter__(self) -> None:
            self.inner.__enter__()

        def __exit__(self, *exc_info: object) -> None:
            failure = RuntimeError("the commit failed")
            self.inner.__exit__(RuntimeError, failure, None)  # rolls back
            raise failure

    class Transaction:
        atomic = CommitFails

    monkeypatch.setattr(service, "transaction", Transaction)
    with pytest.raises(RuntimeError):
        erase(world)
    contents = erasure_ledger.read()
    assert contents.lines == [] and contents.cancelled == 1
    assert Family.objects.get(pk=world.family.pk).status == Family.Status.ACTIVE
    assert not ErasureCertificate.objects.exists()
