"""Reading an uploaded spreadsheet (XLSX or CSV) into numbered rows of cell values.

XLSX is read with openpyxl in read-only mode with the values Excel stored for formulas
(``data_only``): a formula is never evaluated here, and a formula cell without a stored
value is reported as an error, not read as its formula text. CSV may be UTF-8 (with or
without BOM) or Windows-1252, separated by ``;`` or ``,``. Row numbers are the sheet's own:
the header is row 1, and empty rows keep their number.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000

Value = str | int | float | bool | datetime.date | datetime.datetime | datetime.time | None


class ImportFileError(Exception):
    """The file as a whole cannot be read; ``message`` is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class SheetRow:
    number: int
    values: dict[str, Value]
    # Cells that could not be read at all: column → problem.
    problems: dict[str, str] = field(default_factory=dict)


@dataclass
class Sheet:
    headers: list[str]
    rows: list[SheetRow]


def read_sheet(data: bytes) -> Sheet:
    """The first sheet of an XLSX file, or a CSV file, as rows keyed by the header."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(mb)s MB. Split it into smaller files.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    grid = _xlsx_grid(data) if data.startswith(b"PK\x03\x04") else _csv_grid(data)
    return _sheet(grid)


FORMULA_WITHOUT_VALUE = object()


def _xlsx_grid(data: bytes) -> Iterator[list[object]]:
    from openpyxl import load_workbook

    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError(_("This is not a spreadsheet that can be read (XLSX).")) from error
    if not values.worksheets:
        raise ImportFileError(_("The file is empty."))
    value_rows = values.worksheets[0].iter_rows(values_only=True)
    formula_rows = formulas.worksheets[0].iter_rows(values_only=True)
    for cached, written in zip(value_rows, formula_rows, strict=False):
        yield [
            FORMULA_WITHOUT_VALUE
            if value is None and isinstance(source, str) and source.startswith("=")
            else value
            for value, source in zip(cached, written, strict=False)
        ]


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_grid(data: bytes) -> Iterator[list[object]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _clean(value: object) -> Value:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str | int | float | bool | datetime.date | datetime.time):
        return value
    return None if value is None else str(value)


def _sheet(grid: Iterator[list[object]]) -> Sheet:
    header = next(grid, None)
    headers = [str(cell).strip() if cell is not None else "" for cell in header or []]
    if not any(headers):
        raise ImportFileError(_("Row 1 must hold the column names."))
    rows: list[SheetRow] = []
    for number, cells in enumerate(grid, start=2):
        if number > MAX_ROWS + 1:
            raise ImportFileError(
                _("The file has more than %(rows)s rows. Split it into smaller files.")
                % {"rows": f"{MAX_ROWS:,}".replace(",", ".")}
            )
        row = SheetRow(number, {})
        for name, cell in zip(headers, cells, strict=False):
            if not name:
                continue
            if cell is FORMULA_WITHOUT_VALUE:
                row.problems[name] = _(
                    "this formula has no stored value; open the file in Excel and save it again"
                )
                continue
            row.values[name] = _clean(cell)
        if row.problems or any(v is not None for v in row.values.values()):
            rows.append(row)
    return Sheet(headers, rows)
