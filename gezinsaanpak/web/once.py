"""``@submit_once``: a form that creates a record does it once per form token.

The form carries ``{% form_token %}`` (a random UUID, kept when the form comes back with
errors). The first POST claims the token in the same transaction as the view's write; a
repeated POST (a second tap, a resent form) creates nothing and goes where the first one
went, with a message saying it was saved once. A POST without a token (an old page, a
script) is handled as before.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.models import current_user
from gezinsaanpak.services import submissions

FIELD = "form_token"
View = Callable[..., HttpResponse]


def posted_token(request: HttpRequest) -> uuid.UUID | None:
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def submit_once(view: View) -> View:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = posted_token(request) if request.method == "POST" else None
        if token is None:
            return view(request, *args, **kwargs)
        user = current_user(request)
        try:
            with transaction.atomic():
                submissions.submission_claim(user=user, token=token)
                response = view(request, *args, **kwargs)
                _settle(token, response)
                return response
        except submissions.AlreadySubmittedError:
            return _already_saved(request, token)

    return wrapped


def _settle(token: uuid.UUID, response: HttpResponse) -> None:
    if response.status_code in (301, 302, 303):
        submissions.submission_done(token=token, redirect_to=response["Location"])
    else:  # the form came back with errors: nothing was created
        submissions.submission_release(token=token)


def _already_saved(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    target = submissions.submission_redirect(user=current_user(request), token=token)
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = ""
    messages.info(request, _("You sent this form twice. It is saved once."))
    return redirect(target or request.path)
