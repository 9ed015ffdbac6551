"""The coordinator's volunteer register and the questionnaires of a placement."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import current_user
from gezinsaanpak.access import placements as placement_access
from gezinsaanpak.models.questionnaire import Moment
from gezinsaanpak.selectors import volunteers as volunteer_selectors
from gezinsaanpak.services import volunteers as services

from . import placement_forms as forms


@login_required
def register(request: HttpRequest) -> HttpResponse:
    page, rows = volunteer_selectors.volunteer_register_page(
        current_user(request), request.GET.get("page")
    )
    context = {"page": page, "rows": rows}
    return render(request, "gezinsaanpak/coordinator/volunteers.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, user_id: UUID) -> HttpResponse:
    user = current_user(request)
    page = volunteer_selectors.volunteer_profile_page(user, user_id)
    volunteer, profile = page.volunteer, page.profile
    initial = (
        {name: getattr(profile, name) for name in services.PROFILE_INPUT_FIELDS}
        if profile
        else None
    )
    form = forms.VolunteerProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.volunteer_profile_save(actor=user, volunteer=volunteer, data=form.cleaned_data)
        messages.success(request, _("The changes are saved."))
        return redirect("volunteer_register")
    context = {"volunteer": volunteer, "profile": profile, "form": form}
    return render(request, "gezinsaanpak/coordinator/volunteer_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest, placement_id: UUID, moment: str) -> HttpResponse:
    """Fill in the organisation's active questionnaire(s) for the start or the end."""
    user = current_user(request)
    placement = placement_access.placement_for_change(user, placement_id)  # shows no data
    if moment not in Moment.values:
        raise Http404
    templates = volunteer_selectors.questionnaire_templates(user)
    if not templates:
        raise Http404
    template = templates[0]
    form = forms.QuestionnaireForm(request.POST or None, template=template)
    if request.method == "POST" and form.is_valid():
        services.questionnaire_save(
            actor=user,
            placement=placement,
            template=template,
            moment=moment,
            answers=form.answers(),
        )
        messages.success(request, _("The answers are saved."))
        return redirect("placement_detail", placement_id=placement.pk)
    context = {
        "placement_id": placement.pk,
        "form": form,
        "template": template,
        "moment": Moment(moment).label,
    }
    return render(request, "gezinsaanpak/coordinator/questionnaire.html", context)
