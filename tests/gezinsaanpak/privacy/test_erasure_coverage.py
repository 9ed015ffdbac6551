"""Every encrypted field hanging from a family is handled by erasure, or kept on purpose.

Add an encrypted field (or a model with one) that points at a family, a caregiver, a
placement…, and this fails until ``services/erasure.py`` says what erasure does with it.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

from gezinsaanpak.models import Family
from gezinsaanpak.privacy.fields import encrypted_fields
from gezinsaanpak.services.erasure import CLEARED_FIELDS, DELETED_ROWS, KEPT_ON_PURPOSE


def family_graph() -> set[type[models.Model]]:
    """Family, and every model that points (through a foreign key) at one in the set."""
    found: set[type[models.Model]] = {Family}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models(include_auto_created=True):
            if model in found:
                continue
            targets = {
                f.related_model
                for f in model._meta.concrete_fields
                if f.is_relation and (f.many_to_one or f.one_to_one)
            }
            if targets & found:
                found.add(model)
                grew = True
    return found


def unhandled(
    deleted: frozenset[str], cleared: dict[str, tuple[str, ...]], kept: dict[str, str]
) -> list[str]:
    """Encrypted fields of the family's models that erasure does not account for."""
    problems = []
    for model in family_graph():
        label = model._meta.label
        names = {f.name for f in encrypted_fields(model)}
        if not names or label in deleted or label in kept:
            continue
        missing = names - set(cleared.get(label, ()))
        problems.extend(f"{label}.{name}" for name in sorted(missing))
    return problems


def test_every_encrypted_field_of_a_family_is_handled_by_erasure():
    assert unhandled(DELETED_ROWS, CLEARED_FIELDS, KEPT_ON_PURPOSE) == []


def test_the_check_fails_for_a_field_nobody_handles():
    cleared = dict(CLEARED_FIELDS)
    cleared["gezinsaanpak.Visit"] = ()
    assert unhandled(DELETED_ROWS, cleared, KEPT_ON_PURPOSE) == ["gezinsaanpak.Visit.note"]
    without_request = {k: v for k, v in KEPT_ON_PURPOSE.items() if "Request" not in k}
    assert unhandled(DELETED_ROWS, CLEARED_FIELDS, without_request) == [
        "gezinsaanpak.DataSubjectRequest.description",
        "gezinsaanpak.DataSubjectRequest.extension_reason",
        "gezinsaanpak.DataSubjectRequest.outcome_note",
    ]


def test_the_graph_reaches_the_models_that_hang_from_a_family():
    labels = {model._meta.label for model in family_graph()}
    assert {
        "gezinsaanpak.Caregiver",
        "gezinsaanpak.Answer",
        "gezinsaanpak.Concern",
        "gezinsaanpak.Contact",
        "gezinsaanpak.Referral",
        "gezinsaanpak.FamilyUserObjectPermission",
    } <= labels


def test_the_declarations_name_real_encrypted_fields():
    """No stale names: every declared model hangs from a family, every field is encrypted."""
    graph = {model._meta.label: model for model in family_graph()}
    for label in (*DELETED_ROWS, *CLEARED_FIELDS, *KEPT_ON_PURPOSE):
        assert label in graph, label
    for label, names in CLEARED_FIELDS.items():
        assert set(names) <= {f.name for f in encrypted_fields(graph[label])}, label
