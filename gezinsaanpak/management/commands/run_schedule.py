"""The scheduler: enqueue scheduled jobs (``gezinsaanpak/tasks/schedule.py``) every minute.

Run exactly one (a second one does no harm: each slot is claimed once in the database).
It only enqueues; workers (``manage.py db_worker``) do the work. Stops on SIGTERM/Ctrl-C.
"""

from __future__ import annotations

import signal
import threading
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from gezinsaanpak.tasks.schedule import tick


class Command(BaseCommand):
    help = "Enqueue the scheduled jobs when they are due (runs until stopped; --once ticks once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Tick once and exit.")
        parser.add_argument(
            "--interval", type=float, default=30.0, help="Seconds between ticks (default 30)."
        )

    def handle(
        self, *args: Any, once: bool = False, interval: float = 30.0, **options: Any
    ) -> None:
        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        if not once:
            signal.signal(signal.SIGTERM, request_stop)
            signal.signal(signal.SIGINT, request_stop)
            self.stdout.write(f"Scheduler started; ticking every {interval:g} s.")
        while True:
            close_old_connections()
            for name in tick():
                self.stdout.write(f"{time.strftime('%H:%M:%S')} enqueued {name}")
            if once or stop.wait(interval):
                break
        close_old_connections()
