"""Admin: each organisation's retention periods (empty means the installation's default)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gezinsaanpak.models import RetentionPolicy

DEFAULT = _("%(months)s (default)")


def _months(value: int | None, default: int) -> str:
    return str(value) if value else str(DEFAULT) % {"months": default}


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin[RetentionPolicy]):
    list_display = ["organisation", "after_closure", "without_programme", "after_decline"]
    list_select_related = ["organisation"]
    fields = [
        "organisation",
        "months_after_closure",
        "months_without_programme",
        "months_after_decline",
    ]

    @admin.display(description=_("closed file"))
    def after_closure(self, policy: RetentionPolicy) -> str:
        return _months(policy.months_after_closure, settings.RETENTION_CLOSED_MONTHS)

    @admin.display(description=_("without a programme"))
    def without_programme(self, policy: RetentionPolicy) -> str:
        return _months(policy.months_without_programme, settings.RETENTION_NO_PROGRAMME_MONTHS)

    @admin.display(description=_("declined referral"))
    def after_decline(self, policy: RetentionPolicy) -> str:
        return _months(policy.months_after_decline, settings.RETENTION_DECLINED_MONTHS)
