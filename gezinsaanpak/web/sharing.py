"""Pages for consent and for giving colleagues access to a file.

A GET reads through a selector (logged); a POST fetches its target with the unlogged
``access.family_for_change`` and lets one service check, write and log.
"""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User, current_user
from gezinsaanpak import access
from gezinsaanpak.selectors import families as selectors
from gezinsaanpak.selectors import sharing as sharing_selectors
from gezinsaanpak.services import consent as consent_services
from gezinsaanpak.services import family_access as access_services
from gezinsaanpak.services.errors import ServiceError

from . import case_owner, forms
from .confirm import confirmation_page, is_confirmed


def _end_of_day(day: datetime.date | None) -> datetime.datetime | None:
    """A consent "valid until" a date is valid through the whole of that day."""
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time.max, timezone.get_current_timezone())


def _consent_page(
    request: HttpRequest, user: User, family_id: UUID, form: forms.ConsentForm
) -> HttpResponse:
    page = sharing_selectors.family_consents(user, family_id)
    context = {"family_id": page.family_id, "form": form, "consents": page.consents}
    return render(request, "gezinsaanpak/family_consent.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consent_page(request: HttpRequest, family_id: UUID) -> HttpResponse:
    user = current_user(request)
    if request.method == "GET":
        return _consent_page(request, user, family_id, forms.ConsentForm(family_id=family_id))
    family = access.family_for_change(user, family_id)  # a write: no read is logged
    form = forms.ConsentForm(request.POST, family_id=family.pk)
    if form.is_valid():
        data = form.cleaned_data
        try:
            consent_services.consent_record(
                actor=user,
                family=family,
                given_by=data["given_by"],
                purpose=data["purpose"],
                partner=data["partner"],
                text_version=data["text_version"],
                method=data["method"],
                expires_at=_end_of_day(data["expires_on"]),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("family_consent", family_id=family.pk)
    return _consent_page(request, user, family_id, form)


def _add_errors(form: forms.ConsentForm, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, family_id: UUID, consent_id: UUID) -> HttpResponse:
    user = current_user(request)
    family = access.family_for_change(user, family_id)
    if not is_confirmed(request):
        return confirmation_page(
            request,
            title=_("Withdraw this consent?"),
            text=_(
                "From now on the family's data may no longer be used for this purpose. "
                "This cannot be undone: if the family agrees again, record a new consent."
            ),
            button=_("Yes, withdraw the consent"),
            cancel_url=reverse("family_consent", kwargs={"family_id": family.pk}),
        )
    try:
        consent_services.family_consent_withdraw(actor=user, family=family, consent_id=consent_id)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The consent is withdrawn."))
    return redirect("family_consent", family_id=family.pk)


def _access_page(request: HttpRequest, user: User, family_id: UUID, form: Any) -> HttpResponse:
    page = sharing_selectors.family_grantees(user, family_id)
    form = form or forms.GrantForm(organisation_id=page.organisation_id)
    context = {"page": page, "family_id": page.family_id, "form": form}
    return render(request, "gezinsaanpak/family_access.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def access_page(request: HttpRequest, family_id: UUID) -> HttpResponse:
    user = current_user(request)
    if request.method == "GET":
        return _access_page(request, user, family_id, None)
    family = access.family_for_change(user, family_id)  # a write: no read is logged
    form = forms.GrantForm(request.POST, organisation_id=family.organisation_id)
    if form.is_valid():
        try:
            access_services.family_grant_colleague(
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
    return _access_page(request, user, family_id, form)


@login_required
@require_POST
def access_revoke(request: HttpRequest, family_id: UUID, user_id: UUID) -> HttpResponse:
    user = current_user(request)
    family = access.family_for_change(user, family_id)
    if not is_confirmed(request):
        return confirmation_page(
            request,
            title=_("Take access away?"),
            text=_(
                "Your colleague can no longer open this file from now on. "
                "You can give access again later."
            ),
            button=_("Yes, take access away"),
            cancel_url=reverse("family_access", kwargs={"family_id": family.pk}),
        )
    try:
        access_services.family_revoke_colleague(actor=user, family=family, colleague_id=user_id)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Access is taken away."))
    return redirect("family_access", family_id=family.pk)


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    """The counts per case owner, and the open files without one to hand out in bulk."""
    user = current_user(request)
    context = selectors.caseload(user)
    context["unassigned"] = selectors.family_page(
        user,
        filters=selectors.FamilyFilters(no_case_owner=True, open_only=True),
        page=request.GET.get("page", 1),
        table=True,
    )
    context["owner_form"] = case_owner.bulk_form(user, back=request.get_full_path())
    return render(request, "gezinsaanpak/caseload.html", context)
