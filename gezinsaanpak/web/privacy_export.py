"""``/privacy/families/<id>/export/``: the privacy officer starts a family's data export.

Choose the family's open request for access or portability (or another purpose, with a
reason); the export runs as a job, and its page offers the one-time download. The page shows
nothing of the file's contents.
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts.models import current_user
from gezinsaanpak import dates, limits
from gezinsaanpak.selectors.privacy_export_page import ExportRequestRow, family_export_page
from gezinsaanpak.services.errors import ServiceError
from gezinsaanpak.services.privacy_export import family_export_start

OTHER = "other"


class FamilyExportForm(forms.Form):
    purpose = forms.ChoiceField(label=_("What is the export for?"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=limits.EXPORT_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only for another purpose: why the export is needed and for whom. "
            "Not possible while processing of the file is restricted."
        ),
    )

    def __init__(self, *args: Any, requests: list[ExportRequestRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(row.id), _request_label(row)) for row in requests]
        self.request_ids = {value for value, _label in choices}
        self.purpose_field.choices = [*choices, (OTHER, _("Another purpose"))]
        if not self.is_bound:
            self.purpose_field.initial = choices[0][0] if choices else OTHER

    @property
    def purpose_field(self) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields["purpose"])

    def preselect(self, request_id: str | None) -> None:
        """Choose ``request_id`` beforehand (a link from the request's page), if it is offered."""
        if not self.is_bound and request_id in self.request_ids:
            self.purpose_field.initial = request_id

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("purpose") == OTHER and not str(data.get("reason", "")).strip():
            self.add_error("reason", _("Give the reason for this export."))
        return data

    def request_id(self) -> UUID | None:
        purpose = self.cleaned_data["purpose"]
        return None if purpose == OTHER else UUID(purpose)

    def reason_text(self) -> str:
        return str(self.cleaned_data.get("reason") or "") if self.request_id() is None else ""


def _request_label(row: ExportRequestRow) -> str:
    return str(
        _("%(kind)s, received on %(received)s, answer before %(due)s")
        % {
            "kind": row.kind_label,
            "received": dates.format_day(row.received_on, short=True),
            "due": dates.format_day(row.due_on, short=True),
        }
    )


@login_required
@require_http_methods(["GET", "POST"])
def family_export_view(request: HttpRequest, family_id: UUID) -> HttpResponse:
    user = current_user(request)
    page = family_export_page(user, family_id, log_read=request.method == "GET")
    form = FamilyExportForm(request.POST or None, requests=page.requests)
    form.preselect(request.GET.get("request"))
    if request.method == "POST" and form.is_valid():
        try:
            export = family_export_start(
                actor=user,
                family_id=family_id,
                request_id=form.request_id(),
                reason=form.reason_text(),
            )
        except ServiceError as error:  # the restriction's refusal included
            form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            return redirect("job_detail", job_id=export.job_id)
    context = {"page": page, "form": form, "days": _export_days()}
    return render(request, "gezinsaanpak/privacy/family_export.html", context)


def _export_days() -> int:
    return int(settings.PRIVACY_EXPORT_DAYS)
