"""Disclosure control: no published number from 1 to 4, and nothing to work them out from.

Primary suppression hides every count from 1 to 4 (it reads "<5"; zero is shown). Secondary
suppression then hides further cells so that no hidden value follows from a published total
by subtraction: in the table *with its margins* (row totals, column totals, grand total),
every row and every column holds either no hidden value or at least two.
"""

from __future__ import annotations

from dataclasses import dataclass

SMALL = 5  # counts from 1 to SMALL - 1 are not published
MIN_BASE = 10  # no percentage or average over fewer than this


@dataclass(frozen=True)
class Published:
    """A table after disclosure control: each cell and margin hidden or not."""

    cells: list[list[bool]]
    row_totals: list[bool]
    column_totals: list[bool]
    total: bool


def small(value: int) -> bool:
    return 0 < value < SMALL


def suppress(table: list[list[int]]) -> Published:
    """Which cells and totals of ``table`` must be hidden (``True``).

    Row totals are published only when there is more than one column, column totals only
    when there is more than one row (a one-column table's row total is the cell itself).
    The extended table is ``table`` with its row totals as an extra column and its column
    totals (and the grand total) as an extra row; each of its lines is one sum the reader
    knows. A line with exactly one hidden member would give that member away, so while one
    exists, the smallest other member of it is hidden too (cells before totals).
    """
    rows, columns = len(table), len(table[0]) if table else 0
    grid = _extended(table)
    hidden = [[small(v) for v in line] for line in grid]
    width = columns + 1 if columns > 1 else columns
    height = rows + 1 if rows > 1 else rows
    lines = _lines(height, width, rows, columns)
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(hidden[r][c] for r, c in line) == 1:
                r, c = min(
                    (p for p in line if not hidden[p[0]][p[1]]),
                    key=lambda p: (
                        p[0] == rows or p[1] == columns,
                        grid[p[0]][p[1]] == 0,
                        grid[p[0]][p[1]],
                    ),
                )
                hidden[r][c] = changed = True
    return Published(
        cells=[line[:columns] for line in hidden[:rows]],
        row_totals=[hidden[r][columns] if columns > 1 else hidden[r][0] for r in range(rows)],
        column_totals=[hidden[rows][c] if rows > 1 else hidden[0][c] for c in range(columns)],
        total=hidden[min(rows, height - 1)][min(columns, width - 1)] if rows and columns else False,
    )


def _extended(table: list[list[int]]) -> list[list[int]]:
    with_row_totals = [[*line, sum(line)] for line in table]
    column_totals = [sum(col) for col in zip(*with_row_totals, strict=True)] if table else []
    return [*with_row_totals, column_totals]


def _lines(height: int, width: int, rows: int, columns: int) -> list[list[tuple[int, int]]]:
    """The sums a reader knows: each row equals its total, each column its total.

    Positions are in the extended grid; a margin that is not published (one column, or one
    row) is left out, so such a line has no total and tells nothing by itself.
    """
    lines: list[list[tuple[int, int]]] = []
    if columns > 1:
        for r in range(height):
            row = r if r < rows else rows
            lines.append([(row, c) for c in range(columns + 1)])
    if rows > 1:
        for c in range(width):
            column = c if c < columns else columns
            lines.append([(r, column) for r in range(rows + 1)])
    return lines


def percentage(part: int, base: int, minimum: int | None = None) -> float | None:
    """``part`` of ``base`` in percent, one decimal; ``None`` over a base under ``MIN_BASE``."""
    if base < (minimum or MIN_BASE):
        return None
    return round(100 * part / base, 1)


def average(total: int, base: int, minimum: int | None = None) -> float | None:
    if base < (minimum or MIN_BASE):
        return None
    return round(total / base, 1)
