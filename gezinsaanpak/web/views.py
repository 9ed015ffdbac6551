from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import current_user
from gezinsaanpak import access
from gezinsaanpak.selectors import health
from gezinsaanpak.selectors.placements import open_concern_count
from gezinsaanpak.selectors.referrals import work_waiting
from gezinsaanpak.selectors.subject_requests import requests_needing_attention


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the app can reach its database. No data, no auth."""
    health.database_answers()
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """For monitoring: 200 when the database answers and a worker took a task lately.

    Not for the load balancer (that is /healthz): a stopped worker must raise an alarm,
    not take the web service down. No data, no auth.
    """
    try:
        checks = {"database": health.database_answers()}
    except DatabaseError:
        checks = {"database": False}
    checks["worker"] = checks["database"] and health.worker_seen_recently()
    body = {name: "ok" if ok else "failing" for name, ok in checks.items()}
    return JsonResponse(body, status=200 if all(checks.values()) else 503)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: open concerns, referrals waiting and (for the privacy officer)
    data-subject requests overdue or due this week, at a glance.

    A partner's own login has a start page of its own (``/partner/``).
    """
    user = current_user(request)
    if access.can(user, access.Capability.REFER_TO_LIBRARY):
        return redirect("partner_home")
    context = {
        "requests_due": requests_needing_attention(user),
        "open_concerns": open_concern_count(user),
        "waiting": work_waiting(user),
    }
    return render(request, "gezinsaanpak/home.html", context)
