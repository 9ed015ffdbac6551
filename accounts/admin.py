from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from gezinsaanpak.services.team import team_member_two_factor_reset

from .forms import AdminUserChangeForm, AdminUserCreationForm
from .models import Municipality, Organisation, PartnerClient, User, current_user
from .partner_clients import partner_client_create, partner_client_revoke


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "partner_type"]
    list_filter = ["kind", "partner_type"]
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]
    fieldsets = (
        (None, {"fields": ("name", "kind", "partner_type", "municipalities", "intake_email")}),
        (
            _("Processing register"),
            {"fields": ("controller_name", "controller_contact", "dpo_name", "dpo_email")},
        ),
    )


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation", "is_active", "is_staff"]
    search_fields = ["email", "name"]
    list_select_related = ["organisation"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("name", "organisation", "role")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "name", "organisation", "role", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ["last_login", "date_joined"]
    actions = ["reset_two_factor"]

    @admin.action(description=_("Reset two-step login (lost phone)"))
    def reset_two_factor(self, request: HttpRequest, queryset: Any) -> None:
        """The same service as on /team/: devices removed, one access-log line per user."""
        actor = current_user(request)
        done = 0
        for member in queryset:
            try:
                team_member_two_factor_reset(actor=actor, member=member)
            except Http404:
                continue
            done += 1
        self.message_user(request, _("Two-step login reset for %(count)s users.") % {"count": done})


@admin.register(PartnerClient)
class PartnerClientAdmin(admin.ModelAdmin[PartnerClient]):
    """Create a partner's API client; its secret is shown once, right after creating it."""

    list_display = ["client_id", "organisation", "library", "created_at", "revoked_at"]
    list_filter = ["library", "revoked_at"]
    list_select_related = ["application", "organisation", "library"]
    fields = ["organisation", "library", "contact_email", "created_at", "revoked_at"]
    readonly_fields = ["created_at", "revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: PartnerClient | None = None) -> Any:
        if obj is not None:
            return ["organisation", "library", "created_at", "revoked_at"]
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: PartnerClient, form: Any, change: bool) -> None:
        if change:
            # Only the contact address can change; the rest is read-only here.
            obj.full_clean()
            obj.save(update_fields=["contact_email"])
            return
        client, secret = partner_client_create(
            organisation=obj.organisation, library=obj.library, contact_email=obj.contact_email
        )
        obj.pk = client.pk
        obj.application = client.application
        obj._state.adding = False
        request._partner_client_secret = secret  # type: ignore[attr-defined]

    def response_add(self, request: HttpRequest, obj: PartnerClient, *args: Any) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "client": obj,
            "secret": getattr(request, "_partner_client_secret", ""),
            "title": _("The client's secret"),
            "opts": self.model._meta,
        }
        response = render(request, "admin/accounts/partnerclient/secret.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke: stop these clients at once"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for client in queryset:
            partner_client_revoke(client=client)
        self.message_user(request, _("The clients are revoked; their tokens no longer work."))
