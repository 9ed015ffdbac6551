"""Pages for consent and for giving colleagues access to a file."""

from __future__ import annotations

import datetime
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User, current_user
from gezinsaanpak import access
from gezinsaanpak.selectors import families as selectors
from gezinsaanpak.services import consent as consent_services
from gezinsaanpak.services import families as services
from gezinsaanpak.services.errors import ServiceError

from . import forms


def _changeable_family(request: HttpRequest, family_id: UUID):  # type: ignore[no-untyped-def]
    user = current_user(request)
    family = selectors.family_get(user, family_id)
    if not access.may_change(user, family):
        raise Http404
    return user, family


@login_required
@require_http_methods(["GET", "POST"])
def consent_page(request: HttpRequest, family_id: UUID) -> HttpResponse:
    user, family = _changeable_family(request, family_id)
    form = forms.ConsentForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expires = data["expires_on"]
        try:
            consent_services.consent_record(
                actor=user,
                family=family,
                given_by=data["given_by"],
                purpose=data["purpose"],
                partner=data["partner"],
                text_version=data["text_version"],
                method=data["method"],
                expires_at=(
                    datetime.datetime.combine(
                        expires, datetime.time.max, timezone.get_current_timezone()
                    )
                    if expires
                    else None
                ),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("family_consent", family_id=family.pk)
    context = {"family": family, "form": form, "consents": selectors.consents_of(user, family)}
    return render(request, "gezinsaanpak/family_consent.html", context)


def _end_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.max, timezone.get_current_timezone())


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, family_id: UUID, consent_id: UUID) -> HttpResponse:
    user, family = _changeable_family(request, family_id)
    consent = selectors.consent_get(user, family, consent_id)
    try:
        consent_services.consent_withdraw(actor=user, consent=consent)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The consent is withdrawn."))
    return redirect("family_consent", family_id=family.pk)


@login_required
@require_http_methods(["GET", "POST"])
def access_page(request: HttpRequest, family_id: UUID) -> HttpResponse:
    user, family = _changeable_family(request, family_id)
    form = forms.GrantForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        try:
            services.family_grant_colleague(
                actor=user,
                family=family,
                colleague=form.cleaned_data["colleague"],
                change=form.cleaned_data["may_change"],
            )
        except ServiceError as error:
            form.add_error("colleague", error.message)
        else:
            messages.success(request, _("Your colleague now has access to this file."))
            return redirect("family_access", family_id=family.pk)
    context = {"family": family, "form": form, "grantees": access.grantees(family)}
    return render(request, "gezinsaanpak/family_access.html", context)


@login_required
@require_POST
def access_revoke(request: HttpRequest, family_id: UUID, user_id: UUID) -> HttpResponse:
    user, family = _changeable_family(request, family_id)
    colleague = access.grantees(family).filter(pk=user_id).first()
    if not isinstance(colleague, User):
        raise Http404
    try:
        services.family_revoke_colleague(actor=user, family=family, colleague=colleague)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Access is taken away."))
    return redirect("family_access", family_id=family.pk)


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    return render(request, "gezinsaanpak/caseload.html", selectors.caseload(user))
