"""Only gezinsaanpak.access (and accounts) compare roles: everything else asks ``may``.

Ruff's banned-api rule keeps ``Role`` out of other modules; this test also catches a
comparison with a plain string (``user.role == "coordinator"``) in code and templates.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = ("gezinsaanpak/access/", "gezinsaanpak/demo/", "gezinsaanpak/migrations/")
TEMPLATE_ROLE_CHECK = re.compile(r"\.role\s*(==|!=|\bin\b|\bnot in\b)")


def _compares_role(node: ast.AST) -> bool:
    if not isinstance(node, ast.Compare):
        return False
    sides = [node.left, *node.comparators]
    return any(isinstance(side, ast.Attribute) and side.attr == "role" for side in sides)


def _role_comparisons(source: str) -> list[int]:
    return [node.lineno for node in ast.walk(ast.parse(source)) if _compares_role(node)]


def _python_files() -> list[Path]:
    files = sorted((ROOT / "gezinsaanpak").rglob("*.py"))
    return [f for f in files if not str(f.relative_to(ROOT)).startswith(ALLOWED)]


def test_no_module_outside_access_compares_a_role() -> None:
    found = {
        str(path.relative_to(ROOT)): lines
        for path in _python_files()
        if (lines := _role_comparisons(path.read_text()))
    }
    assert found == {}


def test_no_template_compares_a_role() -> None:
    found = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "templates").rglob("*.html"))
        if TEMPLATE_ROLE_CHECK.search(path.read_text())
    ]
    assert found == []


@pytest.mark.parametrize(
    "source",
    ['if user.role == "coordinator":\n    pass\n', "ok = actor.role in ROLES\n"],
)
def test_the_check_sees_a_role_comparison(source: str) -> None:
    assert _role_comparisons(source) == [1]
