"""Reading import files: encodings, separators, date formats, formulas, limits."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import Workbook

from gezinsaanpak.services import import_cells as cells
from gezinsaanpak.services import import_files
from gezinsaanpak.services.import_files import ImportFileError, read_sheet
from gezinsaanpak.services.import_run import preview_data

HEADER = (
    "Achternaam;Voornaam ouder;Postcode;Huisnummer;Gemeente;Voornaam kind 1;Geboortedatum kind 1"
)


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Achternaam;Plaats\nÖztürk;Kerkrade\n".encode(), "Öztürk"),
        ("\ufeffAchternaam;Plaats\nÖztürk;Kerkrade\n".encode(), "Öztürk"),
        ("Achternaam;Plaats\nÖztürk;Kerkrade\n".encode("cp1252"), "Öztürk"),
        ("Achternaam,Plaats\r\nÖztürk,Kerkrade\r\n".encode(), "Öztürk"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252", "comma"],
)
def test_csv_encodings_and_separators(data, expected):
    sheet = read_sheet(data)
    assert sheet.headers == ["Achternaam", "Plaats"]
    assert sheet.rows[0].values == {"Achternaam": expected, "Plaats": "Kerkrade"}
    assert sheet.rows[0].number == 2


def test_row_numbers_are_the_sheets_own_and_skip_empty_rows():
    sheet = read_sheet(b"Achternaam\nJansen\n\n;\nBakker\n")
    assert [(r.number, r.values["Achternaam"]) for r in sheet.rows] == [
        (2, "Jansen"),
        (5, "Bakker"),
    ]


@pytest.mark.parametrize(
    "value",
    [
        "31-12-2025",
        "31/12/2025",
        "2025-12-31",
        datetime.datetime(2025, 12, 31),
        datetime.date(2025, 12, 31),
    ],
)
def test_dates_in_the_formats_people_write(value):
    assert cells.date(value) == datetime.date(2025, 12, 31)


@pytest.mark.parametrize("value", ["31-02-2025", "12-31-2025", "morgen", "1-1-0001"])
def test_impossible_dates_are_refused(value):
    with pytest.raises(cells.CellError):
        cells.date(value)


def test_real_excel_dates_are_read_as_dates():
    sheet = read_sheet(_xlsx([["Geboortedatum kind 1"], [datetime.datetime(2023, 3, 14)]]))
    assert cells.date(sheet.rows[0].values["Geboortedatum kind 1"]) == datetime.date(2023, 3, 14)


def test_formulas_are_read_as_their_stored_values_never_as_text():
    """openpyxl writes no cached values: the formula cell has none, and that is an error,
    not the formula's text."""
    sheet = read_sheet(_xlsx([["Achternaam", "Huisnummer"], ["Jansen", "=1+1"]]))
    row = sheet.rows[0]
    assert "Huisnummer" not in row.values
    assert "formule" in row.problems["Huisnummer"] or "formula" in row.problems["Huisnummer"]


def test_a_formula_with_a_stored_value_gives_that_value(tmp_path):
    """A workbook saved by Excel keeps the formula and its value side by side."""
    data = _xlsx([["Achternaam", "Huisnummer"], ["Jansen", "=1+1"]])
    data = _with_cached_value(data, "B2", "2")
    sheet = read_sheet(data)
    assert sheet.rows[0].values["Huisnummer"] == 2
    assert not sheet.rows[0].problems


def _with_cached_value(data: bytes, cell: str, value: str) -> bytes:
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                start = text.index(f'<c r="{cell}"')
                end = text.index("</c>", start)
                inner = text[start:end].replace("<v />", "").replace("<v></v>", "")
                text = text[:start] + inner + f"<v>{value}</v>" + text[end:]
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


def test_a_file_over_the_size_limit_is_refused_with_a_clear_message(monkeypatch):
    monkeypatch.setattr(import_files, "MAX_BYTES", 100)
    with pytest.raises(ImportFileError, match="MB"):
        read_sheet(b"Achternaam\n" + b"Jansen\n" * 20)


def test_a_file_over_the_row_limit_is_refused(monkeypatch):
    monkeypatch.setattr(import_files, "MAX_ROWS", 3)
    with pytest.raises(ImportFileError) as error:
        read_sheet(b"Achternaam\n" + b"Jansen\n" * 4)
    assert "3" in error.value.message


def test_not_a_spreadsheet():
    with pytest.raises(ImportFileError):
        read_sheet(b"PK\x03\x04 this is no zip")


@pytest.mark.django_db
def test_missing_required_columns_are_named(library):
    with pytest.raises(ImportFileError) as error:
        preview_data(organisation_id=library.pk, kind="families", data=b"Achternaam;Plaats\nX;Y\n")
    assert "Postcode" in error.value.message and "Huisnummer" in error.value.message


@pytest.mark.django_db
def test_csv_families_with_every_date_format(library):
    data = "\n".join(
        [
            HEADER,
            "Jansen;Eva;6461 AB;1;Kerkrade;Daan;14-03-2023",
            "Bakker;Iris;6461AB;2;GM0928;Saar;14/03/2023",
            "Visser;Kim;6461 ab;3;0899;Noah;2023-03-14",
        ]
    ).encode("cp1252")
    preview = preview_data(organisation_id=library.pk, kind="families", data=data)
    assert [r.number for r in preview.new] == [2, 3, 4], [r.messages for r in preview.errors]
    births = {r.record.children[0]["date_of_birth"] for r in preview.new}
    assert births == {datetime.date(2023, 3, 14)}


@pytest.mark.django_db
def test_the_same_family_twice_in_one_file_is_created_once(library):
    data = "\n".join(
        [HEADER, "Jansen;Eva;6461 AB;1;Kerkrade;;", "jansen;Piet;6461AB;1;Kerkrade;;"]
    ).encode()
    preview = preview_data(organisation_id=library.pk, kind="families", data=data)
    assert [r.number for r in preview.new] == [2]
    assert [r.number for r in preview.present] == [3]
    assert "2" in preview.present[0].messages[0]
