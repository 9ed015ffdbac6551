"""Admin: partner clients' webhooks, and their delivery attempts (read only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from gezinsaanpak.models import WebhookDelivery, WebhookEndpoint
from gezinsaanpak.services import webhooks

SHOWN_ONCE_TEMPLATE = "admin/gezinsaanpak/webhookendpoint/secret.html"


def _admin(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin[WebhookEndpoint]):
    """Register a client's address; the secret is shown once, on the page after saving."""

    list_display = ["client", "url", "created_at", "updated_at"]
    list_select_related = ["client__application", "client__organisation"]
    fields = ["client", "url", "created_at", "updated_at"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["new_secret"]

    def get_readonly_fields(self, request: HttpRequest, obj: WebhookEndpoint | None = None) -> Any:
        return [*self.readonly_fields, "client"] if obj is not None else self.readonly_fields

    def save_model(
        self, request: HttpRequest, obj: WebhookEndpoint, form: Any, change: bool
    ) -> None:
        endpoint, secret = webhooks.webhook_set(client=obj.client, url=obj.url, by=_admin(request))
        obj.pk, obj.secret, obj._state.adding = endpoint.pk, endpoint.secret, False
        request._webhook_secret = secret  # type: ignore[attr-defined]

    def response_add(self, request: HttpRequest, obj: WebhookEndpoint, *args: Any) -> HttpResponse:
        return self._secret_page(request, obj, getattr(request, "_webhook_secret", ""))

    def delete_model(self, request: HttpRequest, obj: WebhookEndpoint) -> None:
        webhooks.webhook_delete(client=obj.client, by=_admin(request))

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for endpoint in queryset.select_related("client__organisation"):
            webhooks.webhook_delete(client=endpoint.client, by=_admin(request))

    @admin.action(description=_("Make a new signing secret (choose one webhook)"))
    def new_secret(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one webhook."), messages.WARNING)
            return None
        endpoint = queryset.select_related("client__organisation").get()
        endpoint, secret = webhooks.webhook_set(
            client=endpoint.client, url=endpoint.url, new_secret_wanted=True, by=_admin(request)
        )
        return self._secret_page(request, endpoint, secret or "")

    def _secret_page(
        self, request: HttpRequest, endpoint: WebhookEndpoint, secret: str
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "endpoint": endpoint,
            "secret": secret,
            "title": _("The webhook's signing secret"),
            "opts": self.model._meta,
        }
        response = render(request, SHOWN_ONCE_TEMPLATE, context)
        response["Cache-Control"] = "no-store"
        return response


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    """Every attempt's outcome, to look at, never to change (the body holds no personal data)."""

    list_display = [
        "event",
        "endpoint",
        "state",
        "attempts",
        "last_status_code",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
    ]
    list_filter = ["event", "delivered_at", "failed_at"]
    list_select_related = ["endpoint__client__application", "endpoint__client__organisation"]
    fields = readonly_fields = (
        "endpoint",
        "event",
        "payload",
        "created_at",
        "attempts",
        "last_attempt_at",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        "failed_at",
    )

    @admin.display(description=_("state"))
    def state(self, obj: WebhookDelivery) -> str:
        return obj.state

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
