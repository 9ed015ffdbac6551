"""Read models: what a template or serializer receives instead of a model instance.

A :class:`Record` holds only the values its field set permits, already decrypted, and
knows the qualified names of those fields, so the access-log line of a page is derived
from what the page was given. A template that asks for a field the record does not hold
gets nothing (Django renders an empty string), never the value.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from uuid import UUID

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

from gezinsaanpak.access.fields import FieldSet


@dataclass(frozen=True, slots=True)
class Ref:
    """A related object as a read model shows it: its id and its name, nothing else."""

    pk: UUID | int | str
    name: str

    def __str__(self) -> str:
        return self.name


class Record(Mapping[str, Any]):
    """The permitted values of one object; related records are nested lists or records."""

    __slots__ = ("_fields", "_values", "entity", "family_id", "pk")

    def __init__(
        self,
        entity: str,
        pk: Any,
        values: Mapping[str, Any],
        *,
        fields: Iterable[str] = (),
        family_id: UUID | None = None,
    ) -> None:
        self.entity = entity
        self.pk = pk
        self.family_id = family_id
        self._values = dict(values)
        self._fields = tuple(fields)

    @property
    def id(self) -> Any:
        return self.pk

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"<Record {self.entity} {self.pk}>"

    def field_names(self) -> list[str]:
        """The qualified names of every field this record and its nested records hold."""
        names = {f"{self.entity}.{name}" for name in self._fields}
        for value in self._values.values():
            for nested in _records_in(value):
                names.update(nested.field_names())
        return sorted(names)


def _records_in(value: Any) -> Iterator[Record]:
    if isinstance(value, Record):
        yield value
    elif isinstance(value, list | tuple):
        yield from (item for item in value if isinstance(item, Record))


def _value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return [Ref(obj.pk, _label(obj)) for obj in getattr(instance, name).all()]
    if field.is_relation:
        related = getattr(instance, name)
        return Ref(related.pk, _label(related)) if related is not None else None
    return getattr(instance, name)


@cache
def _choice_labels(field: Any) -> dict[Any, Any]:
    """A choice field's code → label, built once per process (the labels stay lazy)."""
    return dict(make_hashable(field.flatchoices))


def _display(field: Any, value: Any) -> Any:
    """What ``get_<name>_display()`` returns, without rebuilding the choices every call."""
    return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)


def _label(obj: Any) -> str:
    return str(getattr(obj, "name", "") or obj)


def record(
    instance: models.Model,
    field_set: FieldSet,
    *,
    family_id: UUID | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Record:
    """The read model of ``instance`` under ``field_set``.

    Choice fields get a ``<name>_display`` value beside the code. ``extra`` adds values
    that are not fields (nested records, counts); they are not logged as fields, but
    nested records' fields are.
    """
    values: dict[str, Any] = {}
    for name in sorted(field_set.names):
        values[name] = _value(instance, name)
        field = instance._meta.get_field(name)
        if getattr(field, "choices", None):
            values[f"{name}_display"] = _display(field, values[name])
    values.update(extra or {})
    return Record(
        field_set.entity, instance.pk, values, fields=field_set.names, family_id=family_id
    )


def records(instances: Sequence[models.Model], field_set: FieldSet, **kwargs: Any) -> list[Record]:
    return [record(instance, field_set, **kwargs) for instance in instances]
