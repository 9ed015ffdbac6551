"""A coordinator chooses the case owner: of one file (its page), or of many at once (the
family list and the caseload page, with checkboxes; no JavaScript needed).

POSTs only: the target is fetched unlogged for the write and one service checks, writes,
moves the grants and logs, in one transaction.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import User, current_user
from gezinsaanpak import access
from gezinsaanpak.selectors import team
from gezinsaanpak.services import family_access as services
from gezinsaanpak.services.errors import ServiceError

from . import forms


def _may_assign(user: User) -> bool:
    return access.can(user, access.Capability.ASSIGN_CASE_OWNER)


def owner_form(user: User, owner_id: object = None) -> forms.CaseOwnerForm | None:
    """The file page's form, for those who may choose the owner (else nothing)."""
    if not _may_assign(user):
        return None
    owners = team.team_members_for(user, may_own_cases=True)
    return forms.CaseOwnerForm(owners=owners, initial={"owner": owner_id})


def bulk_form(user: User, back: str) -> forms.BulkCaseOwnerForm | None:
    """The lists' form (checkboxes + owner), for those who may choose the owner."""
    if not _may_assign(user):
        return None
    owners = team.team_members_for(user, may_own_cases=True)
    return forms.BulkCaseOwnerForm(owners=owners, initial={"back": back})


def _error_messages(request: HttpRequest, form: forms.CaseOwnerForm) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@login_required
@require_POST
def family_owner(request: HttpRequest, family_id: UUID) -> HttpResponse:
    user = current_user(request)
    family = access.family_for_change(user, family_id)  # a write: no read is logged
    if not _may_assign(user):
        raise Http404
    owners = team.team_members_for(user, may_own_cases=True)
    form = forms.CaseOwnerForm(request.POST, owners=owners)
    if not form.is_valid():
        _error_messages(request, form)
        return redirect("family_detail", family_id=family.pk)
    try:
        services.family_assign_owner(actor=user, family=family, owner=form.cleaned_data["owner"])
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The case owner is changed."))
    return redirect("family_detail", family_id=family.pk)


def _back(request: HttpRequest, form: forms.BulkCaseOwnerForm) -> str:
    """Back to the list the form came from (its filters and page), never elsewhere."""
    back = form.data.get("back", "")
    if isinstance(back, str) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return reverse("family_list")


@login_required
@require_POST
def families_owner(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not _may_assign(user):
        raise Http404
    owners = team.team_members_for(user, may_own_cases=True)
    form = forms.BulkCaseOwnerForm(request.POST, owners=owners)
    if not form.is_valid():
        _error_messages(request, form)
        return redirect(_back(request, form))
    try:
        done = services.families_assign_owner(
            actor=user, family_ids=form.cleaned_data["families"], owner=form.cleaned_data["owner"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        count = len(done)
        text = ngettext(
            "%(count)d file now has %(name)s as case owner.",
            "%(count)d files now have %(name)s as case owner.",
            count,
        )
        messages.success(request, text % {"count": count, "name": form.cleaned_data["owner"].name})
    return redirect(_back(request, form))
