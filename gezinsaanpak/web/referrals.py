"""Pages for referrals: the intake queue, one referral, and referring a family onward."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import current_user
from gezinsaanpak import access
from gezinsaanpak.models import Referral
from gezinsaanpak.selectors import families as family_selectors
from gezinsaanpak.selectors import referrals as selectors
from gezinsaanpak.services import referrals as services
from gezinsaanpak.services.errors import ServiceError

from .referral_forms import ContactForm, ReferralHandleForm, ReferralSendForm


def _require_case_worker(request: HttpRequest):  # type: ignore[no-untyped-def]
    user = current_user(request)
    if user.role not in access.CASE_WORKERS:
        raise Http404
    return user


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    """The intake queue, referrals under way, and warm-handover checks that are due."""
    user = _require_case_worker(request)
    context = {
        "queue": selectors.intake_queue(user),
        "incoming": selectors.open_referrals(user, direction=Referral.Direction.IN),
        "checks": selectors.contact_checks_due(user),
        "outgoing": selectors.open_referrals(user, direction=Referral.Direction.OUT),
    }
    return render(request, "gezinsaanpak/referral_list.html", context)


def _detail_context(request: HttpRequest, referral: Referral, **forms: object) -> dict[str, object]:
    user = current_user(request)
    family = referral.family
    may_change = family is not None and access.may_change(user, family)
    context: dict[str, object] = {
        "referral": referral,
        "may_change": may_change,
        "duplicates": selectors.possible_duplicates(user, referral),
    }
    if may_change and referral.direction == Referral.Direction.IN and referral.next_statuses():
        context["handle_form"] = forms.get("handle_form") or ReferralHandleForm(referral=referral)
    if may_change and referral.awaiting_contact_check:
        context["contact_form"] = forms.get("contact_form") or ContactForm()
    return context


@login_required
def referral_detail(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    _require_case_worker(request)
    referral = selectors.referral_get(current_user(request), referral_id)
    return render(request, "gezinsaanpak/referral_detail.html", _detail_context(request, referral))


@login_required
@require_POST
def referral_handle(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    user = _require_case_worker(request)
    referral = selectors.referral_get(user, referral_id)
    form = ReferralHandleForm(request.POST, referral=referral)
    if form.is_valid():
        try:
            services.referral_handle(actor=user, referral=referral, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The referral is updated. The partner can see it."))
            return redirect("referral_detail", referral_id=referral.pk)
    context = _detail_context(request, referral, handle_form=form)
    return render(request, "gezinsaanpak/referral_detail.html", context, status=400)


@login_required
@require_POST
def referral_contact(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    user = _require_case_worker(request)
    referral = selectors.referral_get(user, referral_id)
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
    context = _detail_context(request, referral, contact_form=form)
    return render(request, "gezinsaanpak/referral_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def referral_send(request: HttpRequest, family_id: UUID) -> HttpResponse:
    """Refer a family to a partner; refused, saying what is missing, without consent."""
    user = current_user(request)
    family = family_selectors.family_get(user, family_id)
    if user.role not in services.REFERRERS:
        raise Http404
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
    return render(request, "gezinsaanpak/referral_send.html", {"family": family, "form": form})
