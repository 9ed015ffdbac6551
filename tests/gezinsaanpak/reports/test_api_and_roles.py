"""Who reads which figures, the API's answer, and CSV/XLSX carrying the same numbers."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from accounts.models import Municipality, Organisation, Role
from gezinsaanpak.models import Family
from gezinsaanpak.reports.exports import as_csv, as_xlsx, neutralise
from tests.factories import FamilyFactory, UserFactory

from . import world

URL = "/api/v1/reports/families_active/?start=2025-01-01&end=2025-12-31"


def _families(org: Organisation, municipality: Municipality, n: int) -> None:
    for _ in range(n):
        FamilyFactory(organisation=org, municipality=municipality, opened_on="2025-02-01")


@pytest.fixture
def made(db):  # type: ignore[no-untyped-def]
    made = world.build()
    # Enough families to publish: Kerkrade 2 + 6, Brunssum 1 + 5, Heerlen (elsewhere) 0 + 7.
    _families(made["library"], made["kerkrade"], 6)
    _families(made["library"], made["brunssum"], 5)
    heerlen = Municipality.objects.get(code="GM0917")
    _families(made["elsewhere"], heerlen, 7)
    gemeente = Organisation.objects.create(name="Gemeente Kerkrade", kind="municipality")
    gemeente.municipalities.set([made["kerkrade"]])
    made["municipality"] = UserFactory(organisation=gemeente, role=Role.MUNICIPALITY)
    region = Organisation.objects.create(name="Regio Demo", kind="regional")
    region.member_libraries.set([made["library"], made["elsewhere"]])
    made["regional"] = UserFactory(organisation=region, role=Role.REGIONAL)
    return made


def _get(user, url):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_coordinator_reads_own_library_for_all_its_municipalities(made):
    body = _get(made["coordinator"], URL + "&breakdown=municipality").json()
    assert body["totals"]["value"] == 14  # 3 of the world + 11 added; not Heerlen's 7
    columns = {r["dimension"]["municipality"]: r["value"] for r in body["rows"]}
    assert columns == {"GM0928": 8, "GM0899": 6}


def test_municipality_login_sees_only_its_municipality(made):
    body = _get(made["municipality"], URL).json()
    assert body["municipality"] == "GM0928" and body["totals"]["value"] == 8
    assert _get(made["municipality"], URL + "&municipality=GM0899").status_code == 404
    listing = _get(made["municipality"], "/api/v1/reports/").json()
    assert "ve_vog_expiring" not in {d["key"] for d in listing}
    assert (
        "municipality"
        not in next(d for d in listing if d["key"] == "families_active")["dimensions"]
    )


@pytest.mark.parametrize(
    "url",
    [
        "/families/",
        "/api/v1/families/",
        "/referrals/",
        "/boekstart/",
        "/api/v1/placements/",
        "/team/",
    ],
)
def test_municipality_and_regional_logins_get_404_on_personal_pages(made, url):
    for who in ("municipality", "regional"):
        assert _get(made[who], url).status_code == 404, (who, url)
    family = Family.objects.filter(organisation=made["library"]).first()
    assert _get(made["municipality"], f"/families/{family.pk}/").status_code == 404


def test_regional_login_sees_member_libraries_side_by_side_and_summed(made):
    body = _get(made["regional"], URL + "&breakdown=library").json()
    assert body["totals"]["value"] == 22  # Elders: 7 + the one of the world
    by_library = {
        body["labels"]["library"][r["dimension"]["library"]]: r["value"] for r in body["rows"]
    }
    assert by_library == {"Bibliotheek Demo": 14, "Bibliotheek Elders": 8}


def test_regional_login_does_not_see_a_library_outside_the_region(made):
    made["regional"].organisation.member_libraries.set([made["elsewhere"]])
    body = _get(made["regional"], URL).json()
    assert body["totals"]["value"] == 8


def test_by_month_answers_in_the_documented_shape(made):
    body = _get(
        made["coordinator"],
        "/api/v1/reports/families_new/?start=2025-01-01&end=2025-12-31&by=month",
    ).json()
    assert set(body) >= {"report", "period", "municipality", "rows", "totals"}
    january = next(r for r in body["rows"] if r["dimension"] == {"month": "2025-01"})
    assert january == {
        "dimension": {"month": "2025-01"},
        "value": None,
        "suppressed": True,
        "display": "<5",
    }
    # January's 1 would follow from the published total: February (12) is hidden with it.
    february = next(r for r in body["rows"] if r["dimension"] == {"month": "2025-02"})
    assert february["suppressed"] and february["display"] != "<5"
    march = next(r for r in body["rows"] if r["dimension"] == {"month": "2025-03"})
    assert march == {
        "dimension": {"month": "2025-03"},
        "value": 0,
        "suppressed": False,
        "display": "0",
    }
    assert body["totals"]["value"] == 13


def test_bad_input_is_a_json_error_not_a_500(made):
    for query, code in (
        ("start=2025-13-01", 400),
        ("start=1176-04-11", 400),  # outside the dates anyone sends (1900-2100)
        ("by=week", 400),
        ("breakdown=shoe_size", 422),  # the right form; the figure has no such breakdown
        ("start=2025-05-01&end=2025-01-01", 422),
        ("start=1900-01-01&end=2025-01-01", 422),  # more than five years
    ):
        response = _get(made["coordinator"], f"/api/v1/reports/families_new/?{query}")
        assert response.status_code == code, query
        assert response["Content-Type"].startswith("application/json")
    assert _get(made["coordinator"], "/api/v1/reports/no_such_thing/").status_code == 404


def test_csv_and_xlsx_carry_the_same_numbers_as_the_api(made):
    url = "/api/v1/reports/families_new/?start=2025-01-01&end=2025-12-31&by=month"
    body = _get(made["coordinator"], url).json()
    raw = _get(made["coordinator"], url + "&format=csv").content
    assert raw.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert [line[-1] for line in lines[1:]] == [
        str(r["value"]) if not r["suppressed"] else r["display"] for r in body["rows"]
    ] + [str(body["totals"]["value"])]
    xlsx = _get(made["coordinator"], url + "&format=xlsx").content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    values = [row[-1] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert values == [r["value"] if not r["suppressed"] else r["display"] for r in body["rows"]] + [
        body["totals"]["value"]
    ]


def test_partner_client_cannot_read_reports(made):
    from tests.factories import PartnerOrganisationFactory, access_token_for, partner_client

    client = partner_client(PartnerOrganisationFactory(), made["library"])
    token = access_token_for(client).token
    response = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/v1/reports/")
    assert response.status_code in (401, 403, 404)


FORMULAS = ["=1+1", "+31", "-5", "@SUM(A1)", "\tx", "\rx"]


@pytest.mark.parametrize("text", FORMULAS)
def test_exports_neutralise_formula_cells(text):
    assert neutralise(text) == "'" + text
    payload = {
        "report": {"key": "x", "label": text, "explanation": "", "unit": "count"},
        "period": {"start": "2025-01-01", "end": "2025-12-31"},
        "municipality": None,
        "by": None,
        "breakdown": "location",
        "labels": {"location": {text: text}},
        "rows": [
            {"dimension": {"location": text}, "value": 7, "suppressed": False, "display": "7"}
        ],
        "totals": {"value": 7, "suppressed": False, "display": "7"},
    }
    lines = as_csv(payload).decode("utf-8-sig").splitlines()
    assert all(
        not field.startswith(("=", "+", "-", "@", "\t", "\r"))
        for line in lines
        for field in line.split(";")
    )
    sheet = load_workbook(io.BytesIO(as_xlsx(payload))).active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_municipality_downloads_the_annual_overview_of_its_own_municipality(made):
    from gezinsaanpak.access.reports import report_scope_for
    from gezinsaanpak.reports.year_overview import year_overview_html

    response = _get(made["municipality"], "/reports/jaaroverzicht.pdf?year=2025")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (
        _get(made["municipality"], "/reports/jaaroverzicht.pdf?municipality=GM0899").status_code
        == 404
    )
    html = year_overview_html(report_scope_for(made["municipality"]), 2025)
    assert "Kerkrade (GM0928)" in html
    assert "VOG" not in html  # library-internal figures are not for the municipality
    # Families reached in Kerkrade 2025: 8 (published); sign-ups: 2 (hidden as <5).
    assert ">8<" in html and "&lt;5" in html
