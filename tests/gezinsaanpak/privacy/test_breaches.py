"""The breach register: record an incident, its 72-hour clock, scoping from the access log."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Role
from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models.audit import AccessEvent, Action, ActorKind
from gezinsaanpak.models.breach import Breach
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/privacy/breaches/"
PAGE = "/privacy/breaches/"
CLIENT_LABEL = "api:partner-client-7"


def _breach(officer, *, hours_ago: float = 2, **extra) -> Breach:
    return Breach.objects.create(
        organisation=officer.organisation,
        found_at=timezone.now() - timedelta(hours=hours_ago),
        what_happened="Een lijst is naar het verkeerde adres gemaild",
        which_data="Namen en telefoonnummers",
        recorded_by=officer,
        **extra,
    )


def _today() -> str:
    return timezone.localdate().isoformat()


@pytest.fixture
def touched(specialist, library, outsider):
    """The specialist read 3 families (one twice), an API client 1, an outsider 1."""
    families = [uuid.uuid4() for _ in range(4)]
    for family_id, fields in [
        (families[0], ("family_name", "phone")),
        (families[1], ("postcode",)),
        (families[2], ()),
        (families[0], ("email",)),
    ]:
        access_log.record(
            actor=specialist,
            action=Action.READ,
            object_type="family",
            family_id=family_id,
            fields=fields,
        )
    access_log.record(
        actor=None,
        actor_label=CLIENT_LABEL,
        actor_kind=ActorKind.API_CLIENT,
        organisation_id=library.pk,
        action=Action.READ,
        object_type="referral",
        family_id=families[3],
        fields=("payload",),
    )
    access_log.record(
        actor=outsider, action=Action.READ, object_type="family", family_id=uuid.uuid4()
    )
    return families


def test_the_privacy_officer_records_a_breach_through_the_api(privacy_officer):
    found = timezone.now() - timedelta(hours=1)
    body = {
        "found_at": found.isoformat(),
        "what_happened": "Laptop in de trein laten liggen",
        "which_data": "Namen, adressen",
        "cause": "Menselijke fout",
    }
    response = client_for(privacy_officer).post(API, body, content_type="application/json")
    assert response.status_code == 201, response.json()
    data = response.json()
    breach = Breach.objects.get(pk=data["id"])
    assert breach.recorded_by == privacy_officer
    assert breach.organisation_id == privacy_officer.organisation_id
    assert breach.report_deadline == breach.found_at + timedelta(hours=72)
    assert data["overdue"] is False
    line = AccessEvent.objects.get(object_type="breach", action=Action.CREATE)
    assert line.object_id == str(breach.pk)
    assert "what_happened" in line.fields
    # The texts are sealed in the database.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT what_happened FROM gezinsaanpak_breach WHERE id = %s",
            [breach.pk.hex] if connection.vendor == "sqlite" else [str(breach.pk)],
        )
        (stored,) = cursor.fetchone()
    assert "Laptop" not in stored
    listed = client_for(privacy_officer).get(API).json()
    assert [row["id"] for row in listed] == [str(breach.pk)]
    assert "what_happened" not in listed[0]


def test_the_page_records_a_breach_and_shows_the_72_hour_clock(privacy_officer):
    client = client_for(privacy_officer)
    found = timezone.localtime() - timedelta(hours=2)
    response = client.post(
        f"{PAGE}new/",
        {
            "found_at": found.strftime("%Y-%m-%dT%H:%M"),
            "what_happened": "USB-stick kwijt",
            "which_data": "Namen van kinderen",
            "report_to_authority": "",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert Breach.objects.count() == 1
    page = client.get(PAGE).content.decode()
    assert "(melden vóór" in page  # time left, with the deadline
    assert "Nog " in page
    detail = client.get(response["Location"]).content.decode()
    assert "USB-stick kwijt" in detail


def test_an_overdue_breach_says_so_and_a_reported_one_does_not(privacy_officer):
    _breach(privacy_officer, hours_ago=80)
    _breach(
        privacy_officer,
        hours_ago=100,
        report_to_authority=True,
        report_reason="Risico voor de gezinnen",
        reported_at=timezone.now() - timedelta(hours=50),
    )
    page = client_for(privacy_officer).get(PAGE).content.decode()
    assert page.count("Te laat: melden moest vóór") == 1
    assert "Gemeld op" in page
    rows = client_for(privacy_officer).get(API).json()
    assert sorted(row["overdue"] for row in rows) == [False, True]


def test_scoping_counts_families_and_fields_per_actor(privacy_officer, specialist, touched):
    breach = _breach(privacy_officer)
    client = client_for(privacy_officer)
    params = {"actor": str(specialist.pk), "since": _today(), "until": _today()}
    response = client.get(f"{API}{breach.pk}/scope/", params)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["families"] == 3
    assert data["lines"] == 4
    assert sorted(data["family_ids"]) == sorted(str(f) for f in touched[:3])
    assert data["field_names"] == ["email", "family_name", "phone", "postcode"]

    by_client = client.get(
        f"{API}{breach.pk}/scope/", {**params, "actor": "partner-client-7"}
    ).json()
    assert (by_client["families"], by_client["field_names"]) == (1, ["payload"])
    assert by_client["family_ids"] == [str(touched[3])]

    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    before = client.get(
        f"{API}{breach.pk}/scope/", {**params, "since": yesterday, "until": yesterday}
    ).json()
    assert before["families"] == 0
    # The search is logged, with the filter names only.
    line = AccessEvent.objects.filter(action=Action.SEARCH, actor_id=privacy_officer.pk).first()
    assert line is not None
    assert line.details["filters"] == ["actor", "since", "until"]


def test_storing_the_scope_keeps_only_family_ids(privacy_officer, specialist, touched):
    breach = _breach(privacy_officer)
    client = client_for(privacy_officer)
    params = {"actor": specialist.email, "since": _today(), "until": _today()}
    page = client.get(f"{PAGE}{breach.pk}/", params).content.decode()
    assert "3 gezinnen geraakt" in page
    response = client.post(f"{PAGE}{breach.pk}/scope/", params)
    assert response.status_code == 302
    breach.refresh_from_db()
    assert sorted(breach.scoped_family_ids) == sorted(str(f) for f in touched[:3])
    assert AccessEvent.objects.filter(
        object_type="breach", action=Action.UPDATE, fields=["scoped_family_ids"]
    ).exists()
    # The same through the API, for the API client.
    stored = client.post(
        f"{API}{breach.pk}/scope/",
        {**params, "actor": CLIENT_LABEL},
        content_type="application/json",
    ).json()
    assert stored["scoped_family_ids"] == [str(touched[3])]


PERSONAS = ["coordinator", "specialist", "coach", "volunteer", "partner_user", "outsider"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_but_the_privacy_officer_gets_404(request, persona, privacy_officer):
    breach = _breach(privacy_officer)
    client = client_for(request.getfixturevalue(persona))
    for url in (PAGE, f"{PAGE}new/", f"{PAGE}{breach.pk}/", API, f"{API}{breach.pk}/"):
        assert client.get(url).status_code == 404, url
    response = client.get(
        f"{API}{breach.pk}/scope/", {"actor": "x", "since": _today(), "until": _today()}
    )
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    assert client.post(API, {}, content_type="application/json").status_code == 404


def test_a_privacy_officer_of_another_organisation_gets_404(privacy_officer, other_library):
    breach = _breach(privacy_officer)
    other = UserFactory(organisation=other_library, role=Role.PRIVACY_OFFICER)
    client = client_for(other)
    assert client.get(f"{PAGE}{breach.pk}/").status_code == 404
    assert client.get(f"{API}{breach.pk}/").status_code == 404
    assert client.get(API).json() == []


@pytest.mark.parametrize(
    ("params", "status", "attr"),
    [
        ({"since": "2026-01-01", "until": "2026-01-02"}, 400, "actor"),
        ({"actor": "x", "since": "morgen", "until": "2026-01-02"}, 400, "since"),
        ({"actor": "x", "since": "2026-05-02", "until": "2026-05-01"}, 422, "until"),
    ],
)
def test_bad_scope_queries_answer_the_consistent_error(privacy_officer, params, status, attr):
    breach = _breach(privacy_officer)
    response = client_for(privacy_officer).get(f"{API}{breach.pk}/scope/", params)
    assert response.status_code == status
    body = response.json()
    assert body["type"] == "validation_error"
    assert [error["attr"] for error in body["errors"]] == [attr]


def test_bad_input_on_the_api_is_a_400_or_422(privacy_officer):
    client = client_for(privacy_officer)
    missing = client.post(API, {"found_at": "gisteren"}, content_type="application/json")
    assert missing.status_code == 400
    assert {e["attr"] for e in missing.json()["errors"]} >= {"found_at", "what_happened"}
    future = client.post(
        API,
        {
            "found_at": (timezone.now() + timedelta(days=2)).isoformat(),
            "what_happened": "x",
            "which_data": "y",
            "report_to_authority": False,
        },
        content_type="application/json",
    )
    assert future.status_code == 422
    attrs = {e["attr"] for e in future.json()["errors"]}
    assert attrs == {"found_at", "report_reason"}


def test_bad_input_on_the_page_shows_dutch_errors(privacy_officer):
    breach = _breach(privacy_officer)
    client = client_for(privacy_officer)
    response = client.post(
        f"{PAGE}{breach.pk}/",
        {
            "found_at": "niet een datum",
            "what_happened": "x",
            "which_data": "y",
            "report_to_authority": "no",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Voer een geldige datum/tijd in." in content
    response = client.post(
        f"{PAGE}{breach.pk}/",
        {
            "found_at": timezone.localtime(breach.found_at).strftime("%Y-%m-%dT%H:%M"),
            "what_happened": "x",
            "which_data": "y",
            "report_to_authority": "no",
        },
    )
    assert "Geef de reden voor het besluit." in response.content.decode()
    scope = client.get(
        f"{PAGE}{breach.pk}/", {"actor": "x", "since": "2026-05-02", "until": "2026-05-01"}
    )
    assert "De einddatum ligt voor de begindatum." in scope.content.decode()
