"""Model fields whose values are stored encrypted, and the blind indexes that find them.

Use them like CharField, TextField and DateField: attributes hold plaintext (``str`` or
``datetime.date``), forms, the admin, DRF serializers and migrations see a normal field.
The column holds ``v1:<key-id>:<base64>`` text; empty values stay empty (``''`` / NULL).

* Values loaded from the database stay sealed (:class:`Ciphertext`) until first read, so a
  list that shows two fields only opens two fields per row.
* ``save()`` seals the current plaintext under the primary key with the row's UUID.
* SQL cannot compare encrypted values: ``filter``/``exclude``/``order_by`` on them raise
  :class:`EncryptedFieldLookupError`. Only emptiness may be asked (``field=''``,
  ``field__isnull``). Search through the blind index: ``blind_q(Model, "field", value)``.
* ``values()``/``values_list()`` return the sealed :class:`Ciphertext`, not plaintext.
* ``queryset.update(field="x")`` is refused (it has no row to bind to): assign and save.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core import checks
from django.core.exceptions import FieldError
from django.db import models
from django.db.models.expressions import Col
from django.db.models.lookups import Exact, IsNull
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import pre_save

from gezinsaanpak.privacy import crypto
from gezinsaanpak.privacy.blind_index import digest
from gezinsaanpak.privacy.crypto import Ciphertext
from gezinsaanpak.privacy.normalize import NORMALIZERS


class EncryptedFieldLookupError(FieldError):
    """The database was asked to compare, sort or compute on ciphertext."""


class EncryptedFieldWriteError(ValueError):
    """Plaintext was about to reach an encrypted column without being sealed."""


def _lookup_message(field: models.Field[Any, Any], action: str) -> str:
    return (
        f"{field.model._meta.label}.{field.name} is encrypted, so the database cannot "
        f"{action} it. Find rows through a blind index instead "
        f"(blind_q({field.model.__name__}, {field.name!r}, value) where the field has a "
        f"BlindIndexField); only emptiness ({field.name}='' or {field.name}__isnull) can "
        "be filtered directly."
    )


class EncryptedCol(Col):
    """The column of an encrypted field: selectable, but not usable in ORDER BY/expressions."""

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Col:  # type: ignore[override]
        raise EncryptedFieldLookupError(_lookup_message(self.target, "sort or compute on"))


def _plain_col(lhs: Any) -> Any:
    """Allowed emptiness lookups keep a plain Col, so they work inside subqueries too."""
    if isinstance(lhs, EncryptedCol):
        return Col(lhs.alias, lhs.target, lhs.output_field)
    return lhs


class EncryptedIsNull(IsNull):
    def __init__(self, lhs: Any, rhs: Any) -> None:
        super().__init__(_plain_col(lhs), rhs)


class EncryptedEmptyExact(Exact):
    """``field=''`` (and ``field=None``, which Django turns into isnull) only."""

    def __init__(self, lhs: Any, rhs: Any) -> None:
        if not (rhs is None or (isinstance(rhs, str) and rhs == "")):
            raise EncryptedFieldLookupError(_lookup_message(lhs.output_field, "compare"))
        super().__init__(_plain_col(lhs), rhs)


class EncryptedAttribute(DeferredAttribute):
    """Holds the sealed value until first read, then the plaintext (a data descriptor).

    The first read of a loaded value opens it and replaces it in the instance's
    ``__dict__``, so later reads are a dict lookup and a type check.
    """

    field: EncryptedFieldMixin

    def __init__(self, field: Any) -> None:
        super().__init__(field)
        self.attname = field.attname  # set before the descriptor is made; saves a lookup

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        data = instance.__dict__
        value = data.get(self.attname, self)
        if value is self:  # deferred: let Django load it
            value = super().__get__(instance, cls)
        if type(value) is Ciphertext:  # first read of a loaded value: open it, keep it
            binding, pk_attname, parse = self._plan  # inlined: runs for every value shown
            value = crypto.decrypt(value, binding, data.get(pk_attname) or instance.pk)
            if parse is not None:
                value = parse(value)
            data[self.attname] = value
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.attname] = value

    @cached_property
    def _plan(self) -> tuple[crypto.Binding, str, Callable[[str], Any] | None]:
        """What opening needs, looked up once (the model is complete by the first read)."""
        field = self.field
        return field.binding, str(field.model._meta.pk.attname), field.parse_plaintext


def _seal_loaded(value: Any, expression: Any, connection: Any) -> Any:
    """Database converter: mark a loaded envelope as sealed (a plain function: it is hot)."""
    return Ciphertext(value) if value else value


if TYPE_CHECKING:
    _FieldBase = models.Field[Any, Any]
else:
    _FieldBase = object


class EncryptedFieldMixin(_FieldBase):
    """What every encrypted field shares; the concrete classes add the Python type."""

    descriptor_class = EncryptedAttribute
    attname: str
    name: str
    model: type[models.Model]

    @cached_property
    def binding(self) -> crypto.Binding:
        return crypto.Binding(self.model._meta.label, self.name)

    def get_internal_type(self) -> str:
        return "TextField"  # the column holds envelopes, longer than the plaintext

    # Turns decrypted text into the Python value; None means the text is the value.
    parse_plaintext: Callable[[str], Any] | None = None

    def to_plaintext(self, value: Any) -> str:
        return str(value)

    def get_db_converters(self, connection: Any) -> list[Callable[..., Any]]:
        return [_seal_loaded]

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        """Seal the current plaintext; a fresh nonce (and the primary key) on every save."""
        value = getattr(model_instance, self.attname)
        if value is None or value == "":
            return value
        return crypto.encrypt(self.to_plaintext(value), self.binding, model_instance.pk)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is None or (isinstance(value, str) and value == ""):
            return value
        if type(value) is crypto.Ciphertext:
            return str(value)
        raise EncryptedFieldWriteError(
            f"{self.model._meta.label}.{self.name} is encrypted: set it on an instance and "
            "save() it, so it is sealed for its row (queryset.update() cannot do that)."
        )

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return EncryptedIsNull
        if lookup_name == "exact":
            return EncryptedEmptyExact
        raise EncryptedFieldLookupError(_lookup_message(self, f"use __{lookup_name} on"))

    def get_transform(self, lookup_name: str) -> Any:
        raise EncryptedFieldLookupError(_lookup_message(self, f"use __{lookup_name} on"))

    def get_col(self, alias: str, output_field: Any = None) -> Col:
        # As Field.get_col: reuse the cached column for the model's own table, so a query
        # does not build (and hash, via inspect.signature) a new expression per field.
        if alias == self.model._meta.db_table and (output_field is None or output_field == self):
            return self.cached_col
        return EncryptedCol(alias, self, output_field)

    @cached_property
    def cached_col(self) -> Col:
        return EncryptedCol(self.model._meta.db_table, self)

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        return [*super().check(**kwargs), *self._check_uuid_primary_key()]

    def _check_uuid_primary_key(self) -> list[checks.CheckMessage]:
        """The row UUID is part of the associated data, and must exist before the insert."""
        pk = self.model._meta.pk
        if isinstance(pk, models.UUIDField) and pk.has_default():
            return []
        if pk is not None and pk.remote_field is not None and pk.remote_field.parent_link:
            return []  # multi-table child: shares the parent's UUID
        return [
            checks.Error(
                "Models with encrypted fields need a UUIDField primary key with a default.",
                hint="id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)",
                obj=self,
                id="privacy.E010",
            )
        ]


class EncryptedCharField(EncryptedFieldMixin, models.CharField):  # type: ignore[type-arg]
    """Short personal text; ``max_length`` is checked on the plaintext, the column is text."""

    description = "Encrypted text (up to %(max_length)s characters)"


class EncryptedTextField(EncryptedFieldMixin, models.TextField):  # type: ignore[type-arg]
    description = "Encrypted text"


class EncryptedDateField(EncryptedFieldMixin, models.DateField):  # type: ignore[type-arg]
    """A ``datetime.date``, stored as an encrypted ISO date."""

    description = "Encrypted date"

    def to_plaintext(self, value: Any) -> str:
        day = self.to_python(value)
        if not isinstance(day, datetime.date):
            raise EncryptedFieldWriteError(f"{self.name}: expected a date, got {type(value)}.")
        return day.isoformat()

    parse_plaintext = staticmethod(datetime.date.fromisoformat)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        if self.auto_now or (self.auto_now_add and add):
            setattr(model_instance, self.attname, datetime.date.today())
        return super().pre_save(model_instance, add)


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """HMAC of the normalised value of ``source``, recomputed on every save; indexed."""

    description = "Blind index of an encrypted field"

    def __init__(self, *args: Any, source: str, normalizer: str = "text", **kwargs: Any) -> None:
        self.source = source
        self.normalizer = normalizer
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        for key, value in (("max_length", 64), ("db_index", True), ("editable", False)):
            if kwargs.get(key) == value:
                del kwargs[key]
        kwargs.update(source=self.source, normalizer=self.normalizer)
        return name, path, args, kwargs

    @property
    def source_label(self) -> str:
        return self.model._meta.label

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = getattr(model_instance, self.source)
        index = digest(self.source_label, self.source, self.normalizer, value)
        setattr(model_instance, self.attname, index)
        return index

    def contribute_to_class(
        self, cls: type[models.Model], name: str, *args: Any, **kw: Any
    ) -> None:
        super().contribute_to_class(cls, name, *args, **kw)
        if not cls._meta.abstract:
            pre_save.connect(_index_kept_with_source, sender=cls, weak=False, dispatch_uid=id(cls))

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        return [*super().check(**kwargs), *self._check_source()]

    def _check_source(self) -> list[checks.CheckMessage]:
        errors: list[checks.CheckMessage] = []
        if self.normalizer not in NORMALIZERS:
            known = ", ".join(NORMALIZERS)
            errors.append(_error(self, f"Unknown normalizer {self.normalizer!r} ({known}).", 11))
        names = {f.name for f in self.model._meta.concrete_fields}
        if self.source not in names:
            errors.append(_error(self, f"source {self.source!r} is not a field of this model.", 12))
        return errors


def _error(field: models.Field[Any, Any], message: str, number: int) -> checks.Error:
    return checks.Error(message, obj=field, id=f"privacy.E{number:03d}")


def _index_kept_with_source(sender: type[models.Model], update_fields: Any, **kwargs: Any) -> None:
    """``save(update_fields=["postcode"])`` must also name ``postcode_index``."""
    if not update_fields:
        return
    for field in sender._meta.concrete_fields:
        if (
            isinstance(field, BlindIndexField)
            and field.source in update_fields
            and field.name not in update_fields
        ):
            raise FieldError(
                f"save(update_fields=...) names {field.source!r} but not its blind index "
                f"{field.name!r}; add it so the index stays in sync."
            )


def encrypted_fields(model: type[models.Model]) -> list[EncryptedFieldMixin]:
    """The concrete encrypted fields declared on ``model`` itself (not inherited via MTI)."""
    return [f for f in model._meta.local_concrete_fields if isinstance(f, EncryptedFieldMixin)]


__all__ = [
    "BlindIndexField",
    "EncryptedCharField",
    "EncryptedDateField",
    "EncryptedFieldLookupError",
    "EncryptedFieldWriteError",
    "EncryptedTextField",
    "encrypted_fields",
]
