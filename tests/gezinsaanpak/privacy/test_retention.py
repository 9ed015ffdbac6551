"""Issue 14, point 6: automatic retention per organisation, dry run, idempotent, figures kept."""

from __future__ import annotations

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count

from accounts.models import Role
from gezinsaanpak.models import (
    AccessEvent,
    Child,
    ErasureLedgerEntry,
    Family,
    Placement,
    Referral,
    RetentionPolicy,
    Visit,
)
from gezinsaanpak.models.job import JobKind, JobStatus
from gezinsaanpak.reports import boekstart as boekstart_figures
from gezinsaanpak.selectors.retention import files_due
from gezinsaanpak.services import jobs as job_services
from gezinsaanpak.tasks.schedule import SCHEDULE
from tests.factories import UserFactory
from tests.jobs import run_queued_jobs

from .retention_world import TODAY, boekstart_tallies, months_ago, retention_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def ledger_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.ERASURE_LEDGER_DIR = tmp_path / "ledger"


@pytest.fixture
def world(library, partner_org, coach, coordinator):  # type: ignore[no-untyped-def]
    return retention_world(library, partner_org, coach, coordinator)


def apply(*args: str) -> dict[str, int]:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return {line.split()[0]: int(line.split()[-2]) for line in out.getvalue().splitlines()}


def statuses() -> dict[str, str]:
    return {str(pk): status for pk, status in Family.objects.values_list("pk", "status")}


def test_each_file_falls_under_the_rule_that_makes_it_due(world, library):  # type: ignore[no-untyped-def]
    due = {d.family_id: d for d in files_due(library.pk, on=TODAY)}
    assert set(due) == {
        world.closed_long_ago.pk,
        world.declined_long_ago.pk,
        world.idle_contact.pk,
    }
    assert due[world.closed_long_ago.pk].rule == "closed"
    assert due[world.declined_long_ago.pk].rule == "declined"
    assert due[world.declined_long_ago.pk].since == months_ago(4)
    assert due[world.idle_contact.pk].rule == "no_programme"
    assert due[world.idle_contact.pk].since == months_ago(13)


def test_dry_run_counts_per_rule_and_changes_nothing(world):  # type: ignore[no-untyped-def]
    before, lines = statuses(), AccessEvent.objects.count()
    counts = apply("--dry-run")
    assert counts == {"declined": 1, "no_programme": 1, "closed": 1, "total": 3}
    assert statuses() == before
    assert AccessEvent.objects.count() == lines
    assert not ErasureLedgerEntry.objects.exists()


def test_real_run_changes_the_counted_files_then_nothing(world):  # type: ignore[no-untyped-def]
    dry = apply("--dry-run")
    before = statuses()
    assert apply() == dry
    changed = {pk for pk, status in statuses().items() if status != before[pk]}
    assert changed == {
        str(world.closed_long_ago.pk),
        str(world.declined_long_ago.pk),
        str(world.idle_contact.pk),
    }
    assert all(statuses()[pk] == "anonymised" for pk in changed)
    lines = AccessEvent.objects.filter(actor_label="apply_retention", action="delete")
    assert sorted(str(line.family_id) for line in lines) == sorted(changed)  # one per file
    assert {line.details["rule"] for line in lines} == {"closed", "declined", "no_programme"}
    assert ErasureLedgerEntry.objects.filter(reason="retention").count() == 3
    assert apply() == {"declined": 0, "no_programme": 0, "closed": 0, "total": 0}
    assert AccessEvent.objects.filter(actor_label="apply_retention").count() == 3


def test_an_organisation_sets_its_own_periods(world, library):  # type: ignore[no-untyped-def]
    RetentionPolicy.objects.create(
        organisation=library, months_after_closure=36, months_after_decline=6
    )
    due = {d.family_id: d.rule for d in files_due(library.pk, on=TODAY)}
    assert due == {world.idle_contact.pk: "no_programme"}


def test_new_activity_restarts_the_clock(world, library):  # type: ignore[no-untyped-def]
    from gezinsaanpak.models import Consent

    parent = world.idle_contact.caregivers.first()
    Consent.objects.create(
        family=world.idle_contact,
        given_by=parent,
        purpose="follow_up_contact",
        text_version="1",
        method="verbal",
    )
    due = {d.family_id for d in files_due(library.pk, on=TODAY)}
    assert world.idle_contact.pk not in due


def test_an_accepted_referral_or_a_placement_is_a_programme(world, library, partner_org):  # type: ignore[no-untyped-def]
    Referral.objects.create(
        direction="in",
        organisation=library,
        partner=partner_org,
        family=world.idle_contact,
        via="api",
        reason_code="other",
        status="accepted",
        created_at=world.idle_contact.updated_at,
        status_changed_at=world.idle_contact.updated_at,
    )
    due = {d.family_id for d in files_due(library.pk, on=TODAY)}
    assert world.idle_contact.pk not in due
    assert world.placed_contact.pk not in due


def figures(user, coordinator) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """What the reports count: none of it may move when files are anonymised."""
    year_start, next_year = TODAY.replace(month=1, day=1), TODAY + datetime.timedelta(days=1)
    two_years = year_start.replace(year=year_start.year - 2)
    return {
        "sessions": boekstart_figures.session_totals(coordinator, start=two_years, end=next_year),
        "pickup": boekstart_figures.voucher_pickup(coordinator, start=two_years, end=next_year),
        "families": dict(Family.objects.values_list("municipality__code").annotate(n=Count("id"))),
        "opened": Counter(Family.objects.values_list("opened_on", flat=True)),
        "placements": dict(Placement.objects.values_list("status").annotate(n=Count("id"))),
        "visits": list(Visit.objects.values_list("date", "status", "minutes", "books")),
        "referrals": Counter(
            Referral.objects.values_list("direction", "partner_id", "status", "reason_code")
        ),
        "birth_years": Counter(
            m.year for m in Child.objects.values_list("birth_month", flat=True) if m
        ),
    }


def test_report_figures_are_the_same_before_and_after(world, library, coach, coordinator):  # type: ignore[no-untyped-def]
    boekstart_tallies(library, coach)
    before = figures(coach, coordinator)
    assert before["sessions"] and before["placements"] == {"completed": 1}
    apply()
    assert figures(coach, coordinator) == before


def test_the_schedule_runs_retention_daily_as_a_job(world):  # type: ignore[no-untyped-def]
    entry = next(e for e in SCHEDULE if e.name == "apply_retention")
    assert entry.job == JobKind.APPLY_RETENTION
    job = job_services.job_start(kind=JobKind.APPLY_RETENTION)
    run_queued_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.result == {"declined": 1, "no_programme": 1, "closed": 1, "anonymised": 3}


def test_an_organisation_never_sees_another_organisations_files_due(world, other_library):  # type: ignore[no-untyped-def]
    UserFactory(organisation=other_library, role=Role.PRIVACY_OFFICER)
    assert files_due(other_library.pk, on=TODAY) == []


def test_a_file_with_restricted_processing_is_kept_past_its_period(world, library):  # type: ignore[no-untyped-def]
    Family.objects.filter(pk=world.closed_long_ago.pk).update(restricted_processing=True)
    assert apply() == {"declined": 1, "no_programme": 1, "closed": 0, "total": 2}
    assert Family.objects.get(pk=world.closed_long_ago.pk).status == "closed"
    held = files_due(library.pk, on=TODAY, restricted=True)
    assert [d.family_id for d in held] == [world.closed_long_ago.pk]


def test_an_administrator_sets_the_periods_in_the_admin(library):  # type: ignore[no-untyped-def]
    from tests.conftest import client_for

    admin = UserFactory(organisation=library, is_staff=True, is_superuser=True)
    client = client_for(admin)
    response = client.post(
        "/admin/gezinsaanpak/retentionpolicy/add/",
        {"organisation": library.pk, "months_after_closure": "36", "months_after_decline": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    policy = RetentionPolicy.objects.get(organisation=library)
    assert policy.months() == {"declined": 3, "no_programme": 12, "closed": 36}
    listing = client.get("/admin/gezinsaanpak/retentionpolicy/").content.decode()
    assert "36" in listing and "3 (standaard)" in listing
    refused = client.post(
        f"/admin/gezinsaanpak/retentionpolicy/{policy.pk}/change/",
        {"organisation": library.pk, "months_after_closure": "0"},
    )
    assert refused.status_code == 200  # at least one month
