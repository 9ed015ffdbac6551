"""The schedule: what runs when, in one place, and the tick that enqueues it.

``manage.py run_schedule`` calls :func:`tick` every minute. Each entry's current time slot
is claimed by inserting a ``ScheduledRun`` row whose (entry, slot) is unique, in the same
transaction as the enqueue: two schedulers started by mistake (or on two machines) both
try, one insert wins, and every slot runs exactly once. A slot missed while no scheduler
ran is caught up once, at the next tick; earlier missed slots are not replayed (each job
does all the work that is due, however long it waited).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from gezinsaanpak.models.job import JobKind, ScheduledRun
from gezinsaanpak.services.jobs import job_start

logger = logging.getLogger("gezinsaanpak.tasks")


@dataclass(frozen=True)
class Every:
    """Every ``minutes`` minutes, in slots counted from midnight UTC."""

    minutes: int

    def slot(self, now: datetime) -> datetime:
        start = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        elapsed = int((now - start).total_seconds() // 60)
        return start + timedelta(minutes=elapsed - elapsed % self.minutes)


@dataclass(frozen=True)
class DailyAt:
    """Once a day at ``at``, local time (``TIME_ZONE``)."""

    at: time

    def slot(self, now: datetime) -> datetime:
        local = timezone.localtime(now)
        today = timezone.make_aware(datetime.combine(local.date(), self.at))
        return today if today <= local else today - timedelta(days=1)


@dataclass(frozen=True)
class Entry:
    name: str
    when: Every | DailyAt
    job: JobKind | None = None  # a job, followed like any other (maintenance scope)
    task: str | None = None  # or a plain task, by path, without a job record

    def enqueue(self) -> object | None:
        if self.job is not None:
            return job_start(kind=self.job)
        if self.task is None:
            raise ValueError(f"Schedule entry {self.name} names neither a job nor a task.")
        import_string(self.task).enqueue()
        return None


SCHEDULE: tuple[Entry, ...] = (
    Entry("worker_heartbeat", Every(1), task="gezinsaanpak.tasks.maintenance.worker_heartbeat"),
    Entry(
        "recover_stalled_jobs",
        Every(1),
        task="gezinsaanpak.tasks.maintenance.recover_stalled_jobs",
    ),
    Entry(
        "deliver_webhooks",
        Every(1),
        task="gezinsaanpak.tasks.referral_notifications.deliver_webhooks",
    ),
    Entry("apply_retention", DailyAt(time(1, 30)), job=JobKind.APPLY_RETENTION),
    Entry("expire_access", DailyAt(time(2, 30)), job=JobKind.EXPIRE_ACCESS),
    Entry("verify_access_log", DailyAt(time(3, 0)), job=JobKind.VERIFY_ACCESS_LOG),
    Entry("prune_access_log", DailyAt(time(3, 30)), job=JobKind.PRUNE_ACCESS_LOG),
    Entry("prune_jobs", DailyAt(time(4, 0)), job=JobKind.PRUNE_JOBS),
    Entry("remind_referral_contact", DailyAt(time(8, 0)), job=JobKind.REMIND_REFERRAL_CONTACT),
    Entry("remind_subject_requests", DailyAt(time(8, 15)), job=JobKind.REMIND_SUBJECT_REQUESTS),
)


def tick(now: datetime | None = None, schedule: tuple[Entry, ...] = SCHEDULE) -> list[str]:
    """Enqueue every entry whose current slot has not run yet; the names enqueued."""
    now = now or timezone.now()
    return [entry.name for entry in schedule if _claim_and_enqueue(entry, entry.when.slot(now))]


def _claim_and_enqueue(entry: Entry, slot: datetime) -> bool:
    if ScheduledRun.objects.filter(name=entry.name, slot=slot).exists():
        return False
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(name=entry.name, slot=slot)
            job = entry.enqueue()
            if job is not None:
                ScheduledRun.objects.filter(pk=run.pk).update(job=job)
    except IntegrityError:
        return False  # another scheduler claimed this slot first
    logger.info("Scheduled %s for %s.", entry.name, slot.isoformat())
    return True
