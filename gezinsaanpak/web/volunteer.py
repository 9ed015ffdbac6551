"""The volunteer's phone pages: 'Mijn gezinnen', one family with the visit log, a concern.

Only active placements of the volunteer, only the visit field set; anything else is 404.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Role, User, current_user
from gezinsaanpak.selectors import placements as selectors
from gezinsaanpak.services import visits as services
from gezinsaanpak.services.errors import ServiceError

from .placement_forms import ConcernForm, VisitForm


def _volunteer(request: HttpRequest) -> User:
    user = current_user(request)
    if user.role != Role.VOLUNTEER:
        raise Http404
    return user


@login_required
def my_families(request: HttpRequest) -> HttpResponse:
    user = _volunteer(request)
    rows = [(p, selectors.progress(p)) for p in selectors.volunteer_placements(user)]
    return render(request, "gezinsaanpak/volunteer/my_families.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def family_visit(request: HttpRequest, placement_id: UUID) -> HttpResponse:
    """The family's visit details and the visit log form (three taps: family, what, save)."""
    user = _volunteer(request)
    placement = selectors.placement_get(user, placement_id)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_log(actor=user, placement=placement, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The visit is saved. Thank you!"))
            return redirect("volunteer_family", placement_id=placement.pk)
    context = {
        "placement": placement,
        "family": placement.family,
        "form": form,
        "visits": selectors.visits_of(placement)[:5],
        "progress": selectors.progress(placement),
    }
    return render(request, "gezinsaanpak/volunteer/family.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def concern(request: HttpRequest, placement_id: UUID) -> HttpResponse:
    user = _volunteer(request)
    placement = selectors.placement_get(user, placement_id)
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.concern_raise(actor=user, placement=placement, text=form.cleaned_data["text"])
        except ServiceError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The coordinator has received your concern."))
            return redirect("volunteer_family", placement_id=placement.pk)
    context = {"placement": placement, "family": placement.family, "form": form}
    return render(request, "gezinsaanpak/volunteer/concern.html", context)
