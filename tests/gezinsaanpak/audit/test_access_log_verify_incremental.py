"""Incremental verification: each run hashes the lines since the last run found a chain
whole, and an edited, removed or cut-off line is still named; ``--full`` hashes all."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gezinsaanpak.audit import log as access_log
from gezinsaanpak.audit import request_context
from gezinsaanpak.audit import verify as access_log_verify
from gezinsaanpak.models.audit import AccessEvent, AccessLogChain, AccessLogVerified, Action
from tests.gezinsaanpak.audit.retention_helpers import (
    TABLE,
    drop_triggers,
    line,
    prune,
    raw,
    write_lines,
)

pytestmark = pytest.mark.django_db


def _verify(*args: str) -> str:
    out = io.StringIO()
    call_command("verify_access_log", *args, stdout=out)
    return out.getvalue()


def _verify_fails(*args: str) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="tampered"):
        call_command("verify_access_log", *args, stderr=err)
    return err.getvalue()


def _update(chain: str, sequence: int, assignments: str, *params: str) -> None:
    """Edit one line in raw SQL (after drop_triggers)."""
    sql = f"UPDATE {TABLE} SET {assignments} WHERE chain = %s AND sequence = %s"  # noqa: S608
    raw(sql, (*params, chain, sequence))


def _point(chain: str) -> tuple[int, str]:
    point = AccessLogVerified.objects.get(chain=chain)
    return point.sequence, point.hash


def test_a_run_records_where_each_chain_is_whole_and_the_next_hashes_only_new_lines(
    specialist, outsider
):
    write_lines(specialist, 3)
    write_lines(outsider, 2)
    chain = str(specialist.organisation_id)
    assert _verify().strip() == "OK: 5 lines in 2 chains"
    assert _point(chain) == (3, line(chain, 3).hash)

    assert _verify().strip() == (
        "OK: 0 lines in 2 chains (2 chain(s) from the last verified line; --full hashes all)"
    )
    write_lines(specialist, 2)
    assert _verify().startswith("OK: 2 lines in 2 chains")
    assert _point(chain) == (5, line(chain, 5).hash)
    assert _verify("--full").strip() == "OK: 7 lines in 2 chains"


def test_a_line_edited_after_the_verified_point_is_named(specialist):
    write_lines(specialist, 2)
    _verify()
    write_lines(specialist, 2)
    chain = str(specialist.organisation_id)
    edited = line(chain, 3)
    drop_triggers()
    raw(f"UPDATE {TABLE} SET reason = 'x' WHERE id = %s", (edited.id.hex,))  # noqa: S608

    errors = _verify_fails()
    assert f"chain {chain} line 3 (id {edited.id}): its content does not match" in errors
    assert "line 4 " not in errors
    # The chain keeps its old point, so the next run names the line again.
    assert _point(chain)[0] == 2
    assert f"chain {chain} line 3 " in _verify_fails()


def test_an_edit_of_an_already_verified_line_is_named_by_full(specialist):
    write_lines(specialist, 3)
    _verify()
    chain = str(specialist.organisation_id)
    edited = line(chain, 2)
    drop_triggers()
    raw(f"UPDATE {TABLE} SET reason = 'x' WHERE id = %s", (edited.id.hex,))  # noqa: S608

    # Documented: incremental does not hash old lines again; --full does.
    _verify()
    errors = _verify_fails("--full")
    assert f"chain {chain} line 2 (id {edited.id}): its content does not match" in errors


def test_a_rewritten_verified_line_is_named_by_incremental(specialist):
    """Editing the last verified line and its hash (and the head with it) is seen without
    hashing anything: the recorded hash no longer matches."""
    write_lines(specialist, 3)
    _verify()
    chain = str(specialist.organisation_id)
    drop_triggers()
    _update(chain, 3, "reason = 'x', hash = %s", "f" * 64)
    AccessLogChain.objects.filter(key=chain).update(hash="f" * 64)

    errors = _verify_fails()
    assert f"chain {chain}: line 3, whole at the last verification, has a different hash" in errors
    assert f"chain {chain} line 3 " in errors  # and the walk from the start names the line


def test_a_line_removed_before_the_verified_point_is_named_by_incremental(specialist):
    write_lines(specialist, 4)
    _verify()
    write_lines(specialist, 1)
    chain = str(specialist.organisation_id)
    drop_triggers()
    raw(f"DELETE FROM {TABLE} WHERE id = %s", (line(chain, 2).id.hex,))  # noqa: S608

    errors = _verify_fails()
    assert f"chain {chain} line 3 " in errors
    assert "lines 2 to 2 are missing" in errors


def test_a_cut_off_tail_is_named_by_incremental_even_with_the_head_moved_back(specialist):
    write_lines(specialist, 3)
    _verify()
    chain = str(specialist.organisation_id)
    second = line(chain, 2)
    drop_triggers()
    raw(f"DELETE FROM {TABLE} WHERE chain = %s AND sequence = 3", (chain,))  # noqa: S608
    AccessLogChain.objects.filter(key=chain).update(sequence=2, hash=second.hash)

    errors = _verify_fails()
    assert f"chain {chain}: line 3, whole at the last verification, is gone" in errors
    assert f"chain {chain}: line 3, whole at the last verification, is gone" in _verify_fails(
        "--full"
    )


def test_a_cut_off_tail_after_the_verified_point_is_named(specialist):
    write_lines(specialist, 2)
    _verify()
    write_lines(specialist, 2)
    chain = str(specialist.organisation_id)
    drop_triggers()
    raw(f"DELETE FROM {TABLE} WHERE chain = %s AND sequence = 4", (chain,))  # noqa: S608
    assert f"chain {chain}: ends at line 3 but its head says line 4" in _verify_fails()


def test_lines_added_behind_the_heads_back_are_named(specialist):
    write_lines(specialist, 2)
    chain = str(specialist.organisation_id)
    head = AccessLogChain.objects.get(key=chain)
    write_lines(specialist, 1)
    AccessLogChain.objects.filter(key=chain).update(sequence=head.sequence, hash=head.hash)
    assert f"chain {chain}: has lines up to line 3 but its head says line 2" in _verify_fails()


def test_pruning_past_the_verified_point_keeps_incremental_verification_whole(specialist):
    write_lines(specialist, 3, days_ago=2000)
    _verify()
    prune()
    write_lines(specialist, 2)
    chain = str(specialist.organisation_id)
    assert AccessEvent.objects.filter(chain=chain).count() == 2
    # Lines 4 and 5 after the checkpoint, and the system chain's line about the prune.
    assert _verify().strip() == "OK: 3 lines in 2 chains"
    assert _verify("--full").strip() == "OK: 3 lines in 2 chains"


def test_the_progress_total_counts_only_the_lines_to_hash(specialist):
    write_lines(specialist, 2)
    assert access_log_verify.lines_to_verify() == 2
    assert access_log_verify.verify().lines == 2
    write_lines(specialist, 1)
    assert access_log_verify.lines_to_verify() == 1
    assert access_log_verify.lines_to_verify(full=True) == 3


ODD_DETAILS = [
    None,
    {"reason": "import"},
    {"filters": []},
    {"filters": ["a", "b.c"], "breach": str(uuid.uuid4())},
    {"kind": "nazorg", "n": 5, "flag": True, "none": None, "ids": ["x:1", "y-2"]},
    {"placement": str(uuid.uuid4()), "status": "done", "ab": 1, "b": 2},
]


@pytest.mark.parametrize("ip", [None, "10.0.0.1", "2001:db8::1", "::ffff:1.2.3.4"])
def test_the_database_hashes_lines_as_python_does(specialist, ip):
    """On PostgreSQL the server hashes the lines; a line it cannot vouch for goes to
    Python. Ordinary lines must never need Python (else the fast path is not fast)."""
    token = request_context._current.set(request_context.RequestContext(ip, "req-12345678"))
    try:
        for details in ODD_DETAILS:
            entries = [
                access_log.Entry(
                    "family",
                    family_id=uuid.uuid4(),
                    fields=("postcode", "caregivers.given_name"),
                    details=details,
                )
            ] * 3
            access_log.record_many(actor=specialist, action=Action.LIST, entries=entries)
        access_log.record(actor=None, action=Action.DELETE, object_type="family")
    finally:
        request_context._current.reset(token)
    if connection.vendor == "postgresql":
        for chain in AccessLogChain.objects.values_list("key", flat=True):
            with connection.cursor() as cursor:
                cursor.execute(
                    access_log_verify._SQL_RANGE,
                    [0, access_log.GENESIS_HASH, chain, 0, 10**9],
                )
                rows = cursor.fetchall()
            assert not [row for row in rows if row[5]], chain
    assert _verify("--full").startswith("OK: 19 lines in 2 chains")


def test_odd_text_goes_to_python_and_still_verifies_and_edits_of_it_are_named(specialist):
    for label in ['Zoë "de" \\ Vries', "tab\there", "nieuwe\nregel", "ĳs ✓"]:
        access_log.record(
            actor=None,
            actor_label=label,
            organisation_id=specialist.organisation_id,
            action=Action.READ,
            object_type="family",
            reason=label,
        )
    chain = str(specialist.organisation_id)
    assert _verify("--full").startswith("OK: 4 lines in 1 chains")
    drop_triggers()
    _update(chain, 1, "actor_label = 'Zoë de Vries'")
    _update(chain, 4, "reason = 'ĳs'")
    errors = _verify_fails("--full")
    assert f"chain {chain} line 1 " in errors
    assert f"chain {chain} line 4 " in errors
    assert "line 2 " not in errors


def test_a_details_edit_that_only_reorders_or_respaces_is_still_named(specialist):
    """The SQL's canonical form must not make two different lines look alike."""
    access_log.record(
        actor=specialist,
        action=Action.READ,
        object_type="family",
        details={"filters": ["a", "b"]},
    )
    access_log.record(
        actor=specialist, action=Action.READ, object_type="family", details={"k": "a"}
    )
    chain = str(specialist.organisation_id)
    drop_triggers()
    _update(chain, 1, "details = %s", '{"filters": ["a, b"]}')
    _update(chain, 2, "details = %s", '{"k": " a"}')
    errors = _verify_fails("--full")
    assert f"chain {chain} line 1 " in errors
    assert f"chain {chain} line 2 " in errors


def test_the_scheduled_job_hashes_everything_again_once_a_week(specialist, settings):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    settings.ACCESS_LOG_FULL_VERIFY_DAYS = 7
    write_lines(specialist, 3)
    assert access_log_verify.full_check_due(7) is False  # nothing verified yet: all is new
    access_log_verify.verify()
    assert access_log_verify.full_check_due(7) is False
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert access_log_verify.full_check_due(7) is True
        access_log_verify.verify()  # incremental: does not count as a full check
        assert access_log_verify.full_check_due(7) is True
        assert access_log_verify.verify(full=True).lines == 3
        assert access_log_verify.full_check_due(7) is False


def test_the_job_hashes_only_the_lines_since_its_last_run(privacy_officer, specialist):
    from gezinsaanpak.services import jobs as job_services
    from tests.jobs import run_queued_jobs

    write_lines(specialist, 5)
    first = job_services.access_log_verify_start(actor=privacy_officer)
    run_queued_jobs()
    first.refresh_from_db()
    second = job_services.access_log_verify_start(actor=privacy_officer)
    run_queued_jobs()
    second.refresh_from_db()
    assert first.result["problems"] == second.result["problems"] == 0
    assert first.result["lines"] >= 5
    # Only the lines written since (the log lines of starting and running the jobs).
    assert second.result["lines"] < 5
    assert second.done == second.total
