"""The coordinator's VoorleesExpress pages: dashboard, waiting list, matching, placements.

Pages call one selector, which decides who may see them (404 otherwise) and logs what
they show. Forms fetch their target with ``access.placements.*_for_change`` (not a read,
not logged) and call one service, which checks the permission and logs the write.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User, current_user
from gezinsaanpak.access import families as family_access
from gezinsaanpak.access import placements as placement_access
from gezinsaanpak.models import Placement
from gezinsaanpak.models.questionnaire import Moment
from gezinsaanpak.selectors import concerns as concern_selectors
from gezinsaanpak.selectors import placements as selectors
from gezinsaanpak.selectors import volunteers as volunteer_selectors
from gezinsaanpak.services import placements as services
from gezinsaanpak.services import visits as visit_services
from gezinsaanpak.services.errors import ServiceError

from . import placement_forms as forms
from .confirm import confirmation_page, is_confirmed


def _back(placement_id: object) -> HttpResponse:
    return redirect("placement_detail", placement_id=placement_id)


def _report(request: HttpRequest, form: Any) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    page = selectors.dashboard(current_user(request))
    context = {"concerns": page.concerns, "meetings": page.meetings, "behind": page.behind}
    return render(request, "gezinsaanpak/coordinator/dashboard.html", context)


@login_required
def waiting_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.waiting_list(current_user(request))
    return render(request, "gezinsaanpak/coordinator/waiting_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest, family_id: UUID) -> HttpResponse:
    user = current_user(request)
    form = forms.SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        family = family_access.family_for(user, family_id)  # not a read: the sign-up logs
        try:
            services.placement_signup(
                actor=user, family=family, children=family.children.all(), **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The family is on the VoorleesExpress waiting list."))
            return redirect("waiting_list")
    context = {"family": selectors.signup_page(user, family_id), "form": form}
    return render(request, "gezinsaanpak/coordinator/signup.html", context)


@login_required
def placement_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status")
    status = status if status in Placement.Status.values else None
    page, rows = selectors.coordinator_placements(
        current_user(request), status=status, page=request.GET.get("page")
    )
    context = {
        "page": page,
        "rows": rows,
        "status": status,
        "statuses": Placement.Status.choices[2:],
    }
    return render(request, "gezinsaanpak/coordinator/placement_list.html", context)


@login_required
def placement_detail(request: HttpRequest, placement_id: UUID) -> HttpResponse:
    user = current_user(request)
    page = selectors.placement_page(user, placement_id)
    placement = page.placement
    context = {
        "placement": placement,
        "family": placement["family"],
        "plan": page.plan,
        "summary": page.summary,
        "status_form": forms.StatusForm(status=placement["status"]),
        "milestones_form": forms.MilestonesForm(
            initial={
                "library_visit_on": placement["library_visit_on"],
                "library_cards_on": placement["library_cards_on"],
            }
        ),
        "meeting_form": forms.MeetingForm(),
        "nazorg_form": forms.NazorgForm(),
        "templates": volunteer_selectors.questionnaire_templates(user),
        "moments": Moment.choices,
    }
    return render(request, "gezinsaanpak/coordinator/placement_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def placement_match(request: HttpRequest, placement_id: UUID) -> HttpResponse:
    """Suggested volunteers, best first; choosing one matches (or reassigns an active one)."""
    user = current_user(request)
    placement = placement_access.placement_for_change(user, placement_id)
    if placement.status in Placement.ENDED:
        raise Http404
    suggested = volunteer_selectors.suggestions(user, placement)
    form = forms.MatchForm(
        request.POST or None,
        volunteers=[s.volunteer for s in suggested],
        initial={
            "weekday": placement.weekday,
            "visit_time": placement.visit_time,
            "start_date": placement.start_date,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            _match(user, placement, form.cleaned_data)
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The volunteer is matched."))
            return _back(placement.pk)
    page = selectors.match_page(user, placement, suggested)
    context = {"placement": page.placement, "family": page.placement["family"]}
    context.update({"suggested": page.suggested, "form": form})
    return render(request, "gezinsaanpak/coordinator/match.html", context)


def _match(user: User, placement: Placement, data: dict[str, Any]) -> None:
    if placement.status == Placement.Status.ACTIVE:
        services.placement_reassign(actor=user, placement=placement, volunteer=data["volunteer"])
    else:
        services.placement_match(actor=user, placement=placement, **data)


ACTIONS = {
    "intake": lambda u, p, d: services.placement_intake(actor=u, placement=p),
    "start": lambda u, p, d: services.placement_start(actor=u, placement=p),
    "complete": lambda u, p, d: services.placement_complete(actor=u, placement=p),
    "stop": lambda u, p, d: services.placement_stop(actor=u, placement=p, reason=d["stop_reason"]),
}

# Ending a placement takes the volunteer's access away: it asks first.
ENDING = {
    "complete": gettext_lazy("Complete the placement?"),
    "stop": gettext_lazy("Stop the placement?"),
}


@login_required
@require_POST
def placement_status(request: HttpRequest, placement_id: UUID) -> HttpResponse:
    user = current_user(request)
    placement = placement_access.placement_for_change(user, placement_id)
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        _report(request, form)
        return _back(placement.pk)
    action = form.cleaned_data["action"]
    if action in ENDING and not is_confirmed(request):
        return confirmation_page(
            request,
            title=ENDING[action],
            text=_(
                "The placement ends and the volunteer can no longer see the family. "
                "This cannot be undone; for new visits, sign the family up again."
            ),
            button=_("Yes, end the placement"),
            cancel_url=reverse("placement_detail", kwargs={"placement_id": placement.pk}),
        )
    try:
        ACTIONS[action](user, placement, form.cleaned_data)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The status is changed."))
    return _back(placement.pk)


@login_required
@require_POST
def placement_milestones(request: HttpRequest, placement_id: UUID) -> HttpResponse:
    user = current_user(request)
    placement = placement_access.placement_for_change(user, placement_id)
    form = forms.MilestonesForm(request.POST)
    if form.is_valid():
        services.placement_milestones(actor=user, placement=placement, **form.cleaned_data)
        messages.success(request, _("The changes are saved."))
    else:
        _report(request, form)
    return _back(placement.pk)


@login_required
@require_POST
def placement_meeting(request: HttpRequest, placement_id: UUID, meeting_id: UUID) -> HttpResponse:
    user = current_user(request)
    meeting = placement_access.meeting_for_change(user, placement_id, meeting_id)
    form = forms.MeetingForm(request.POST)
    if form.is_valid():
        services.meeting_record(actor=user, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("The meeting is saved."))
    else:
        _report(request, form)
    return _back(meeting.placement_id)


@login_required
@require_POST
def placement_nazorg(request: HttpRequest, placement_id: UUID) -> HttpResponse:
    user = current_user(request)
    placement = placement_access.placement_for_change(user, placement_id)
    form = forms.NazorgForm(request.POST)
    if not form.is_valid():
        _report(request, form)
        return _back(placement.pk)
    try:
        nazorg = services.placement_nazorg(actor=user, placement=placement, **form.cleaned_data)
    except ServiceError as error:
        messages.error(request, error.message)
        return _back(placement.pk)
    messages.success(request, _("Nazorg is planned."))
    return _back(nazorg.pk)


@login_required
@require_http_methods(["GET", "POST"])
def concern_handled(request: HttpRequest, concern_id: UUID) -> HttpResponse:
    """Handling a concern asks what was done: this page is also the confirmation step."""
    user = current_user(request)
    form = forms.ConcernHandledForm(request.POST if "note" in request.POST else None)
    if request.method == "POST" and form.is_valid():
        concern = placement_access.concern_for_change(user, concern_id)
        try:
            visit_services.concern_handle(actor=user, concern=concern, **form.cleaned_data)
        except ServiceError as error:
            form.add_error("note", error.message)
        else:
            messages.success(request, _("The concern is marked as handled."))
            return redirect("coordinator_dashboard")
    context = {"concern": concern_selectors.concern_page(user, concern_id), "form": form}
    return render(request, "gezinsaanpak/coordinator/concern_handle.html", context)
