"""Pages of the family case file. Thin: parse, call a selector or service, render.

Templates get read models (``Record``) from the selectors, never model instances; the
edit forms are the one place an instance is used, fetched unlogged for a POST and, for
the GET that shows it, read through ``family_for_edit`` which logs what the form shows.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User, current_user
from gezinsaanpak import access
from gezinsaanpak.models import Caregiver, Child, Family
from gezinsaanpak.selectors import families as selectors
from gezinsaanpak.selectors import team, viewers
from gezinsaanpak.selectors.duplicates import find_possible_duplicates
from gezinsaanpak.selectors.keyset import page_cursor
from gezinsaanpak.services import families as services
from gezinsaanpak.services.errors import ServiceError

from . import case_owner, forms
from .confirm import confirmation_page, is_confirmed
from .once import submit_once


@login_required
@require_http_methods(["GET", "POST"])
def family_list(request: HttpRequest) -> HttpResponse:
    """The families the user may see; search terms come by POST, never in the URL."""
    user = current_user(request)
    if not access.may(user, access.Capability.VIEW_FAMILY):
        raise Http404  # what to show: a role without families has no list at all
    search = forms.SearchForm(request.POST or None)
    context: dict[str, Any] = {"search": search}
    if request.method == "POST":
        if search.is_valid():
            found = selectors.family_search(user, table=True, **search.cleaned_data)
            context["results"] = found.records
        return render(request, "gezinsaanpak/family_list.html", context)
    filters = _filter_form(request, user)
    filters.is_valid()  # a bad value: its Dutch error, and the list without that filter
    context["filters"] = filters
    context["page"] = _family_page(request, user, filters.family_filters())
    context["owner_form"] = case_owner.bulk_form(user, back=request.get_full_path())
    return render(request, "gezinsaanpak/family_list.html", context)


def _filter_form(request: HttpRequest, user: User) -> forms.ListFilterForm:
    browses = access.can(user, access.Capability.BROWSE_FAMILIES) and user.organisation
    return forms.ListFilterForm(
        request.GET or None,
        municipalities=user.organisation.municipalities.all() if browses else None,  # type: ignore[union-attr]
        owners=team.case_owner_filter_choices(user)
        if access.can(user, access.Capability.LIST_TEAM)
        else None,
    )


def _family_page(
    request: HttpRequest, user: User, filters: selectors.FamilyFilters
) -> selectors.FamilyPage:
    number = request.GET.get("page", 1)
    try:
        return selectors.family_page(user, filters=filters, page=number, table=True)
    except selectors.NameSortTooLargeError:
        message = _(
            "Sorting by family name works for at most %(max)d files. "
            "Choose a municipality, status or case owner first."
        )
        messages.warning(request, message % {"max": selectors.NAME_SORT_MAX})
        newest = dataclasses.replace(filters, order=selectors.ORDERS[0])
        return selectors.family_page(user, filters=newest, page=number, table=True)


def _duplicate_warning(request: HttpRequest, form: Any, caregivers: Any, children: Any) -> Any:
    data = form.cleaned_data
    return find_possible_duplicates(
        user=current_user(request),
        postcode=data.get("postcode", ""),
        house_number=data.get("house_number", ""),
        family_names=[
            f.cleaned_data.get("family_name", "") for f in caregivers.forms if f.cleaned_data
        ],
        birth_dates=[
            f.cleaned_data["date_of_birth"]
            for f in children.forms
            if f.cleaned_data.get("date_of_birth")
        ],
    )


def _member_data(formset: Any) -> list[dict[str, Any]]:
    return [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


@login_required
@require_http_methods(["GET", "POST"])
@submit_once
def family_create(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    # Whether to show the form at all; the service checks the write itself.
    if not access.may(user, access.Capability.CREATE_FAMILY) or user.organisation is None:
        raise Http404
    organisation = user.organisation
    data = request.POST or None
    form = forms.FamilyForm(data, organisation=organisation)
    caregivers = forms.CaregiverFormSet(data, queryset=Caregiver.objects.none(), prefix="cg")
    children = forms.ChildFormSet(data, queryset=Child.objects.none(), prefix="ch")
    confirm = forms.DuplicateConfirmForm(data)
    duplicates: list[Any] = []
    if request.method == "POST" and all(
        [form.is_valid(), caregivers.is_valid(), children.is_valid(), confirm.is_valid()]
    ):
        duplicates = _duplicate_warning(request, form, caregivers, children)
        if not duplicates or confirm.cleaned_data["confirm_not_duplicate"]:
            family = services.family_create(
                actor=user,
                data=form.cleaned_data,
                caregivers=_member_data(caregivers),
                children=_member_data(children),
            )
            messages.success(request, _("The family is registered."))
            return redirect("family_detail", family_id=family.pk)
    context = {
        "form": form,
        "caregivers": caregivers,
        "children": children,
        "confirm": confirm,
        "duplicates": duplicates,
    }
    return render(request, "gezinsaanpak/family_form.html", context)


@login_required
def family_detail(request: HttpRequest, family_id: UUID) -> HttpResponse:
    user = current_user(request)
    file = selectors.family_file_get(user, family_id)
    context = {
        "family": file.family,
        "may_change": file.may_change,
        "timeline": file.timeline,
        "viewers": file.viewers,
        "referrals": file.referrals,
        "owner_form": (
            case_owner.owner_form(user, getattr(file.family.get("case_owner"), "pk", None))
            if file.may_assign_owner
            else None
        ),
        "status_form": (
            forms.StatusForm(initial={"status": file.family["status"]}) if file.may_change else None
        ),
    }
    return render(request, "gezinsaanpak/family_detail.html", context)


@login_required
@require_GET
def family_viewers(request: HttpRequest, family_id: UUID) -> HttpResponse:
    """Every line of the access log about the file, a page at a time (case workers)."""
    token = page_cursor(request.GET.get("cursor"))
    family, page = viewers.family_viewers_page(current_user(request), family_id, token)
    context = {"family_id": family.pk, "page": page, "query": ""}
    return render(request, "gezinsaanpak/family_viewers.html", context)


def _edit_forms(
    family: Family, data: Any, fields: access.fields.FamilyFields | None
) -> dict[str, Any]:
    """The edit page's forms; a copy of the family, so the service compares old and new."""
    caregiver = {"allowed": fields.caregiver} if fields else {}
    child = {"allowed": fields.child} if fields else {}
    return {
        "form": forms.FamilyForm(
            data, instance=copy.copy(family), organisation=family.organisation
        ),
        "caregivers": forms.CaregiverFormSet(
            data, queryset=family.caregivers.all(), prefix="cg", form_kwargs=caregiver
        ),
        "children": forms.ChildFormSet(
            data, queryset=family.children.all(), prefix="ch", form_kwargs=child
        ),
        "family": family,
    }


@login_required
@require_http_methods(["GET", "POST"])
def family_edit(request: HttpRequest, family_id: UUID) -> HttpResponse:
    user = current_user(request)
    if request.method == "GET":
        family, fields = selectors.family_for_edit(user, family_id)
        context = _edit_forms(family, None, fields)
        return render(request, "gezinsaanpak/family_form.html", context)
    family = access.family_for_change(user, family_id)  # a write: no read is logged
    context = _edit_forms(family, request.POST, access.family_fields(user, family))
    if all(context[name].is_valid() for name in ("form", "caregivers", "children")):
        try:
            services.family_edit(
                actor=user,
                family=family,
                data=context["form"].cleaned_data,
                members=_member_changes(context),
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("family_detail", family_id=family.pk)
    return render(request, "gezinsaanpak/family_form.html", context)


def _member_changes(context: dict[str, Any]) -> list[tuple[str, UUID | None, Any]]:
    """(kind, id or None for a new one, data or None to delete) per filled-in member form."""
    changes = []
    for kind, formset in (("caregiver", context["caregivers"]), ("child", context["children"])):
        for member_form in formset.forms:
            cleaned = member_form.cleaned_data
            if not cleaned:
                continue
            member_id = None if member_form.instance._state.adding else member_form.instance.pk
            changes.append((kind, member_id, None if cleaned.get("DELETE") else cleaned))
    return changes


@login_required
@require_POST
def family_status(request: HttpRequest, family_id: UUID) -> HttpResponse:
    user = current_user(request)
    family = access.family_for_change(user, family_id)  # a write: no read is logged
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("family_detail", family_id=family.pk)
    if form.cleaned_data["status"] == Family.Status.CLOSED and not is_confirmed(request):
        return confirmation_page(
            request,
            title=_("Close the file?"),
            text=_(
                "A closed file is no longer among the open files. "
                "Close it only when the work with the family is done."
            ),
            button=_("Yes, close the file"),
            cancel_url=reverse("family_detail", kwargs={"family_id": family.pk}),
        )
    try:
        services.family_set_status(
            actor=user,
            family=family,
            status=form.cleaned_data["status"],
            close_reason=form.cleaned_data.get("close_reason", ""),
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The status is changed."))
    return redirect("family_detail", family_id=family.pk)
