"""Under load (issue 20): the demo as `make run` serves it, with 16 concurrent clients.

Starts `make run` (migrate, seed_demo, worker, scheduler, gunicorn: the demo's own command
line) on a throwaway SQLite database and a free port, logs in each client as a demo user
(16 clients over 7 users, so some users work from two devices, sharing their API rate), and
lets every client repeat a realistic action for ``--seconds``: a page (home, the family
list or the volunteer's own families) and two API requests, then ``--think`` seconds of
pause. First 1 client (the baseline), then 16, in the same run. Prints ``name: value``
lines; the ratio ``p95_16_vs_1`` is the figure (CONVENTIONS: ratios, not wall-clock limits).

``--production`` measures production instead, with the same clients and method: the
production settings (``config.settings.production``, fresh secrets) on a throwaway
PostgreSQL database (created on ``--postgres``, dropped afterwards), migrated, cache table
and static files made, seeded with the demo data; the web server is gunicorn with
``deploy/gunicorn.conf.py`` as the systemd unit starts it (its default workers: sync, 2 x
cores + 1), beside one task worker and the scheduler. The clients talk plain HTTP to
127.0.0.1 as a TLS proxy would: ``X-Forwarded-Proto: https`` (gunicorn trusts it from
127.0.0.1, the settings through ``SECURE_PROXY_SSL_HEADER``), so HTTPS redirects, secure
``__Host-`` cookies and HSTS stay on. Users whose role needs two-step login get an app and
recovery codes, and log in with password and a recovery code (an app code works once per
30 s, too few for one user's several devices).

Also printed per phase: the 1-minute load average at its end, the cores the machine was
busy (``/proc/stat``), the CPU the server's processes (web, worker, scheduler), its
PostgreSQL backends and these clients used, to tell CPU-bound from serialised.

    make bench-load                          # 20 s per phase
    make bench-load ARGS="--seconds 60 --think 0"
    make bench-load ARGS="--production"      # production settings, gunicorn, PostgreSQL
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - the published demo password
# Who works, and on which pages: (e-mail, page, API requests).
STAFF_API = ("/api/v1/me/", "/api/v1/families/")
USERS = [
    ("coordinator@demo.nl", "/families/", STAFF_API),
    ("specialist@demo.nl", "/families/", STAFF_API),
    ("coach@demo.nl", "/", ("/api/v1/me/", "/api/v1/me/")),
    ("vrijwilliger@demo.nl", "/my-families/", ("/api/v1/me/", "/api/v1/me/")),
    ("vrijwilliger2@demo.nl", "/my-families/", ("/api/v1/me/", "/api/v1/me/")),
    ("privacy@demo.nl", "/", ("/api/v1/me/", "/api/v1/access-log/")),
    ("admin@demo.nl", "/", ("/api/v1/me/", "/api/v1/me/")),  # sees no family: 404
]


@dataclass
class Tally:
    times: list[float] = field(default_factory=list)
    errors: int = 0
    error_statuses: dict[str, int] = field(default_factory=dict)
    throttled: int = 0
    cpu: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, status: int, path: str) -> None:
        with self.lock:
            self.times.append(seconds)
            if status == 429:
                self.throttled += 1
            elif not 200 <= status < 400:
                self.errors += 1
                key = f"{status} {path}"
                self.error_statuses[key] = self.error_statuses.get(key, 0) + 1


class LocalSecureCookies(http.cookiejar.DefaultCookiePolicy):
    """Production's cookies are Secure (``__Host-``): sent to 127.0.0.1 over plain HTTP, as
    the TLS proxy in front of gunicorn would pass them on."""

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        if urllib.parse.urlsplit(request.get_full_url()).hostname == "127.0.0.1":
            return True
        return bool(super().return_ok_secure(cookie, request))


@dataclass
class Site:
    """Where the clients go. ``behind_tls``: requests say they came in over HTTPS (production);
    ``recovery_codes``: unused codes per e-mail, for the second step of logging in."""

    origin: str
    behind_tls: bool = False
    recovery_codes: dict[str, list[str]] = field(default_factory=dict)


class Browser:
    """One client: its own cookies, logged in through the login form like a person."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.origin = site.origin
        # The address the browser sees: the TLS proxy's in production (for Referer).
        self.public = site.origin.replace("http://", "https://") if site.behind_tls else site.origin
        self.jar = http.cookiejar.CookieJar(LocalSecureCookies() if site.behind_tls else None)
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),  # never a proxy from the environment
            urllib.request.HTTPCookieProcessor(self.jar),
        )
        if site.behind_tls:
            self.opener.addheaders.append(("X-Forwarded-Proto", "https"))

    def get(self, path: str) -> int:
        try:
            with self.opener.open(self.origin + path, timeout=60) as response:
                response.read()
                return int(response.status)
        except urllib.error.HTTPError as error:
            error.read()
            return int(error.code)
        except OSError:
            return 599

    def post_form(self, path: str, page_html: str, fields: dict[str, str]) -> tuple[str, str]:
        """Submits the form on ``page_html`` to ``path``; the final path and page."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_html)
        assert token, f"no CSRF token on the page before {path}"
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **fields}).encode()
        request = urllib.request.Request(  # noqa: S310
            f"{self.origin}{path}", data=form, headers={"Referer": f"{self.public}{path}"}
        )
        with self.opener.open(request, timeout=60) as response:
            return urllib.parse.urlsplit(response.geturl()).path, response.read().decode()

    def login(self, email: str) -> None:
        with self.opener.open(f"{self.origin}/accounts/login/", timeout=60) as page:
            html = page.read().decode()
        where, html = self.post_form(
            "/accounts/login/", html, {"username": email, "password": PASSWORD}
        )
        if where == "/accounts/verify/":  # the second step (production: roles that need it)
            codes = self.site.recovery_codes.get(email)
            assert codes, f"{email} is asked for a second factor and has no recovery code left"
            where, html = self.post_form(
                "/accounts/verify/", html, {"token": codes.pop(), "next": "/"}
            )
            assert where != "/accounts/verify/", f"{email}: the recovery code was refused"
        assert any(c.name.endswith("sessionid") for c in self.jar), f"login as {email} failed"


def work(
    browser: Browser, page: str, api: tuple[str, ...], until: float, think: float, tally: Tally
) -> None:
    while time.monotonic() < until:
        for path in (page, *api):
            start = time.perf_counter()
            status = browser.get(path)
            tally.add(time.perf_counter() - start, status, path)
        time.sleep(think)


def phase(site: Site, clients: int, seconds: float, think: float, meter: CpuMeter) -> Tally:
    browsers = []
    for number in range(clients):
        email, page, api = USERS[number % len(USERS)]
        browser = Browser(site)
        browser.login(email)
        browsers.append((browser, page, api))
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=work, args=(b, page, api, until, think, tally))
        for b, page, api in browsers
    ]
    meter.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    tally.cpu = meter.stop()
    return tally


def percentile(times: list[float], fraction: float) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[round(fraction * 100) - 1]


# --- Where the CPU went: the machine, the server's processes, its PostgreSQL backends --------


def _machine_jiffies() -> tuple[int, int]:
    """(busy, total) clock ticks of all cores since boot (/proc/stat's first line)."""
    ticks = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    return sum(ticks) - idle, sum(ticks)


def _process_seconds(groups: set[int], database: str | None) -> tuple[float, float]:
    """CPU seconds of the processes in ``groups`` (with their reaped children) and of the
    PostgreSQL backends connected to ``database``."""
    server = db = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, UnicodeDecodeError):
            continue
        ticks = sum(int(v) for v in fields[11:15])  # utime, stime, cutime, cstime
        if int(fields[2]) in groups:  # the process group
            server += ticks
        elif database and command.startswith("postgres: ") and f" {database} " in command:
            db += ticks
    hertz = os.sysconf("SC_CLK_TCK")
    return server / hertz, db / hertz


@dataclass
class CpuMeter:
    """Cores busy during a phase: on the whole machine, in the server, in its database."""

    groups: set[int] = field(default_factory=set)
    database: str | None = None
    _begin: tuple[float, tuple[int, int], tuple[float, float], float] | None = None

    def start(self) -> None:
        self._begin = (
            time.monotonic(),
            _machine_jiffies(),
            _process_seconds(self.groups, self.database),
            time.process_time(),
        )

    def stop(self) -> dict[str, float]:
        assert self._begin is not None
        began, (busy0, total0), (server0, db0), client0 = self._begin
        elapsed = time.monotonic() - began
        busy1, total1 = _machine_jiffies()
        server1, db1 = _process_seconds(self.groups, self.database)
        cpu = {
            "load_1min": os.getloadavg()[0],
            "machine_busy_cores": (busy1 - busy0) / max(total1 - total0, 1) * (os.cpu_count() or 1),
            "server_cpu_cores": (server1 - server0) / elapsed,
            "clients_cpu_cores": (time.process_time() - client0) / elapsed,  # this script
        }
        if self.database:
            cpu["postgres_cpu_cores"] = (db1 - db0) / elapsed
        return cpu


# --- The servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_healthy(site: Site, servers: list[subprocess.Popen[bytes]], log: Path) -> None:
    """Until /healthz answers; otherwise the servers are stopped and the bench exits."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if Browser(site).get("/healthz") == 200:
            return
        if any(server.poll() is not None for server in servers):
            stop(servers)
            sys.exit(f"the server stopped; see {log}")
        time.sleep(1)
    stop(servers)
    sys.exit(f"the server did not answer /healthz within 300 s; see {log}")


def start_demo(port: int, tmp: Path) -> tuple[Site, list[subprocess.Popen[bytes]]]:
    """`make run` itself, on a throwaway database; its own process group, stopped as Ctrl-C."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'load.sqlite3'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = (tmp / "server.log").open("wb")
    server = subprocess.Popen(  # noqa: S603
        ["make", "--no-print-directory", "run", f"DEMO_BIND=127.0.0.1:{port}"],  # noqa: S607
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    site = Site(f"http://127.0.0.1:{port}")
    wait_healthy(site, [server], tmp / "server.log")
    return site, [server]


# Run with ``manage.py shell -c``: an app and recovery codes for every user in
# BENCH_RECOVERY_CODES whose role needs two-step login; prints their e-mail addresses.
SET_UP_TWO_FACTOR = """
import json, os
from accounts.models import User
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

for email, codes in json.loads(os.environ["BENCH_RECOVERY_CODES"]).items():
    user = User.objects.get(email=email)
    if user.needs_two_factor:
        TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        print(email)
"""
# accounts.two_factor's recovery codes: 10 of lower case letters and digits without look-alikes.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def production_env(tmp: Path, database_url: str) -> dict[str, str]:
    """The production settings with fresh secrets, as .ci/scale-out sets them (but HTTPS on)."""
    sys.path.insert(0, str(ROOT))
    from config.env import new_blind_index_key, new_field_key_entry

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "WEB_CONCURRENCY", "SECURE_", "DATABASE_"))
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "FIELD_ENCRYPTION_KEYS": new_field_key_entry("bl1"),
        "BLIND_INDEX_KEY": new_blind_index_key(),
        "ERASURE_LEDGER_DIR": str(tmp / "erasure-ledger"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def start_production(
    port: int, tmp: Path, database_url: str, codes_per_user: int
) -> tuple[Site, list[subprocess.Popen[bytes]]]:
    """Migrate, seed and start gunicorn (deploy/), a task worker and the scheduler."""
    env = production_env(tmp, database_url)
    log_path = tmp / "server.log"
    log = log_path.open("wb")
    python = sys.executable
    recovery_codes = {
        email: [
            "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
            for _ in range(codes_per_user)
        ]
        for email, _, _ in USERS
    }
    setup: list[tuple[list[str], dict[str, str]]] = [
        ([python, "manage.py", "migrate", "--noinput"], env),
        ([python, "manage.py", "createcachetable"], env),
        ([python, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], env),
        ([python, "manage.py", "seed_demo"], env),
        (
            [python, "manage.py", "shell", "-c", SET_UP_TWO_FACTOR],
            {**env, "BENCH_RECOVERY_CODES": json.dumps(recovery_codes)},
        ),
    ]
    output = ""
    for command, command_env in setup:
        done = subprocess.run(  # noqa: S603 - our own fixed command lines
            command, cwd=ROOT, env=command_env, capture_output=True, text=True, check=False
        )
        log.write((done.stdout + done.stderr).encode())
        log.flush()
        if done.returncode != 0:
            sys.exit(f"{' '.join(command[1:3])} failed; see {log_path}")
        output = done.stdout  # the last command's: the users that got two-step login
    two_factor = set(output.split())
    site = Site(
        f"http://127.0.0.1:{port}",
        behind_tls=True,
        recovery_codes={e: c for e, c in recovery_codes.items() if e in two_factor},
    )
    gunicorn = str(Path(python).parent / "gunicorn")
    commands = [
        # As deploy/systemd/gezinsaanpak-web@.service: the config file, a bind of its own.
        [gunicorn, "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "config.wsgi"],
        [python, "manage.py", "db_worker", "--queue-name", "*"],
        [python, "manage.py", "run_schedule"],
    ]
    servers = [
        subprocess.Popen(  # noqa: S603 - our own fixed command lines
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for command in commands
    ]
    wait_healthy(site, servers, log_path)
    return site, servers


def stop(servers: list[subprocess.Popen[bytes]]) -> None:
    for server in servers:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
    for server in servers:
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


@contextmanager
def throwaway_database(postgres: str) -> Iterator[tuple[str, str]]:
    """A new, uniquely named database on the PostgreSQL server ``postgres``, dropped after:
    its name and its URL."""
    import psycopg
    from psycopg import sql

    parts = urllib.parse.urlsplit(postgres)
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit(f"--postgres wants postgres://user@host:port, not {postgres!r}")
    name = f"bench_load_{os.getpid()}_{secrets.token_hex(3)}"
    maintenance = urllib.parse.urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name, urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(maintenance, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def report(name: str, tally: Tally) -> dict[str, float]:
    figures: dict[str, float] = {
        "requests": len(tally.times),
        "p50_ms": percentile(tally.times, 0.50) * 1000,
        "p95_ms": percentile(tally.times, 0.95) * 1000,
        "errors": tally.errors,
        "throttled_429": tally.throttled,
    }
    statuses = ", ".join(f"{key} x{n}" for key, n in sorted(tally.error_statuses.items()))
    print(f"{name}_error_statuses: {statuses or '-'}")
    for key, value in figures.items():
        print(
            f"{name}_{key}: {value:.1f}" if isinstance(value, float) else f"{name}_{key}: {value}"
        )
    for key, value in tally.cpu.items():
        print(f"{name}_{key}: {value:.2f}")
    return figures


def measure(site: Site, meter: CpuMeter, args: argparse.Namespace) -> tuple[dict[str, float], ...]:
    phase(site, 1, 3, args.think, meter)  # warm-up: imports, caches, first connections
    one = report("c1", phase(site, 1, args.seconds, args.think, meter))
    many = report(f"c{args.clients}", phase(site, args.clients, args.seconds, args.think, meter))
    return one, many


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--think", type=float, default=0.3, help="pause between actions")
    parser.add_argument(
        "--production",
        action="store_true",
        help="production settings under gunicorn (deploy/) on a throwaway PostgreSQL database",
    )
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432",
        help="the PostgreSQL server for --production (a database is created and dropped)",
    )
    args = parser.parse_args()
    print(f"mode: {'production' if args.production else 'demo'}")
    print(f"load_1min_before: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        port = free_port()
        if args.production:
            database, url = stack.enter_context(throwaway_database(args.postgres))
            # Logins per user: the warm-up's, the baseline's and each of its devices at 16.
            codes = 2 + -(-args.clients // len(USERS))
            site, servers = start_production(port, Path(tmp), url, codes)
        else:
            database = None
            site, servers = start_demo(port, Path(tmp))
        try:
            meter = CpuMeter({server.pid for server in servers}, database)
            one, many = measure(site, meter, args)
        finally:
            stop(servers)
    print(f"throughput_{args.clients}_vs_1: {many['requests'] / one['requests']:.2f}")
    print(f"p95_{args.clients}_vs_1: {many['p95_ms'] / one['p95_ms']:.2f}")


if __name__ == "__main__":
    main()
