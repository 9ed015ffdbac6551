"""The privacy officer's data-subject requests: the list, a new request, a request's page.

A request's page shows the request and, of its family, only what identifies the file (as
the privacy search does); every step is a small form on that page (``subject_request_actions``).
Everyone but the privacy officer of the request's organisation gets 404.
"""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import current_user
from gezinsaanpak.access.subject_requests import request_organisation_of
from gezinsaanpak.models import DataSubjectRequest
from gezinsaanpak.processing_register import Purpose
from gezinsaanpak.selectors import subject_requests as selectors
from gezinsaanpak.selectors.objection import objection_preview
from gezinsaanpak.services.errors import ServiceError
from gezinsaanpak.services.objection import objection_apply
from gezinsaanpak.services.subject_requests import subject_request_create

from .subject_request_actions import STEPS
from .subject_request_forms import (
    CloseForm,
    ExtendForm,
    IdentityForm,
    RequestForm,
    RestrictForm,
    StateFilterForm,
    UnrestrictForm,
)

Request = DataSubjectRequest
# The kinds where restricting the file is part of handling the request (art. 18(1)).
RESTRICTABLE = (
    Request.Kind.RESTRICTION,
    Request.Kind.RECTIFICATION,
    Request.Kind.ERASURE,
    Request.Kind.OBJECTION,
)


@require_GET
@login_required
def subject_request_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    request_organisation_of(user)
    filters = StateFilterForm(request.GET or None)
    state = filters.chosen()
    page, rows = selectors.subject_requests_page(user, state=state, page=request.GET.get("page"))
    context = {"filters": filters, "state": state, "page": page, "rows": rows}
    return render(request, "gezinsaanpak/privacy/request_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def subject_request_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    organisation_id = request_organisation_of(user)
    form = RequestForm(request.POST or None, instance=Request(organisation_id=organisation_id))
    if request.method == "POST" and form.is_valid():
        try:
            created = subject_request_create(actor=user, data=form.changes())
        except (ValidationError, ServiceError) as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The request is recorded. The deadline is set."))
            return redirect("subject_request_detail", request_id=created.pk)
    return render(request, "gezinsaanpak/privacy/request_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def subject_request_detail(request: HttpRequest, request_id: UUID) -> HttpResponse:
    user = current_user(request)
    if request.method == "GET":
        return _page(request, selectors.subject_request_get(user, request_id), {})
    subject_request = selectors.subject_request_get(user, request_id, log_read=False)
    action = request.POST.get("action", "")
    step = STEPS.get(action)
    if step is None:
        messages.error(request, _("Choose one of the steps on this page."))
        return redirect("subject_request_detail", request_id=subject_request.pk)
    form = _bound(step.form, request, subject_request)
    if form is None or form.is_valid():
        data = _data(form)
        try:
            message = step.run(user, copy.copy(subject_request), data)
        except (ValidationError, ServiceError) as error:
            if form is None:
                messages.error(request, _message(error))
                return redirect("subject_request_detail", request_id=subject_request.pk)
            add_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("subject_request_detail", request_id=subject_request.pk)
    assert form is not None  # noqa: S101 - a step without a form never gets here
    shown = selectors.subject_request_get(user, request_id)
    return _page(request, shown, {action: form})


def _bound(
    form_class: type[forms.BaseForm] | None, request: HttpRequest, subject_request: Request
) -> forms.BaseForm | None:
    if form_class is None:
        return None
    if form_class is RequestForm:
        return RequestForm(request.POST, instance=copy.copy(subject_request))
    return form_class(request.POST)


def _data(form: forms.BaseForm | None) -> dict[str, Any]:
    if form is None:
        return {}
    if isinstance(form, RequestForm):
        return form.changes()
    return dict(form.cleaned_data)


def _page(
    request: HttpRequest,
    subject_request: Request,
    bound: dict[str, forms.BaseForm],
) -> HttpResponse:
    user = current_user(request)
    forms_shown = {
        "details": RequestForm(instance=subject_request),
        "identity": IdentityForm(),
        "extend": ExtendForm(initial={"extended_until": subject_request.latest_extension}),
        "close": CloseForm(),
        "restrict": RestrictForm(),
        "unrestrict": UnrestrictForm(),
        **bound,
    }
    context = {
        "subject_request": subject_request,
        "row": selectors.request_row(subject_request),
        "purposes": [Purpose(p).label for p in subject_request.objected_purposes],
        "forms": forms_shown,
        "file": selectors.request_file(user, subject_request),
        "restrictions": selectors.restriction_history(user, subject_request),
        "may_restrict": subject_request.kind in RESTRICTABLE,
        "search_url": reverse("privacy_family_search") + f"?request={subject_request.pk}",
    }
    return render(request, "gezinsaanpak/privacy/request_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def subject_request_objection(request: HttpRequest, request_id: UUID) -> HttpResponse:
    """Apply an objection after seeing what it stops: purposes and counts, confirmed."""
    user = current_user(request)
    subject_request = selectors.subject_request_get(user, request_id)
    if request.method == "POST":
        try:
            result = objection_apply(actor=user, request=subject_request)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Applied: %(consents)d consents withdrawn, %(placements)d placements stopped.")
                % {
                    "consents": result.consents_withdrawn,
                    "placements": result.placements_stopped,
                },
            )
            return redirect("subject_request_detail", request_id=subject_request.pk)
    effects = objection_preview(user, subject_request)
    context = {"subject_request": subject_request, "effects": effects}
    return render(request, "gezinsaanpak/privacy/request_objection.html", context)


def _message(error: ValidationError | ServiceError) -> str:
    if isinstance(error, ServiceError):
        return error.message
    return " ".join(error.messages)


def add_errors(form: forms.BaseForm, error: ValidationError | ServiceError) -> None:
    if isinstance(error, ServiceError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)
