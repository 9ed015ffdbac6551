"""What ``/readyz`` checks: the database answers, and a worker has taken a task lately."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def database_answers() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        row = cursor.fetchone()
    return row is not None and tuple(row) == (1,)


def worker_seen_recently() -> bool:
    """A task was started within READYZ_WORKER_SECONDS (the schedule's heartbeat task
    comes every minute, so this holds on an idle system whose worker is alive)."""
    since = timezone.now() - timedelta(seconds=settings.READYZ_WORKER_SECONDS)
    return DBTaskResult.objects.filter(started_at__gte=since).exists()
