"""An organisation like the demo's, so the sample files in docs/examples/ fit it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.factories import LibraryFactory, MunicipalityFactory

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


@pytest.fixture
def library(db):  # type: ignore[no-untyped-def]
    kerkrade = MunicipalityFactory(code="GM0928", name="Kerkrade")
    brunssum = MunicipalityFactory(code="GM0899", name="Brunssum")
    return LibraryFactory(name="Bibliotheek Demo", municipalities=[kerkrade, brunssum])


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()
