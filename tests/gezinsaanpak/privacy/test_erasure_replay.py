"""The erasure ledger survives a restore of an older backup; ``replay_erasures`` re-applies it.

A restore is simulated by erasing inside a transaction that is then rolled back: the
database is as it was before (as a backup from before the erasure), while the ledger file,
outside the database, keeps its line.
"""

from __future__ import annotations

import io
import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from gezinsaanpak.models import (
    AccessEvent,
    Caregiver,
    ErasureCertificate,
    ErasureLedgerEntry,
    Family,
)
from gezinsaanpak.models.audit import Action
from gezinsaanpak.services import erasure_ledger
from gezinsaanpak.services.erasure import family_erase

from .erasure_world import CANARIES, canary_world, leaks, sealed_values

pytestmark = pytest.mark.django_db


class RestoredError(Exception):
    """Rolls the erasure back, as a restore of a backup from before it would."""


@pytest.fixture(autouse=True)
def ledger_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.ERASURE_LEDGER_DIR = tmp_path / "ledger"
    return settings.ERASURE_LEDGER_DIR


@pytest.fixture
def world(library, partner_org):  # type: ignore[no-untyped-def]
    return canary_world(library, partner_org)


def _erase_and_roll_back(world) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with transaction.atomic():
        certificate = family_erase(
            actor=world.officer,
            family_id=world.family.pk,
            request_id=world.request.pk,
            confirm=True,
        )
        raise RestoredError(str(certificate.pk))


def erased_then_restored(world) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with pytest.raises(RestoredError) as restored:
        _erase_and_roll_back(world)
    return uuid.UUID(str(restored.value))


def replay(*args: str) -> str:
    out = io.StringIO()
    call_command("replay_erasures", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def count(output: str, label: str) -> int:
    for line in output.splitlines():
        if line.startswith(label):
            return int(line.split()[-1])
    raise AssertionError(f"{label!r} not in {output!r}")


def test_a_restore_brings_the_family_back_and_the_ledger_keeps_it(world):  # type: ignore[no-untyped-def]
    erased_then_restored(world)
    family = Family.objects.get(pk=world.family.pk)
    assert family.status == Family.Status.ACTIVE and family.street == CANARIES["street"]
    assert not ErasureCertificate.objects.exists()
    assert [line.family_id for line in erasure_ledger.read().lines] == [world.family.pk]


def test_dry_run_counts_and_changes_nothing(world):  # type: ignore[no-untyped-def]
    erased_then_restored(world)
    output = replay("--dry-run")
    assert count(output, "would erase again") == 1
    assert Family.objects.get(pk=world.family.pk).status == Family.Status.ACTIVE
    assert Caregiver.objects.filter(family=world.family).count() == 2


def test_replay_erases_again_and_restores_the_certificate(world):  # type: ignore[no-untyped-def]
    sealed = sealed_values(world.family)
    certificate_id = erased_then_restored(world)
    output = replay()
    assert count(output, "erased again") == 1
    assert count(output, "certificates restored") == 1
    assert Family.objects.get(pk=world.family.pk).status == Family.Status.ANONYMISED
    assert leaks(set(CANARIES.values()) | sealed) == []
    certificate = ErasureCertificate.objects.get(pk=certificate_id)
    assert certificate.request_id == world.request.pk
    assert certificate.erased_by_id == world.officer.pk
    assert certificate.removed["caregivers"] == 2 and certificate.replayed_at is not None
    assert ErasureLedgerEntry.objects.get(family_id=world.family.pk).replayed_at is not None
    line = AccessEvent.objects.get(family_id=world.family.pk, action=Action.DELETE)
    assert line.details["reason"] == "replay" and line.actor_label == "replay_erasures"


def test_a_second_replay_changes_nothing(world):  # type: ignore[no-untyped-def]
    erased_then_restored(world)
    replay()
    lines = AccessEvent.objects.count()
    output = replay()
    assert count(output, "erased again") == 0
    assert count(output, "already erased") == 1
    assert AccessEvent.objects.count() == lines


def test_families_missing_from_the_restore_and_torn_lines_are_counted(world, ledger_dir):  # type: ignore[no-untyped-def]
    erased_then_restored(world)
    other = ledger_dir / "erasures-machine-b.jsonl"
    line = erasure_ledger.LedgerLine(
        family_id=uuid.uuid4(),
        organisation_id=world.family.organisation_id,
        reason="retention",
        rule="closed",
        erased_at=erasure_ledger.read().lines[0].erased_at,
    )
    other.write_text(json.dumps(line.as_json()) + "\n" + '{"v": 1, "kind": "erased", "fam')
    output = replay()
    assert count(output, "files") == 2
    assert count(output, "not in database") == 1
    assert count(output, "unreadable") == 1
    assert count(output, "erased again") == 1


def test_without_the_ledger_directory_the_replay_refuses(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.ERASURE_LEDGER_DIR = tmp_path / "nowhere"
    with pytest.raises(CommandError, match="No erasure ledger"):
        replay()


def test_erasures_the_files_lack_are_reported(world, ledger_dir):  # type: ignore[no-untyped-def]
    family_erase(
        actor=world.officer, family_id=world.family.pk, request_id=world.request.pk, confirm=True
    )
    for path in ledger_dir.glob("*.jsonl"):
        path.write_text("")
    err = io.StringIO()
    call_command("replay_erasures", stdout=io.StringIO(), stderr=err)
    assert "missing from the ledger files" in err.getvalue()
