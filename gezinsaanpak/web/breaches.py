"""The privacy officer's breach register: list with the 72-hour clock, record, edit, scope."""

from __future__ import annotations

import copy
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import current_user
from gezinsaanpak.models.breach import Breach
from gezinsaanpak.selectors.breaches import (
    breach_for_user,
    breach_scope,
    breaches_for_user,
    organisation_of,
)
from gezinsaanpak.services.breaches import breach_create, breach_store_scope, breach_update
from gezinsaanpak.services.errors import ServiceError

from .breach_forms import BreachForm, ScopeForm


@require_GET
@login_required
def breach_list(request: HttpRequest) -> HttpResponse:
    breaches = breaches_for_user(current_user(request))
    return render(request, "gezinsaanpak/privacy/breach_list.html", {"breaches": breaches})


@require_http_methods(["GET", "POST"])
@login_required
def breach_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = BreachForm(request.POST or None, instance=Breach(organisation_id=organisation_of(user)))
    if request.method == "POST" and form.is_valid():
        try:
            breach = breach_create(actor=user, data=form.changes())
        except (ValidationError, ServiceError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The breach is recorded."))
            return redirect("breach_detail", breach_id=breach.pk)
    return render(request, "gezinsaanpak/privacy/breach_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def breach_detail(request: HttpRequest, breach_id: UUID) -> HttpResponse:
    user = current_user(request)
    breach = breach_for_user(user, breach_id, log_read=request.method == "GET")
    form = BreachForm(request.POST or None, instance=copy.copy(breach))
    if request.method == "POST" and form.is_valid():
        try:
            breach_update(actor=user, breach=breach, data=form.changes())
        except (ValidationError, ServiceError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("breach_detail", breach_id=breach.pk)
    scope_form = ScopeForm(request.GET or None)
    scope = None
    if scope_form.is_bound and scope_form.is_valid():
        scope = breach_scope(user, breach, **scope_form.cleaned_data)
    context = {"breach": breach, "form": form, "scope_form": scope_form, "scope": scope}
    return render(request, "gezinsaanpak/privacy/breach_detail.html", context)


@require_POST
@login_required
def breach_scope_store(request: HttpRequest, breach_id: UUID) -> HttpResponse:
    user = current_user(request)
    breach = breach_for_user(user, breach_id, log_read=False)
    scope_form = ScopeForm(request.POST)
    if not scope_form.is_valid():
        messages.error(request, _("Fill in who and the period to scope the breach."))
        return redirect("breach_detail", breach_id=breach.pk)
    scope = breach_scope(user, breach, **scope_form.cleaned_data)
    breach_store_scope(actor=user, breach=breach, scope=scope)
    messages.success(
        request, _("Family ids stored in the incident: %(count)d.") % {"count": scope.families}
    )
    return redirect("breach_detail", breach_id=breach.pk)


def _add_errors(form: BreachForm, error: ValidationError | ServiceError) -> None:
    if isinstance(error, ServiceError):
        form.add_error(error.field, error.message)
        return
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)
