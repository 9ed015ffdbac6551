"""The two API pages bench/crypto.py compares: the same list endpoint over two models.

``EncryptedRow`` has six ``EncryptedCharField``s, ``PlainRow`` the same six as
``CharField``. Each page is served the way the families list serves one
(``gezinsaanpak.api.families``): a session-authenticated GET through the project's whole
middleware stack, DRF's default authentication and permission classes, the project's
page-number pagination (a count and a page query), one access-log line per row
shown written in one transaction (ARCHITECTURE.md §5.3: every read of personal data is
logged), the serializer and the JSON renderer. Only the model differs.

Throttling is left out: its request history would grow through the thousands of requests
of a run (production caps it at 600 a minute) and make both pages drift.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.urls import path
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models.audit import Action
from tests.testapp.models import EncryptedRow, PlainRow

FIELDS = ["given_name", "family_name", "street", "postcode", "phone", "email"]


class PlainSerializer(serializers.ModelSerializer[PlainRow]):
    class Meta:
        model = PlainRow
        fields = ["id", "status", *FIELDS]


class EncryptedSerializer(serializers.ModelSerializer[EncryptedRow]):
    class Meta:
        model = EncryptedRow
        fields = ["id", "status", *FIELDS]


class RowPage(generics.ListAPIView):  # type: ignore[type-arg]
    """One page of ``model`` rows; ``log_reads`` writes their access-log lines first."""

    model: type[models.Model] = PlainRow
    log_reads = True
    throttle_classes = ()

    def get_queryset(self) -> Any:
        return self.model.objects.order_by("id")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = self.paginate_queryset(self.get_queryset()) or []
        if self.log_reads:
            name = self.model._meta.model_name or ""
            entries = [access_log.Entry(name, object_id=row.pk, fields=FIELDS) for row in rows]
            with transaction.atomic():
                access_log.record_many(actor=request.user, action=Action.LIST, entries=entries)  # type: ignore[arg-type]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


PAGES = {
    "plain": {"model": PlainRow, "serializer_class": PlainSerializer},
    "encrypted": {"model": EncryptedRow, "serializer_class": EncryptedSerializer},
}
urlpatterns = [path(f"bench/{name}/", RowPage.as_view(**view)) for name, view in PAGES.items()] + [
    path(f"bench/{name}-unlogged/", RowPage.as_view(log_reads=False, **view))
    for name, view in PAGES.items()
]


def url(name: str, *, logged: bool = True) -> str:
    return f"/bench/{name}/" if logged else f"/bench/{name}-unlogged/"
