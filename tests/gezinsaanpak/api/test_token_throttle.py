"""The OAuth2 token endpoint: failed client authentications per client id and per IP.

Policy (settings.TOKEN_THROTTLE): the 10th failure of a client id within a minute starts a
cool-off of 5 minutes for that client id, the 30th failure from one address one for that
address; during a cool-off every request naming it gets 429 with Retry-After, the right
secret included.
"""

from __future__ import annotations

import base64

import pytest
from django.test import Client, override_settings

from gezinsaanpak.models.audit import AccessEvent, Action, ActorKind, Outcome

TOKEN_URL = "/oauth/token/"
SECRET = "geheim-voor-tests"


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def token_request(client_id: str, secret: str, *, ip: str = "127.0.0.1", body_auth=False):  # type: ignore[no-untyped-def]
    data = {"grant_type": "client_credentials", "scope": "referrals:read"}
    headers = {}
    if body_auth:
        data |= {"client_id": client_id, "client_secret": secret}
    else:
        headers["Authorization"] = basic(client_id, secret)
    return Client(REMOTE_ADDR=ip).post(TOKEN_URL, data, headers=headers)


def failures(client_id: str, count: int, *, ip: str = "127.0.0.1") -> list[int]:
    return [token_request(client_id, f"fout-{n}", ip=ip).status_code for n in range(count)]


def comparable(response) -> tuple[int, bytes, dict[str, str]]:  # type: ignore[no-untyped-def]
    """Status, body and headers, without the ones that differ between any two requests."""
    headers = {k: v for k, v in response.headers.items() if k not in {"X-Request-ID", "Date"}}
    return response.status_code, response.content, headers


def test_a_correct_token_request_works_below_the_limits(partner_client_a):
    assert failures("jgz-test", 9) == [401] * 9
    response = token_request("jgz-test", SECRET)
    assert response.status_code == 200, response.content
    assert response.json()["token_type"] == "Bearer"


def test_the_eleventh_attempt_is_refused_even_with_the_right_secret(partner_client_a):
    assert failures("jgz-test", 10) == [401] * 10
    refused = token_request("jgz-test", SECRET)
    assert refused.status_code == 429
    assert refused.json()["error"] == "too_many_requests"
    assert 1 <= int(refused["Retry-After"]) <= 300
    assert "access_token" not in refused.content.decode()
    # Body authentication names the same client id and is refused the same way.
    assert token_request("jgz-test", SECRET, body_auth=True).status_code == 429


def test_the_eleventh_wrong_secret_in_a_minute_is_refused(partner_client_a):
    assert failures("jgz-test", 11) == [401] * 10 + [429]


def test_the_cool_off_ends(partner_client_a, monkeypatch):
    assert failures("jgz-test", 10) == [401] * 10
    assert token_request("jgz-test", SECRET).status_code == 429
    import gezinsaanpak.api.token_throttle as throttle

    later = throttle.time.time() + 301
    monkeypatch.setattr(throttle.time, "time", lambda: later)
    assert token_request("jgz-test", SECRET).status_code == 200


def test_other_clients_are_not_refused_for_one_clients_failures(partner_client_a, partner_client_b):
    assert failures("jgz-test", 10, ip="192.0.2.1") == [401] * 10
    assert token_request("taalhuis-test", SECRET, ip="192.0.2.2").status_code == 200
    # The client id is cooling off from any address.
    assert token_request("jgz-test", SECRET, ip="192.0.2.3").status_code == 429


def test_an_unknown_client_id_gets_the_identical_answer(partner_client_a):
    wrong = [comparable(token_request("jgz-test", f"fout-{n}")) for n in range(10)]
    unknown = [
        comparable(token_request("bestaat-niet", f"fout-{n}", ip="192.0.2.9")) for n in range(10)
    ]
    assert wrong == unknown
    assert wrong[0][0] == 401
    # Both are now cooling off, and the refusal says nothing more about either.
    refused_known = token_request("jgz-test", SECRET)
    refused_unknown = token_request("bestaat-niet", SECRET, ip="192.0.2.9")
    assert comparable(refused_known)[:2] == comparable(refused_unknown)[:2]
    assert refused_known.status_code == 429


def test_a_revoked_client_gets_the_answer_of_a_wrong_secret(partner_client_a, partner_client_b):
    from accounts.partner_clients import partner_client_revoke

    partner_client_revoke(client=partner_client_b)
    assert comparable(token_request("taalhuis-test", SECRET)) == comparable(
        token_request("jgz-test", "fout")
    )


@override_settings(
    TOKEN_THROTTLE={
        "CLIENT_FAILURES": 10,
        "IP_FAILURES": 30,
        "WINDOW_SECONDS": 60,
        "COOLOFF_SECONDS": 300,
    }
)
def test_one_address_is_limited_across_client_ids(partner_client_a, partner_client_b):
    # 30 different client ids, one failure each: no client id reaches its limit.
    statuses = [token_request(f"gok-{n}", "fout", ip="198.51.100.7").status_code for n in range(30)]
    assert statuses == [401] * 30
    assert token_request("jgz-test", SECRET, ip="198.51.100.7").status_code == 429
    # Another address is not affected.
    assert token_request("jgz-test", SECRET, ip="198.51.100.8").status_code == 200


def test_failed_client_authentications_are_in_the_access_log(partner_client_a):
    failures("jgz-test", 2)
    token_request("bestaat-niet", "fout")
    lines = AccessEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("sequence")
    known = [line for line in lines if line.object_id == str(partner_client_a.pk)]
    unknown = [line for line in lines if line.object_id == ""]
    assert len(known) == 2
    assert len(unknown) == 1
    for line in lines:
        assert line.actor_kind == ActorKind.API_CLIENT
        assert line.outcome == Outcome.FAILURE
        assert line.object_type == "api_client"
        assert line.details == {"endpoint": "token", "cooloff": False}
        assert line.ip == "127.0.0.1"
    assert known[0].actor_label == "api:jgz-test"
    assert known[0].organisation_id == partner_client_a.library_id
    # Never the secret, and never the client id that was tried and does not exist.
    for line in lines:
        text = repr(line.__dict__)
        assert "fout" not in text
        assert "bestaat-niet" not in text


def test_the_failure_that_starts_a_cool_off_says_so_and_refusals_are_not_logged(
    partner_client_a,
):
    failures("jgz-test", 10)
    token_request("jgz-test", SECRET)  # refused: no secret checked, nothing new to log
    lines = list(AccessEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("sequence"))
    assert len(lines) == 10
    assert [line.details["cooloff"] for line in lines] == [False] * 9 + [True]


def test_a_successful_token_request_leaves_no_failed_login(partner_client_a):
    assert token_request("jgz-test", SECRET).status_code == 200
    assert not AccessEvent.objects.filter(action=Action.LOGIN_FAILED).exists()


def test_the_revocation_endpoint_counts_its_failures_too(partner_client_a):
    client = Client()
    statuses = [
        client.post(
            "/oauth/revoke/", {"token": "x"}, headers={"Authorization": basic("jgz-test", "fout")}
        ).status_code
        for _ in range(10)
    ]
    assert statuses == [401] * 10
    assert token_request("jgz-test", SECRET).status_code == 429
    line = AccessEvent.objects.filter(action=Action.LOGIN_FAILED).first()
    assert line is not None and line.details["endpoint"] == "revoke"


@pytest.mark.parametrize(
    "authorization",
    ["Basic !!!", "Basic " + base64.b64encode(b"\xff\xfe").decode(), "Basic", "Bearer x"],
)
def test_garbled_credentials_are_counted_per_address_without_a_500(partner_client_a, authorization):
    response = Client().post(
        TOKEN_URL, {"grant_type": "client_credentials"}, headers={"Authorization": authorization}
    )
    assert response.status_code == 401
    assert AccessEvent.objects.filter(action=Action.LOGIN_FAILED, object_id="").count() == 1


def test_a_nul_in_the_client_id_is_a_plain_failure(partner_client_a):
    response = token_request("jgz\x00test", "fout", body_auth=True)
    assert response.status_code in {400, 401}
