"""Confirmation before an action that cannot be undone or that takes access away.

The form that asks for the action carries ``data-confirm``: with JavaScript a ``<dialog>``
asks and adds ``confirmed=yes``; without it the POST arrives unconfirmed, and the view
answers with a confirmation page that sends the same fields again, confirmed. A POST
without ``confirmed=yes`` never changes anything.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_stubs_ext import StrOrPromise

SKIP = frozenset({"csrfmiddlewaretoken", "confirmed"})


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get("confirmed") == "yes"


def confirmation_page(
    request: HttpRequest,
    *,
    title: StrOrPromise,
    text: StrOrPromise,
    button: StrOrPromise,
    cancel_url: str,
) -> HttpResponse:
    """The page that asks; it shows nothing of the family, so nothing is read or logged."""
    fields = [
        (name, value)
        for name in request.POST
        if name not in SKIP
        for value in request.POST.getlist(name)
    ]
    context = {
        "title": title,
        "text": text,
        "button": button,
        "cancel_url": cancel_url,
        "fields": fields,
    }
    return render(request, "confirm.html", context)
