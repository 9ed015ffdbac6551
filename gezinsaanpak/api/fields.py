"""Strict input fields for every API serializer, staff and partner alike.

- A field takes only its own JSON type: a number is not a string, ``"yes"`` is not
  ``true``, ``"12"`` is not 12. What the published schema calls invalid is refused.
- Strings are kept as sent (no trimming): a value the schema's pattern refuses is never
  accepted after tidying. A required text must hold more than spaces (``pattern: \\S``).
- Dates are ``YYYY-MM-DD`` between ``limits.DATE_MIN`` and ``limits.DATE_MAX``; the schema
  carries the range as a pattern.
- Error messages never repeat what was sent (a value can be personal data, or a string
  the JSON renderer cannot encode).

:class:`StrictModelSerializer` maps model fields onto these, so a ``ModelSerializer`` is
strict as well, with the model's limits (``gezinsaanpak.limits``).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from rest_framework import serializers

from gezinsaanpak import limits
from gezinsaanpak.validation import POSTCODE_PATTERN

# "Holds more than spaces": one character that is not white space as JavaScript's (and JSON
# Schema's) ``\s`` defines it, spelled out so that Python's ``re`` (whose ``\s`` also takes
# U+0085 and U+001C-U+001F) agrees with every client that checks the schema.
WHITESPACE = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
NOT_BLANK_PATTERN = f"[^{WHITESPACE}]"
EMPTY_OR_NOT_BLANK_PATTERN = f"^$|{NOT_BLANK_PATTERN}"
# Messages without the value that was sent (DRF's own say '"{input}" is not a valid choice.').
NOT_A_CHOICE = _("This is not one of the allowed values.")
NO_SUCH_OBJECT = _("There is no such object, or you may not use it.")


class StrictCharField(serializers.CharField):
    """Only a JSON string; kept as sent; an optional ``pattern`` must match.

    Without a pattern, a required (not blank) value must hold more than spaces.
    """

    def __init__(
        self, *, pattern: str | None = None, pattern_message: StrOrPromise = "", **kwargs: Any
    ) -> None:
        kwargs.setdefault("trim_whitespace", False)
        if not pattern and not kwargs.get("allow_blank", False) and not kwargs.get("read_only"):
            pattern = NOT_BLANK_PATTERN
            pattern_message = pattern_message or _("Fill in more than spaces.")
        if pattern:
            # drf-spectacular publishes a RegexValidator's pattern in the schema.
            message = pattern_message or _("This value does not have the right form.")
            validator = RegexValidator(pattern, message=message, code="invalid")
            kwargs["validators"] = [*kwargs.get("validators", []), validator]
        self.pattern = pattern
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class StrictEmailField(StrictCharField, serializers.EmailField):
    pass


class StrictBooleanField(serializers.BooleanField):
    def to_internal_value(self, data: Any) -> bool:
        if data is True or data is False:
            return data
        self.fail("invalid", input="")
        return False  # pragma: no cover - fail() raises


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: not ``"12"``, not ``12.0``, not ``true``."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return int(super().to_internal_value(data))


def _in_range(day: datetime.date) -> bool:
    return limits.DATE_MIN <= day <= limits.DATE_MAX


OUT_OF_RANGE = _("Enter a date between 1900 and 2100.")


class StrictDateField(serializers.DateField):
    """Only ``YYYY-MM-DD``, as the schema's ``format: date`` says, from 1900 to 2100.

    The pattern validator is for the schema; on the parsed date (``str(day)`` is ISO) it
    always holds once the range is checked.
    """

    default_error_messages = {"out_of_range": OUT_OF_RANGE}

    def __init__(self, **kwargs: Any) -> None:
        if not kwargs.get("read_only"):
            kwargs["validators"] = [
                *kwargs.get("validators", []),
                RegexValidator(limits.DATE_PATTERN),
            ]
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> datetime.date:
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            self.fail("invalid", format="YYYY-MM-DD")
        day = super().to_internal_value(value)
        if not _in_range(day):
            self.fail("out_of_range")
        return day


class StrictDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date and time as a JSON string, from 1900 to 2100."""

    default_error_messages = {"out_of_range": OUT_OF_RANGE}

    def __init__(self, **kwargs: Any) -> None:
        if not kwargs.get("read_only"):
            kwargs["validators"] = [
                *kwargs.get("validators", []),
                RegexValidator(limits.DATETIME_PATTERN),
            ]
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> datetime.datetime:
        if not isinstance(value, str):
            self.fail("invalid", format="YYYY-MM-DDThh:mm:ssZ")
        moment = super().to_internal_value(value)
        if not _in_range(moment.date()):
            self.fail("out_of_range")
        return moment


class StrictUUIDField(serializers.UUIDField):
    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ChoiceField(serializers.ChoiceField):
    """A choice; the message does not repeat what was sent."""

    default_error_messages = {"invalid_choice": NOT_A_CHOICE}

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid_choice")
        return super().to_internal_value(data)


class PrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A related object by its UUID (a string); the message does not repeat the id."""

    default_error_messages = {"does_not_exist": NO_SUCH_OBJECT}

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)


POSTCODE_OR_BLANK = f"^({POSTCODE_PATTERN[1:-1]})?$"


def optional_name(**kwargs: Any) -> StrictCharField:
    """A name that may be left out or empty, but not only spaces."""
    return StrictCharField(
        max_length=limits.NAME_MAX,
        required=False,
        allow_blank=True,
        default="",
        pattern=EMPTY_OR_NOT_BLANK_PATTERN,
        pattern_message=_("Fill in more than spaces."),
        **kwargs,
    )


def optional_postcode(**kwargs: Any) -> StrictCharField:
    """A Dutch postcode (``1234 AB`` or ``1234ab``), or empty."""
    return StrictCharField(
        max_length=7,
        required=False,
        allow_blank=True,
        pattern=POSTCODE_OR_BLANK,
        pattern_message=_("Enter a Dutch postcode, such as 1234 AB."),
        **kwargs,
    )


def choice_list(choices: Any, *, max_length: int = limits.LANGUAGES_MAX, **kwargs: Any) -> Any:
    """A list of choices (languages), at most ``max_length`` long."""
    kwargs.setdefault("default", list)
    return serializers.ListField(child=ChoiceField(choices), max_length=max_length, **kwargs)


class StrictModelSerializer(serializers.ModelSerializer[Any]):
    """A ``ModelSerializer`` whose fields are the strict ones above."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.EmailField: StrictEmailField,
        models.BooleanField: StrictBooleanField,
        models.IntegerField: StrictIntegerField,
        models.PositiveIntegerField: StrictIntegerField,
        models.PositiveSmallIntegerField: StrictIntegerField,
        models.SmallIntegerField: StrictIntegerField,
        models.DateField: StrictDateField,
        models.DateTimeField: StrictDateTimeField,
        models.UUIDField: StrictUUIDField,
    }
    serializer_related_field = PrimaryKeyRelatedField
    serializer_choice_field = ChoiceField
