"""Every list pages instead of cutting off: the rows past the old caps are on the next page.

The old caps were 50 for the referral lists and the coordinator's handovers, 100 for a
coach's contacts; the placement lists (200) are tested in ``api/test_placements_api.py``
and the family lists (50) in ``web/test_family_writes.py``.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from gezinsaanpak import access
from gezinsaanpak.models import AccessEvent, Contact, Family, Referral
from tests.conftest import api_for_client, client_for
from tests.factories import FamilyFactory, UserFactory

pytestmark = pytest.mark.django_db


def _families(library, count: int, **fields):  # type: ignore[no-untyped-def]
    return [FamilyFactory(organisation=library, **fields) for _ in range(count)]


def _referrals(library, partner_org, count: int, **fields):  # type: ignore[no-untyped-def]
    start = timezone.now() - datetime.timedelta(days=1)
    return Referral.objects.bulk_create(
        Referral(
            organisation=library,
            partner=partner_org,
            family=family,
            via=Referral.Via.API,
            reason_code="language_development",
            created_at=start + datetime.timedelta(seconds=n),
            **fields,
        )
        for n, family in enumerate(_families(library, count, status=Family.Status.REFERRED))
    )


def test_the_intake_queue_pages_past_fifty(coordinator, library, partner_org):
    referrals = _referrals(library, partner_org, 51, direction=Referral.Direction.IN)
    client = client_for(coordinator)
    first = client.get("/referrals/")
    assert first.context["queue"].paginator.count == 51
    assert len(first.context["queue"].object_list) == 50
    second = client.get("/referrals/", {"queue_page": 2})
    # Oldest first: the 51st is the newest, alone on page 2.
    assert [r.pk for r in second.context["queue"].object_list] == [referrals[-1].pk]
    assert "queue_page=1" in second.content.decode()
    # Each page logs the referrals it showed, and no more.
    lines = AccessEvent.objects.filter(actor_id=coordinator.pk, object_type="referral")
    assert lines.count() == 51


def test_outgoing_referrals_page_past_fifty(coordinator, library, partner_org):
    _referrals(library, partner_org, 51, direction=Referral.Direction.OUT)
    page = client_for(coordinator).get("/referrals/", {"outgoing_page": 2})
    assert len(page.context["outgoing"].object_list) == 1
    assert page.context["outgoing"].paginator.count == 51


def test_the_partner_api_pages_past_fifty(partner_client_a, library):
    _referrals(
        library,
        partner_client_a.organisation,
        51,
        direction=Referral.Direction.IN,
        client=partner_client_a,
    )
    api = api_for_client(partner_client_a)
    first = api.get("/api/v1/partner/referrals/").json()
    assert first["count"] == 51 and len(first["results"]) == 50
    assert first["next"].endswith("page=2") and first["previous"] is None
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    ids = {r["id"] for r in first["results"]} | {r["id"] for r in second["results"]}
    assert len(ids) == 51


def test_a_coachs_contacts_page_past_a_hundred_in_the_api(coach, library):
    families = _families(library, 101)
    for family in families:  # registering a contact gives the coach a grant on the family
        access.families.grant(coach, family)
    Contact.objects.bulk_create(
        Contact(organisation=library, coach=coach, family=f) for f in families
    )
    api = client_for(coach)
    url, ids, sizes = "/api/v1/boekstart/contacts/", set(), []
    while url:
        body = api.get(url).json()
        assert body["count"] == 101
        sizes.append(len(body["results"]))
        ids |= {c["id"] for c in body["results"]}
        url = body["next"]
    assert sizes == [50, 50, 1] and len(ids) == 101


def test_handovers_waiting_page_past_fifty(coordinator, library):
    coach = UserFactory(organisation=library, role=Role.COACH)
    families = _families(library, 51, status=Family.Status.REFERRED)
    now = timezone.now()
    Contact.objects.bulk_create(
        Contact(organisation=library, coach=coach, family=f, handed_over_at=now) for f in families
    )
    client = client_for(coordinator)
    first = client.get("/boekstart/")
    assert first.context["waiting"].paginator.count == 51
    second = client.get("/boekstart/", {"waiting_page": 2})
    assert len(second.context["waiting"].object_list) == 1


def test_the_handovers_page_runs_no_query_per_contact(coordinator, library):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gezinsaanpak.selectors import boekstart as selectors

    coach = UserFactory(organisation=library, role=Role.COACH)

    def hand_over(count: int) -> None:
        families = _families(library, count, status=Family.Status.REFERRED)
        now = timezone.now()
        Contact.objects.bulk_create(
            Contact(organisation=library, coach=coach, family=f, handed_over_at=now)
            for f in families
        )

    def statements() -> int:
        with CaptureQueriesContext(connection) as queries:
            selectors.handovers_waiting(coordinator)
        return len(queries)

    hand_over(2)
    statements()  # the organisation's first log line also starts its chain
    few = statements()
    hand_over(5)
    assert statements() == few


def test_a_pager_keeps_the_other_lists_pages(coordinator, library, partner_org):
    _referrals(library, partner_org, 51, direction=Referral.Direction.IN)
    _referrals(library, partner_org, 51, direction=Referral.Direction.OUT)
    page = client_for(coordinator).get("/referrals/", {"queue_page": 2, "outgoing_page": 2})
    content = page.content.decode()
    # Going back in the outgoing list leaves the queue on its page 2, and the other way round.
    assert 'href="?queue_page=2&amp;outgoing_page=1"' in content
    assert 'href="?queue_page=1&amp;outgoing_page=2"' in content


def test_the_volunteer_register_pages_past_fifty(coordinator, library):
    volunteers = [UserFactory(organisation=library, role=Role.VOLUNTEER) for _ in range(51)]
    client = client_for(coordinator)
    first = client.get("/voorleesexpress/volunteers/")
    assert first.context["page"].paginator.count == 51
    assert len(first.context["rows"]) == 50
    second = client.get("/voorleesexpress/volunteers/", {"page": 2})
    shown = {row.user.pk for row in first.context["rows"]} | {
        row.user.pk for row in second.context["rows"]
    }
    assert shown == {v.pk for v in volunteers}
    assert "page=1" in second.content.decode()
