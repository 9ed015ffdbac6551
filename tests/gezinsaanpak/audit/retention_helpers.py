"""Writing access-log lines in the past, and lifting the triggers the way DDL rights would."""

from __future__ import annotations

import importlib
import io
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models.audit import AccessEvent, Action

TABLE = AccessEvent._meta.db_table
triggers = importlib.import_module("gezinsaanpak.migrations.0015_access_log_retention")
CHECKPOINTS = triggers.CHECKPOINTS
OLD = 2000  # days ago: past the 5 years (1826 days)


def write_lines(user, n: int = 1, *, days_ago: int = 0) -> None:
    """``n`` lines by ``user`` (None: the system), written ``days_ago`` days ago."""
    entries = [access_log.Entry("family", family_id=uuid.uuid4(), fields=("postcode",))] * n
    with time_machine.travel(timezone.now() - timedelta(days=days_ago), tick=False):
        access_log.record_many(
            actor=user, actor_label=None if user else "test", action=Action.LIST, entries=entries
        )


def raw(sql: str, params: tuple = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or None)


def drop_triggers() -> None:
    """What someone with DDL rights would do first; rolled back with the test."""
    for statement in triggers.STATEMENTS[connection.vendor][1]:
        raw(statement)


def create_triggers() -> None:
    for statement in triggers.STATEMENTS[connection.vendor][0]:
        raw(statement)


def line(chain: str, sequence: int) -> AccessEvent:
    return AccessEvent.objects.get(chain=chain, sequence=sequence)


def sequences(chain: str) -> list[int]:
    lines = AccessEvent.objects.filter(chain=chain).order_by("sequence")
    return list(lines.values_list("sequence", flat=True))


def prune(*args: str) -> str:
    out = io.StringIO()
    call_command("prune_access_log", *args, stdout=out)
    return out.getvalue()


def verify() -> str:
    out = io.StringIO()
    call_command("verify_access_log", stdout=out)
    return out.getvalue()


def verify_fails() -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="tampered"):
        call_command("verify_access_log", stderr=err)
    return err.getvalue()
