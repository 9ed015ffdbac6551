"""Container health check for an app server: exit 0 when /healthz answers 200.

Django answers only for a host in ALLOWED_HOSTS, so the check asks for the first one
(without a leading dot: ``.example.org`` also allows ``example.org``).
"""

from __future__ import annotations

import os
import sys
import urllib.request

PORT = (os.environ.get("GUNICORN_BIND") or "0.0.0.0:8000").rpartition(":")[2]


def main() -> int:
    host = (os.environ.get("ALLOWED_HOSTS") or "localhost").split(",")[0].strip().lstrip(".")
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}/healthz", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - a fixed http URL
            return 0 if response.status == 200 else 1
    except OSError as exc:
        print(f"healthz: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
