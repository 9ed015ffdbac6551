"""Run by tests/config/test_demo_safety.py in a subprocess with the demo's own settings.

Prints one JSON object: what the demo answers to a few requests, through the test client
(no server, no database query: none of these requests reaches a view that needs one).
"""

from __future__ import annotations

import json
import sys

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402


def answer(path: str) -> dict[str, object]:
    response = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False).get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return {
        "status": response.status_code,
        "type": response.get("Content-Type", ""),
        "nosniff": response.get("X-Content-Type-Options", ""),
        "referrer": response.get("Referrer-Policy", ""),
        "body": body.decode("utf-8", "replace")[:3000],
    }


paths = sys.argv[1:]
print(json.dumps({"debug": settings.DEBUG, "answers": {path: answer(path) for path in paths}}))
