"""Session lifetime and refresh, two-factor state and enforcement, no caching of personal pages."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware

from .signals import LOGIN_AT_KEY

Handler = Callable[[HttpRequest], HttpResponse]


REFRESHED_AT_KEY = "_refreshed_at"
TWO_FACTOR_CHECKED_AT_KEY = "_two_factor_checked_at"
NO_DEVICE_CHECKED_AT_KEY = "_no_device_checked_at"


class SessionRefreshMiddleware:
    """Renews the idle timeout at most once a minute instead of writing the session on every
    request (``SESSION_SAVE_EVERY_REQUEST`` is off): a session then expires between
    ``SESSION_COOKIE_AGE`` minus ``SESSION_REFRESH_SECONDS`` and ``SESSION_COOKIE_AGE`` after
    the last request, and a page that polls every second writes once a minute, not 60 times."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(REFRESHED_AT_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_AT_KEY] = now  # marks it modified: saved with a new expiry
        return response


class CachedOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, without a device query on every request.

    A session verified with a device is trusted for ``TWO_FACTOR_RECHECK_SECONDS`` after the
    device was last loaded; then the device is loaded again, so a device that was removed
    (an administrator's reset) stops counting within that time. ``user.otp_device`` loads
    the device when something reads it.
    """

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        session = request.session
        persistent_id = session.get(DEVICE_ID_SESSION_KEY)
        checked_at = session.get(TWO_FACTOR_CHECKED_AT_KEY, 0)
        fresh = time.time() - checked_at < settings.TWO_FACTOR_RECHECK_SECONDS
        if not (user.is_authenticated and persistent_id and fresh):
            user = super()._verify_user_sync(request, user)
            if user.is_authenticated and user.otp_device is not None:
                session[TWO_FACTOR_CHECKED_AT_KEY] = int(time.time())
            return user
        self._init_user_fields(user)
        user.otp_device = SimpleLazyObject(
            functools.partial(self._device_from_persistent_id, persistent_id)
        )
        return user


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
        user = request.user
        if _has_device(request):
            return "accounts:verify"
        if getattr(user, "needs_two_factor", False):
            return "accounts:two_factor_setup"
        return None

    def _is_exempt(self, request: HttpRequest) -> bool:
        if request.path.startswith(self.exempt_prefixes):
            return True
        return request.path in {reverse(name) for name in self.exempt_names}


def _has_device(request: HttpRequest) -> bool:
    """Whether the user has a confirmed device; "no" is remembered in the session for
    ``TWO_FACTOR_RECHECK_SECONDS`` (a device enrolled elsewhere counts within that time)."""
    from django_otp import user_has_device

    session = request.session
    checked_at = session.get(NO_DEVICE_CHECKED_AT_KEY, 0)
    if time.time() - checked_at < settings.TWO_FACTOR_RECHECK_SECONDS:
        return False
    if user_has_device(request.user, confirmed=True):
        return True
    session[NO_DEVICE_CHECKED_AT_KEY] = int(time.time())
    return False


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
