"""BoekStart pages: the coach's quick session log and follow-up contacts (phone-first), and
the coordinator's overview, locations and vouchers. Thin: parse, call, render."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django import forms as django_forms
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
from gezinsaanpak.access import Capability
from gezinsaanpak.models.boekstart import COUNT_FIELDS
from gezinsaanpak.reports import boekstart as boekstart_figures
from gezinsaanpak.selectors import boekstart as selectors
from gezinsaanpak.services import boekstart as services
from gezinsaanpak.services import boekstart_taalhuis as taalhuis_services
from gezinsaanpak.services.errors import ServiceError

from . import boekstart_forms as forms
from .once import submit_once


def _add_errors(form: django_forms.BaseForm, error: ServiceError | ValidationError) -> None:
    """Show a refusal of the service at its field, or above the form."""
    if isinstance(error, ServiceError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _organisation(user: User) -> Any:
    if user.organisation is None:
        raise Http404
    return user.organisation


@login_required
def boekstart_home(request: HttpRequest) -> HttpResponse:
    """The coach's start (new session, recent sessions, contacts); the coordinator's overview."""
    user = current_user(request)
    if access.can(user, Capability.LOG_BOEKSTART_SESSION):
        context = {
            "sessions": selectors.sessions_recent(user, limit=6),
            "contacts": selectors.contacts_of(user, page=request.GET.get("page", 1)),
        }
        return render(request, "gezinsaanpak/boekstart/coach_home.html", context)
    return _overview(request, user)


def _overview(request: HttpRequest, user: User) -> HttpResponse:
    period = forms.PeriodForm(request.GET or None)
    year = (period.cleaned_data.get("year") if period.is_valid() else None) or (
        timezone.localdate().year
    )
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    context = {
        "year": year,
        "period": period if request.GET.get("year") else forms.PeriodForm(initial={"year": year}),
        "totals": boekstart_figures.session_totals(user, start=start, end=end),
        "count_fields": COUNT_FIELDS,
        "labels": forms.COUNT_LABELS,
        "pickup": boekstart_figures.voucher_pickup(user, start=start, end=end),
        "waiting": selectors.handovers_waiting(user, page=request.GET.get("waiting_page", 1)),
        "page": selectors.session_page(user, page=request.GET.get("page", 1)),
    }
    return render(request, "gezinsaanpak/boekstart/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def session_new(request: HttpRequest) -> HttpResponse:
    """'Nieuwe sessie': date, place and tallies in one submit."""
    user = current_user(request)
    if not access.can(user, Capability.LOG_BOEKSTART_SESSION):
        raise Http404  # the page exists for coaches only
    locations = selectors.locations_of(user, active_only=True)
    recent = selectors.sessions_recent(user, limit=1)
    initial = {"location": recent[0].location_id} if recent else {}
    form = forms.SessionForm(request.POST or None, locations=locations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_log(
                actor=user,
                location=data["location"],
                date=data["date"],
                counts=form.counts(),
                voucher_numbers=forms.split_numbers(data["voucher_numbers"]),
            )
        except (ServiceError, ValidationError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("boekstart_home")
    return render(request, "gezinsaanpak/boekstart/session_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def contact_new(request: HttpRequest) -> HttpResponse:
    """A parent wants follow-up: register them, with their consent and a duplicate check."""
    user = current_user(request)
    if not access.can(user, Capability.REGISTER_CONTACT):
        raise Http404  # the page exists for coaches only
    sessions = selectors.sessions_to_choose(user)
    latest = sessions.first()
    initial = (
        {"session": latest.pk, "municipality": latest.location.municipality_id} if latest else {}
    )
    form = forms.ContactForm(
        request.POST or None,
        organisation=_organisation(user),
        sessions=sessions,
        initial=initial,
    )
    duplicates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = services.contact_register(
                actor=user,
                data=data,
                session=data["session"],
                family_id=data["link_family"],
                confirm_not_duplicate=data["confirm_not_duplicate"],
            )
        except services.PossibleDuplicateError as warning:
            duplicates = warning.duplicates
        except (ServiceError, ValidationError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The parent is registered for follow-up."))
            return redirect("family_detail", family_id=contact.family_id)
    context = {"form": form, "duplicates": duplicates}
    return render(request, "gezinsaanpak/boekstart/contact_form.html", context)


@login_required
@require_POST
def contact_handover(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    """Warm handover: the library's coordinator picks the family up for intake."""
    user = current_user(request)
    contact = access.boekstart.contact_for_change(user, contact_id)
    try:
        services.contact_handover(actor=user, contact=contact)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The family is handed over to the library."))
    return redirect("boekstart_home")


@login_required
@require_http_methods(["GET", "POST"])
def contact_taalhuis(request: HttpRequest, contact_id: UUID) -> HttpResponse:
    """Refer the parent of a follow-up contact to the Taalhuis (with their consent)."""
    user = current_user(request)
    # The page shows nothing of the contact: fetched to act on it, so not logged as a read.
    contact = access.boekstart.contact_for_change(user, contact_id)
    form = forms.TaalhuisReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            taalhuis_services.contact_refer_to_taalhuis(
                actor=user, contact=contact, **form.cleaned_data
            )
        except ServiceError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The parent is referred to the Taalhuis."))
            return redirect("boekstart_home")
    context = {"form": form, "contact_id": contact.pk}
    return render(request, "gezinsaanpak/boekstart/contact_taalhuis.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def locations(request: HttpRequest) -> HttpResponse:
    return _location_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def location_edit(request: HttpRequest, location_id: UUID) -> HttpResponse:
    return _location_page(request, location_id)


def _location_page(request: HttpRequest, location_id: UUID | None) -> HttpResponse:
    user = current_user(request)
    if not access.can(user, Capability.MANAGE_LOCATIONS):
        raise Http404  # the page exists for those who manage locations
    location = selectors.location_get(user, location_id) if location_id else None
    form = forms.LocationForm(
        request.POST or None, instance=location, organisation=_organisation(user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.location_save(actor=user, data=form.cleaned_data, location=location)
        except (ServiceError, ValidationError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The location is saved."))
            return redirect("boekstart_locations")
    context = {"form": form, "location": location, "locations": selectors.locations_of(user)}
    return render(request, "gezinsaanpak/boekstart/locations.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def vouchers(request: HttpRequest) -> HttpResponse:
    """Register numbered vouchers handed out, and vouchers brought to the library."""
    user = current_user(request)
    if not access.can(user, Capability.MANAGE_LOCATIONS):
        raise Http404  # the page exists for those who manage locations
    locations = selectors.locations_of(user)
    posted = request.POST.get("form")
    issue = forms.VoucherIssueForm(request.POST if posted == "issue" else None, locations=locations)
    redeem = forms.VoucherRedeemForm(request.POST if posted == "redeem" else None)
    if posted == "issue" and issue.is_valid():
        try:
            made = services.vouchers_issue(
                actor=user,
                location=issue.cleaned_data["location"],
                numbers=forms.split_numbers(issue.cleaned_data["voucher_numbers"]),
                issued_on=issue.cleaned_data["issued_on"],
            )
        except (ServiceError, ValidationError) as error:
            _add_errors(issue, error)
        else:
            messages.success(
                request, _("%(count)d vouchers are registered.") % {"count": len(made)}
            )
            return redirect("boekstart_vouchers")
    if posted == "redeem" and redeem.is_valid():
        try:
            services.voucher_redeem(
                actor=user,
                number=redeem.cleaned_data["number"],
                redeemed_on=redeem.cleaned_data["redeemed_on"],
            )
        except (ServiceError, ValidationError) as error:
            _add_errors(redeem, error)
        else:
            messages.success(request, _("The voucher is marked as redeemed."))
            return redirect("boekstart_vouchers")
    context = {"issue": issue, "redeem": redeem}
    return render(request, "gezinsaanpak/boekstart/vouchers.html", context)
