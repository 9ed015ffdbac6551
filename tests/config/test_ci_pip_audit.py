""".ci/pip-audit: audits what uv.lock pins when the vulnerability database answers, and
says plainly that it skipped when it does not (this machine cannot reach it)."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SCRIPT = ROOT / ".ci" / "pip-audit"


@pytest.fixture
def probe_server() -> Iterator[callable]:  # type: ignore[valid-type]
    """A local stand-in for PyPI's JSON API; the test sets what it answers."""
    answer: dict[str, object] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def serve(body: dict[str, object]) -> str:
        answer.clear()
        answer.update(body)
        return f"http://127.0.0.1:{server.server_port}/pypi/django/4.2.0/json"

    yield serve
    server.shutdown()


def run(tmp_path: Path, probe: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The script with a fake pip-audit that records its arguments and fails with 3."""
    record = tmp_path / "args.txt"
    fake = tmp_path / "pip-audit"
    fake.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > {record}\n'
        'while [ $# -gt 0 ]; do [ "$1" = --requirement ] && cp "$2" '
        f"{tmp_path}/requirements.txt; shift; done\n"
        "exit 3\n"
    )
    fake.chmod(0o755)
    env = {**os.environ, "PIP_AUDIT_PROBE_URL": probe, "PIP_AUDIT": str(fake)}
    result = subprocess.run(  # noqa: S603
        ["bash", str(SCRIPT)],  # noqa: S607
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    return result, record


def test_an_unreachable_database_is_a_clear_skip_not_a_failure(tmp_path):
    result, record = run(tmp_path, "http://127.0.0.1:9/pypi/django/4.2.0/json")
    assert result.returncode == 0, result.stderr
    assert "pip-audit: SKIPPED" in result.stdout
    assert "not reachable" in result.stdout
    assert not record.exists()  # pip-audit never ran


def test_a_mirror_without_vulnerability_data_is_a_skip_too(tmp_path, probe_server):
    result, record = run(tmp_path, probe_server({"info": {"name": "Django"}, "urls": []}))
    assert result.returncode == 0, result.stderr
    assert "pip-audit: SKIPPED" in result.stdout
    assert not record.exists()


def test_a_reachable_database_audits_the_locked_requirements_and_fails_with_it(
    tmp_path, probe_server
):
    probe = probe_server({"vulnerabilities": [{"id": "PYSEC-2023-0000"}]})
    result, record = run(tmp_path, probe)
    assert result.returncode == 3, result.stdout + result.stderr
    assert "SKIPPED" not in result.stdout
    args = record.read_text().split()
    assert {"--no-deps", "--disable-pip", "--strict"} <= set(args)
    requirements = (tmp_path / "requirements.txt").read_text()
    lock = (ROOT / "uv.lock").read_text()
    pinned = [line.split(" ")[0] for line in requirements.splitlines() if "==" in line]
    assert any(line.startswith("django==") for line in pinned)
    assert any(line.startswith("pip-audit==") for line in pinned)  # the dev group too
    for line in pinned:
        _name, version = line.split("==")
        assert f'version = "{version}"' in lock, line


def test_renovate_updates_uv_lock_weekly_in_groups():
    config = json.loads((ROOT / "renovate.json").read_text())
    assert config["enabledManagers"] == ["pep621"]  # pyproject.toml + uv.lock, nothing else
    assert config["schedule"]
    assert config["lockFileMaintenance"]["enabled"] is True
    assert all(
        rule.get("groupName") or "enabled" in rule or "dependencyDashboardApproval" in rule
        for rule in config["packageRules"]
    )
    assert sum("groupName" in rule for rule in config["packageRules"]) >= 2
