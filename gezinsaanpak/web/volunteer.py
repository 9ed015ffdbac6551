"""The volunteer's phone pages: 'Mijn gezinnen', one family with the visit log, a concern.

Only active placements of the volunteer, only the visit field set; anything else is 404.
A POST fetches its placement with ``placement_for_change`` (not a read): saving a visit
or a concern logs that write, not a read of the family first.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import current_user
from gezinsaanpak.access import placements as placement_access
from gezinsaanpak.access.roles import Capability
from gezinsaanpak.selectors import visits as selectors
from gezinsaanpak.services import visits as services
from gezinsaanpak.services.errors import ServiceError

from .once import submit_once
from .placement_forms import ConcernForm, VisitForm


@login_required
def my_families(request: HttpRequest) -> HttpResponse:
    tiles = selectors.my_families(current_user(request))
    return render(request, "gezinsaanpak/volunteer/my_families.html", {"tiles": tiles})


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def family_visit(request: HttpRequest, placement_id: UUID) -> HttpResponse:
    """The family's visit details and the visit log form (three taps: family, what, save)."""
    user = current_user(request)
    form = VisitForm(request.POST or None)
    if request.method == "POST":
        placement = placement_access.placement_for_change(user, placement_id, Capability.LOG_VISIT)
        if form.is_valid():
            try:
                services.visit_log(actor=user, placement=placement, **form.cleaned_data)
            except ServiceError as error:
                form.add_error(error.field, error.message)
            else:
                messages.success(request, _("The visit is saved. Thank you!"))
                return redirect("volunteer_family", placement_id=placement.pk)
    placement_shown = selectors.family_visit_page(user, placement_id)
    context = {
        "placement": placement_shown,
        "family": placement_shown["family"],
        "visits": placement_shown["visits"],
        "progress": placement_shown["progress"],
        "form": form,
    }
    return render(request, "gezinsaanpak/volunteer/family.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def concern(request: HttpRequest, placement_id: UUID) -> HttpResponse:
    """The page shows nothing of the family (a back link only), so nothing is read."""
    user = current_user(request)
    placement = placement_access.placement_for_change(user, placement_id, Capability.RAISE_CONCERN)
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_raise(actor=user, placement=placement, text=form.cleaned_data["text"])
        except ServiceError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The coordinator has received your concern."))
            return redirect("volunteer_family", placement_id=placement.pk)
    context = {"placement_id": placement.pk, "form": form}
    return render(request, "gezinsaanpak/volunteer/concern.html", context)
