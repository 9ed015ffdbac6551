"""Background jobs on Django's task framework, and the schedule (``schedule.py``).

Each module holds the tasks of one area; ``runner`` gives them their shared life (claim,
progress, finish, failure without personal data, retry). Services start jobs with
``gezinsaanpak.services.jobs.job_start``; workers (``manage.py db_worker``) run them.
"""
