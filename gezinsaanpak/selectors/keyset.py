"""Keyset (cursor) pages for tables that only grow: newest first, by time and id, no count.

Page-number paging counts the whole list and skips to an offset: both cost more as the table
grows (the access log gains lines with every page anyone opens). A keyset page asks for the
rows just past the last one shown, ``(at, id) < (cursor's at, cursor's id)``, which an index
on the time answers at the same cost at 100 thousand lines or at 10 million. A cursor names
a row, not a position, so lines added meanwhile (all newer) never shift a page: following
``next`` from the first page yields every line that existed then exactly once.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import Q, QuerySet

from .paging import PAGE_SIZE

OLDER, NEWER = "o", "n"


class CursorError(ValueError):
    """A cursor that this server did not make (or that was changed)."""


@dataclass(frozen=True, slots=True)
class Cursor:
    direction: str  # OLDER: the rows after this one; NEWER: the rows before it
    at: datetime
    pk: uuid.UUID

    def encode(self) -> str:
        text = f"{self.direction}|{self.at.astimezone(UTC).isoformat()}|{self.pk}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        try:
            padded = token + "=" * (-len(token) % 4)
            text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
            direction, at, pk = text.split("|")
            moment = datetime.fromisoformat(at)
            if direction not in (OLDER, NEWER) or moment.tzinfo is None:
                raise CursorError(token)
            return cls(direction, moment, uuid.UUID(pk))
        except (ValueError, UnicodeError, binascii.Error) as error:
            raise CursorError(token) from error


def page_cursor(token: str | None) -> str | None:
    """A page's cursor as a link gave it, or ``None`` (the newest page) for one that does not
    decode: a changed link shows the newest lines rather than an error."""
    if not token:
        return None
    try:
        Cursor.decode(token)
    except CursorError:
        return None
    return token


@dataclass(frozen=True, slots=True)
class KeysetPage:
    rows: list[Any]
    next: str | None  # the cursor of the older rows, if there are any
    previous: str | None  # the cursor of the newer rows, if there are any


def keyset_page(rows: QuerySet[Any], token: str | None, *, size: int = PAGE_SIZE) -> KeysetPage:
    """One page of ``rows`` (a query with ``at`` and ``id``), newest first, after ``token``.

    Raises :class:`CursorError` for a cursor that does not decode.
    """
    cursor = Cursor.decode(token) if token else None
    if cursor is None or cursor.direction == OLDER:
        older = rows if cursor is None else rows.filter(_before(cursor))
        found = list(older.order_by("-at", "-id")[: size + 1])
        shown = found[:size]
        return KeysetPage(
            shown,
            next=_cursor(OLDER, shown[-1]) if len(found) > size else None,
            previous=_cursor(NEWER, shown[0]) if cursor is not None and shown else None,
        )
    found = list(rows.filter(_after(cursor)).order_by("at", "id")[: size + 1])
    shown = list(reversed(found[:size]))
    return KeysetPage(
        shown,
        next=_cursor(OLDER, shown[-1]) if shown else None,
        previous=_cursor(NEWER, shown[0]) if len(found) > size else None,
    )


def _before(cursor: Cursor) -> Q:
    return Q(at__lt=cursor.at) | Q(at=cursor.at, id__lt=cursor.pk)


def _after(cursor: Cursor) -> Q:
    return Q(at__gt=cursor.at) | Q(at=cursor.at, id__gt=cursor.pk)


def _cursor(direction: str, row: Any) -> str:
    return Cursor(direction, row.at, row.pk).encode()
