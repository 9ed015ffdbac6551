"""deploy/ stays in step with the code: services, commands, settings and the access log."""

from __future__ import annotations

import datetime
import ipaddress
import re
import runpy
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from django.core.management import get_commands
from gunicorn.config import Config
from gunicorn.glogging import Logger

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
GUNICORN_CONF = DEPLOY / "gunicorn.conf.py"
IMAGE_SERVICES = ["migrate", "app1", "app2", "worker", "scheduler"]


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def unit(path: Path) -> dict[str, list[str]]:
    """A systemd unit's settings; a key may appear more than once."""
    settings: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def test_compose_has_every_service():
    assert set(compose()["services"]) == {
        "db",
        "migrate",
        "app1",
        "app2",
        "worker",
        "scheduler",
        "proxy",
    }


@pytest.mark.parametrize("name", IMAGE_SERVICES)
def test_every_service_of_the_image_runs_the_production_settings(name):
    service = compose()["services"][name]
    assert service["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert service["build"]["dockerfile"] == "deploy/Containerfile"


@pytest.mark.parametrize("name", ["app1", "app2", "worker", "scheduler"])
def test_long_running_services_wait_for_the_migrations(name):
    depends_on = compose()["services"][name]["depends_on"]
    assert depends_on["migrate"]["condition"] == "service_completed_successfully"
    assert depends_on["db"]["condition"] == "service_healthy"


def test_compose_secrets_are_files_the_settings_read():
    services = compose()["services"]
    for name in IMAGE_SERVICES:
        environment = services[name]["environment"]
        for secret in ("SECRET_KEY", "DATABASE_URL", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"):
            file_name = environment[f"{secret}_FILE"]
            assert file_name == f"/run/secrets/{secret.lower()}"
            assert secret.lower() in services[name]["secrets"]
            assert secret not in environment


def test_only_the_proxy_is_trusted_and_no_container_can_take_its_address():
    config = compose()
    proxy_address = config["services"]["proxy"]["networks"]["backend"]["ipv4_address"]
    (pool,) = config["networks"]["backend"]["ipam"]["config"]
    for name in IMAGE_SERVICES:
        assert config["services"][name]["environment"]["FORWARDED_ALLOW_IPS"] == proxy_address
    address = ipaddress.ip_address(proxy_address)
    assert address in ipaddress.ip_network(pool["subnet"])
    assert address not in ipaddress.ip_network(pool["ip_range"])


def test_the_proxy_balances_over_both_app_servers():
    caddyfile = (DEPLOY / "Caddyfile").read_text()
    assert re.search(r"reverse_proxy app1:8000 app2:8000 \{", caddyfile)
    assert "lb_policy round_robin" in caddyfile
    assert "health_uri /healthz" in caddyfile
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in compose()["services"]["proxy"]["volumes"]


def test_workers_get_time_to_finish_their_task():
    services = compose()["services"]
    assert services["worker"]["stop_grace_period"] == "5m"
    for path in UNITS:
        if "worker" in path.name:
            assert unit(path)["TimeoutStopSec"] == ["300"]
            assert unit(path)["KillSignal"] == ["SIGTERM"]


def _management_commands_named() -> set[str]:
    texts = [COMPOSE.read_text(), *(path.read_text() for path in UNITS)]
    found = {name for text in texts for name in re.findall(r"manage\.py\s+([\w-]+)", text)}
    services = compose()["services"]
    for service in services.values():  # exec form: ["python", "manage.py", "<command>", …]
        command = service.get("command")
        if isinstance(command, list) and "manage.py" in command:
            found.add(command[command.index("manage.py") + 1])
    return found


def test_every_management_command_named_in_deploy_exists():
    named = _management_commands_named()
    assert {"migrate", "createcachetable", "db_worker", "run_schedule"} <= named
    assert named <= set(get_commands())


@pytest.mark.parametrize("path", UNITS, ids=lambda path: path.name)
def test_systemd_units_are_hardened_and_restart(path):
    settings = unit(path)
    assert settings["EnvironmentFile"] == ["/etc/gezinsaanpak/env"]
    assert settings["User"] == ["gezinsaanpak"]
    assert settings["Restart"] == ["always"]
    assert "DJANGO_SETTINGS_MODULE=config.settings.production" in settings["Environment"][0]
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "CapabilityBoundingSet": "",
    }.items():
        assert settings[key] == [value], key


def test_one_web_unit_per_port():
    (web,) = (path for path in UNITS if path.name.startswith("gezinsaanpak-web@"))
    assert "--bind 127.0.0.1:%i" in unit(web)["ExecStart"][0]


def gunicorn_settings(monkeypatch, **environment) -> Config:
    """deploy/gunicorn.conf.py as gunicorn loads it: each value through its validator."""
    for name in ("WEB_CONCURRENCY", "GUNICORN_BIND", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = Config()
    for name, value in runpy.run_path(str(GUNICORN_CONF)).items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_gunicorn_settings_and_their_overrides(monkeypatch):
    defaults = gunicorn_settings(monkeypatch)
    assert defaults.bind == ["0.0.0.0:8000"]
    assert defaults.forwarded_allow_ips == ["127.0.0.1"]
    assert (defaults.timeout, defaults.graceful_timeout, defaults.keepalive) == (30, 30, 5)
    assert defaults.max_requests > 0
    assert defaults.max_requests_jitter > 0

    changed = gunicorn_settings(
        monkeypatch,
        WEB_CONCURRENCY="3",
        GUNICORN_BIND="127.0.0.1:8001",
        FORWARDED_ALLOW_IPS="172.30.0.10,10.0.0.0/8",
    )
    assert changed.workers == 3
    assert changed.bind == ["127.0.0.1:8001"]
    assert changed.forwarded_allow_ips == ["172.30.0.10", "10.0.0.0/8"]


def test_the_gunicorn_access_log_has_no_query_string(monkeypatch):
    config = gunicorn_settings(monkeypatch)
    assert "%(U)s" in config.access_log_format
    assert "%(r)s" not in config.access_log_format
    assert "%(q)s" not in config.access_log_format

    logged = _access_line(config, path="/families/", query="q=Jansen&postcode=1234AB")
    assert "Jansen" not in logged
    assert "1234AB" not in logged
    assert "203.0.113.9 [" in logged
    assert '"GET /families/" 200 512 ' in logged
    assert logged.endswith(" req-0123456789")


def _access_line(config: Config, *, path: str, query: str) -> str:
    """One line of gunicorn's access log, rendered by gunicorn's own logger."""
    environ = {
        "REMOTE_ADDR": "203.0.113.9",
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    response = SimpleNamespace(
        status="200 OK", sent=512, headers=[("X-Request-ID", "req-0123456789")]
    )
    logger = Logger(config)
    atoms = logger.atoms_wrapper_class(
        logger.atoms(response, [], environ, datetime.timedelta(milliseconds=12))
    )
    return config.access_log_format % atoms


def test_the_image_installs_with_the_uv_the_makefile_pins():
    makefile_uv = re.search(r"^UV_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.M)
    containerfile = (DEPLOY / "Containerfile").read_text()
    assert makefile_uv is not None
    assert f"uv=={makefile_uv.group(1)}" in containerfile
    assert "uv sync --locked --no-dev" in containerfile


def test_the_image_copies_every_package_and_what_its_command_needs():
    containerfile = (DEPLOY / "Containerfile").read_text()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    packages = pyproject["tool"]["importlinter"]["root_packages"]
    for directory in [*packages, "templates", "static", "locale"]:
        assert f"COPY {directory} ./{directory}\n" in containerfile, directory
    assert "deploy/gunicorn.conf.py" in containerfile
    assert "deploy/healthcheck.py" in containerfile
    assert "collectstatic" in containerfile
    assert not re.search(r"^ENV .*(SECRET_KEY|FIELD_ENCRYPTION_KEYS)", containerfile, re.M)


def _production_variables() -> set[str]:
    source = (ROOT / "config" / "settings" / "production.py").read_text()
    return set(re.findall(r"env\.\w+\(\s*\"([A-Z_]+)\"", source))


def test_every_production_variable_is_documented():
    variables = _production_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "FORWARDED_ALLOW_IPS"} <= variables
    env_example = (DEPLOY / "env.example").read_text()
    operations = (ROOT / "docs" / "operations.md").read_text()
    for name in variables:
        assert re.search(rf"^#?{name}=", env_example, re.M), f"{name} not in deploy/env.example"
        assert f"`{name}`" in operations, f"{name} not in docs/operations.md"
