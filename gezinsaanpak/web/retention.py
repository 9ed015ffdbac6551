"""``/privacy/retention/``: the privacy officer sees the coming month's retention.

Counts per rule and per month, and the files as numbers and dates; never their contents.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import current_user
from gezinsaanpak.selectors.retention_page import retention_forecast


@require_GET
@login_required
def retention_page(request: HttpRequest) -> HttpResponse:
    forecast = retention_forecast(current_user(request), page=request.GET.get("page"))
    return render(request, "gezinsaanpak/privacy/retention.html", {"forecast": forecast})
