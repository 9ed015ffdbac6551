"""``/privacy/families/search/``: the privacy officer finds a family's file for a request.

The term comes by POST, never in the URL. The results show what identifies the file
(id, municipality, status, dates, how many caregivers and children), never its contents.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts.models import User, current_user
from gezinsaanpak import limits
from gezinsaanpak.access.privacy_search import require_request_handler
from gezinsaanpak.models import DataSubjectRequest
from gezinsaanpak.selectors.privacy_search import privacy_family_search
from gezinsaanpak.selectors.subject_requests import subject_request_get
from gezinsaanpak.validation import clean_postcode

DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y")


class PrivacySearchForm(forms.Form):
    KINDS = [
        ("family_name", _("Family name")),
        ("postcode", _("Postcode")),
        ("phone", _("Phone number")),
        ("child_birth_date", _("Date of birth of a child")),
    ]
    kind = forms.ChoiceField(label=_("Search by"), choices=KINDS, initial="family_name")
    term = forms.CharField(
        label=_("Search term"),
        max_length=100,
        help_text=_("Type it exactly. A date of birth as day-month-year, such as 25-03-2021."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, term = data.get("kind"), data.get("term")
        if not term:
            return data
        if kind == "postcode":
            try:
                data["term"] = clean_postcode(term)
            except ValidationError as error:
                self.add_error("term", error)
        elif kind == "child_birth_date":
            day = _parse_date(term.strip())
            if day is None:
                self.add_error("term", _("Enter a date of birth such as 25-03-2021."))
            else:
                data["term"] = day
        return data


def _parse_date(text: str) -> datetime.date | None:
    for pattern in DATE_FORMATS:
        try:
            day = datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if limits.DATE_MIN <= day <= timezone.localdate():
            return day
    return None


def _for_request(request: HttpRequest, user: User) -> DataSubjectRequest | None:
    """The open request the search was started from (``?request=<id>``): its results can be
    linked to it. Another organisation's request, or a malformed id, is not found."""
    request_id = request.GET.get("request")
    if not request_id:
        return None
    subject_request = subject_request_get(user, request_id, log_read=False)
    return subject_request if subject_request.is_open else None


@login_required
@require_http_methods(["GET", "POST"])
def privacy_search_page(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require_request_handler(user)
    form = PrivacySearchForm(request.POST or None)
    context: dict[str, Any] = {
        "form": form,
        "rows": None,
        "subject_request": _for_request(request, user),
    }
    if request.method == "POST" and form.is_valid():
        context["rows"] = privacy_family_search(user, **form.cleaned_data)
    return render(request, "gezinsaanpak/privacy_search.html", context)
