"""The web server `make run` and production start: gunicorn with deploy/gunicorn.conf.py."""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
APP = "tests.config._hello_wsgi:app"


def make_run_commands() -> str:
    """What `make run` executes, printed by make without running it."""
    result = subprocess.run(
        ["make", "-n", "run"],  # noqa: S607
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"},
    )
    return result.stdout


def test_make_run_serves_with_gunicorn_and_threads_not_runserver():
    commands = make_run_commands()
    assert "runserver" not in commands
    server = next(line for line in commands.splitlines() if "gunicorn" in line)
    assert "-c deploy/gunicorn.conf.py" in server
    assert "GUNICORN_BIND=127.0.0.1:8000" in server
    assert "config.settings.local" in server
    threads = re.search(r"GUNICORN_THREADS=\$\{GUNICORN_THREADS:-(\d+)\}", server)
    assert threads is not None and int(threads.group(1)) > 1
    assert "--reload" not in server
    # The worker and the scheduler still run beside it.
    assert "db_worker" in commands
    assert "run_schedule" in commands
    assert "migrate --noinput" in commands
    assert "seed_demo" in commands


def test_make_run_reloads_only_with_debug_pages():
    result = subprocess.run(
        ["make", "-n", "run", "DJANGO_DEBUG=true"],  # noqa: S607
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert "--reload" in result.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_gunicorn_with_the_deploy_settings_sends_no_server_header(tmp_path):
    port = _free_port()
    env = {**os.environ, "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2"}
    server = subprocess.Popen(  # noqa: S603
        [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", APP],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        headers = _headers_when_up(port, server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "server" not in {name.lower() for name in headers}
    assert headers.get("Content-Type") == "text/plain"


def _headers_when_up(port: int, server: subprocess.Popen) -> dict[str, str]:  # type: ignore[type-arg]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "gunicorn stopped"
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            response = connection.getresponse()
            response.read()
            return dict(response.getheaders())
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer")
