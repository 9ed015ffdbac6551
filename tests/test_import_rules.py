"""The import rules in ``pyproject.toml`` hold, and they fail when a layer reaches the wrong way.

The failing cases run ``lint-imports`` on a copy of the source tree with one bad import
added, so the test shows that the contracts as written catch it, not that import-linter works.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(  # noqa: S603 - the virtualenv's own lint-imports
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("gezinsaanpak", "accounts", "config"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=skip)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _add_import(tree: Path, module: str, statement: str) -> None:
    path = tree / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text() + f"\n{statement}\n")


def test_the_source_tree_keeps_every_contract() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_access_reaching_up_into_services_breaks_the_layers(tree: Path) -> None:
    _add_import(
        tree, "gezinsaanpak.access.families", "import gezinsaanpak.services.families  # noqa"
    )
    result = _lint(tree)
    assert result.returncode == 1
    assert "Layers: web/api > tasks > services > selectors > access/audit > models BROKEN" in (
        result.stdout
    )
    assert "gezinsaanpak.access.families -> gezinsaanpak.services.families" in result.stdout


def test_privacy_importing_the_api_framework_is_forbidden(tree: Path) -> None:
    _add_import(tree, "gezinsaanpak.privacy.crypto", "import rest_framework.exceptions  # noqa")
    result = _lint(tree)
    assert result.returncode == 1
    assert "know nothing of the API framework BROKEN" in result.stdout
