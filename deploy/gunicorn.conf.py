"""gunicorn settings for the app servers: ``gunicorn -c deploy/gunicorn.conf.py config.wsgi``.

Every value can be changed through the environment named beside it; a command-line option
(the systemd units pass ``--bind``) overrides this file.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

# Sync workers: each handles one request at a time, so twice the cores plus one keeps the
# CPUs busy while some workers wait on PostgreSQL. Each worker holds one database connection.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# Threads per worker (more than one: gunicorn's gthread worker). The demo (`make run`) uses
# threads on SQLite, where a process per request would only wait on the same file.
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
bind = [os.environ.get("GUNICORN_BIND") or "0.0.0.0:8000"]

# Slow work (imports, exports, key rotation) runs in the task workers, never in a request.
timeout = 30
graceful_timeout = 30
keepalive = 5

# Recycle each worker after about a thousand requests, not all at the same moment.
max_requests = 1000
max_requests_jitter = 100

# Whose X-Forwarded-Proto to believe; the same variable tells the app (config/proxy.py) whose
# X-Forwarded-For to believe. Comma-separated IP addresses or CIDR networks.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1"

# The worker heartbeat file: on tmpfs, so a slow or full disk cannot make workers look hung
# (gunicorn's own advice; the file it makes there is private to the worker).
_SHM = "/dev/shm"  # noqa: S108
if Path(_SHM).is_dir():
    worker_tmp_dir = _SHM

# No control socket (gunicorn 25.1+ makes one under $HOME by default): two instances on one
# host would share its path, and the units' file system is read-only. Signals do the job.
control_socket_disable = True

# Access log to stdout. The path without its query string (%(U)s, never %(r)s or %(q)s):
# search terms can be names or postcodes. %(h)s is REMOTE_ADDR after config.proxy, so behind a
# trusted proxy the client's address. The request id is the one the access log stores.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'


def on_starting(server: object) -> None:
    """No ``Server`` header: gunicorn names itself in every response, and nothing needs it.

    gunicorn has no setting for it, so its response's first lines are filtered once, in the
    master, before the workers are forked (``tests/config/test_web_server.py`` checks it).
    """
    from gunicorn.http import wsgi  # type: ignore[import-untyped]

    original = wsgi.Response.default_headers
    if getattr(original, "without_server_header", False):
        return

    def default_headers(self: object) -> list[str]:
        return [line for line in original(self) if not line.lower().startswith("server:")]

    default_headers.without_server_header = True  # type: ignore[attr-defined]
    wsgi.Response.default_headers = default_headers
