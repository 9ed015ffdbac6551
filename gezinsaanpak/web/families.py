"""Pages of the family case file. Thin: parse, call a selector or service, render."""

from __future__ import annotations

import copy
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import current_user
from gezinsaanpak import access
from gezinsaanpak.models import Caregiver, Child
from gezinsaanpak.selectors import families as selectors
from gezinsaanpak.selectors import referrals as referral_selectors
from gezinsaanpak.selectors.duplicates import find_possible_duplicates
from gezinsaanpak.selectors.timeline import family_timeline
from gezinsaanpak.services import families as services
from gezinsaanpak.services.errors import ServiceError
from gezinsaanpak.services.referrals import REFERRERS

from . import forms


@login_required
@require_http_methods(["GET", "POST"])
def family_list(request: HttpRequest) -> HttpResponse:
    """The families the user may see; search terms come by POST, never in the URL."""
    user = current_user(request)
    if access.field_set(user) == access.NOTHING:
        raise Http404
    search = forms.SearchForm(request.POST or None)
    context: dict[str, Any] = {"search": search, "fs": access.field_set(user)}
    if request.method == "POST":
        if search.is_valid():
            context["results"] = selectors.family_search(
                user, kind=search.cleaned_data["kind"], term=search.cleaned_data["term"]
            )
        return render(request, "gezinsaanpak/family_list.html", context)
    filters = forms.ListFilterForm(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else None
    context["filters"] = filters
    context["page"] = selectors.family_page(
        user,
        filters=selectors.FamilyFilters(status=status or None),
        page=request.GET.get("page", 1),
    )
    context["may_create"] = services.may_create_family(user)
    return render(request, "gezinsaanpak/family_list.html", context)


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
def family_create(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not services.may_create_family(user):
        raise Http404
    organisation = user.organisation
    assert organisation is not None  # noqa: S101 - may_create_family checked it
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
    family = selectors.family_get(user, family_id)
    fs = access.field_set(user)
    may_change = access.may_change(user, family)
    context = {
        "family": family,
        "fs": fs,
        "may_change": may_change,
        "timeline": family_timeline(family) if fs == access.FULL else [],
        "viewers": selectors.family_viewers(user, family) if fs == access.FULL else [],
        "referrals": referral_selectors.family_referrals(user, family),
        "may_refer": user.role in REFERRERS,
        "status_form": forms.StatusForm(initial={"status": family.status}) if may_change else None,
    }
    return render(request, "gezinsaanpak/family_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def family_edit(request: HttpRequest, family_id: UUID) -> HttpResponse:
    user = current_user(request)
    family = selectors.family_get(user, family_id)
    if not access.may_change(user, family) or user.organisation is None:
        raise Http404
    data = request.POST or None
    # The form works on a copy: the service compares the stored values with the new ones.
    form = forms.FamilyForm(data, instance=copy.copy(family), organisation=user.organisation)
    caregivers = forms.CaregiverFormSet(data, queryset=family.caregivers.all(), prefix="cg")
    children = forms.ChildFormSet(data, queryset=family.children.all(), prefix="ch")
    if (
        request.method == "POST"
        and form.is_valid()
        and caregivers.is_valid()
        and children.is_valid()
    ):
        try:
            _save_edit(user, family, form, caregivers, children)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("family_detail", family_id=family.pk)
    context = {"form": form, "caregivers": caregivers, "children": children, "family": family}
    return render(request, "gezinsaanpak/family_form.html", context)


@transaction.atomic
def _save_edit(user: Any, family: Any, form: Any, caregivers: Any, children: Any) -> None:
    services.family_update(actor=user, family=family, data=form.cleaned_data)
    for kind, formset in (("caregiver", caregivers), ("child", children)):
        for member_form in formset.forms:
            cleaned = member_form.cleaned_data
            member_id = (
                member_form.instance.pk if member_form.instance._state.adding is False else None
            )
            if not cleaned:
                continue
            if cleaned.get("DELETE"):
                if member_id is not None:
                    services.member_delete(
                        actor=user, family=family, kind=kind, member_id=member_id
                    )
            elif kind == "caregiver":
                services.caregiver_save(
                    actor=user, family=family, data=cleaned, caregiver_id=member_id
                )
            else:
                services.child_save(actor=user, family=family, data=cleaned, child_id=member_id)


@login_required
@require_POST
def family_status(request: HttpRequest, family_id: UUID) -> HttpResponse:
    user = current_user(request)
    family = selectors.family_get(user, family_id)
    if not access.may_change(user, family):
        raise Http404
    form = forms.StatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("family_detail", family_id=family.pk)
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
