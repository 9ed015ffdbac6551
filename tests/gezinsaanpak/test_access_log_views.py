"""The privacy officer's page and API of the access log, and who may not see them."""

from __future__ import annotations

import html
import re
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models.audit import AccessEvent, Action
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PAGE = "/access-log/"
API = "/api/v1/access-log/"


def _read(user, family_id=None) -> None:
    access_log.record(actor=user, action=Action.READ, object_type="family", family_id=family_id)


def _log_reads(user) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(actor_id=user.pk, object_type="access_log"))


@pytest.fixture
def logged(specialist, coordinator, outsider):
    """Lines of the privacy officer's organisation and of another one."""
    family_a, family_b = uuid.uuid4(), uuid.uuid4()
    _read(specialist, family_a)
    _read(coordinator, family_b)
    _read(outsider, uuid.uuid4())
    return {"a": family_a, "b": family_b}


def test_privacy_officer_sees_only_their_organisations_lines(privacy_officer, outsider, logged):
    response = client_for(privacy_officer).get(API)
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {row["organisation_id"] for row in rows} == {str(privacy_officer.organisation_id)}
    assert str(outsider.pk) not in {row["actor_id"] for row in rows}
    assert {row["family_id"] for row in rows} >= {str(logged["a"]), str(logged["b"])}


def test_api_lines_name_fields_not_values(privacy_officer, specialist):
    access_log.record(
        actor=specialist, action=Action.UPDATE, object_type="family", fields=("postcode",)
    )
    rows = client_for(privacy_officer).get(API, {"actor": specialist.email}).json()["results"]
    assert [row["fields"] for row in rows if row["action"] == "update"] == [["postcode"]]


def test_api_lines_carry_their_details(privacy_officer, specialist):
    access_log.record(
        actor=specialist,
        action=Action.SHARE,
        object_type="family",
        details={"grantee": str(specialist.pk), "change": True},
    )
    rows = client_for(privacy_officer).get(API, {"actor": specialist.email}).json()["results"]
    assert [r["details"] for r in rows] == [{"grantee": str(specialist.pk), "change": True}]


def test_filter_by_family(privacy_officer, logged):
    rows = client_for(privacy_officer).get(API, {"family": str(logged["a"])}).json()["results"]
    assert {row["family_id"] for row in rows} == {str(logged["a"])}
    # The officer's own reading of the log names the family too, and shows up at once.
    assert [row["object_type"] for row in rows] == ["access_log", "family"]


@pytest.mark.parametrize("by", ["email", "EMAIL", "id"])
def test_filter_by_actor(privacy_officer, specialist, logged, by):
    value = {"email": specialist.email, "EMAIL": specialist.email.upper(), "id": str(specialist.pk)}
    rows = client_for(privacy_officer).get(API, {"actor": value[by]}).json()["results"]
    assert rows
    assert {row["actor_id"] for row in rows} == {str(specialist.pk)}


def test_filter_by_period(privacy_officer, specialist):
    today = timezone.localdate()
    with time_machine.travel(timezone.now() - timedelta(days=10), tick=False):
        _read(specialist)
    _read(specialist)
    client = client_for(privacy_officer)

    recent = client.get(API, {"actor": specialist.email, "since": today.isoformat()})
    old = client.get(API, {"actor": specialist.email, "until": str(today - timedelta(days=9))})
    assert len(recent.json()["results"]) == 1
    assert len(old.json()["results"]) == 1
    assert recent.json()["results"][0]["id"] != old.json()["results"][0]["id"]


def test_reading_the_log_is_logged_with_the_filter_names(privacy_officer, logged):
    client_for(privacy_officer).get(API, {"family": str(logged["a"]), "since": "2026-01-01"})
    [line] = _log_reads(privacy_officer)
    assert (line.action, line.outcome) == ("read", "success")
    assert line.family_id == logged["a"]
    assert line.details == {"filters": ["family", "since"]}
    assert line.fields == []
    assert "2026" not in repr(line.details)


def test_the_page_lists_lines_and_logs_the_reading(privacy_officer, specialist, logged):
    response = client_for(privacy_officer).get(PAGE, {"family": str(logged["a"])})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Ook het bekijken van deze pagina wordt vastgelegd." in content
    assert specialist.email in content
    assert str(logged["a"]) in content
    assert str(logged["b"]) not in content
    assert [line.details for line in _log_reads(privacy_officer)] == [{"filters": ["family"]}]


def _link(content: str, rel: str) -> str | None:
    found = re.search(rf'href="([^"]*)" rel="{rel}"', content)
    return html.unescape(found.group(1)) if found else None


def test_the_page_shows_50_lines_per_page_and_links_older_and_newer(privacy_officer, specialist):
    entries = [access_log.Entry("family", family_id=uuid.uuid4()) for _ in range(60)]
    access_log.record_many(actor=specialist, action=Action.LIST, entries=entries)
    client = client_for(privacy_officer)
    first = client.get(PAGE, {"actor": specialist.email}).content.decode()
    assert first.count("<tr>") == 1 + 50
    assert _link(first, "prev") is None
    older = _link(first, "next")
    assert older and "actor=" in older and "cursor=" in older  # the filter stays
    second = client.get(PAGE + older).content.decode()
    assert second.count("<tr>") == 1 + 10
    assert _link(second, "next") is None
    back = client.get(PAGE + _link(second, "prev")).content.decode()
    assert back.count("<tr>") == 1 + 50


def test_a_changed_cursor_on_the_page_shows_the_newest_lines(privacy_officer, logged):
    response = client_for(privacy_officer).get(PAGE, {"cursor": "bm9uc2Vuc2U"})
    assert response.status_code == 200
    assert str(logged["a"]) in response.content.decode()


def _all_pages(client, url: str) -> tuple[list[str], list[dict]]:
    ids, bodies = [], []
    while url:
        body = client.get(url).json()
        bodies.append(body)
        ids += [row["id"] for row in body["results"]]
        url = body["next"]
    return ids, bodies


def test_the_api_pages_by_cursor_without_a_count(privacy_officer, specialist):
    entries = [access_log.Entry("family", family_id=uuid.uuid4()) for _ in range(120)]
    access_log.record_many(actor=specialist, action=Action.LIST, entries=entries)
    client = client_for(privacy_officer)
    ids, bodies = _all_pages(client, f"{API}?actor={specialist.email}")
    assert [len(b["results"]) for b in bodies] == [50, 50, 20]
    assert "count" not in bodies[0] and bodies[0]["previous"] is None
    assert len(set(ids)) == 120
    back = client.get(bodies[1]["previous"]).json()
    assert [row["id"] for row in back["results"]] == ids[:50]


def test_following_next_yields_every_line_once_while_lines_are_added(privacy_officer, specialist):
    with time_machine.travel(timezone.now() - timedelta(hours=1), tick=True):
        entries = [access_log.Entry("family", family_id=uuid.uuid4()) for _ in range(130)]
        access_log.record_many(actor=specialist, action=Action.LIST, entries=entries)
    existing = set(AccessEvent.objects.filter(actor_id=specialist.pk).values_list("id", flat=True))
    client = client_for(privacy_officer)
    url, seen = f"{API}?actor={specialist.email}", []
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        _read(specialist)  # a colleague keeps working meanwhile: newer lines
        url = body["next"]
    assert len(seen) == len(set(seen))
    assert {str(pk) for pk in existing} <= set(seen)


@pytest.mark.parametrize(
    ("cursor", "status"),
    [("not a cursor!", 400), ("bm9uc2Vuc2U", 422), ("x" * 301, 400)],
)
def test_a_bad_cursor_is_refused_in_the_json_body(privacy_officer, cursor, status):
    response = client_for(privacy_officer).get(API, {"cursor": cursor})
    assert response.status_code == status
    assert response.json()["errors"][0]["attr"] == "cursor"


def test_a_period_ending_before_it_starts_is_a_422(privacy_officer):
    params = {"since": "2026-05-02", "until": "2026-05-01"}
    response = client_for(privacy_officer).get(API, params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["attr"] == "until"


@pytest.mark.parametrize(
    ("params", "attr"),
    [
        ({"family": "not-a-uuid"}, "family"),
        ({"since": "31-12-2026"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"until": "9999-12-31"}, "until"),
        ({"since": "0001-01-01"}, "since"),
        ({"actor": "x" * 255}, "actor"),
    ],
)
def test_bad_filters_answer_400_naming_the_field(privacy_officer, params, attr):
    response = client_for(privacy_officer).get(API, params)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "validation_error"
    assert [error["attr"] for error in body["errors"]] == [attr]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"family": "not-a-uuid"}, "Voer een geldige UUID in."),
        ({"since": "morgen"}, "Voer een geldige datum in."),
        ({"since": "2026-05-02", "until": "2026-05-01"}, "De einddatum ligt voor de begindatum."),
    ],
)
def test_bad_filters_show_a_dutch_error_on_the_page(privacy_officer, logged, params, message):
    response = client_for(privacy_officer).get(PAGE, params)
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert str(logged["a"]) not in content


PERSONAS = ["coordinator", "specialist", "coach", "volunteer", "partner_user", "outsider"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_but_the_privacy_officer_gets_404(request, persona, logged):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(PAGE).status_code == 404
    api = client.get(API)
    assert api.status_code == 404
    assert api.json()["errors"][0]["code"] == "not_found"
    assert AccessEvent.objects.filter(actor_id=user.pk, action=Action.DENIED).count() == 2


def test_a_privacy_officer_of_another_organisation_sees_none_of_these_lines(other_library, logged):
    from accounts.models import Role
    from tests.factories import UserFactory

    other_officer = UserFactory(organisation=other_library, role=Role.PRIVACY_OFFICER)
    rows = client_for(other_officer).get(API, {"family": str(logged["a"])}).json()["results"]
    assert [(row["actor_id"], row["object_type"]) for row in rows] == [
        (str(other_officer.pk), "access_log")
    ]


def test_anonymous_visitors_are_sent_to_login_or_refused(logged):
    client = client_for(None)
    page = client.get(PAGE)
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/login/")
    api = client.get(API)
    assert api.status_code == 403
    assert api.json()["type"] == "client_error"


def test_the_log_cannot_be_changed_through_the_api(privacy_officer):
    client = client_for(privacy_officer)
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(API, {}, content_type="application/json").status_code == 405


def test_the_nav_links_to_the_log_for_the_privacy_officer_only(privacy_officer, specialist):
    assert 'href="/access-log/"' in client_for(privacy_officer).get("/").content.decode()
    assert 'href="/access-log/"' not in client_for(specialist).get("/").content.decode()


def test_the_admin_shows_the_log_read_only_to_superusers(privacy_officer, specialist):
    from tests.factories import UserFactory

    _read(specialist)
    line = AccessEvent.objects.get(action=Action.READ)
    admin_user = UserFactory(is_superuser=True, is_staff=True, organisation=None, role="admin")
    client = client_for(admin_user)
    assert client.get("/admin/gezinsaanpak/accessevent/").status_code == 200
    change_url = f"/admin/gezinsaanpak/accessevent/{line.pk}/change/"
    assert client.get(change_url).status_code == 200
    assert client.post(change_url, {"reason": "x"}).status_code == 403
    assert client.get("/admin/gezinsaanpak/accessevent/add/").status_code == 403
    delete_url = f"/admin/gezinsaanpak/accessevent/{line.pk}/delete/"
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AccessEvent.objects.get(pk=line.pk).reason == ""
    assert AccessEvent.objects.filter(actor_id=admin_user.pk, object_type="access_log").count() == 2

    staff_officer = privacy_officer
    staff_officer.is_staff = True
    staff_officer.save()
    assert client_for(staff_officer).get("/admin/gezinsaanpak/accessevent/").status_code == 403
