"""The authorization matrix: every URL, persona and method, generated from the URL resolver.

A URL without a row here fails ``test_every_url_has_a_matrix_row``, so nothing ships
unguarded. Outcomes:

- ``ALLOW``  the persona reaches the view (any status but 404, 405 or a login redirect)
- ``DENY``   404, exactly like a family that does not exist
- ``LOGIN``  anonymous: a page redirects to the login page, the API answers 401/403 JSON
- ``HIDDEN`` 200, but the owner's family is not in the answer (lists for those without access)
- ``PUBLIC`` reachable without logging in
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from accounts.models import Organisation, Role
from gezinsaanpak import access
from gezinsaanpak.models import (
    Breach,
    Concern,
    Consent,
    DataSubjectRequest,
    ErasureCertificate,
    ImportUpload,
    Referral,
)
from gezinsaanpak.models.questionnaire import Question, QuestionnaireTemplate
from gezinsaanpak.services import boekstart as boekstart_services
from gezinsaanpak.services import jobs as job_services
from gezinsaanpak.tasks.maintenance import worker_heartbeat
from tests.factories import (
    CaregiverFactory,
    ChildFactory,
    FamilyFactory,
    LibraryFactory,
    LocationFactory,
    PartnerOrganisationFactory,
    UserFactory,
    VolunteerProfileFactory,
    access_token_for,
    active_placement,
    partner_client,
)
from tests.jobs import run_queued_jobs

ALLOW, DENY, LOGIN, HIDDEN, PUBLIC = "allow", "deny", "login", "hidden", "public"

PERSONAS = (
    "anonymous",
    "coordinator",
    "owner",
    "specialist",
    "coach",
    "volunteer",
    "placed_volunteer",
    "partner",
    "privacy_officer",
    "outsider",
    # Aggregates only: a gemeente's policy officer, a regional support organisation's coordinator.
    "municipality",
    "regional",
    # Partner API clients (OAuth2 bearer tokens): A sent and received the world's referrals.
    "partner_a",
    "partner_b",
)
TOKEN_PERSONAS = ("partner_a", "partner_b")

# Not matrixed: the admin site (is_staff/superuser gate of Django's own) and static files.
EXCLUDED_NAMESPACES = ("admin",)


def row(**outcomes: str) -> dict[str, str]:
    """Outcomes per persona; personas not named are denied (default deny).

    API clients have no session: unless named, they fare like the anonymous visitor.
    """
    assert set(outcomes) <= set(PERSONAS), set(outcomes) - set(PERSONAS)
    anonymous = outcomes.get("anonymous", DENY)
    return {
        persona: outcomes.get(persona, anonymous if persona in TOKEN_PERSONAS else DENY)
        for persona in PERSONAS
    }


def public() -> dict[str, str]:
    return dict.fromkeys(PERSONAS, PUBLIC)


def logged_in(anonymous: str = LOGIN) -> dict[str, str]:
    """Any logged-in user, whatever the role (their own account, the start page)."""
    return {
        **dict.fromkeys(PERSONAS, ALLOW),
        **dict.fromkeys(("anonymous", *TOKEN_PERSONAS), anonymous),
    }


CASE_WORKERS = row(anonymous=LOGIN, coordinator=ALLOW, owner=ALLOW)
# The placed volunteer holds a view grant (visit field set) through the active placement.
FAMILY_READERS = row(anonymous=LOGIN, coordinator=ALLOW, owner=ALLOW, placed_volunteer=ALLOW)
FAMILY_LISTERS = row(
    anonymous=LOGIN,
    coordinator=ALLOW,
    owner=ALLOW,
    placed_volunteer=ALLOW,
    specialist=HIDDEN,
    coach=HIDDEN,
    volunteer=HIDDEN,
    outsider=HIDDEN,
)
PRIVACY = row(anonymous=LOGIN, privacy_officer=ALLOW)
JOB_FOLLOWERS = row(anonymous=LOGIN, privacy_officer=ALLOW, coordinator=ALLOW)
BOEKSTART = row(anonymous=LOGIN, coordinator=ALLOW, coach=ALLOW)
COACH_ONLY = row(anonymous=LOGIN, coach=ALLOW)
COORDINATOR = row(anonymous=LOGIN, coordinator=ALLOW)
PLACED = row(anonymous=LOGIN, placed_volunteer=ALLOW)
PLACEMENT_READERS = row(anonymous=LOGIN, coordinator=ALLOW, placed_volunteer=ALLOW)
PLACEMENT_LISTERS = row(
    anonymous=LOGIN, coordinator=ALLOW, placed_volunteer=ALLOW, volunteer=HIDDEN
)
REFERRAL_HANDLERS = row(anonymous=LOGIN, coordinator=ALLOW, owner=ALLOW)
REFERRAL_LISTERS = row(
    anonymous=LOGIN, coordinator=ALLOW, owner=ALLOW, specialist=HIDDEN, outsider=HIDDEN
)
# A partner's own login (the web form): its organisation's referrals, nobody else's pages.
PARTNER_PAGES = row(anonymous=LOGIN, partner=ALLOW)
# Partner endpoints: a staff session opens nothing (401); partner B never sees A's referrals.
_NO_SESSION = dict.fromkeys([p for p in PERSONAS if p not in TOKEN_PERSONAS], LOGIN)
PARTNER_READ = {**_NO_SESSION, "partner_a": ALLOW, "partner_b": DENY}
PARTNER_LIST = {**_NO_SESSION, "partner_a": ALLOW, "partner_b": HIDDEN}
PARTNER_SEND = {**_NO_SESSION, "partner_a": ALLOW, "partner_b": ALLOW}

# The GGG figures: library staff of any library (their own figures), municipality, region.
REPORT_READERS = row(
    anonymous=LOGIN,
    coordinator=ALLOW,
    owner=ALLOW,
    specialist=ALLOW,
    outsider=ALLOW,
    municipality=ALLOW,
    regional=ALLOW,
)
# A year for all municipalities, as a job: not a municipality login (it has one municipality).
REPORT_EXPORTERS = {**REPORT_READERS, "municipality": DENY}

# url name -> method -> persona -> outcome
MATRIX: dict[str, dict[str, dict[str, str]]] = {
    "healthz": {"GET": public()},
    "readyz": {"GET": public()},
    "set_language": {"POST": public()},
    "accounts:login": {"GET": public()},
    "accounts:logout": {"POST": public()},
    "accounts:password_reset": {"GET": public()},
    "accounts:password_reset_done": {"GET": public()},
    "accounts:password_reset_confirm": {"GET": public()},
    "accounts:password_reset_complete": {"GET": public()},
    "accounts:verify": {"GET": logged_in()},
    "accounts:profile": {"GET": logged_in()},
    "accounts:keep_alive": {"POST": logged_in()},
    "accounts:two_factor_setup": {"GET": logged_in()},
    "accounts:recovery_codes": {"GET": logged_in(), "POST": logged_in()},
    "accounts:password_change": {"GET": logged_in(), "POST": logged_in()},
    # The team: the coordinator manages their organisation's users (the owner is one of them);
    # resetting two-step login is for administrators only. The invitation link is public (410
    # for a token that is not one).
    "team": {"GET": COORDINATOR},
    "team_invite": {"GET": COORDINATOR, "POST": COORDINATOR},
    "team_member": {"GET": COORDINATOR},
    "team_member_role": {"POST": COORDINATOR},
    "team_member_resend": {"POST": COORDINATOR},
    "team_member_deactivate": {"POST": COORDINATOR},
    "team_member_two_factor_reset": {"POST": row(anonymous=LOGIN)},
    "invitation_accept": {"GET": public(), "POST": public()},
    "home": {"GET": logged_in()},
    "reports": {"GET": REPORT_READERS},
    "reports_year_pdf": {"GET": REPORT_READERS},
    "reports_year_export": {"POST": REPORT_EXPORTERS},
    "api:report-year-export": {"POST": REPORT_EXPORTERS},
    "api:report-list": {"GET": REPORT_READERS},
    "api:report-detail": {"GET": REPORT_READERS},
    "api:schema": {"GET": public()},
    "api:docs": {"GET": public()},
    "api:me": {"GET": logged_in()},
    "access_log": {"GET": PRIVACY},
    "api:access-log": {"GET": PRIVACY},
    "access_log_verify": {"POST": PRIVACY},
    "breach_list": {"GET": PRIVACY},
    "breach_new": {"GET": PRIVACY, "POST": PRIVACY},
    "breach_detail": {"GET": PRIVACY, "POST": PRIVACY},
    "breach_scope_store": {"POST": PRIVACY},
    "subject_request_list": {"GET": PRIVACY},
    "subject_request_new": {"GET": PRIVACY, "POST": PRIVACY},
    "subject_request_detail": {"GET": PRIVACY, "POST": PRIVACY},
    "subject_request_objection": {"GET": PRIVACY, "POST": PRIVACY},
    "api:privacy-request-list": {"GET": PRIVACY, "POST": PRIVACY},
    "api:privacy-request-detail": {"GET": PRIVACY, "PATCH": PRIVACY},
    "api:privacy-request-apply-objection": {"POST": PRIVACY},
    "api:privacy-family-restrict": {"POST": PRIVACY},
    "api:privacy-family-unrestrict": {"POST": PRIVACY},
    "api:breach-list": {"GET": PRIVACY, "POST": PRIVACY},
    "api:breach-detail": {"GET": PRIVACY},
    "api:breach-scope": {"GET": PRIVACY, "POST": PRIVACY},
    "api:access-log-verify": {"POST": PRIVACY},
    "privacy_family_search": {"GET": PRIVACY, "POST": PRIVACY},
    "api:privacy-family-search": {"POST": PRIVACY},
    # The access and portability export (art. 15, 20): the file's organisation's privacy officer.
    "privacy_family_export": {"GET": PRIVACY, "POST": PRIVACY},
    "api:privacy-family-export": {"POST": PRIVACY},
    # Erasure (art. 17) and retention: the privacy officer's. POST without a confirmation
    # (an empty body) erases nothing: the form or the schema refuses it.
    "erasure_confirm": {"GET": PRIVACY, "POST": PRIVACY},
    "erasure_list": {"GET": PRIVACY},
    "erasure_certificate": {"GET": PRIVACY},
    "retention": {"GET": PRIVACY},
    "api:privacy-family-erase": {"POST": PRIVACY},
    "api:erasure-list": {"GET": PRIVACY},
    "api:erasure-detail": {"GET": PRIVACY},
    # The processing register (art. 30): the privacy officer's, as a page, download and API.
    "processing_register": {"GET": PRIVACY},
    "processing_register_download": {"GET": PRIVACY},
    "api:privacy-register": {"GET": PRIVACY},
    # The world's job: the privacy officer's check of the organisation's log (organisation-wide).
    "job_detail": {"GET": JOB_FOLLOWERS},
    "job_download": {"GET": JOB_FOLLOWERS},
    "api:job-detail": {"GET": JOB_FOLLOWERS},
    "api:job-download": {"GET": JOB_FOLLOWERS},
    # Spreadsheet import: the coordinator's; an upload belongs to its uploader only.
    "import": {"GET": COORDINATOR, "POST": COORDINATOR},
    "import_confirm": {"POST": COORDINATOR},
    "import_template": {"GET": COORDINATOR},
    "family_list": {"GET": FAMILY_LISTERS, "POST": FAMILY_LISTERS},
    "family_create": {
        "GET": row(
            anonymous=LOGIN, coordinator=ALLOW, owner=ALLOW, specialist=ALLOW, outsider=ALLOW
        )
    },
    "family_detail": {"GET": FAMILY_READERS},
    "family_edit": {"GET": CASE_WORKERS, "POST": CASE_WORKERS},
    "family_status": {"POST": CASE_WORKERS},
    "family_consent": {"GET": CASE_WORKERS, "POST": CASE_WORKERS},
    "family_consent_withdraw": {"POST": CASE_WORKERS},
    "family_access": {"GET": CASE_WORKERS, "POST": CASE_WORKERS},
    # Every access-log line about the file: those who see the whole file.
    "family_viewers": {"GET": CASE_WORKERS},
    "family_access_revoke": {"POST": CASE_WORKERS},
    "caseload": {"GET": row(anonymous=LOGIN, coordinator=ALLOW)},
    # Choosing the case owner: the coordinator only (the owner may change the file, not this).
    "family_owner": {"POST": COORDINATOR},
    "families_owner": {"POST": COORDINATOR},
    "api:team-list": {"GET": COORDINATOR},
    "api:family-list": {
        "GET": FAMILY_LISTERS,
        "POST": row(
            anonymous=LOGIN, coordinator=ALLOW, owner=ALLOW, specialist=ALLOW, outsider=ALLOW
        ),
    },
    "api:family-search": {"POST": FAMILY_LISTERS},
    "api:family-detail": {"GET": FAMILY_READERS, "PATCH": CASE_WORKERS},
    # VoorleesExpress
    "my_families": {"GET": row(anonymous=LOGIN, placed_volunteer=ALLOW, volunteer=HIDDEN)},
    "volunteer_family": {"GET": PLACED, "POST": PLACED},
    "volunteer_concern": {"GET": PLACED, "POST": PLACED},
    "coordinator_dashboard": {"GET": COORDINATOR},
    "waiting_list": {"GET": COORDINATOR},
    "placement_signup": {"GET": COORDINATOR, "POST": COORDINATOR},
    "placement_list": {"GET": COORDINATOR},
    "placement_detail": {"GET": COORDINATOR},
    "placement_match": {"GET": COORDINATOR, "POST": COORDINATOR},
    "placement_status": {"POST": COORDINATOR},
    "placement_milestones": {"POST": COORDINATOR},
    "placement_meeting": {"POST": COORDINATOR},
    "placement_nazorg": {"POST": COORDINATOR},
    "placement_questionnaire": {"GET": COORDINATOR, "POST": COORDINATOR},
    "concern_handled": {"GET": COORDINATOR, "POST": COORDINATOR},
    "volunteer_register": {"GET": COORDINATOR},
    "volunteer_profile_edit": {"GET": COORDINATOR, "POST": COORDINATOR},
    "api:placement-list": {"GET": PLACEMENT_LISTERS},
    "api:placement-detail": {"GET": PLACEMENT_READERS},
    "api:placement-visits": {"GET": PLACEMENT_READERS, "POST": PLACED},
    "api:volunteer-list": {"GET": PLACEMENT_LISTERS},
    "api:volunteer-detail": {"GET": PLACEMENT_READERS},
    "api:family-consents": {"POST": CASE_WORKERS},
    "api:family-consent-withdraw": {"POST": CASE_WORKERS},
    "api:family-caregivers": {"POST": CASE_WORKERS},
    "api:family-children": {"POST": CASE_WORKERS},
    # BoekStart: the contact in the world was registered by the coach persona.
    "boekstart_home": {"GET": BOEKSTART},
    "boekstart_session_new": {"GET": COACH_ONLY, "POST": COACH_ONLY},
    "boekstart_contact_new": {"GET": COACH_ONLY, "POST": COACH_ONLY},
    "boekstart_contact_handover": {"POST": BOEKSTART},
    "boekstart_contact_taalhuis": {"GET": BOEKSTART, "POST": BOEKSTART},
    "boekstart_locations": {"GET": COORDINATOR, "POST": COORDINATOR},
    "boekstart_location_edit": {"GET": COORDINATOR, "POST": COORDINATOR},
    "boekstart_vouchers": {"GET": COORDINATOR, "POST": COORDINATOR},
    "api:boekstart-session-list": {"GET": BOEKSTART, "POST": COACH_ONLY},
    "api:boekstart-contact-list": {"GET": BOEKSTART, "POST": COACH_ONLY},
    "api:boekstart-contact-detail": {"GET": BOEKSTART},
    "api:boekstart-contact-handover": {"POST": BOEKSTART},
    "api:boekstart-location-list": {"GET": BOEKSTART},
    "api:boekstart-voucher-pickup": {"GET": COORDINATOR},
    # Library staff of any organisation reach it; it only finds their own organisation's vouchers.
    "api:boekstart-voucher-redeem": {
        "POST": row(
            anonymous=LOGIN,
            coordinator=ALLOW,
            owner=ALLOW,
            specialist=ALLOW,
            coach=ALLOW,
            outsider=ALLOW,
        )
    },
    "oauth2_token": {"POST": public()},
    "oauth2_revoke": {"POST": public()},
    "referral_list": {"GET": REFERRAL_LISTERS},
    "referral_detail": {"GET": REFERRAL_HANDLERS},
    "referral_handle": {"POST": REFERRAL_HANDLERS},
    "referral_contact": {"POST": REFERRAL_HANDLERS},
    "referral_send": {"GET": REFERRAL_HANDLERS, "POST": REFERRAL_HANDLERS},
    "api:partner-referral-list": {"GET": PARTNER_LIST, "POST": PARTNER_SEND},
    "api:partner-referral-detail": {"GET": PARTNER_READ},
    "api:partner-received-list": {"GET": PARTNER_LIST},
    "api:partner-received-detail": {"GET": PARTNER_READ},
    "api:partner-received-report": {"POST": PARTNER_READ},
    "partner_home": {"GET": PARTNER_PAGES},
    "partner_referral_list": {"GET": PARTNER_PAGES},
    "partner_referral_new": {"GET": PARTNER_PAGES, "POST": PARTNER_PAGES},
    "partner_referral_detail": {"GET": PARTNER_PAGES},
    "partner_received_list": {"GET": PARTNER_PAGES},
    "partner_received_detail": {"GET": PARTNER_PAGES},
    "partner_received_report": {"POST": PARTNER_PAGES},
    # Each client's own webhook: there is nothing of another client to reach.
    "api:partner-webhook": {"GET": PARTNER_SEND, "PUT": PARTNER_SEND, "DELETE": PARTNER_SEND},
}


def _walk(patterns, prefix="", namespace=""):  # type: ignore[no-untyped-def]
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def url_names() -> set[str]:
    return {
        name
        for name in _walk(get_resolver().url_patterns)
        if not name.startswith(tuple(f"{ns}:" for ns in EXCLUDED_NAMESPACES))
        and "-root" not in name
        and not name.endswith("-detail-format")
    }


def test_every_url_has_a_matrix_row():
    missing = url_names() - set(MATRIX)
    assert not missing, f"URLs without a row in the authorization matrix: {sorted(missing)}"


def test_matrix_has_no_stale_rows():
    assert not set(MATRIX) - url_names()


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    library = LibraryFactory()
    elsewhere = LibraryFactory()
    partner = PartnerOrganisationFactory()
    people = {
        "coordinator": UserFactory(organisation=library, role=Role.COORDINATOR),
        "owner": UserFactory(organisation=library, role=Role.SPECIALIST),
        "specialist": UserFactory(organisation=library, role=Role.SPECIALIST),
        "coach": UserFactory(organisation=library, role=Role.COACH),
        "volunteer": UserFactory(organisation=library, role=Role.VOLUNTEER),
        "placed_volunteer": UserFactory(organisation=library, role=Role.VOLUNTEER),
        "partner": UserFactory(organisation=partner, role=Role.PARTNER),
        "privacy_officer": UserFactory(organisation=library, role=Role.PRIVACY_OFFICER),
        "outsider": UserFactory(organisation=elsewhere, role=Role.SPECIALIST),
    }
    gemeente = Organisation.objects.create(name="Gemeente", kind=Organisation.Kind.MUNICIPALITY)
    gemeente.municipalities.set(library.municipalities.all())
    region = Organisation.objects.create(name="Regio", kind=Organisation.Kind.REGIONAL)
    region.member_libraries.set([library])
    people["municipality"] = UserFactory(organisation=gemeente, role=Role.MUNICIPALITY)
    people["regional"] = UserFactory(organisation=region, role=Role.REGIONAL)
    family = FamilyFactory(organisation=library, case_owner=people["owner"])
    parent = CaregiverFactory(family=family)
    ChildFactory(family=family)
    access.families.grant(people["owner"], family, change=True)
    consent = Consent.objects.create(
        family=family, given_by=parent, purpose="registration", text_version="1", method="written"
    )
    location = LocationFactory(organisation=library)
    contact = boekstart_services.contact_register(
        actor=people["coach"],
        data={
            "given_name": "Hanna",
            "family_name": "Kowalska",
            "phone": "+31611112222",
            "municipality": library.municipalities.first(),
        },
    )
    placement = active_placement(people["coordinator"], people["placed_volunteer"], family)
    # The unplaced volunteer may be matched (valid VOG, trained) but has no placement.
    VolunteerProfileFactory(user=people["volunteer"], vog_checked_by=people["coordinator"])
    template = QuestionnaireTemplate.objects.create(organisation=library, name="VE")
    Question.objects.create(template=template, text="Hoe vaak?", kind="scale")
    concern = Concern.objects.create(
        placement=placement, raised_by=people["placed_volunteer"], text="zorg"
    )
    clients = {
        "partner_a": partner_client(partner, library),
        "partner_b": partner_client(PartnerOrganisationFactory(), library),
    }
    tokens = {name: access_token_for(c).token for name, c in clients.items()}
    job = job_services.access_log_verify_start(actor=people["privacy_officer"])
    worker_heartbeat.enqueue()
    run_queued_jobs()  # so /readyz sees a worker, and the job is done
    job_services.job_file_store(
        job_id=job.pk, name="problems.txt", content_type="text/plain", data=b"-"
    )
    inbound = Referral.objects.create(
        direction="in",
        organisation=library,
        partner=partner,
        family=family,
        via="api",
        reason_code="other",
        client=clients["partner_a"],
    )
    outbound = Referral.objects.create(
        direction="out",
        organisation=library,
        partner=partner,
        family=family,
        via="web",
        reason_code="low_literacy_parent",
        payload="{}",
        created_by=people["owner"],
    )
    erasure_request = DataSubjectRequest.objects.create(
        organisation=library,
        family=family,
        kind="erasure",
        identity_checked_on=timezone.localdate(),
        identity_method="in_person",
    )
    certificate = ErasureCertificate.objects.create(
        organisation=library, family_id=family.pk, erased_by=people["privacy_officer"]
    )
    breach = Breach.objects.create(
        organisation=library,
        found_at=timezone.now() - timedelta(hours=3),
        what_happened="Laptop verloren",
        which_data="Namen",
        recorded_by=people["privacy_officer"],
    )
    subject_request = DataSubjectRequest.objects.create(
        organisation=library, kind="objection", family=family
    )
    return {
        "erasure_request": erasure_request,
        "certificate": certificate,
        "breach": breach,
        "subject_request": subject_request,
        "people": people,
        "family": family,
        "consent": consent,
        "location": location,
        "contact": contact,
        "placement": placement,
        "meeting": placement.meetings.first(),
        "concern": concern,
        "tokens": tokens,
        "inbound": inbound,
        "outbound": outbound,
        "job": job,
        "upload": ImportUpload.objects.create(
            organisation=library,
            uploaded_by=people["coordinator"],
            kind="families",
            name="gezinnen.csv",
            content="",
            expires_at=timezone.now() + timedelta(hours=1),
        ),
    }


def url_for(name: str, world) -> str:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    family = world["family"]
    placement = world["placement"]
    pk = family.pk
    if name.startswith("api:partner-referral"):
        pk = world["inbound"].pk
    elif name.startswith("api:partner-received"):
        pk = world["outbound"].pk
    elif name.startswith("api:boekstart-contact"):
        pk = world["contact"].pk
    kwargs = {
        "placement_id": placement.pk,
        "meeting_id": world["meeting"].pk,
        "concern_id": world["concern"].pk,
        "moment": "start",
        "family_id": family.pk,
        "contact_id": world["contact"].pk,
        "location_id": world["location"].pk,
        "pk": pk,
        "referral_id": world["inbound"].pk,
        "consent_id": world["consent"].pk,
        "user_id": world["people"]["owner"].pk,
        "uidb64": "MQ",
        "token": "x-y",
        "upload_id": world["upload"].pk,
        "kind": "families",
        "breach_id": world["breach"].pk,
        "fmt": "csv",
        "request_id": world["subject_request"].pk,
        "certificate_id": world["certificate"].pk,
        "key": "families_new",
    }
    if name.startswith("api:breach-"):
        kwargs["pk"] = world["breach"].pk
    if name.startswith("api:erasure-"):
        kwargs["pk"] = world["certificate"].pk
    if name == "erasure_confirm":
        kwargs["request_id"] = world["erasure_request"].pk
    if name.startswith("api:privacy-request-"):
        kwargs["pk"] = world["subject_request"].pk
    if name.startswith("api:placement"):
        kwargs["pk"] = placement.pk
    if name.startswith("partner_received"):
        kwargs["referral_id"] = world["outbound"].pk
    if name.startswith(("job_", "api:job-")):
        kwargs["pk"] = kwargs["job_id"] = world["job"].pk
    if name == "api:volunteer-detail":
        kwargs["pk"] = placement.volunteer.volunteer_profile.pk
    if name == "volunteer_profile_edit":
        kwargs["user_id"] = placement.volunteer_id
    from django.urls.exceptions import NoReverseMatch

    for keys in (
        (),
        ("family_id",),
        ("pk",),
        ("contact_id",),
        ("location_id",),
        ("family_id", "consent_id"),
        ("pk", "consent_id"),
        ("family_id", "user_id"),
        ("referral_id",),
        ("uidb64", "token"),
        ("token",),
        ("placement_id",),
        ("placement_id", "meeting_id"),
        ("placement_id", "moment"),
        ("concern_id",),
        ("user_id",),
        ("upload_id",),
        ("kind",),
        ("breach_id",),
        ("request_id",),
        ("certificate_id",),
        ("fmt",),
        ("key",),
        ("job_id",),
    ):
        try:
            return reverse(name, kwargs={key: kwargs[key] for key in keys})
        except NoReverseMatch:
            continue
    raise AssertionError(f"Cannot build a URL for {name}")


def body_for(name: str, world) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Searches look for the owner's family, so HIDDEN proves it stays hidden."""
    if name in (
        "family_list",
        "api:family-search",
        "privacy_family_search",
        "api:privacy-family-search",
    ):
        return {"kind": "postcode", "term": world["family"].postcode}
    return {}


CASES = [
    (name, method, persona)
    for name, methods in MATRIX.items()
    for method, outcomes in methods.items()
    for persona in PERSONAS
]


@pytest.mark.parametrize(("name", "method", "persona"), CASES)
def test_authorization_matrix(world, name, method, persona):  # type: ignore[no-untyped-def]
    expected = MATRIX[name][method][persona]
    client = Client()
    if persona in TOKEN_PERSONAS:
        client = Client(headers={"Authorization": f"Bearer {world['tokens'][persona]}"})
    elif persona != "anonymous":
        client.force_login(world["people"][persona])
    url = url_for(name, world)
    body = body_for(name, world)
    if method == "GET":
        response = client.get(url)
    elif url.startswith("/api/"):
        response = getattr(client, method.lower())(url, body, content_type="application/json")
    else:
        response = getattr(client, method.lower())(url, body)
    status = response.status_code
    is_login_redirect = status == 302 and "/accounts/login/" in response.get("Location", "")
    family_id = str(world["family"].pk)

    if expected == DENY:
        assert status == 404, f"{persona} {method} {url}: {status}"
    elif expected == LOGIN:
        if url.startswith("/api/"):
            assert status in (401, 403), f"{method} {url}: {status}"
            assert response["Content-Type"].startswith("application/json")
        else:
            assert is_login_redirect, f"{method} {url}: {status}"
    elif expected == HIDDEN:
        assert status == 200, f"{persona} {method} {url}: {status}"
        assert family_id not in response.content.decode()
        for referral in (world["inbound"], world["outbound"]):
            assert str(referral.pk) not in response.content.decode()
    elif expected == PUBLIC:
        assert status not in (404, 405), f"{persona} {method} {url}: {status}"
        assert status < 500
    else:
        assert status not in (404, 405), f"{persona} {method} {url}: {status}"
        assert not is_login_redirect, f"{persona} {method} {url}: login redirect"
        assert status < 500
