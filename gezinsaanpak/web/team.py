"""The team pages (``/team/``): the coordinator invites and manages the organisation's users.

An administrator manages any organisation's team (``?organisation=<id>``). Someone who may
not manage a user gets 404, like a user that does not exist. The invitation link
(``/invitation/<token>/``) is public: the token is the key, and it works once.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User, current_user
from gezinsaanpak.access import team as team_access
from gezinsaanpak.selectors import team_admin as selectors
from gezinsaanpak.services import team as services
from gezinsaanpak.services.errors import ServiceError

from .team_forms import DeactivateForm, InviteForm, RoleForm


def _organisation_param(request: HttpRequest) -> str | None:
    return request.GET.get("organisation") or request.POST.get("organisation") or None


def _add_error(form: Any, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    page = selectors.team_page(user, _organisation_param(request))
    return render(request, "gezinsaanpak/team/list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def team_invite(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not team_access.may_manage_team(user):
        raise Http404
    organisation = team_access.organisation_for(user, _organisation_param(request))
    form = InviteForm(request.POST or None, actor=user, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_member_invite(actor=user, organisation=organisation, **form.cleaned_data)
        except ServiceError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The invitation is sent. The link works for 7 days."))
            return redirect(_team_url(organisation.pk))
    context = {"form": form, "organisation": organisation}
    return render(request, "gezinsaanpak/team/invite.html", context)


def _team_url(organisation_id: UUID) -> str:
    return f"{reverse('team')}?organisation={organisation_id}"


def _member_page(request: HttpRequest, user: User, member_id: UUID, **forms: Any) -> HttpResponse:
    page = selectors.member_page(user, member_id)
    member = team_access.member_for_change(user, member_id)
    context = {
        "page": page,
        "role_form": forms.get("role_form")
        or RoleForm(actor=user, organisation=page.organisation, initial={"role": member.role}),
        "deactivate_form": forms.get("deactivate_form") or DeactivateForm(member=member),
        "may_reset_two_factor": team_access.may_reset_two_factor(user, member),
        "team_url": _team_url(page.organisation.pk),
    }
    return render(request, "gezinsaanpak/team/member.html", context)


@login_required
def team_member(request: HttpRequest, user_id: UUID) -> HttpResponse:
    return _member_page(request, current_user(request), user_id)


@login_required
@require_POST
def team_member_role(request: HttpRequest, user_id: UUID) -> HttpResponse:
    user = current_user(request)
    member = team_access.member_for_change(user, user_id)  # a write: no read is logged
    organisation = team_access.organisation_of(member)
    form = RoleForm(request.POST, actor=user, organisation=organisation)
    if form.is_valid():
        try:
            services.team_member_role_change(
                actor=user, member=member, role=form.cleaned_data["role"]
            )
        except ServiceError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("The role is changed."))
            return redirect("team_member", user_id=member.pk)
    return _member_page(request, user, user_id, role_form=form)


@login_required
@require_POST
def team_member_resend(request: HttpRequest, user_id: UUID) -> HttpResponse:
    user = current_user(request)
    member = team_access.member_for_change(user, user_id)
    try:
        services.team_invitation_resend(actor=user, member=member)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("A new invitation is sent. The old link no longer works."))
    return redirect("team_member", user_id=member.pk)


@login_required
@require_POST
def team_member_deactivate(request: HttpRequest, user_id: UUID) -> HttpResponse:
    user = current_user(request)
    member = team_access.member_for_change(user, user_id)
    form = DeactivateForm(request.POST, member=member)
    if form.is_valid():
        try:
            done = services.team_member_deactivate(
                actor=user, member=member, new_owner=form.cleaned_data["new_owner"]
            )
        except ServiceError as error:
            _add_error(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is deactivated. Open files handed over: %(files)s.")
                % {"name": member.name or member.email, "files": done.files},
            )
            return redirect("team_member", user_id=member.pk)
    return _member_page(request, user, user_id, deactivate_form=form)


@login_required
@require_POST
def team_member_two_factor_reset(request: HttpRequest, user_id: UUID) -> HttpResponse:
    user = current_user(request)
    member = team_access.member_for_change(user, user_id)
    removed = services.team_member_two_factor_reset(actor=user, member=member)
    if removed:
        messages.success(request, _("Two-step login is reset. They set it up again next login."))
    else:
        messages.info(request, _("This person had no two-step login."))
    return redirect("team_member", user_id=member.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Choose a password with the invitation link; a used or expired link says so."""
    check = services.invitation_check(token)
    if check.invitation is None:
        return _invitation_invalid(request, check.problem)
    form = SetPasswordForm(check.invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(token=token, password=form.cleaned_data["new_password1"])
        except ServiceError:
            return _invitation_invalid(request, "used")
        messages.success(request, _("Your password is set. Log in with your e-mail address."))
        return redirect("accounts:login")
    accept = {"form": form, "email": check.invitation.user.email}
    return render(request, "gezinsaanpak/team/invitation_accept.html", accept)


def _invitation_invalid(request: HttpRequest, problem: str) -> HttpResponse:
    context = {"problem": problem}
    return render(request, "gezinsaanpak/team/invitation_invalid.html", context, status=410)
