"""The test run's ``flush``: able to empty the append-only access log too.

Only the test settings install this app, ahead of ``gezinsaanpak``, so this command wins
there; everywhere else ``flush`` refuses a database that holds access-log lines. The
runner flushes after every transactional test; the triggers are lifted and put back
around it exactly as in the guarded command, only without its check.
"""

from __future__ import annotations

from gezinsaanpak.management.commands import flush


class Command(flush.Command):
    keep_access_log = False
