"""Under load (issue 20): the demo as `make run` serves it, with 16 concurrent clients.

Starts `make run` (migrate, seed_demo, worker, scheduler, gunicorn: the demo's own command
line) on a throwaway SQLite database and a free port, logs in each client as a demo user
(16 clients over 7 users, so some users work from two devices, sharing their API rate), and
lets every client repeat a realistic action for ``--seconds``: a page (home, the family
list or the volunteer's own families) and two API requests, then ``--think`` seconds of
pause. First 1 client (the baseline), then 16, in the same run. Prints ``name: value``
lines; the ratio ``p95_16_vs_1`` is the figure (CONVENTIONS: ratios, not wall-clock limits).

    make bench-load                          # 20 s per phase
    make bench-load ARGS="--seconds 60 --think 0"
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
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
from dataclasses import dataclass, field
from pathlib import Path

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


class Browser:
    """One client: its own cookies, logged in through the login form like a person."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

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

    def login(self, email: str) -> None:
        with self.opener.open(f"{self.origin}/accounts/login/", timeout=60) as page:
            html = page.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token, "no CSRF token on the login page"
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": email, "password": PASSWORD}
        ).encode()
        request = urllib.request.Request(  # noqa: S310
            f"{self.origin}/accounts/login/",
            data=form,
            headers={"Referer": f"{self.origin}/accounts/login/"},
        )
        with self.opener.open(request, timeout=60) as response:
            response.read()
        assert any(c.name == "sessionid" for c in self.jar), f"login as {email} failed"


def work(
    browser: Browser, page: str, api: tuple[str, ...], until: float, think: float, tally: Tally
) -> None:
    while time.monotonic() < until:
        for path in (page, *api):
            start = time.perf_counter()
            status = browser.get(path)
            tally.add(time.perf_counter() - start, status, path)
        time.sleep(think)


def phase(origin: str, clients: int, seconds: float, think: float) -> Tally:
    browsers = []
    for number in range(clients):
        email, page, api = USERS[number % len(USERS)]
        browser = Browser(origin)
        browser.login(email)
        browsers.append((browser, page, api))
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=work, args=(b, page, api, until, think, tally))
        for b, page, api in browsers
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def percentile(times: list[float], fraction: float) -> float:
    return statistics.quantiles(times, n=100, method="inclusive")[round(fraction * 100) - 1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_demo(port: int, tmp: Path) -> subprocess.Popen[bytes]:
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
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if Browser(f"http://127.0.0.1:{port}").get("/healthz") == 200:
            return server
        if server.poll() is not None:
            sys.exit(f"make run stopped; see {tmp / 'server.log'}")
        time.sleep(1)
    sys.exit("the demo did not answer /healthz within 300 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def report(name: str, tally: Tally) -> dict[str, float]:
    figures = {
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
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--think", type=float, default=0.3, help="pause between actions")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        server = start_demo(port, Path(tmp))
        origin = f"http://127.0.0.1:{port}"
        try:
            phase(origin, 1, 3, args.think)  # warm-up: imports, caches, first connections
            one = report("c1", phase(origin, 1, args.seconds, args.think))
            many = report(f"c{args.clients}", phase(origin, args.clients, args.seconds, args.think))
        finally:
            stop(server)
    print(f"throughput_{args.clients}_vs_1: {many['requests'] / one['requests']:.2f}")
    print(f"p95_{args.clients}_vs_1: {many['p95_ms'] / one['p95_ms']:.2f}")


if __name__ == "__main__":
    main()
