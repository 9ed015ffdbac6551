"""Session lifetime, two-factor enforcement and no caching of personal pages."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .signals import LOGIN_AT_KEY

Handler = Callable[[HttpRequest], HttpResponse]


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after login, however active it was (idle expiry is Django's)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            login_at = request.session.get(LOGIN_AT_KEY)
            if login_at is None:
                request.session[LOGIN_AT_KEY] = int(time.time())
            elif time.time() - login_at > settings.SESSION_ABSOLUTE_LIFETIME:
                logout(request)
        return self.get_response(request)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class TwoFactorMiddleware:
    """Sends a logged-in user who still owes a second factor to verify or to enrol.

    A user with a confirmed device must always verify; users whose role requires two-factor
    authentication (production) must first enrol. Until then only the pages to do so,
    logging out and the language switch are reachable; the API answers 403.
    """

    exempt_names = ("accounts:verify", "accounts:two_factor_setup", "accounts:logout")
    exempt_prefixes = ("/static/", "/i18n/", "/healthz")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
            return self.get_response(request)
        target = self._pending_step(request)
        if target is None or self._is_exempt(request):
            return self.get_response(request)
        if _is_api(request):
            return JsonResponse(
                {
                    "type": "client_error",
                    "errors": [
                        {
                            "code": "two_factor_required",
                            "detail": _("Finish two-factor authentication first."),
                            "attr": None,
                        }
                    ],
                },
                status=403,
            )
        return HttpResponseRedirect(reverse(target))

    @staticmethod
    def _pending_step(request: HttpRequest) -> str | None:
        from django_otp import user_has_device

        user = request.user
        if user_has_device(user, confirmed=True):
            return "accounts:verify"
        if getattr(user, "needs_two_factor", False):
            return "accounts:two_factor_setup"
        return None

    def _is_exempt(self, request: HttpRequest) -> bool:
        if request.path.startswith(self.exempt_prefixes):
            return True
        return request.path in {reverse(name) for name in self.exempt_names}


class NoStoreForAuthenticatedMiddleware:
    """Pages and API answers for a logged-in user are never kept by a browser or proxy."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
