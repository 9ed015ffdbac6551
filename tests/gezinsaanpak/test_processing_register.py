"""The processing register (art. 30): page, downloads, API and command, for the privacy officer."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gezinsaanpak.processing_register import REGISTER, Purpose
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PAGE = "/privacy/register/"
API = "/api/v1/privacy/register/"
PURPOSES = {str(purpose) for purpose in Purpose}


@pytest.fixture
def configured(library):
    library.controller_name = "Stichting Bibliotheek Testrijk"
    library.controller_contact = "Stationsplein 1, 1234 AB Testrijk"
    library.dpo_name = "F. Gegevens"
    library.dpo_email = "fg@bibliotheek-testrijk.example"
    library.save()
    return library


def test_the_register_covers_every_consent_purpose():
    assert {str(entry.purpose) for entry in REGISTER} == PURPOSES


def test_json_api_has_every_purpose_special_categories_and_the_organisations_contacts(
    privacy_officer, configured
):
    response = client_for(privacy_officer).get(API)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = response.json()
    assert document["version"] == 1
    assert document["controller"] == {
        "name": "Stichting Bibliotheek Testrijk",
        "contact": "Stationsplein 1, 1234 AB Testrijk",
    }
    assert document["data_protection_officer"] == {
        "name": "F. Gegevens",
        "email": "fg@bibliotheek-testrijk.example",
    }
    activities = {a["purpose"]: a for a in document["activities"]}
    assert set(activities) == PURPOSES
    for activity in activities.values():
        assert activity["legal_basis"]
        assert activity["data_subjects"]
        assert activity["categories_of_data"]
        assert activity["recipients"]
        assert activity["retention"]
        assert activity["security_measures"]
        assert "EU" in activity["transfers_outside_eu"]
    special = {
        c["name"]
        for a in activities.values()
        for c in a["categories_of_data"]
        if c["special_category"]
    }
    # The literacy concern and the development/speech concern are marked (in Dutch here).
    assert any("lezen en schrijven" in name for name in special), special
    assert any("ontwikkeling" in name for name in special), special
    partner_types = {p["type"] for p in activities["share_with_partner"]["recipient_partner_types"]}
    assert {"jgz", "wijkteam", "taalhuis"} <= partner_types


def test_api_csv_with_format_csv(privacy_officer, configured):
    response = client_for(privacy_officer).get(API, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["purpose"] for row in rows} == PURPOSES
    assert all(row["dpo_email"] == "fg@bibliotheek-testrijk.example" for row in rows)
    assert all(row["controller_name"] == "Stichting Bibliotheek Testrijk" for row in rows)
    assert any("bijzonder" in row["categories_of_data"] for row in rows)
    assert all(row["special_categories"] for row in rows if row["purpose"] == "ve_participation")


def test_api_unknown_format_and_errors_are_json(privacy_officer, specialist):
    assert client_for(privacy_officer).get(API, {"format": "xml"}).status_code == 404
    response = client_for(specialist).get(API, {"format": "csv"})
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("persona", ["coordinator", "specialist", "coach", "volunteer", "outsider"])
def test_everyone_else_gets_404(persona, request):
    client = client_for(request.getfixturevalue(persona))
    for url in (API, f"{API}?format=csv", PAGE, f"{PAGE}download.csv", f"{PAGE}download.json"):
        assert client.get(url).status_code == 404, url


def test_outsider_privacy_officer_sees_their_own_organisation(configured, other_library):
    from accounts.models import Role
    from tests.factories import UserFactory

    officer = UserFactory(organisation=other_library, role=Role.PRIVACY_OFFICER)
    document = client_for(officer).get(API).json()
    assert document["organisation"] == other_library.name
    assert document["data_protection_officer"]["email"] == ""


def test_page_shows_every_purpose_the_contacts_and_download_links(privacy_officer, configured):
    response = client_for(privacy_officer).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    for entry in REGISTER:
        assert str(Purpose(entry.purpose).label) in html
    assert "Stichting Bibliotheek Testrijk" in html
    assert "fg@bibliotheek-testrijk.example" in html
    assert f"{PAGE}download.csv" in html and f"{PAGE}download.json" in html
    assert "badge-warn" in html  # the special categories are marked


def test_page_downloads(privacy_officer, configured):
    client = client_for(privacy_officer)
    as_csv = client.get(f"{PAGE}download.csv")
    assert as_csv.status_code == 200 and as_csv["Content-Type"].startswith("text/csv")
    assert {r["purpose"] for r in csv.DictReader(io.StringIO(as_csv.content.decode()))} == (
        PURPOSES
    )
    as_json = client.get(f"{PAGE}download.json")
    assert as_json.status_code == 200
    assert {a["purpose"] for a in json.loads(as_json.content)["activities"]} == PURPOSES
    assert client.get(f"{PAGE}download.xml").status_code == 404


def test_command_json_and_csv(configured, capsys):
    call_command(
        "export_processing_register", "--format", "json", "--organisation", configured.name
    )
    document = json.loads(capsys.readouterr().out)
    assert {a["purpose"] for a in document["activities"]} == PURPOSES
    assert document["data_protection_officer"]["name"] == "F. Gegevens"
    call_command("export_processing_register", "--format", "csv")  # the only library
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {row["purpose"] for row in rows} == PURPOSES
    assert rows[0]["controller_contact"] == "Stationsplein 1, 1234 AB Testrijk"


def test_command_refuses_an_unknown_or_ambiguous_organisation(configured, other_library):
    with pytest.raises(CommandError, match="No such organisation"):
        call_command("export_processing_register", "--organisation", "Nergens")
    with pytest.raises(CommandError, match="More than one library"):
        call_command("export_processing_register")


def test_the_admin_sets_controller_and_dpo(library):
    from tests.factories import UserFactory

    admin = UserFactory(organisation=library, is_staff=True, is_superuser=True)
    response = client_for(admin).get(f"/admin/accounts/organisation/{library.pk}/change/")
    assert response.status_code == 200
    for field in ("controller_name", "controller_contact", "dpo_name", "dpo_email"):
        assert f'name="{field}"' in response.content.decode()


def test_options_with_format_csv_is_json_not_a_500(privacy_officer):
    response = client_for(privacy_officer).options(f"{API}?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
