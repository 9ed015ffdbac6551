"""The sample import files in ``docs/examples/``, made reproducibly.

``python -m gezinsaanpak.demo.import_examples docs/examples`` writes them again. The
families sample with errors has 30 rows of which exactly 5 are wrong (rows 4, 9, 15, 22
and 28 of the sheet); the tests import these very files. They fit the demo organisation
(``Bibliotheek Demo``, serving Kerkrade GM0928 and Brunssum GM0899).
"""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

FAMILY_HEADERS = [
    "Achternaam",
    "Voornaam ouder",
    "Relatie",
    "Ouderlijk gezag",
    "Voornaam ouder 2",
    "Achternaam ouder 2",
    "Postcode",
    "Huisnummer",
    "Straat",
    "Plaats",
    "Telefoon",
    "E-mail",
    "Gemeente",
    "Talen thuis",
    "Voornaam kind 1",
    "Geboortedatum kind 1",
    "Voornaam kind 2",
    "Geboortedatum kind 2",
    "Status",
    "Casushouder",
    "Toestemming registratie",
    "Notities",
]
VOLUNTEER_HEADERS = [
    "E-mail",
    "Voornaam",
    "Achternaam",
    "VOG datum",
    "Training Interactief Voorlezen",
    "Talen",
    "Postcode cijfers",
    "Aantal gezinnen",
    "Actief",
]
PLACEMENT_HEADERS = [
    "Postcode",
    "Huisnummer",
    "Achternaam",
    "E-mail vrijwilliger",
    "Weekdag",
    "Tijd",
    "Startdatum",
    "Bezoeken gehouden",
]

SURNAMES = [
    "Jansen",
    "El Amrani",
    "Yilmaz",
    "Kowalski",
    "Bakker",
    "Haddad",
    "Visser",
    "Öztürk",
    "Smit",
    "Mohammed",
    "de Vries",
    "Tesfay",
    "Meijer",
    "Nowak",
    "Hendriks",
    "Ali",
    "Dekker",
    "Bouzid",
    "Peters",
    "Hassan",
    "van Dijk",
    "Kaya",
    "Willems",
    "Abdi",
    "Janssen",
    "Rahimi",
    "Vos",
    "Shevchenko",
    "Claessens",
    "Benali",
]
GIVEN = [
    "Fatima",
    "Sanne",
    "Ayşe",
    "Katarzyna",
    "Linda",
    "Rania",
    "Eva",
    "Elif",
    "Mark",
    "Amina",
    "Joost",
    "Senait",
    "Iris",
    "Piotr",
    "Anouk",
    "Hodan",
    "Tom",
    "Nadia",
    "Kim",
    "Leila",
    "Bram",
    "Zeynep",
    "Lotte",
    "Fartun",
    "Maud",
    "Soraya",
    "Ruud",
    "Olena",
    "Ilse",
    "Samira",
]
CHILDREN = ["Amira", "Noah", "Elif", "Zofia", "Daan", "Yara", "Liam", "Defne", "Saar", "Adam"]
LANGUAGES = ["Arabisch, Nederlands", "Nederlands", "Turks", "Pools", "Tigrinya", "Somalisch"]
PLACES = [("6461", "Kerkrade", "GM0928"), ("6441", "Brunssum", "GM0899")]
LETTERS = ["AB", "CD", "EF", "GH", "JK", "LM"]


def family_row(n: int) -> list[object]:
    digits, city, code = PLACES[n % 2]
    postcode = f"{int(digits) + n % 5} {LETTERS[n % 6]}"
    born = datetime.date(2021 + n % 4, 1 + n % 12, 1 + n % 27)
    second = n % 3 == 0
    return [
        SURNAMES[n],
        GIVEN[n],
        ["moeder", "vader", "ouder", "grootouder", "pleegouder"][n % 5],
        "ja",
        "Karim" if second else "",
        SURNAMES[n] if second else "",
        postcode,
        str(10 + n),
        "Hoofdstraat" if n % 2 else "Markt",
        city,
        f"06 {12345600 + n}",
        "",
        code if n % 4 else city,
        LANGUAGES[n % len(LANGUAGES)],
        CHILDREN[n % 10],
        born if n % 2 else born.strftime("%d-%m-%Y"),
        CHILDREN[(n + 3) % 10] if n % 4 == 1 else "",
        (born - datetime.timedelta(days=500)).strftime("%Y-%m-%d") if n % 4 == 1 else "",
        "intake" if n % 3 else "aangemeld",
        "",
        datetime.date(2025, 9, 1 + n % 28).strftime("%d/%m/%Y"),
        "",
    ]


# Row of the sheet (header = 1) → what is wrong with it.
BAD_ROWS = {
    4: ("Postcode", "1234"),
    9: ("Geboortedatum kind 1", "31-02-2023"),
    15: ("Relatie", "buurvrouw"),
    22: ("Gemeente", "Amsterdam"),
    28: ("Ouderlijk gezag", "misschien"),
}


def family_rows(*, with_errors: bool, count: int) -> list[list[object]]:
    rows = [family_row(n) for n in range(count)]
    if with_errors:
        for sheet_row, (column, value) in BAD_ROWS.items():
            rows[sheet_row - 2][FAMILY_HEADERS.index(column)] = value
    return rows


def volunteer_rows() -> list[list[object]]:
    people = [("Henk", "Bos"), ("Marij", "Lemmens"), ("Ahmed", "Saidi"), ("Greet", "Huisman")]
    return [
        [
            f"{given.lower()}.{family.lower()}@voorbeeld.nl",
            given,
            family,
            datetime.date(2024, 3, 1 + i),
            datetime.date(2024, 4, 10 + i).strftime("%d-%m-%Y"),
            ["Nederlands", "Nederlands, Arabisch", "Nederlands, Limburgs", "Nederlands"][i],
            ["6461", "6441", "6462", "6443"][i],
            [2, 1, 3, 1][i],
            "ja",
        ]
        for i, (given, family) in enumerate(people)
    ]


def placement_rows() -> list[list[object]]:
    """Two running placements of families in ``families.xlsx`` with volunteers of
    ``volunteers.xlsx``: one with a number of visits, one with their dates."""
    first, second = family_row(0), family_row(1)
    return [
        [
            first[6],
            first[7],
            first[0],
            "henk.bos@voorbeeld.nl",
            "dinsdag",
            "15:30",
            "07-10-2025",
            6,
        ],
        [
            second[6],
            second[7],
            second[0],
            "marij.lemmens@voorbeeld.nl",
            "donderdag",
            "10:00",
            "2025-10-02",
            "02-10-2025, 09-10-2025, 16-10-2025",
        ],
    ]


def xlsx(headers: list[str], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101
    sheet.title = "Gegevens"
    sheet.append(headers)
    for row in rows:
        sheet.append([None if cell == "" else cell for cell in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD-MM-YYYY"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_all(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "gezinnen.xlsx": xlsx(FAMILY_HEADERS, family_rows(with_errors=False, count=10)),
        "gezinnen-met-fouten.xlsx": xlsx(FAMILY_HEADERS, family_rows(with_errors=True, count=30)),
        "vrijwilligers.xlsx": xlsx(VOLUNTEER_HEADERS, volunteer_rows()),
        "koppelingen.xlsx": xlsx(PLACEMENT_HEADERS, placement_rows()),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)


if __name__ == "__main__":
    write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/examples"))
