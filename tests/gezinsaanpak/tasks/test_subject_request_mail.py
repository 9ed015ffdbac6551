"""The daily e-mail about data-subject requests: counts and a link, no personal data."""

from __future__ import annotations

import datetime
from datetime import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from gezinsaanpak.models import Job, JobKind
from gezinsaanpak.services import subject_requests as services
from gezinsaanpak.tasks.schedule import SCHEDULE, DailyAt, tick
from tests.factories import CaregiverFactory, FamilyFactory, UserFactory
from tests.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def make(officer, days: int, **extra):
    data = {"kind": "erasure", "received_on": days_ago(days), "description": "Mevrouw Yilmaz"}
    return services.subject_request_create(actor=officer, data=data, **extra)


def test_the_schedule_runs_it_every_morning():
    entry = next(e for e in SCHEDULE if e.name == "remind_subject_requests")
    assert entry.job == JobKind.REMIND_SUBJECT_REQUESTS
    assert entry.when == DailyAt(time(8, 15))


def test_each_organisation_gets_counts_and_a_link_without_personal_data(
    privacy_officer, library, other_library
):
    family = FamilyFactory(organisation=library)
    CaregiverFactory(family=family, family_name="Yilmaz")
    colleague = UserFactory(organisation=library, role=Role.PRIVACY_OFFICER)
    UserFactory(organisation=library, role=Role.PRIVACY_OFFICER, is_active=False)
    UserFactory(organisation=library, role=Role.COORDINATOR)
    make(privacy_officer, 40, family_id=family.pk)
    make(privacy_officer, 45)
    make(privacy_officer, 27)
    make(privacy_officer, 3)
    elsewhere = UserFactory(organisation=other_library, role=Role.PRIVACY_OFFICER)
    make(elsewhere, 26)
    call_command("remind_subject_requests")
    run_queued_jobs()
    assert len(mail.outbox) == 2
    ours = next(m for m in mail.outbox if privacy_officer.email in m.to)
    assert sorted(ours.to) == sorted([privacy_officer.email, colleague.email])
    overdue, due_soon = ours.body.splitlines()[:2]
    assert overdue.startswith("2 ") and due_soon.startswith("1 ")
    assert "/privacy/requests/" in ours.body
    for value in ("Yilmaz", str(family.pk), "erasure", "wissen"):
        assert value not in ours.body and value not in ours.subject
    theirs = next(m for m in mail.outbox if elsewhere.email in m.to)
    assert theirs.to == [elsewhere.email]


def test_no_mail_when_nothing_is_due(privacy_officer):
    make(privacy_officer, 2)
    closed = make(privacy_officer, 40)
    services.subject_request_close(actor=privacy_officer, request=closed, outcome="withdrawn")
    call_command("remind_subject_requests")
    run_queued_jobs()
    assert mail.outbox == []
    assert not Job.objects.filter(kind=JobKind.SUBJECT_REQUEST_MAIL).exists()


def test_a_rerun_the_same_day_sends_no_second_mail(privacy_officer):
    make(privacy_officer, 40)
    call_command("remind_subject_requests", "--now")
    call_command("remind_subject_requests", "--now")
    run_queued_jobs()
    assert len(mail.outbox) == 1
    assert Job.objects.filter(kind=JobKind.SUBJECT_REQUEST_MAIL).count() == 1


def test_a_request_closed_before_the_mail_goes_out_is_not_counted(privacy_officer):
    request = make(privacy_officer, 40)
    call_command("remind_subject_requests", "--now")
    services.subject_request_close(actor=privacy_officer, request=request, outcome="withdrawn")
    run_queued_jobs()
    assert mail.outbox == []


def test_the_tick_enqueues_it_once_a_day(privacy_officer):
    make(privacy_officer, 40)
    morning = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time(8, 20))
    )
    entry = next(e for e in SCHEDULE if e.name == "remind_subject_requests")
    assert tick(morning, schedule=(entry,)) == ["remind_subject_requests"]
    assert tick(morning + datetime.timedelta(minutes=5), schedule=(entry,)) == []
    run_queued_jobs()
    assert len(mail.outbox) == 1
