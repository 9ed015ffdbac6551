"""The privacy officer's processing register (AVG art. 30): a page and CSV/JSON downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gezinsaanpak.selectors.processing_register import (
    processing_register_for_user,
    register_as_csv,
    register_as_json,
)

DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", register_as_csv),
    "json": ("application/json", register_as_json),
}


@require_GET
@login_required
def processing_register_page(request: HttpRequest) -> HttpResponse:
    document = processing_register_for_user(request.user)  # type: ignore[arg-type]
    return render(request, "gezinsaanpak/processing_register.html", {"register": document})


@require_GET
@login_required
def processing_register_download(request: HttpRequest, fmt: str) -> HttpResponse:
    document = processing_register_for_user(request.user)  # type: ignore[arg-type]
    if fmt not in DOWNLOADS:
        raise Http404
    content_type, render_as = DOWNLOADS[fmt]
    disposition = f'attachment; filename="processing-register.{fmt}"'
    return HttpResponse(
        render_as(document),
        content_type=content_type,
        headers={"Content-Disposition": disposition},
    )
