"""Pages for referrals: the intake queue, one referral, and referring a family onward."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User, current_user
from gezinsaanpak import access
from gezinsaanpak.models import Referral
from gezinsaanpak.selectors import referrals as selectors
from gezinsaanpak.services import referrals as services
from gezinsaanpak.services.errors import ServiceError

from .once import submit_once
from .referral_forms import ContactForm, ReferralHandleForm, ReferralSendForm

# Each list on the referrals page pages on its own, by its own query parameter.
LISTS = ("queue", "incoming", "checks", "outgoing")


def _case_worker(request: HttpRequest) -> User:
    """The referral pages exist for those who handle referrals; to others they do not."""
    user = current_user(request)
    if not access.can(user, access.Capability.HANDLE_REFERRAL):
        raise Http404
    return user


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    """The intake queue, referrals under way, and warm-handover checks that are due."""
    user = _case_worker(request)
    pages = {name: request.GET.get(f"{name}_page", 1) for name in LISTS}
    context = {
        "queue": selectors.intake_queue(user, page=pages["queue"]),
        "incoming": selectors.open_referrals(
            user, direction=Referral.Direction.IN, page=pages["incoming"]
        ),
        "checks": selectors.contact_checks_due(user, page=pages["checks"]),
        "outgoing": selectors.open_referrals(
            user, direction=Referral.Direction.OUT, page=pages["outgoing"]
        ),
    }
    return render(request, "gezinsaanpak/referral_list.html", context)


def _render_detail(
    request: HttpRequest, referral_id: UUID, status: int = 200, **forms: Any
) -> HttpResponse:
    shown = selectors.referral_get(current_user(request), referral_id)
    context: dict[str, Any] = {"referral": shown.referral, "duplicates": shown.duplicates}
    answering = shown.referral.direction == Referral.Direction.IN and shown.next_statuses
    if shown.may_handle and answering:
        context["handle_form"] = forms.get("handle_form") or ReferralHandleForm(
            statuses=shown.next_statuses
        )
    if shown.may_handle and shown.awaiting_contact_check:
        context["contact_form"] = forms.get("contact_form") or ContactForm()
    return render(request, "gezinsaanpak/referral_detail.html", context, status=status)


@login_required
def referral_detail(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    _case_worker(request)
    return _render_detail(request, referral_id)


@login_required
@require_POST
def referral_handle(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    user = _case_worker(request)
    referral = access.referrals.referral_for_change(user, referral_id)
    form = ReferralHandleForm(request.POST, statuses=referral.next_statuses())
    if form.is_valid():
        try:
            services.referral_handle(actor=user, referral=referral, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The referral is updated. The partner can see it."))
            return redirect("referral_detail", referral_id=referral.pk)
    return _render_detail(request, referral_id, status=400, handle_form=form)


@login_required
@require_POST
def referral_contact(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    user = _case_worker(request)
    referral = access.referrals.referral_for_change(user, referral_id)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.referral_record_contact(
                actor=user, referral=referral, status=form.cleaned_data["status"]
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved whether there was contact."))
            return redirect("referral_detail", referral_id=referral.pk)
    return _render_detail(request, referral_id, status=400, contact_form=form)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def referral_send(request: HttpRequest, family_id: UUID) -> HttpResponse:
    """Refer a family to a partner; refused, saying what is missing, without consent."""
    user = current_user(request)
    if not access.can(user, access.Capability.SEND_REFERRAL):
        raise Http404  # the page does not exist for those who cannot refer
    family = selectors.family_for_referral(user, family_id)
    form = ReferralSendForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_send(actor=user, family=family, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("The referral is sent to %(partner)s.") % {"partner": referral.partner.name},
            )
            return redirect("family_detail", family_id=family.pk)
    return render(
        request, "gezinsaanpak/referral_send.html", {"family_id": family.pk, "form": form}
    )
