"""The access log in the admin: superusers may look, nobody may add, change or delete."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from gezinsaanpak.audit.events import access_log as events
from gezinsaanpak.models.audit import AccessEvent, AccessLogCheckpoint


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin[AccessEvent]):
    list_display = ["at", "actor_label", "role", "action", "object_type", "family_id", "outcome"]
    list_filter = ["action", "outcome", "actor_kind", "object_type", "at"]
    search_fields = ["=family_id", "=actor_id", "actor_label", "=request_id"]
    date_hierarchy = "at"
    ordering = ["-at", "-sequence"]
    show_full_result_count = False
    actions = None

    def get_readonly_fields(self, request: HttpRequest, obj: AccessEvent | None = None) -> Any:
        return [field.name for field in AccessEvent._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: AccessEvent | None = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AccessEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AccessEvent | None = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if self.has_view_permission(request):
            events.access_log_read_in_admin(request.user)  # type: ignore[arg-type]
        return super().changelist_view(request, extra_context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "GET" and self.has_view_permission(request):
            events.access_log_read_in_admin(request.user, line_id=object_id)  # type: ignore[arg-type]
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(AccessLogCheckpoint)
class AccessLogCheckpointAdmin(admin.ModelAdmin[AccessLogCheckpoint]):
    """Where each chain continues after its old lines were removed: ids, numbers and
    hashes, no personal data, so looking is not logged. Superusers only, read-only."""

    list_display = ["chain", "sequence", "line_at", "removed", "at", "by"]
    list_filter = ["by", "at"]
    search_fields = ["=chain"]
    ordering = ["-at", "chain"]
    actions = None

    def get_readonly_fields(
        self, request: HttpRequest, obj: AccessLogCheckpoint | None = None
    ) -> Any:
        return [field.name for field in AccessLogCheckpoint._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(
        self, request: HttpRequest, obj: AccessLogCheckpoint | None = None
    ) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AccessLogCheckpoint | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: AccessLogCheckpoint | None = None
    ) -> bool:
        return False
