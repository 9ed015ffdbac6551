"""Every list runs a constant number of statements, whatever its length (issue 19).

Each list is read once with 5 of everything it shows and once with 50 (a full page), by
the persona who uses it; the number of SQL statements must be the same. A list that
queried once per row (an N+1) would run 45 more.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from tests.conftest import api_for_client, client_for
from tests.gezinsaanpak.lists_world import World, grow, world

pytestmark = pytest.mark.django_db

C, S, K, V, P = Role.COORDINATOR, Role.SPECIALIST, Role.COACH, Role.VOLUNTEER, Role.PRIVACY_OFFICER
SEARCH = {"kind": "postcode", "term": "6461AB"}

# (who, method, url or a function of the world that gives it, body)
Url = str | Callable[[World], str]
LISTS: list[tuple[str, str, Url, dict[str, str] | None]] = [
    # The staff API
    (C, "get", "/api/v1/families/", None),
    (S, "get", "/api/v1/families/", None),
    (K, "get", "/api/v1/families/", None),
    (V, "get", "/api/v1/families/", None),
    (C, "post", "/api/v1/families/search/", SEARCH),
    (S, "post", "/api/v1/families/search/", SEARCH),
    (C, "get", "/api/v1/placements/", None),
    (V, "get", "/api/v1/placements/", None),
    (C, "get", lambda w: f"/api/v1/placements/{w.placement.pk}/visits/", None),
    (C, "get", "/api/v1/volunteers/", None),
    (K, "get", "/api/v1/boekstart/sessions/", None),
    (C, "get", "/api/v1/boekstart/sessions/", None),
    (K, "get", "/api/v1/boekstart/contacts/", None),
    (C, "get", "/api/v1/boekstart/contacts/", None),
    (C, "get", "/api/v1/boekstart/locations/", None),
    (C, "get", "/api/v1/team/", None),
    (P, "get", "/api/v1/access-log/", None),
    (P, "get", "/api/v1/privacy/breaches/", None),
    # The partner API
    ("client", "get", "/api/v1/partner/referrals/", None),
    ("client", "get", "/api/v1/partner/received/", None),
    # Pages
    (C, "get", "/", None),
    (S, "get", "/", None),
    (K, "get", "/", None),
    (V, "get", "/", None),
    (P, "get", "/", None),
    (C, "get", "/families/", None),
    (S, "get", "/families/", None),
    (K, "get", "/families/", None),
    (C, "get", lambda w: f"/families/{w.placement.family_id}/", None),
    (C, "get", lambda w: f"/families/{w.placement.family_id}/viewers/", None),
    (C, "get", "/caseload/", None),
    (V, "get", "/my-families/", None),
    (V, "get", lambda w: f"/my-families/{w.placement.pk}/", None),
    (C, "get", "/voorleesexpress/", None),
    (C, "get", "/voorleesexpress/waiting-list/", None),
    (C, "get", "/voorleesexpress/placements/", None),
    (C, "get", lambda w: f"/voorleesexpress/placements/{w.placement.pk}/", None),
    (C, "get", lambda w: f"/voorleesexpress/placements/{w.waiting.pk}/match/", None),
    (C, "get", "/voorleesexpress/volunteers/", None),
    (K, "get", "/boekstart/", None),
    (C, "get", "/boekstart/", None),
    (C, "get", "/boekstart/locations/", None),
    (C, "get", "/boekstart/vouchers/", None),
    (C, "get", "/referrals/", None),
    (S, "get", "/referrals/", None),
    (C, "get", "/team/", None),
    (P, "get", "/access-log/", None),
    (P, "get", "/privacy/breaches/", None),
    ("partner", "get", "/partner/referrals/", None),
    ("partner", "get", "/partner/received/", None),
]


def _client(w: World, who: str) -> Client:
    return api_for_client(w.client) if who == "client" else client_for(w.people[who])


def _statements(w: World, who: str, method: str, url: Url, body: dict[str, str] | None) -> int:
    client = _client(w, who)
    path = url(w) if callable(url) else url
    kwargs = {"data": body, "content_type": "application/json"} if body else {}
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, **kwargs)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries)


def _name(case: tuple[str, str, Url, dict[str, str] | None]) -> str:
    who, method, url, _ = case
    shown = url if isinstance(url, str) else "detail:" + str(LISTS.index(case))
    return f"{who}-{method}-{shown}"


@pytest.mark.parametrize("case", LISTS, ids=[_name(case) for case in LISTS])
def test_a_list_runs_the_same_statements_for_5_and_for_50_rows(case):  # type: ignore[no-untyped-def]
    w = world()
    grow(w, 5)
    _statements(w, *case)  # the first read may start a chain or fill a per-process cache
    five = _statements(w, *case)
    grow(w, 45)
    fifty = _statements(w, *case)
    assert fifty == five, f"{fifty - five} more statements with 50 rows than with 5"


@pytest.mark.parametrize("who", [C, S])
def test_the_family_file_is_read_once_per_request(who):  # type: ignore[no-untyped-def]
    w = world()
    grow(w, 1)
    client = _client(w, who)
    url = f"/families/{w.placement.family_id}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # Statements that read the family table itself (not a subquery that filters another).
    sqls = [q["sql"] for q in queries if " FROM " in q["sql"]]
    reads = [sql for sql in sqls if sql.split(" FROM ", 1)[1].startswith('"gezinsaanpak_family"')]
    assert len(reads) == 1, reads
