"""Lines past their 5 years leave as a prefix of their chain, behind a checkpoint, and the
chain still verifies from there: an edit or a deletion after the checkpoint still shows."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from gezinsaanpak.audit import retention
from gezinsaanpak.audit.log import SYSTEM_CHAIN
from gezinsaanpak.models.audit import AccessEvent, AccessLogCheckpoint, Action
from gezinsaanpak.models.job import JobKind, JobStatus
from gezinsaanpak.services.jobs import job_start
from gezinsaanpak.tasks.runner import run_inline

from .retention_helpers import (
    CHECKPOINTS,
    OLD,
    TABLE,
    create_triggers,
    drop_triggers,
    line,
    prune,
    raw,
    sequences,
    verify,
    verify_fails,
    write_lines,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(specialist) -> str:
    """The specialist's organisation's chain: lines 1-3 are old, 4-5 are ten days old."""
    write_lines(specialist, 3, days_ago=OLD)
    write_lines(specialist, 2, days_ago=10)
    return str(specialist.organisation_id)


def test_prune_removes_exactly_the_old_prefix_behind_a_checkpoint(chain):
    last_removed = line(chain, 3)

    out = prune()

    assert f"chain {chain}: removed 3 line(s), through line 3" in out
    assert sequences(chain) == [4, 5]
    checkpoint = AccessLogCheckpoint.objects.get(chain=chain)
    assert (checkpoint.sequence, checkpoint.hash) == (3, last_removed.hash)
    assert (checkpoint.line_at, checkpoint.removed, checkpoint.by) == (
        last_removed.at,
        3,
        "command",
    )


def test_the_prune_writes_its_own_line_naming_the_chain_and_counts(chain):
    prune()
    pruned = AccessEvent.objects.get(chain=SYSTEM_CHAIN, object_type="access_log")
    checkpoint = AccessLogCheckpoint.objects.get(chain=chain)
    assert (pruned.action, pruned.actor_label, pruned.object_id) == (
        Action.DELETE,
        "prune_access_log",
        str(checkpoint.pk),
    )
    assert pruned.details == {
        "chain": chain,
        "through_sequence": 3,
        "removed": 3,
        "by": "command",
    }


def test_a_pruned_chain_still_verifies_from_its_checkpoint(chain):
    prune()
    # lines 4 and 5 of the chain, and the prune's own line in the system chain
    assert verify().strip() == "OK: 3 lines in 2 chains"


def test_an_edited_line_after_the_checkpoint_is_still_detected(chain):
    prune()
    edited = line(chain, 5)
    drop_triggers()
    raw(f"UPDATE {TABLE} SET fields = %s WHERE id = %s", ('["notes"]', edited.id.hex))  # noqa: S608

    errors = verify_fails()
    assert f"chain {chain} line 5 (id {edited.id}): its content does not match" in errors
    assert "line 4 " not in errors


def test_the_first_line_after_the_checkpoint_deleted_is_detected(chain):
    prune()
    drop_triggers()
    raw(f"DELETE FROM {TABLE} WHERE id = %s", (line(chain, 4).id.hex,))  # noqa: S608

    errors = verify_fails()
    assert f"chain {chain} line 5 " in errors
    assert "lines 4 to 4 after the checkpoint at line 3 are missing (deleted)" in errors


def test_a_later_line_deleted_after_the_checkpoint_is_detected(specialist, chain):
    write_lines(specialist, 1)
    prune()
    drop_triggers()
    raw(f"DELETE FROM {TABLE} WHERE id = %s", (line(chain, 5).id.hex,))  # noqa: S608

    assert f"chain {chain} line 6 " in (errors := verify_fails())
    assert "lines 5 to 5 are missing (deleted)" in errors


def test_an_edited_checkpoint_no_longer_links_to_the_chain(chain):
    prune()
    drop_triggers()
    raw(f"UPDATE {CHECKPOINTS} SET hash = %s WHERE chain = %s", ("f" * 64, chain))  # noqa: S608

    errors = verify_fails()
    assert f"chain {chain} line 4 " in errors
    assert "does not link to the checkpoint at line 3" in errors


def test_a_fully_pruned_chain_verifies(outsider, chain):
    write_lines(outsider, 2, days_ago=OLD)
    other = str(outsider.organisation_id)

    prune()

    assert sequences(other) == []
    assert AccessLogCheckpoint.objects.get(chain=other).sequence == 2
    assert verify().strip() == "OK: 4 lines in 3 chains"


def test_a_fully_pruned_chain_whose_head_was_moved_back_is_found(outsider):
    write_lines(outsider, 2, days_ago=OLD)
    prune()
    raw(
        "UPDATE gezinsaanpak_accesslogchain SET sequence = 1 WHERE key = %s",
        (str(outsider.organisation_id),),
    )

    assert "ends at line 2 but its head says line 1" in verify_fails()


def test_dry_run_changes_nothing(chain):
    before = list(AccessEvent.objects.values_list("id", flat=True))

    out = prune("--dry-run")

    assert f"chain {chain}: would remove 3 line(s), through line 3" in out
    assert "Dry run: would remove 3 line(s) older than 1826 days" in out
    assert list(AccessEvent.objects.values_list("id", flat=True)) == before
    assert not AccessLogCheckpoint.objects.exists()


def test_a_second_run_removes_nothing(chain):
    prune()
    lines, checkpoints = AccessEvent.objects.count(), AccessLogCheckpoint.objects.count()

    assert prune().strip() == "Removed 0 line(s) older than 1826 days"
    assert (AccessEvent.objects.count(), AccessLogCheckpoint.objects.count()) == (
        lines,
        checkpoints,
    )


def test_only_a_prefix_goes_when_a_younger_line_comes_first(specialist):
    """Lines 1 and 3 are old, but line 2 is not: only line 1 may go."""
    write_lines(specialist, 1, days_ago=OLD)
    write_lines(specialist, 1, days_ago=10)
    write_lines(specialist, 1, days_ago=OLD)
    chain = str(specialist.organisation_id)

    prune()

    assert sequences(chain) == [2, 3]
    assert verify().startswith("OK")


def test_a_longer_retention_keeps_more_and_a_shorter_one_is_refused(chain, settings):
    assert "Removed 0 line(s) older than 3000 days" in prune("--older-than-days", "3000")
    with pytest.raises(CommandError, match="at least ACCESS_LOG_RETENTION_DAYS"):
        prune("--older-than-days", "30")
    settings.ACCESS_LOG_RETENTION_DAYS = 5
    assert f"chain {chain}: removed 5 line(s)" in prune()
    assert sequences(chain) == []


def test_a_chain_that_does_not_verify_keeps_its_old_lines_as_evidence(chain):
    drop_triggers()
    raw(f"UPDATE {TABLE} SET reason = 'x' WHERE chain = %s AND sequence = 2", (chain,))  # noqa: S608
    create_triggers()

    with pytest.raises(CommandError, match="do not verify"):
        prune()

    assert sequences(chain) == [1, 2, 3, 4, 5]
    assert not AccessLogCheckpoint.objects.exists()


def test_many_old_lines_go_in_batches_each_behind_its_checkpoint(specialist, monkeypatch):
    monkeypatch.setattr(retention, "BATCH", 2)
    write_lines(specialist, 5, days_ago=OLD)
    chain = str(specialist.organisation_id)

    assert f"chain {chain}: removed 5 line(s), through line 5" in prune()

    checkpoints = AccessLogCheckpoint.objects.filter(chain=chain).order_by("sequence")
    assert [(c.sequence, c.removed) for c in checkpoints] == [(2, 2), (4, 2), (5, 1)]
    assert verify().startswith("OK")


def test_lines_kept_past_their_checkpoint_are_a_note_not_a_problem(chain):
    """A checkpoint recorded before its lines were removed (as dropping a month's
    partition will do): the chain verifies from the checkpoint, and the command says so."""
    last = line(chain, 2)
    AccessLogCheckpoint.objects.create(
        chain=chain, sequence=2, hash=last.hash, line_at=last.at, removed=2, by="command"
    )

    out = verify()

    assert "2 line(s) at or before its checkpoint at line 2 are still there" in out
    assert "OK: 3 lines in 1 chains" in out


def test_the_scheduled_job_prunes_and_counts(chain):
    job = run_inline(job_start(kind=JobKind.PRUNE_ACCESS_LOG, enqueue=False))

    assert job.status == JobStatus.DONE
    assert job.result == {"pruned_chains": 1, "removed": 3}
    assert AccessLogCheckpoint.objects.get(chain=chain).by == "schedule"
