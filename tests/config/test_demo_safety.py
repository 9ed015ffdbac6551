"""A demo that is safe to show (issue 20, point 5): `make run` without debug pages; and its
SQLite database under load (point 6).

The demo's own settings (config.settings.local) are checked in a subprocess, with and
without DJANGO_DEBUG; the error pages and static files also through the test settings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parent.parent.parent

PATH_TRICKS = [
    "/static/%2e%2e/manage.py",
    "/static/../settings.py",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2fmanage.py",
    "/static/..%2f..%2fconfig/settings/base.py",
    "/static/%252e%252e/manage.py",
    "/static/css/%00",
    "/static/%00/../manage.py",
    "/static/css/site.css%00",
    "/static/\\..\\manage.py",
]


def demo_env(tmp_path: Path, debug: str | None = None) -> dict[str, str]:
    """The environment of `make run`'s processes: the demo's settings on a new SQLite file."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_DEBUG", "DATABASE_URL", "PYTEST_XDIST_WORKER"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    if debug is not None:
        env["DJANGO_DEBUG"] = debug
    return env


def local_demo(tmp_path: Path, *paths: str, debug: str | None = None) -> dict:  # type: ignore[type-arg]
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "tests" / "config" / "_local_probe.py"), *paths],
        capture_output=True,
        text=True,
        env=demo_env(tmp_path, debug),
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_the_demo_runs_without_debug_pages_unless_asked(tmp_path):
    demo = local_demo(tmp_path, "/bestaat-niet/", "/api/v1/bestaat-niet/", "/static/css/site.css")
    assert demo["debug"] is False
    page = demo["answers"]["/bestaat-niet/"]
    assert page["status"] == 404
    assert "Pagina niet gevonden" in page["body"]
    assert "URLconf" not in page["body"]  # Django's debug 404 lists the URL patterns
    api = demo["answers"]["/api/v1/bestaat-niet/"]
    assert api["status"] == 404
    assert json.loads(api["body"]) == {
        "type": "client_error",
        "errors": [{"code": "not_found", "detail": "Niet gevonden.", "attr": None}],
    }
    # Static files are still served (whitenoise from the finders), with the safety headers.
    static = demo["answers"]["/static/css/site.css"]
    assert static["status"] == 200
    assert static["type"].startswith("text/css")
    assert static["nosniff"] == "nosniff"
    assert static["referrer"] == "same-origin"

    assert local_demo(tmp_path, debug="true")["debug"] is True


@pytest.mark.parametrize("debug", [None, "true"])
def test_path_tricks_under_static_answer_404_in_the_demo(tmp_path, debug):
    demo = local_demo(tmp_path, *PATH_TRICKS, "/static/css/site.css", debug=debug)
    statuses = {path: answer["status"] for path, answer in demo["answers"].items()}
    assert statuses == {**dict.fromkeys(PATH_TRICKS, 404), "/static/css/site.css": 200}
    for path in PATH_TRICKS:
        assert "SECRET_KEY" not in demo["answers"][path]["body"]


@pytest.mark.parametrize("debug", [False, True])
def test_path_tricks_under_static_answer_404(db, debug):
    with override_settings(DEBUG=debug, WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=debug):
        client = Client(raise_request_exception=False)
        for path in PATH_TRICKS:
            assert client.get(path).status_code == 404, path
        assert client.get("/static/css/site.css").status_code == 200


@override_settings(WHITENOISE_USE_FINDERS=True)
def test_static_files_carry_nosniff_and_a_referrer_policy(db):
    response = Client().get("/static/css/site.css")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_page_that_does_not_exist_is_the_dutch_page(db):
    response = Client().get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_an_unmatched_api_path_is_the_json_404(db):
    response = Client().get("/api/v2/iets/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_a_bad_request_is_the_dutch_page_or_the_apis_json(db):
    client = Client(HTTP_HOST="indringer.example", raise_request_exception=False)
    page = client.get("/")
    assert page.status_code == 400
    assert "Verzoek niet begrepen" in page.content.decode()
    api = client.get("/api/v1/me/")
    assert api.status_code == 400
    assert api.json() == {
        "type": "client_error",
        "errors": [
            {"code": "bad_request", "detail": "Dit verzoek kunnen we niet verwerken.", "attr": None}
        ],
    }


# What each connection of the demo's processes reports (web server, worker, scheduler).
SQLITE_PRAGMAS = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    print(*(cursor.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "busy_timeout", "synchronous")))
"""


def test_the_demos_sqlite_database_lets_readers_and_writers_wait_not_fail(tmp_path):
    # WAL: readers do not wait for a writer; a busy timeout of 20 s: a writer waits for the
    # lock instead of failing with "database is locked"; synchronous=NORMAL (1): no fsync
    # per commit (config/settings/local.py).
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SQLITE_PRAGMAS],
        capture_output=True,
        text=True,
        env=demo_env(tmp_path),
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "1"]
