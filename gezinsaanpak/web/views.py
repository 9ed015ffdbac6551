from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the app can reach its database. No data, no auth."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page; a coordinator sees at once how many concerns are open."""
    from accounts.models import current_user
    from gezinsaanpak.selectors.placements import open_concern_count

    context = {"open_concerns": open_concern_count(current_user(request))}
    return render(request, "gezinsaanpak/home.html", context)
