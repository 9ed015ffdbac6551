"""The privacy officer erases a file on request, and reads the erasure certificates.

From the erasure request (``/privacy/requests/<id>/erase/``): a confirmation page naming
what will go and what stays (counts per kind of record, never a value), a box to tick,
then the certificate. Everyone but the privacy officer of the organisation gets 404.
"""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import current_user
from gezinsaanpak.selectors.erasure import (
    certificate_get,
    certificate_page,
    erasure_preview,
    open_erasure_requests,
)
from gezinsaanpak.services.erasure import request_erase
from gezinsaanpak.services.erasure_ledger import LedgerWriteError
from gezinsaanpak.services.errors import ServiceError

LEDGER_FAILED = gettext_lazy(
    "The erasure ledger could not be written, so nothing was erased. "
    "Ask the administrator to look at the server, then try again."
)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Yes, erase this file. I know this cannot be undone."),
        error_messages={"required": gettext_lazy("Tick the box to confirm the erasure.")},
    )


@require_http_methods(["GET", "POST"])
@login_required
def erasure_confirm(request: HttpRequest, request_id: UUID) -> HttpResponse:
    user = current_user(request)
    form = EraseForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            certificate = request_erase(actor=user, request_id=request_id, confirm=True)
        except ServiceError as error:
            form.add_error(None, error.message)
        except LedgerWriteError:
            form.add_error(None, str(LEDGER_FAILED))
            status = 503
        else:
            messages.success(request, _("The file is erased. This is the certificate."))
            return redirect("erasure_certificate", certificate_id=certificate.pk)
    preview = erasure_preview(user, request_id)
    context = {"preview": preview, "form": form}
    return render(request, "gezinsaanpak/privacy/erasure_confirm.html", context, status=status)


@require_GET
@login_required
def erasure_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    page, certificates = certificate_page(user, page=request.GET.get("page"))
    context = {"page": page, "certificates": certificates, "requests": open_erasure_requests(user)}
    return render(request, "gezinsaanpak/privacy/erasure_list.html", context)


@require_GET
@login_required
def erasure_certificate(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    certificate = certificate_get(current_user(request), certificate_id)
    context = {"certificate": certificate}
    return render(request, "gezinsaanpak/privacy/erasure_certificate.html", context)
