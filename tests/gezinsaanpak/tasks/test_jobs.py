"""Jobs as their owners follow them: progress, results, downloads, and 404 for others."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gezinsaanpak.models import AccessEvent
from gezinsaanpak.models.job import Job, JobFile, JobKind, JobScope, JobStatus
from gezinsaanpak.services import jobs as job_services
from gezinsaanpak.tasks import runner
from gezinsaanpak.tasks.maintenance import recover_stalled_jobs
from tests.conftest import client_for
from tests.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db


def verify_job(privacy_officer) -> Job:
    return job_services.access_log_verify_start(actor=privacy_officer)


def test_a_started_job_waits_on_the_queue_until_a_worker_runs_it(privacy_officer):
    job = verify_job(privacy_officer)
    assert job.status == JobStatus.QUEUED
    task_row = DBTaskResult.objects.get(pk=job.task_result_id)
    assert task_row.status == "READY"
    assert task_row.args_kwargs == {"args": [str(job.pk)], "kwargs": {}}  # only the id
    assert run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.attempts == 1
    assert job.done == job.total
    assert job.result["problems"] == 0


def test_the_owner_follows_progress_on_the_page_and_in_the_api(privacy_officer):
    job = verify_job(privacy_officer)
    client = client_for(privacy_officer)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<progress id="job-progress" max="100" value="0"' in page
    assert 'http-equiv="refresh"' in page  # keeps itself up to date without JavaScript
    body = client.get(f"/api/v1/jobs/{job.pk}/").json()
    assert (body["status"], body["percent"], body["kind"]) == ("queued", 0, "verify_access_log")

    run_queued_jobs()
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'value="100"' in page
    assert 'http-equiv="refresh"' not in page  # stops refreshing when done
    body = client.get(f"/api/v1/jobs/{job.pk}/").json()
    assert body["status"] == "done" and body["percent"] == 100
    assert body["result"]["lines"] == Job.objects.get(pk=job.pk).total


def test_a_running_job_shows_how_far_it_is(privacy_officer):
    job = verify_job(privacy_officer)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, step="Checking the access log", done=30, total=120
    )
    body = client_for(privacy_officer).get(f"/api/v1/jobs/{job.pk}/").json()
    assert (body["done"], body["total"], body["percent"]) == (30, 120, 25)
    assert body["step"] == "Het logboek controleren"
    assert body["progress_text"] == "30 van 120 (25%)"


def test_an_organisation_job_is_followed_by_its_coordinator_not_by_others(
    privacy_officer, coordinator, specialist, outsider
):
    job = verify_job(privacy_officer)
    assert client_for(coordinator).get(f"/api/v1/jobs/{job.pk}/").status_code == 200
    for other in (specialist, outsider):
        assert client_for(other).get(f"/api/v1/jobs/{job.pk}/").status_code == 404
        assert client_for(other).get(f"/jobs/{job.pk}/").status_code == 404


def test_a_personal_job_is_seen_only_by_the_person_who_started_it(
    specialist, coordinator, privacy_officer
):
    job = job_services.job_start(
        kind=JobKind.PRUNE_JOBS,
        scope=JobScope.PERSONAL,
        started_by=specialist,
        organisation=specialist.organisation,
    )
    assert client_for(specialist).get(f"/jobs/{job.pk}/").status_code == 200
    for other in (coordinator, privacy_officer):
        assert client_for(other).get(f"/jobs/{job.pk}/").status_code == 404


def test_maintenance_jobs_are_not_shown_to_anyone_in_the_app(coordinator, privacy_officer):
    job = job_services.job_start(kind=JobKind.EXPIRE_ACCESS)
    for user in (coordinator, privacy_officer):
        assert client_for(user).get(f"/api/v1/jobs/{job.pk}/").status_code == 404


def test_starting_the_check_from_the_page_leads_to_the_job(privacy_officer):
    response = client_for(privacy_officer).post("/access-log/verify/")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    line = AccessEvent.objects.get(object_type="job")
    assert (line.action, line.object_id, line.details) == (
        "create",
        str(job.pk),
        {"kind": "verify_access_log"},
    )


def test_starting_the_check_in_the_api_answers_202_with_where_to_follow_it(privacy_officer):
    response = client_for(privacy_officer).post("/api/v1/access-log/verify/")
    assert response.status_code == 202
    job_id = response.json()["id"]
    assert response["Location"] == f"/api/v1/jobs/{job_id}/"
    assert response.json()["status"] == "queued"


def test_a_broken_chain_gives_a_download_of_the_problems_logged_when_taken(privacy_officer):
    client_for(privacy_officer).get("/access-log/")  # writes a line to the chain
    chain = str(privacy_officer.organisation_id)
    AccessEvent.objects.filter(chain=chain).order_by("sequence").first()
    from gezinsaanpak.models import AccessLogChain

    AccessLogChain.objects.filter(key=chain).update(sequence=99)  # the tail was "cut off"
    job = verify_job(privacy_officer)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.result["problems"] == 1
    client = client_for(privacy_officer)
    body = client.get(f"/api/v1/jobs/{job.pk}/").json()
    assert body["download"]["name"] == "access-log-problems.txt"
    stored = JobFile.objects.get(job=job)
    assert "chain" not in stored.content  # sealed at rest, not the text
    response = client.get(f"/jobs/{job.pk}/download/")
    assert response.status_code == 200
    assert f"chain {chain}" in response.content.decode()
    assert AccessEvent.objects.filter(object_type="job", action="export").count() == 1


def test_an_expired_download_is_gone(privacy_officer):
    job = verify_job(privacy_officer)
    job_services.job_file_store(job_id=job.pk, name="x.txt", content_type="text/plain", data=b"x")
    JobFile.objects.filter(job=job).update(expires_at=timezone.now() - timedelta(seconds=1))
    client = client_for(privacy_officer)
    assert client.get(f"/jobs/{job.pk}/download/").status_code == 404
    assert client.get(f"/api/v1/jobs/{job.pk}/").json()["download"] is None


def test_a_failure_shows_a_message_without_personal_data(privacy_officer, monkeypatch, caplog):
    job = verify_job(privacy_officer)

    def explode(*args, **kwargs):
        raise ValueError("uoddaH lamA, BA 4321"[::-1])  # values in the message

    monkeypatch.setattr("gezinsaanpak.audit.verify.verify", explode)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == runner.GENERIC_ERROR
    task_row = DBTaskResult.objects.get(pk=job.task_result_id)
    assert task_row.status == "FAILED"
    stored = task_row.traceback + task_row.exception_class_path + job.error + caplog.text
    assert "Amal" not in stored and "1234 AB" not in stored
    assert "ValueError" in caplog.text  # the kind of failure is logged for the administrator
    page = client_for(privacy_officer).get(f"/jobs/{job.pk}/").content.decode()
    assert "Er ging iets mis" in page


def test_a_mail_server_that_is_down_is_tried_again_later(coordinator, volunteer, library):
    from tests.factories import FamilyFactory, active_placement

    family = FamilyFactory(organisation=library)
    placement = active_placement(coordinator, volunteer, family)
    client_for(volunteer).post(f"/my-families/{placement.pk}/concern/", {"text": "zorg"})
    job = Job.objects.get(kind=JobKind.CONCERN_NOTIFICATION)

    def down(*args, **kwargs):
        raise ConnectionRefusedError

    from unittest import mock

    with mock.patch("gezinsaanpak.services.reminders.send_mail", down):
        run_queued_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.attempts == 1
    retry = DBTaskResult.objects.get(pk=job.task_result_id)
    assert retry.run_after > timezone.now()  # after a pause
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    assert len(mail.outbox) == 1


def test_a_stale_duplicate_delivery_does_nothing(privacy_officer):
    job = verify_job(privacy_officer)
    old = job.task_result_id
    job_services.job_requeue(job=job)  # as recovery does: a new attempt owns the job
    DBTaskResult.objects.filter(pk=job.task_result_id).update(status="FAILED")  # not now
    DBTaskResult.objects.filter(pk=old).update(status="READY")
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.attempts == 0


def test_a_run_that_lost_its_job_stops_at_its_next_progress_report(privacy_officer):
    job = verify_job(privacy_officer)
    run = runner._claim(job.pk, job.kind, job.task_result_id)
    assert run is not None
    job_services.job_requeue(job=job)  # taken to be lost and queued again
    with pytest.raises(runner.SupersededError):
        run.advance()


def test_a_job_whose_worker_vanished_is_queued_again(privacy_officer, settings):
    job = verify_job(privacy_officer)
    runner._claim(job.pk, job.kind, job.task_result_id)
    DBTaskResult.objects.filter(pk=job.task_result_id).update(status="RUNNING")
    lost_attempt = job.task_result_id
    Job.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=settings.JOB_STALL_SECONDS + 1)
    )
    assert recover_stalled_jobs.call() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.task_result_id != lost_attempt
    assert DBTaskResult.objects.get(pk=lost_attempt).status == "FAILED"
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2


def test_a_job_lost_too_often_is_marked_failed(privacy_officer, settings):
    job = verify_job(privacy_officer)
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        attempts=settings.JOB_MAX_ATTEMPTS,
        heartbeat_at=timezone.now() - timedelta(seconds=settings.JOB_STALL_SECONDS + 1),
    )
    recover_stalled_jobs.call()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == runner.INTERRUPTED


def test_a_live_job_is_left_alone(privacy_officer):
    job = verify_job(privacy_officer)
    runner._claim(job.pk, job.kind, job.task_result_id)
    assert recover_stalled_jobs.call() == 0
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING


def test_every_kind_of_job_has_a_task_that_runs_it():
    for kind in JobKind.values:
        task = job_services.task_for(kind)
        assert runner.DEFINITIONS[kind].task is task
        assert task.module_path == job_services.TASKS[kind]


def test_a_job_whose_worker_was_stopped_mid_task_is_queued_again_at_once(privacy_officer):
    job = verify_job(privacy_officer)
    runner._claim(job.pk, job.kind, job.task_result_id)
    # A second Ctrl-C ends the worker mid-task: the queue row failed, the job still "running".
    DBTaskResult.objects.filter(pk=job.task_result_id).update(status="FAILED")
    assert recover_stalled_jobs.call() == 1
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
