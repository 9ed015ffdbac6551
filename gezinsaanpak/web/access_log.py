"""The privacy officer's page of the access log: filter, page through, nothing to change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from gezinsaanpak.selectors.access_log import access_events_for_user
from gezinsaanpak.selectors.keyset import keyset_page, page_cursor
from gezinsaanpak.validation import sane_date_validators


class AccessLogFilterForm(forms.Form):
    """Filters by GET: ids, a staff address and dates are not personal data of families."""

    family = forms.UUIDField(label=_("Family id"), required=False)
    actor = forms.CharField(
        label=_("Who (e-mail address or API client)"), required=False, max_length=254
    )
    since = forms.DateField(
        label=_("From date"),
        required=False,
        validators=sane_date_validators(),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=_("To date"),
        required=False,
        validators=sane_date_validators(),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return cleaned


@require_GET
@login_required
def access_log_page(request: HttpRequest) -> HttpResponse:
    form = AccessLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    lines = access_events_for_user(
        request.user,  # type: ignore[arg-type]
        family_id=filters.get("family"),
        actor=filters.get("actor") or None,
        since=filters.get("since"),
        until=filters.get("until"),
    )
    if form.is_bound and not form.is_valid():
        lines = lines.none()  # Show the errors, not an unfiltered log.
    page = keyset_page(lines, page_cursor(request.GET.get("cursor")))
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "gezinsaanpak/access_log.html", context)
