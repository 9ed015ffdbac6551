"""``/partner/…``: the pages of a partner's own login, for partners without software.

Refer a family (the partner API's fields, rules and service), follow the referrals the
organisation sent, and report back on referrals a library sent to it. The pages exist only
for those who may refer or report back; to others, and for another partner's referral,
they answer 404.
"""

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
from gezinsaanpak.services import referral_intake
from gezinsaanpak.services import referrals as services
from gezinsaanpak.services.errors import ServiceError

from .once import submit_once
from .partner_forms import (
    PartnerCaregiverFormSet,
    PartnerChildFormSet,
    PartnerReferralForm,
    PartnerReportForm,
    referral_data,
)

IN, OUT = Referral.Direction.IN, Referral.Direction.OUT


def _partner(request: HttpRequest, capability: access.Capability) -> User:
    user = current_user(request)
    if not access.can(user, capability):
        raise Http404
    return user


def _any_partner(request: HttpRequest) -> User:
    user = current_user(request)
    if not (
        access.can(user, access.Capability.REFER_TO_LIBRARY)
        or access.can(user, access.Capability.REPORT_BACK)
    ):
        raise Http404
    return user


@login_required
def partner_home(request: HttpRequest) -> HttpResponse:
    """The start page of a partner login: refer a family, and what is waiting."""
    user = _any_partner(request)
    context = {"counts": selectors.partner_user_counts(user)}
    return render(request, "gezinsaanpak/partner/home.html", context)


@login_required
def partner_referral_list(request: HttpRequest) -> HttpResponse:
    """The referrals the organisation sent, with status and the library's feedback."""
    user = _partner(request, access.Capability.REFER_TO_LIBRARY)
    page = selectors.partner_user_page(user, direction=IN, page=request.GET.get("page", 1))
    return render(request, "gezinsaanpak/partner/referral_list.html", {"page": page})


@login_required
def partner_referral_detail(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    user = _partner(request, access.Capability.REFER_TO_LIBRARY)
    shown = selectors.partner_user_referral_get(user, referral_id, direction=IN)
    return render(request, "gezinsaanpak/partner/referral_detail.html", {"shown": shown})


def _forms(request: HttpRequest, user: User) -> tuple[Any, Any, Any]:
    post = request.POST if request.method == "POST" else None
    initial = {"referrer_name": user.name}
    form = PartnerReferralForm(post, initial=None if post else initial)
    caregivers = PartnerCaregiverFormSet(post, prefix="caregivers")
    children = PartnerChildFormSet(post, prefix="children")
    return form, caregivers, children


def _add_service_error(form: PartnerReferralForm, children: Any, error: ServiceError) -> None:
    """A service rule's message beside its field (children: above the children's rows)."""
    if error.field == "children":
        children.non_form_errors().append(error.message)
    else:
        form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def partner_referral_new(request: HttpRequest) -> HttpResponse:
    """Refer a family to the library: the partner API's form, for partners without software."""
    user = _partner(request, access.Capability.REFER_TO_LIBRARY)
    form, caregivers, children = _forms(request, user)
    valid = form.is_valid() & caregivers.is_valid() & children.is_valid()
    if request.method == "POST" and valid:
        try:
            referral = referral_intake.referral_receive(
                user=user, data=referral_data(form, caregivers, children)
            )
        except ServiceError as error:
            _add_service_error(form, children, error)
        else:
            messages.success(
                request,
                _("The referral is sent to %(library)s.") % {"library": referral.organisation.name},
            )
            return redirect("partner_referral_detail", referral_id=referral.pk)
    context = {"form": form, "caregivers": caregivers, "children": children}
    status = 400 if request.method == "POST" else 200
    return render(request, "gezinsaanpak/partner/referral_form.html", context, status=status)


@login_required
def partner_received_list(request: HttpRequest) -> HttpResponse:
    """The referrals libraries sent to the organisation (for example to the Taalhuis)."""
    user = _partner(request, access.Capability.REPORT_BACK)
    page = selectors.partner_user_page(user, direction=OUT, page=request.GET.get("page", 1))
    return render(request, "gezinsaanpak/partner/received_list.html", {"page": page})


def _status_choices(statuses: list[str]) -> list[tuple[str, str]]:
    return [(s, str(Referral.Status(s).label)) for s in statuses]


def _render_received(
    request: HttpRequest, user: User, referral_id: UUID, form: Any = None
) -> HttpResponse:
    shown = selectors.partner_user_referral_get(user, referral_id, direction=OUT)
    choices = _status_choices(shown.report_statuses)
    if choices and form is None:
        form = PartnerReportForm(statuses=choices)
    context = {"shown": shown, "form": form if choices else None}
    status = 400 if request.method == "POST" else 200
    return render(request, "gezinsaanpak/partner/received_detail.html", context, status=status)


@login_required
def partner_received_detail(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    user = _partner(request, access.Capability.REPORT_BACK)
    return _render_received(request, user, referral_id)


@login_required
@require_POST
def partner_received_report(request: HttpRequest, referral_id: UUID) -> HttpResponse:
    """Report back: contact made, no contact, received, declined or completed."""
    user = _partner(request, access.Capability.REPORT_BACK)
    # Fetched to change it: the report's own line is the log, not a read first.
    referral = access.referrals.partner_user_referral_for(user, referral_id, OUT)
    statuses = [s for s in referral.next_statuses() if s in Referral.PARTNER_REPORTS]
    form = PartnerReportForm(request.POST, statuses=_status_choices(statuses))
    if form.is_valid():
        try:
            services.referral_partner_report(user=user, referral=referral, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. The library can see what you reported."))
            return redirect("partner_received_detail", referral_id=referral.pk)
    return _render_received(request, user, referral_id, form)
