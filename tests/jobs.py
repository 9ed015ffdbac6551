"""Running the queue inside a test: the real django-tasks-db worker, in batch mode."""

from __future__ import annotations

from unittest import mock

from django_tasks_db.management.commands.db_worker import Worker


def run_queued_jobs() -> int:
    """Run every task that is ready (and those they queue), then return how many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    # The worker closes "obsolete" connections between tasks, and inside a test's
    # transaction that would be the test's own connection.
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", return_value=None
    ):
        worker.run()
    return worker._run_tasks
