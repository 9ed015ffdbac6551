from __future__ import annotations

import time
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gezinsaanpak.audit.events import team as team_events

from . import two_factor
from .forms import LoginForm, TokenForm, VerifyForm
from .middleware import REFRESHED_AT_KEY
from .models import current_user


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in, for users with an authenticator app."""
    user = current_user(request)
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(request, user, form.cleaned_data["token"]):
            return redirect(_safe_next(request))
        form.add_error("token", _("This code is not right or was used already. Try a new code."))
    return render(request, "accounts/verify.html", {"form": form, "next": _safe_next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    device = two_factor.pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm(request, device, form.cleaned_data["token"]):
            messages.success(request, _("Two-step login is on. Next time we ask for a code."))
            return redirect("accounts:profile")
        form.add_error("token", _("This code is not right. Check the time on your phone."))
    context: dict[str, Any] = {
        "form": form,
        "qr_svg": two_factor.qr_svg(device),
        "secret": two_factor.secret_text(device),
        "required": user.needs_two_factor,
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """*Blijf ingelogd*: the idle timeout starts again. 204, so a form post keeps the page
    (and what was typed on it) as it is; no data, nothing logged."""
    request.session[REFRESHED_AT_KEY] = int(time.time())
    return HttpResponse(status=204)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    context = {
        "two_factor_on": two_factor.confirmed_device(user) is not None,
        "recovery_codes_left": two_factor.recovery_codes_left(user),
    }
    return render(request, "accounts/profile.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Everyone changes their own password on *Mijn account*; other sessions stay valid."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            team_events.password_changed(form.user)
        messages.success(self.request, _("Your password is changed."))
        return response


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Make new recovery codes (replacing the old ones) and show them this once."""
    user = current_user(request)
    two_factor_on = two_factor.confirmed_device(user) is not None
    codes: list[str] = []
    if request.method == "POST" and two_factor_on:
        codes = [two_factor.format_code(c) for c in two_factor.recovery_codes_generate(user)]
    context = {
        "two_factor_on": two_factor_on,
        "codes": codes,
        "left": two_factor.recovery_codes_left(user),
    }
    return render(request, "accounts/recovery_codes.html", context)
