"""Disclosure control: small numbers hidden, and never derivable from published totals."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gezinsaanpak.reports.disclosure import average, percentage, suppress


def _extended(table: list[list[int]]) -> dict[tuple[str, int, int], int]:
    """Every value of the table and its published margins, keyed by where it stands."""
    rows, columns = len(table), len(table[0])
    values = {("cell", r, c): table[r][c] for r in range(rows) for c in range(columns)}
    if columns > 1:
        values |= {("row", r, 0): sum(table[r]) for r in range(rows)}
    if rows > 1:
        values |= {("column", 0, c): sum(line[c] for line in table) for c in range(columns)}
    if rows > 1 or columns > 1:
        values[("total", 0, 0)] = sum(map(sum, table))
    return values


def _equations(rows: int, columns: int) -> list[tuple[list[tuple[str, int, int]], tuple]]:
    """(parts, whole): each published sum a reader knows."""
    equations = []
    if columns > 1:
        for r in range(rows):
            equations.append(([("cell", r, c) for c in range(columns)], ("row", r, 0)))
        if rows > 1:
            equations.append(([("column", 0, c) for c in range(columns)], ("total", 0, 0)))
        else:
            equations.append(([("row", 0, 0)], ("total", 0, 0)))
    if rows > 1:
        for c in range(columns):
            equations.append(([("cell", r, c) for r in range(rows)], ("column", 0, c)))
        if columns > 1:
            equations.append(([("row", r, 0) for r in range(rows)], ("total", 0, 0)))
        else:
            equations.append(([("column", 0, 0)], ("total", 0, 0)))
    return equations


def _hidden(table: list[list[int]]) -> set[tuple[str, int, int]]:
    published = suppress(table)
    rows, columns = len(table), len(table[0])
    hidden = {("cell", r, c) for r in range(rows) for c in range(columns) if published.cells[r][c]}
    if columns > 1:
        hidden |= {("row", r, 0) for r in range(rows) if published.row_totals[r]}
    if rows > 1:
        hidden |= {("column", 0, c) for c in range(columns) if published.column_totals[c]}
    if published.total and (rows > 1 or columns > 1):
        hidden.add(("total", 0, 0))
    return hidden


def _derivable(table: list[list[int]], hidden: set[tuple[str, int, int]]) -> set:
    """What a reader works out by subtracting published values from published sums, repeated."""
    known = {key for key in _extended(table) if key not in hidden}
    derived: set = set()
    progress = True
    while progress:
        progress = False
        for parts, whole in _equations(len(table), len(table[0])):
            members = [*parts, whole]
            unknown = [m for m in members if m not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                derived.add(unknown[0])
                progress = True
    return derived


small_heavy = st.one_of(st.integers(0, 6), st.integers(0, 40), st.just(0))
tables = st.integers(1, 6).flatmap(
    lambda columns: st.lists(
        st.lists(small_heavy, min_size=columns, max_size=columns), min_size=1, max_size=7
    )
)


@settings(max_examples=600, deadline=None)
@given(tables)
def test_no_suppressed_value_can_be_derived_by_row_or_column_subtraction(table):
    hidden = _hidden(table)
    assert not _derivable(table, hidden) & hidden


@settings(max_examples=300, deadline=None)
@given(tables)
def test_every_published_number_is_zero_or_at_least_five(table):
    hidden = _hidden(table)
    for key, value in _extended(table).items():
        if key not in hidden:
            assert value == 0 or value >= 5, (key, value)


def test_a_lone_small_cell_takes_a_second_cell_of_its_row_and_column_with_it():
    published = suppress([[3, 10, 20], [8, 9, 30]])
    assert published.cells[0][0]
    assert sum(published.cells[0]) >= 2
    assert sum(line[0] for line in published.cells) >= 2
    assert not published.total


def test_zero_is_shown_and_large_numbers_are_not_hidden_without_need():
    published = suppress([[0, 10], [12, 30]])
    assert published.cells == [[False, False], [False, False]]


def test_a_single_cell_table_hides_only_a_small_number():
    assert suppress([[3]]).cells == [[True]] and suppress([[3]]).total
    assert suppress([[7]]).cells == [[False]]


def test_a_one_column_table_hides_a_second_row_so_the_total_does_not_give_it_away():
    published = suppress([[2], [40], [50]])
    assert published.cells[0][0] and published.cells[1][0]
    assert not published.cells[2][0] and not published.total


def test_percentages_and_averages_need_a_base_of_ten():
    assert percentage(3, 9) is None and percentage(5, 10) == 50.0
    assert average(30, 9) is None and average(25, 10) == 2.5
