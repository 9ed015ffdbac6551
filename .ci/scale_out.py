#!/usr/bin/env python3
"""Proves that the service scales out: two app servers and one worker on one database.

Run by ``.ci/scale-out``, which creates the database, migrates it, collects the static files
and sets the production environment (``config.settings.production``). This script creates
two users, starts two gunicorn app servers (A and B) and one task worker, and proves:

- a session that logs in (password and TOTP code) on A works on B;
- a TOTP code used on A is refused on B (django-otp's replay guard is shared);
- django-axes counts failed logins of both servers together, and the lockout holds on both;
- the API's anonymous rate limit counts the requests of both servers together (database);
- a job started on B is run by the worker and seen done on A (the task framework, issue 13).

One ``ok: ...`` line per property; on the first failure a message, the tails of the
processes' logs and exit status 1. Standard library only: it drives the servers like a
browser behind a TLS proxy would (``X-Forwarded-Proto: https``, secure cookies, CSRF).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any, NoReturn

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TMP = Path(os.environ.get("SCALE_OUT_TMP") or "/tmp")  # noqa: S108 - .ci/scale-out sets its own
HOST = "127.0.0.1"

OFFICER_EMAIL = "privacy@scale-out.example"
COACH_EMAIL = "coach@scale-out.example"

# base.py: AXES_FAILURE_LIMIT and AXES_HTTP_RESPONSE_CODE (django-axes' default, 429).
AXES_FAILURE_LIMIT = 10
AXES_STATUS = 429
# production.py keeps base.py's REST_FRAMEWORK: DEFAULT_THROTTLE_RATES["anon"] = "60/minute".
ANON_RATE = 60
# Anonymous and throttled: DRF checks permissions before throttles, so an endpoint that
# needs a login (/api/v1/me/) answers 403 to an anonymous client and never counts it. The
# API docs page is open to everyone (SPECTACULAR_SETTINGS SERVE_PERMISSIONS) and cheap.
ANON_ENDPOINT = "/api/v1/docs/"
# Texts of templates/accounts/locked_out.html, in Dutch (the default) and English.
LOCKED_OUT_TITLES = ("Te vaak geprobeerd", "Too many attempts")

JOB_TIMEOUT = 60.0
HEALTH_TIMEOUT = 30.0


class ScaleOutError(Exception):
    """A property does not hold; the message says which and what was seen."""


def fail(message: str) -> NoReturn:
    raise ScaleOutError(message)


def ok(message: str) -> None:
    print(f"ok: {message}", flush=True)


def info(message: str) -> None:
    print(f"scale-out: {message}", flush=True)


# --- Processes ------------------------------------------------------------------------------


@dataclass
class Process:
    name: str
    args: list[str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None

    def start(self, env: dict[str, str]) -> None:
        with self.log.open("wb") as log:
            # Its own session (process group), so gunicorn's workers can be stopped with it.
            self.popen = subprocess.Popen(  # noqa: S603 - our own fixed command line
                self.args,
                cwd=REPO,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        # .ci/scale-out kills what is left in this list should this script die without cleanup.
        with (TMP / "pids").open("a", encoding="utf-8") as pids:
            pids.write(f"{self.popen.pid}\n")

    def exit_code(self) -> int | None:
        return None if self.popen is None else self.popen.poll()

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.popen.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=10)
        # Whatever is left of its process group (a gunicorn worker that did not stop).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=5)

    def tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:]) or "(empty log)"


def manage(*args: str, env: dict[str, str] | None = None) -> str:
    """Runs ``manage.py`` to completion; its standard output, or a failure with its output."""
    done = subprocess.run(  # noqa: S603 - our own fixed command line
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        fail(f"manage.py {args[0]} exited with {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout


def free_port(preferred: int) -> int:
    """``preferred`` when nothing listens there, otherwise a port the system picks."""
    for candidate in (preferred, 0):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            # As gunicorn binds: a port whose last connections linger in TIME_WAIT is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((HOST, candidate))
            except OSError:
                continue
            port: int = probe.getsockname()[1]
            return port
    fail("no free TCP port on 127.0.0.1")


# --- HTTP -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    name: str
    port: int

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def origin(self) -> str:
        """The address a browser sees: the TLS proxy in front of this server."""
        return f"https://{HOST}:{self.port}"


@dataclass
class Response:
    status: int
    headers: Message
    body: str

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError:
            fail(f"expected JSON, got {self.status}: {self.body[:300]!r}")


class LocalSecureCookies(http.cookiejar.DefaultCookiePolicy):
    """Sends secure (``__Host-``) cookies over plain HTTP to 127.0.0.1 only.

    The servers are told the request came in over HTTPS (``X-Forwarded-Proto``), as behind
    the TLS proxy of production; between this script and gunicorn it is plain HTTP.
    """

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        if urllib.parse.urlsplit(request.get_full_url()).hostname == HOST:
            return True
        return bool(super().return_ok_secure(cookie, request))


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Every redirect comes back as the response itself, to check where it points."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Browser:
    """One browser: its own cookie jar, shared by every server (cookies ignore the port)."""

    jar: http.cookiejar.CookieJar = field(
        default_factory=lambda: http.cookiejar.CookieJar(LocalSecureCookies())
    )

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),  # never a proxy from the environment
            NoRedirects(),
            urllib.request.HTTPCookieProcessor(self.jar),
        )

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def request(
        self,
        server: Server,
        method: str,
        path: str,
        *,
        form: dict[str, str] | None = None,
        json_body: Any = None,
    ) -> Response:
        headers = {"X-Forwarded-Proto": "https", "Accept": "text/html,application/json"}
        data: bytes | None = None
        if method not in {"GET", "HEAD"}:
            # What a browser sends from a page of the same site; CSRF checks the origin.
            headers["Origin"] = server.origin
            headers["Referer"] = f"{server.origin}/"
            csrf = self.cookie("__Host-csrftoken")
            if csrf:
                headers["X-CSRFToken"] = csrf
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            data = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        url = f"{server.base}{path}"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310 - http://127.0.0.1 only
        try:
            with self.opener.open(request, timeout=30) as answer:
                return Response(answer.status, answer.headers, answer.read().decode())
        except urllib.error.HTTPError as answer:
            with answer:
                return Response(answer.code, answer.headers, answer.read().decode())
        except (urllib.error.URLError, OSError) as exc:
            fail(f"{method} {path} on {server.name} ({url}): {exc}")

    def get(self, server: Server, path: str) -> Response:
        return self.request(server, "GET", path)

    def post_form(self, server: Server, path: str, form: dict[str, str]) -> Response:
        return self.request(server, "POST", path, form=form)


def expect(response: Response, status: int, what: str) -> Response:
    if response.status != status:
        fail(f"{what}: answered {response.status}, expected {status}: {response.body[:400]!r}")
    return response


def form_token(response: Response, what: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.body)
    if found is None:
        fail(f"{what}: no csrfmiddlewaretoken in the page")
    return found.group(1)


def location(response: Response) -> str:
    return urllib.parse.urlsplit(response.headers.get("Location", "")).path


def totp(key_hex: str, now: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 with django-otp's TOTPDevice defaults (HMAC-SHA1, 30 s, 6 digits, t0 0)."""
    counter = int((time.time() if now is None else now) // step)
    digest = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return f"{code:0{digits}d}"


# --- Set-up ---------------------------------------------------------------------------------

# Run with ``manage.py shell -c``; the secrets come in through the environment.
CREATE_USERS = """
import json, os
from accounts.models import Municipality, Organisation, User
from django_otp.plugins.otp_totp.models import TOTPDevice

place = Municipality.objects.create(code="GM9901", name="Schaalstad")
library = Organisation.objects.create(name="Bibliotheek Schaalstad", kind="library")
library.municipalities.set([place])
officer = User.objects.create_user(
    os.environ["SCALE_OUT_OFFICER"], os.environ["SCALE_OUT_PASSWORD"],
    name="Privacy Officer", role="privacy_officer", organisation=library,
)
TOTPDevice.objects.create(
    user=officer, name="authenticator", confirmed=True, key=os.environ["SCALE_OUT_TOTP_KEY"]
)
coach = User.objects.create_user(
    os.environ["SCALE_OUT_COACH"], os.environ["SCALE_OUT_PASSWORD"],
    name="Coach", role="coach", organisation=library,
)
print(json.dumps({"officer": str(officer.pk), "coach": str(coach.pk)}))
"""


@dataclass(frozen=True)
class Users:
    officer_id: str
    password: str
    totp_key: str


def create_users() -> Users:
    password = secrets.token_urlsafe(18)
    totp_key = secrets.token_hex(20)
    env = {
        **os.environ,
        "SCALE_OUT_OFFICER": OFFICER_EMAIL,
        "SCALE_OUT_COACH": COACH_EMAIL,
        "SCALE_OUT_PASSWORD": password,
        "SCALE_OUT_TOTP_KEY": totp_key,
    }
    output = manage("shell", "-c", CREATE_USERS, env=env)
    ids = json.loads(output.strip().splitlines()[-1])
    return Users(ids["officer"], password, totp_key)


def wait_healthy(server: Server, process: Process) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT
    probe = Browser()
    while time.monotonic() < deadline:
        if process.exit_code() is not None:
            fail(f"app server {server.name} exited with {process.exit_code()} at start-up")
        try:
            request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
                f"{server.base}/healthz", headers={"X-Forwarded-Proto": "https"}
            )
            with probe.opener.open(request, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    fail(f"app server {server.name}: /healthz did not answer 200 within {HEALTH_TIMEOUT:.0f}s")


# --- The properties -------------------------------------------------------------------------


def check_anon_throttle(a: Server, b: Server) -> None:
    """The anonymous rate limit counts A's and B's requests together."""
    anonymous = Browser()
    passed = {a.name: 0, b.name: 0}
    for number in range(1, ANON_RATE + 1):
        server = a if number % 2 else b
        answer = anonymous.get(server, ANON_ENDPOINT)
        if answer.status != 200:
            fail(
                f"anonymous request {number} of {ANON_RATE} ({ANON_ENDPOINT} on {server.name}) "
                f"answered {answer.status}; the first {ANON_RATE} in a minute should pass"
            )
        passed[server.name] += 1
    for server in (a, b):
        answer = anonymous.get(server, ANON_ENDPOINT)
        if answer.status != 429:
            fail(
                f"anonymous request {ANON_RATE + 1} ({ANON_ENDPOINT} on {server.name}) answered "
                f"{answer.status}, expected 429: each server saw only {passed[server.name]}, "
                "so the rate counter is not shared (gezinsaanpak_ratecounter in one database?)"
            )
    ok(
        f"anonymous API throttle is shared: {passed[a.name]} requests on A + {passed[b.name]} "
        f"on B pass, request {ANON_RATE + 1} is 429 on A and on B (counter in the database)"
    )


def log_in_with_password(browser: Browser, server: Server, email: str, password: str) -> Response:
    page = expect(browser.get(server, "/accounts/login/"), 200, f"GET login page on {server.name}")
    form = {
        "csrfmiddlewaretoken": form_token(page, f"login page on {server.name}"),
        "username": email,
        "password": password,
        "next": "",
    }
    return browser.post_form(server, "/accounts/login/", form)


def verify_code(browser: Browser, server: Server, code: str) -> Response:
    what = f"GET /accounts/verify/ on {server.name}"
    page = expect(browser.get(server, "/accounts/verify/"), 200, what)
    form = {"csrfmiddlewaretoken": form_token(page, what), "token": code, "next": "/"}
    return browser.post_form(server, "/accounts/verify/", form)


def check_shared_session(a: Server, b: Server, users: Users) -> tuple[Browser, str]:
    """Log in on A (password, then TOTP code); the session works on B. Returns it and the code."""
    officer = Browser()
    answer = log_in_with_password(officer, a, OFFICER_EMAIL, users.password)
    expect(answer, 302, f"POST /accounts/login/ on A as {OFFICER_EMAIL}")
    if not officer.cookie("__Host-sessionid"):
        fail("logging in on A set no __Host-sessionid cookie")

    # Half logged in: B's API refuses the session until the second step is done.
    pending = expect(officer.get(b, "/api/v1/me/"), 403, "GET /api/v1/me/ on B before the code")
    if "two_factor_required" not in pending.body:
        fail(f"GET /api/v1/me/ on B before the code: no two_factor_required: {pending.body!r}")
    ok("B sees the session from A waiting for its second factor (403 two_factor_required)")

    code = totp(users.totp_key)
    answer = verify_code(officer, a, code)
    expect(answer, 302, "POST /accounts/verify/ on A with the TOTP code")

    session_from_a = officer.cookie("__Host-sessionid")
    me_a = expect(officer.get(a, "/api/v1/me/"), 200, "GET /api/v1/me/ on A after login").json()
    me_b = expect(officer.get(b, "/api/v1/me/"), 200, "GET /api/v1/me/ on B").json()
    if officer.cookie("__Host-sessionid") != session_from_a:
        fail("B answered with another session than the one A issued")
    for me, where in ((me_a, "A"), (me_b, "B")):
        seen = (me.get("id"), me.get("email"), me.get("two_factor_verified"))
        if seen != (users.officer_id, OFFICER_EMAIL, True):
            fail(f"GET /api/v1/me/ on {where}: expected the verified officer, got {me!r}")
    expect(officer.get(b, "/"), 200, "GET / (the start page) on B")
    ok(
        f"session from A works on B: /api/v1/me/ on B is {OFFICER_EMAIL}, two-factor verified, "
        "same session cookie"
    )
    return officer, code


def check_shared_replay_guard(a: Server, b: Server, users: Users, used_code: str) -> None:
    """The TOTP code used on A cannot be used again on B."""
    other = Browser()
    answer = log_in_with_password(other, b, OFFICER_EMAIL, users.password)
    expect(answer, 302, f"POST /accounts/login/ on B as {OFFICER_EMAIL}")
    answer = verify_code(other, b, used_code)
    if answer.status != 200 or 'name="token"' not in answer.body:
        fail(
            f"POST /accounts/verify/ on B with the code already used on A answered "
            f"{answer.status} {location(answer)!r}; expected the form again (200)"
        )
    expect(other.get(b, "/api/v1/me/"), 403, "GET /api/v1/me/ on B after the refused code")
    ok("a TOTP code used on A is refused on B (django-otp's replay guard is in the database)")


def check_shared_lockout(a: Server, b: Server, users: Users) -> None:
    """django-axes counts failures on A and on B together and locks on both."""
    per_server = AXES_FAILURE_LIMIT // 2
    attacker = Browser()
    page = expect(attacker.get(a, "/accounts/login/"), 200, "GET login page on A")
    token = form_token(page, "login page on A")
    wrong = {"csrfmiddlewaretoken": token, "username": COACH_EMAIL, "password": "not-it-" * 3}
    attempts = [a] * per_server + [b] * per_server
    for number, server in enumerate(attempts, start=1):
        answer = attacker.post_form(server, "/accounts/login/", {**wrong, "next": ""})
        if number < AXES_FAILURE_LIMIT:
            if answer.status != 200 or 'name="password"' not in answer.body:
                fail(
                    f"failed login {number} (on {server.name}) answered {answer.status}; "
                    "expected the login form again (200)"
                )
        elif answer.status != AXES_STATUS:
            fail(
                f"failed login {number} (on {server.name}) answered {answer.status}, expected "
                f"{AXES_STATUS} (locked out): each server saw only {per_server} failures, so the "
                "failure counter is not shared"
            )
    ok(
        f"{per_server} failed logins on A + {per_server} on B lock {COACH_EMAIL} out "
        f"(django-axes counts in the shared database; attempt {AXES_FAILURE_LIMIT} is "
        f"{AXES_STATUS})"
    )

    right = {**wrong, "password": users.password, "next": ""}
    for server in (a, b):
        answer = attacker.post_form(server, "/accounts/login/", right)
        locked_page = any(title in answer.body for title in LOCKED_OUT_TITLES)
        if answer.status != AXES_STATUS or not locked_page:
            fail(
                f"the correct password after {AXES_FAILURE_LIMIT} failures, on {server.name}, "
                f"answered {answer.status} {location(answer)!r}; expected the locked-out page "
                f"({AXES_STATUS})"
            )
    if attacker.cookie("__Host-sessionid"):
        fail("a locked-out login attempt got a session cookie")
    ok(
        f"attempt {AXES_FAILURE_LIMIT + 1} with the correct password is refused on A and on B "
        f"({AXES_STATUS}, locked-out page, no session)"
    )


# --- Jobs (the task framework, issue 13) ----------------------------------------------------
# Needs POST /api/v1/access-log/verify/, GET /api/v1/jobs/<id>/, the page /jobs/<id>/ and
# ``manage.py db_worker`` (django-tasks-db). Before that is merged these answer 404 and the
# worker does not start: this section then fails, with a message that says so.


def check_jobs(a: Server, b: Server, officer: Browser, worker: Process) -> None:
    if worker.exit_code() is not None:
        fail(
            f"the worker (manage.py db_worker) exited with {worker.exit_code()}; is "
            "django-tasks-db installed and the task framework (issue 13) merged?\n"
            f"{worker.tail(15)}"
        )
    answer = officer.request(b, "POST", "/api/v1/access-log/verify/", json_body={})
    expect(answer, 202, "POST /api/v1/access-log/verify/ on B (start a job)")
    job = answer.json()
    job_id = str(job.get("id") or "")
    if not job_id or job.get("status") != "queued":
        fail(f"POST /api/v1/access-log/verify/ on B: expected a queued job, got {job!r}")
    api_path = f"/api/v1/jobs/{job_id}/"
    if location(answer) != api_path:
        fail(f"the new job's Location is {answer.headers.get('Location')!r}, expected {api_path}")

    started = time.monotonic()
    seen: list[str] = []
    while True:
        job = expect(officer.get(a, api_path), 200, f"GET {api_path} on A").json()
        status = job.get("status")
        if not seen or seen[-1] != status:
            seen.append(str(status))
        if status == "done":
            break
        if status == "failed":
            fail(f"the job failed: {job.get('error')!r} (seen {' → '.join(seen)})")
        if status not in {"queued", "running"}:
            fail(f"GET {api_path} on A: unknown status {status!r}: {job!r}")
        if worker.exit_code() is not None:
            fail(f"the worker exited with {worker.exit_code()} while the job was {status}")
        if time.monotonic() - started > JOB_TIMEOUT:
            fail(f"the job is still {status} after {JOB_TIMEOUT:.0f}s (seen {' → '.join(seen)})")
        time.sleep(0.25)
    if job.get("id") != job_id or job.get("result") is None:
        fail(f"GET {api_path} on A: a done job needs its id and a result, got {job!r}")
    ok(
        f"a job started on B is run by the worker and seen done on A in "
        f"{time.monotonic() - started:.1f}s ({' → '.join(seen)}, result present)"
    )

    page = expect(officer.get(a, f"/jobs/{job_id}/"), 200, f"GET /jobs/{job_id}/ on A")
    if "<progress" not in page.body:
        fail(f"GET /jobs/{job_id}/ on A: no <progress> element in the page")
    ok(f"the job's page /jobs/{job_id}/ on A answers 200 with a <progress> element")

    for server in (a, b):
        ready = expect(Browser().get(server, "/readyz"), 200, f"GET /readyz on {server.name}")
        if ready.json() != {"database": "ok", "worker": "ok"}:
            fail(f"/readyz on {server.name}: {ready.body}")
    ok("/readyz on A and on B: the database answers and a worker took a job lately")


# --- Main -----------------------------------------------------------------------------------


def run(processes: list[Process]) -> None:
    started = time.monotonic()
    users = create_users()

    ports = [int(p) for p in os.environ.get("SCALE_OUT_PORTS", "18081,18082").split(",")]
    port_a = free_port(ports[0])
    port_b = free_port(ports[1] if ports[1] != port_a else 0)
    a, b = Server("A", port_a), Server("B", port_b)
    env = {**os.environ, "CSRF_TRUSTED_ORIGINS": f"{a.origin},{b.origin}"}
    for server in (a, b):
        # The production gunicorn settings (deploy/), on a port of its own, two workers each.
        args = [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi"]
        args += ["-b", f"{HOST}:{server.port}", "--workers", "2"]
        processes.append(Process(f"app server {server.name}", args, TMP / f"{server.name}.log"))
    worker_args = [sys.executable, "manage.py", "db_worker", "--queue-name", "*"]
    worker_args += ["--interval", "0.2", "--no-startup-delay"]
    worker = Process("worker", worker_args, TMP / "worker.log")
    processes.append(worker)
    for process in processes:
        process.start(env)
    for server, process in zip((a, b), processes[:2], strict=True):
        wait_healthy(server, process)
    ok(f"two app servers answer /healthz: A on {a.base}, B on {b.base} (2 workers each)")

    check_anon_throttle(a, b)
    officer, code = check_shared_session(a, b, users)
    check_shared_replay_guard(a, b, users, code)
    check_shared_lockout(a, b, users)
    check_jobs(a, b, officer, worker)

    for process in processes:
        if process.exit_code() is not None:
            fail(f"{process.name} exited with {process.exit_code()} during the checks")
    info(f"all properties hold ({time.monotonic() - started:.0f}s after migrating)")


def main() -> int:
    def terminate(signum: int, frame: Any) -> NoReturn:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    processes: list[Process] = []
    try:
        run(processes)
    except ScaleOutError as failure:
        print(f"scale-out: FAILED: {failure}", file=sys.stderr, flush=True)
        for process in processes:
            print(f"--- last lines of the {process.name}'s log ---", file=sys.stderr)
            print(process.tail(), file=sys.stderr, flush=True)
        return 1
    finally:
        for process in processes:
            process.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
