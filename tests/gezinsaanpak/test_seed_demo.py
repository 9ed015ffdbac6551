"""One run of the demo seed (it makes ~200 families), checked from every side."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.models import Organisation, User
from gezinsaanpak.demo.accounts import DEMO_PASSWORD, USERS
from gezinsaanpak.models import Family


@pytest.mark.django_db
def test_demo_seed(settings, tmp_path):
    """Seeding twice changes nothing; then every login, organisation and family checks out."""
    settings.ERASURE_LEDGER_DIR = tmp_path / "ledger"
    call_command("seed_demo")
    counts = (User.objects.count(), Organisation.objects.count(), Family.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Organisation.objects.count(), Family.objects.count()) == counts
    _every_demo_user_can_log_in_and_see_their_role()
    _demo_organisations_and_families()
    _demo_referrals_in_every_state_and_clients_with_the_published_secret()
    _one_past_breach_in_the_register()
    _retention_has_work_and_one_file_is_erased()
    _data_subject_requests_in_several_states()


def _every_demo_user_can_log_in_and_see_their_role():
    for email, role, organisation in USERS:
        client = Client()
        response = client.post("/accounts/login/", {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        me = client.get("/api/v1/me/").json()
        assert me["role"] == role
        assert me["organisation"] == organisation.name


def _demo_organisations_and_families():
    library = Organisation.objects.get(name="Bibliotheek Demo")
    assert library.municipalities.count() == 2
    assert Organisation.objects.get(name="JGZ Demo").partner_type == "jgz"
    assert Organisation.objects.get(name="Taalhuis Demo").partner_type == "taalhuis"
    demo_families = Family.objects.filter(organisation=library)
    # The case files with people in them; the figures' history (closed or anonymised files
    # of the past two years, statistics only) comes on top.
    assert 190 <= demo_families.filter(caregivers__isnull=False).distinct().count() <= 240
    assert demo_families.filter(opened_on__lt=timezone.localdate().replace(day=1)).count() > 300
    assert demo_families.filter(status="closed").exists()
    assert set(demo_families.values_list("municipality", flat=True)) == set(
        library.municipalities.values_list("pk", flat=True)
    )
    assert demo_families.filter(case_owner__email="specialist@demo.nl").exists()
    assert Family.objects.filter(organisation__name="Bibliotheek Elders").exists()
    assert Organisation.objects.get(name="Bibliotheek Elders").kind == "library"
    region = Organisation.objects.get(name="Regio Demo")
    assert set(region.member_libraries.values_list("name", flat=True)) == {
        "Bibliotheek Demo",
        "Bibliotheek Elders",
    }
    assert list(
        Organisation.objects.get(name="Gemeente Kerkrade").municipalities.values_list(
            "code", flat=True
        )
    ) == ["GM0928"]


def _demo_referrals_in_every_state_and_clients_with_the_published_secret():
    import base64

    from gezinsaanpak.demo.referrals import DEMO_CLIENT_SECRET
    from gezinsaanpak.models import Referral

    # The figures' history (closed files without people in them) aside:
    history = Family.objects.filter(caregivers__isnull=True)
    demo = Referral.objects.exclude(family__in=history)
    assert set(demo.values_list("status", flat=True)) == set(Referral.Status.values)
    assert demo.count() == 15  # one more, declined months ago: retention
    assert Referral.objects.filter(family__in=history).count() > 100
    # the school and the kinderopvang referred on the web form, with their own logins
    web = Referral.objects.filter(via="web", direction="in")
    assert sorted(web.values_list("partner__partner_type", flat=True)) == [
        "kinderopvang",
        "school",
    ]
    for client_id in ("jgz-demo", "taalhuis-demo"):
        basic = base64.b64encode(f"{client_id}:{DEMO_CLIENT_SECRET}".encode()).decode()
        response = Client().post(
            "/oauth/token/",
            {"grant_type": "client_credentials", "scope": "referrals:read"},
            headers={"Authorization": f"Basic {basic}"},
        )
        assert response.status_code == 200, client_id


def _one_past_breach_in_the_register():
    from gezinsaanpak.models import Breach

    breach = Breach.objects.get()  # one, also after the second run
    assert breach.reported_at is not None and not breach.overdue
    assert len(breach.scoped_family_ids) == 3
    client = Client()
    client.post("/accounts/login/", {"username": "privacy@demo.nl", "password": DEMO_PASSWORD})
    assert "Gemeld op" in client.get("/privacy/breaches/").content.decode()


def _retention_has_work_and_one_file_is_erased():
    import io

    from gezinsaanpak.models import DataSubjectRequest, ErasureCertificate

    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    counts = {line.split()[0]: int(line.split()[-2]) for line in out.getvalue().splitlines()}
    assert counts == {"declined": 1, "no_programme": 1, "closed": 4, "total": 6}
    from gezinsaanpak.models.job import ScheduledRun
    from gezinsaanpak.tasks.schedule import tick

    # The scheduler's first start does not anonymise it all at once: tonight's run will.
    assert ScheduledRun.objects.filter(name="apply_retention").count() == 1
    assert "apply_retention" not in tick()
    certificate = ErasureCertificate.objects.get()  # one, also after the second run
    assert Family.objects.get(pk=certificate.family_id).status == "anonymised"
    # The retention demo's open erasure request, and the requests demo's extended one.
    open_requests = DataSubjectRequest.objects.filter(kind="erasure", status="in_progress")
    assert open_requests.count() == 2
    client = Client()
    client.post("/accounts/login/", {"username": "privacy@demo.nl", "password": DEMO_PASSWORD})
    for open_request in open_requests:
        page = client.get(f"/privacy/requests/{open_request.pk}/erase/").content.decode()
        assert "Wat wordt gewist" in page


def _data_subject_requests_in_several_states():
    from gezinsaanpak.models import DataSubjectRequest, ProcessingRestriction

    # Made once, also after the second run; the retention demo adds two erasure requests
    # (one carried out, with its certificate, and one open).
    requests = list(DataSubjectRequest.objects.all())
    assert len(requests) == 6 + 2
    assert {r.status for r in requests} == {"received", "in_progress", "closed"}
    assert sum(r.overdue() for r in requests) == 1
    assert sum(r.due_soon() for r in requests) == 1
    assert sum(r.extended_until is not None for r in requests) == 1
    restricted = ProcessingRestriction.objects.get()
    assert restricted.family.restricted_processing and restricted.request is not None
    objection = DataSubjectRequest.objects.get(kind="objection")
    assert objection.family.placements.filter(status="waiting").exists()
    client = Client()
    client.post("/accounts/login/", {"username": "privacy@demo.nl", "password": DEMO_PASSWORD})
    home = client.get("/").content.decode()
    assert 'id="requests-due-title"' in home


@pytest.mark.django_db
def test_the_demo_library_names_its_controller_dpo_and_intake_address(settings, tmp_path):
    settings.ERASURE_LEDGER_DIR = tmp_path / "ledger"
    from accounts.models import Organisation

    call_command("seed_demo")
    library = Organisation.objects.get(name="Bibliotheek Demo")
    assert library.dpo_email == "fg@bibliotheek-demo.nl"
    assert library.controller_name and library.intake_email
