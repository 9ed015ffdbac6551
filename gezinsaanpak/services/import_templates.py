"""The downloadable templates: the data sheet with Dutch headers, an example row and
drop-down lists for coded columns, and a sheet that explains every column."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _

from .import_cells import Column
from .import_run import KINDS


def template_xlsx(kind: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    columns: Sequence[Column] = KINDS[kind].columns
    book = Workbook()
    data = book.active
    assert data is not None  # noqa: S101 - a new workbook has a sheet
    data.title = _("Data")
    data.append([c.name for c in columns])
    data.append([c.example for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = max(14, len(column.name) + 4)
        data.cell(row=1, column=index).font = Font(bold=True)
        if column.choices:
            rule = DataValidation(
                type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True
            )
            rule.error = _("Choose one of the words in the list.")
            data.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}10001")
    data.freeze_panes = "A2"
    explain = book.create_sheet(_("Explanation"))
    explain.append([_("Column"), _("Required"), _("What to fill in")])
    for cell in explain[1]:
        cell.font = Font(bold=True)
    for column in columns:
        explain.append([column.name, _("yes") if column.required else _("no"), str(column.help)])
    explain.append([])
    for line in (
        _("The first sheet holds the data; row 1 holds the column names."),
        _("Dates as 31-12-2025, 31/12/2025 or 2025-12-31, or as a date in Excel."),
        _("Empty cells in columns that are not required are fine."),
        _("Replace the example row (row 2) with your own data."),
    ):
        explain.append([line])
    explain.column_dimensions["A"].width = 28
    explain.column_dimensions["C"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
