"""Issue 14, point 3: the export holds every personal value of the family (art. 15 and 20).

Every encrypted field of every record that hangs from the family gets a canary value; each
must appear in ``export.json`` and in the Dutch page. A new encrypted field on such a model
fails ``test_every_encrypted_field_of_the_family_is_exported`` until the export (and this
test) names it.
"""

from __future__ import annotations

import datetime
import json
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone, translation

from accounts.models import Role
from gezinsaanpak.models import (
    Answer,
    BoekStartSession,
    Caregiver,
    Child,
    Concern,
    Consent,
    Contact,
    CoordinatorMeeting,
    DataSubjectRequest,
    Family,
    Placement,
    PrivacyExport,
    ProcessingRestriction,
    Question,
    QuestionnaireResponse,
    QuestionnaireTemplate,
    Referral,
    Visit,
)
from gezinsaanpak.privacy.fields import EncryptedFieldMixin
from gezinsaanpak.selectors.privacy_export import EXPORT_FORMAT, EXPORT_VERSION
from gezinsaanpak.selectors.privacy_export_log import field_label, object_label
from gezinsaanpak.tasks.privacy_export_files import export_pdf
from tests.factories import FamilyFactory, LocationFactory, UserFactory

from .export_helpers import export_for, subject_request

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(2021, 3, 25)
# Encrypted fields that hang from the family but are not the family's data, and why.
NOT_EXPORTED = {
    # Why the privacy officer made an export for another purpose: about the export, not the
    # family, and it may name whoever asked for it (docs/privacy-export.md).
    (PrivacyExport, "reason"),
}
# Short fields need short canaries (the column limits their length).
SHORT = {
    (Family, "postcode"): "9999 ZZ",
    (Family, "house_number"): "4711-kan",
    (Family, "phone"): "0611998877",
    (Child, "date_of_birth"): BIRTH,
    (Referral, "payload"): json.dumps({"caregiver_given_name": "KanariePayload"}),
}


def canary(model: type[models.Model], name: str) -> Any:
    return SHORT.get((model, name), f"Kanarie{model.__name__}{name.title().replace('_', '')}")


def shown(model: type[models.Model], name: str) -> list[str]:
    """What must appear in the JSON and in the page for this canary."""
    if (model, name) == (Child, "date_of_birth"):
        return ["2021-03-25", "25 mrt. 2021"]
    if (model, name) == (Referral, "payload"):
        return ["KanariePayload"]
    return [str(canary(model, name))]


def family_models() -> set[type[models.Model]]:
    """Every model of the app with a chain of foreign keys to Family."""
    found: set[type[models.Model]] = {Family}
    grew = True
    while grew:
        grew = False
        for model in apps.get_app_config("gezinsaanpak").get_models():
            if model in found:
                continue
            if any(
                field.concrete and field.is_relation and field.related_model in found
                for field in model._meta.get_fields()
                if field.many_to_one or field.one_to_one
            ):
                found.add(model)
                grew = True
    return found


def encrypted_fields() -> set[tuple[type[models.Model], str]]:
    return {
        (model, field.name)
        for model in family_models()
        for field in model._meta.get_fields()
        if isinstance(field, EncryptedFieldMixin)
    }


def sealed(model: type[models.Model], *names: str) -> dict[str, Any]:
    return {name: canary(model, name) for name in names}


@pytest.fixture
def canary_family(library, coordinator, volunteer, coach, partner_org, privacy_officer):  # type: ignore[no-untyped-def]
    """A family with a canary in every encrypted field of every record it has."""
    fields = ("postcode", "house_number", "street", "city", "phone", "email", "notes")
    family = FamilyFactory(
        organisation=library,
        case_owner=UserFactory(organisation=library, role=Role.SPECIALIST),
        home_languages=["tr", "nl"],
        reading_languages=["pap"],
        **sealed(Family, *fields),
    )
    parent = Caregiver.objects.create(
        family=family,
        languages=["tr"],
        **sealed(Caregiver, "given_name", "family_name", "literacy_concern"),
    )
    child = Child.objects.create(
        family=family, **sealed(Child, "given_name", "date_of_birth", "development_concern")
    )
    consent = Consent.objects.create(
        family=family,
        given_by=parent,
        purpose="ve_participation",
        text_version="ve-2026-3",
        method="written",
        recorded_by=coordinator,
    )
    _placement(family, child, coordinator, volunteer)
    _boekstart(family, coach)
    Referral.objects.create(
        direction="in",
        organisation=library,
        partner=partner_org,
        family=family,
        caregiver=parent,
        via="api",
        reason_code="newcomer",
        consent=consent,
        status="accepted",
        **sealed(
            Referral,
            "referrer_name",
            "referrer_role",
            "reason_text",
            "feedback",
            "partner_feedback",
            "payload",
        ),
    )
    request = subject_request(
        privacy_officer,
        family,
        **sealed(DataSubjectRequest, "description", "extension_reason", "outcome_note"),
    )
    ProcessingRestriction.objects.create(
        organisation=library,
        family=family,
        request=request,
        set_by=privacy_officer,
        lifted_at=timezone.now(),
        lifted_by=privacy_officer,
        **sealed(ProcessingRestriction, "reason", "lift_reason"),
    )
    return family, request


def _placement(family: Family, child: Child, coordinator, volunteer) -> None:  # type: ignore[no-untyped-def]
    placement = Placement.objects.create(
        organisation=family.organisation,
        family=family,
        volunteer=volunteer,
        coordinator=coordinator,
        status="completed",
        weekday=0,
        **sealed(Placement, "referred_by"),
    )
    placement.children.add(child)
    Visit.objects.create(
        placement=placement,
        date=datetime.date(2026, 2, 2),
        status="held",
        minutes=55,
        books=3,
        logged_by=volunteer,
        **sealed(Visit, "note"),
    )
    CoordinatorMeeting.objects.create(
        placement=placement,
        moment="start",
        due_on=datetime.date(2026, 2, 2),
        **sealed(CoordinatorMeeting, "note"),
    )
    Concern.objects.create(
        placement=placement, raised_by=volunteer, **sealed(Concern, "text", "handled_note")
    )
    template = QuestionnaireTemplate.objects.create(organisation=family.organisation, name="Start")
    question = Question.objects.create(
        template=template, text="Hoe vaak leest u voor?", kind="text"
    )
    response = QuestionnaireResponse.objects.create(
        placement=placement, template=template, moment="start", filled_in_by=coordinator
    )
    Answer.objects.create(response=response, question=question, **sealed(Answer, "value"))


def _boekstart(family: Family, coach) -> None:  # type: ignore[no-untyped-def]
    location = LocationFactory(organisation=family.organisation, name="Consultatiebureau Oost")
    session = BoekStartSession.objects.create(
        organisation=family.organisation, coach=coach, location=location, conversations=4
    )
    Contact.objects.create(
        organisation=family.organisation,
        coach=coach,
        session=session,
        family=family,
        handed_over_at=timezone.now(),
    )


def test_every_encrypted_field_of_the_family_is_exported():
    """The canary family fills exactly the encrypted fields that hang from a family."""
    filled = {
        (Family, "postcode"),
        (Family, "house_number"),
        (Family, "street"),
        (Family, "city"),
        (Family, "phone"),
        (Family, "email"),
        (Family, "notes"),
        (Caregiver, "given_name"),
        (Caregiver, "family_name"),
        (Caregiver, "literacy_concern"),
        (Child, "given_name"),
        (Child, "date_of_birth"),
        (Child, "development_concern"),
        (Placement, "referred_by"),
        (Visit, "note"),
        (CoordinatorMeeting, "note"),
        (Concern, "text"),
        (Concern, "handled_note"),
        (Answer, "value"),
        (Referral, "referrer_name"),
        (Referral, "referrer_role"),
        (Referral, "reason_text"),
        (Referral, "feedback"),
        (Referral, "partner_feedback"),
        (Referral, "payload"),
        (DataSubjectRequest, "description"),
        (DataSubjectRequest, "extension_reason"),
        (DataSubjectRequest, "outcome_note"),
        (ProcessingRestriction, "reason"),
        (ProcessingRestriction, "lift_reason"),
    }
    missing = encrypted_fields() - NOT_EXPORTED - filled
    assert not missing, (
        "Encrypted fields that hang from a family but are not in the export (add them to "
        f"selectors/privacy_export_*.py, docs/privacy-export.md and this test): {missing}"
    )
    assert filled <= encrypted_fields()


def test_every_canary_is_in_the_json_and_on_the_page(canary_family, privacy_officer):
    family, request = canary_family
    export = export_for(privacy_officer, family, request)
    text = json.dumps(export.json, ensure_ascii=False)
    for model, name in encrypted_fields() - NOT_EXPORTED:
        for expected in shown(model, name):
            assert expected in text or expected == "25 mrt. 2021", (model, name, "json")
            assert expected in export.html or expected == "2021-03-25", (model, name, "html")


def test_the_json_has_its_format_version_and_every_section(canary_family, privacy_officer):
    family, request = canary_family
    export = export_for(privacy_officer, family, request)
    body = export.json
    assert export.names == ["export.json", "export.html", "export.pdf"]
    assert (body["format"], body["version"]) == (EXPORT_FORMAT, EXPORT_VERSION)
    assert body["family_id"] == str(family.pk)
    assert body["purpose"] == "subject_request"
    assert body["request"]["id"] == str(request.pk) and body["request"]["kind"] == "access"
    assert body["family"]["postcode"] == "9999 ZZ"
    assert body["family"]["home_languages"] == ["tr", "nl"]
    assert body["family"]["municipality"] == family.municipality.name
    assert [c["relation"] for c in body["caregivers"]] == ["parent"]
    assert body["children"][0]["date_of_birth"] == "2021-03-25"
    consent = body["consents"][0]
    assert (consent["purpose"], consent["text_version"], consent["method"]) == (
        "ve_participation",
        "ve-2026-3",
        "written",
    )
    assert consent["given_by"] == "KanarieCaregiverGivenName KanarieCaregiverFamilyName"
    placement = body["placements"][0]
    assert placement["children"] == ["KanarieChildGivenName"]
    assert placement["visits"][0]["note"] == "KanarieVisitNote"
    assert placement["questionnaires"][0]["answers"][0] == {
        "question": "Hoe vaak leest u voor?",
        "value": "KanarieAnswerValue",
    }
    referral = body["referrals"][0]
    assert (referral["direction"], referral["partner"], referral["status"]) == (
        "in",
        "JGZ Test",
        "accepted",
    )
    assert referral["payload"] == {"caregiver_given_name": "KanariePayload"}
    assert body["boekstart_contacts"][0]["location"] == "Consultatiebureau Oost"
    assert body["data_subject_requests"][0]["kind"] == "access"
    assert body["access_log"]["count"] == len(body["access_log"]["lines"]) > 0


def test_the_page_is_dutch_and_the_pdf_is_a_pdf(canary_family, privacy_officer):
    family, request = canary_family
    export = export_for(privacy_officer, family, request)
    assert export.html.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in export.html
    for dutch in ("Uw gegevens bij", "Wie heeft uw dossier bekeken", "Ouders en verzorgers"):
        assert dutch in export.html
    assert "Moeder" not in export.html  # the relation is the caregiver's own: parent
    assert "Ouder" in export.html
    assert export.pdf.startswith(b"%PDF-") and len(export.pdf) > 5000


def test_field_names_in_the_log_read_as_dutch():
    with translation.override("nl"):
        assert field_label("family", "family.postcode") == "postcode"
        assert field_label("family", "caregiver.given_name") == "voornaam (ouder/verzorger)"
        assert field_label("referral", "caregiver_given_name") == "voornaam"
        assert field_label("referral", "phone") == "telefoonnummer"
        assert field_label("job", "file") == "het bestand"
        assert object_label("meeting") == "gesprek met de coördinator"
        assert object_label("family_export") == "export van uw gegevens"


def test_making_the_pdf_fetches_nothing():
    """Should a value ever turn into an address, WeasyPrint refuses it before any request."""
    page = '<p>Hallo</p><img src="http://127.0.0.1:9/a.png"><link rel="stylesheet" href="file:///etc/hosts">'
    with mock.patch("urllib.request.OpenerDirector.open") as opened:
        pdf = export_pdf(f"<html><body>{page}</body></html>")
    assert pdf.startswith(b"%PDF-") and not opened.called
