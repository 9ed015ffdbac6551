"""The coordinator's spreadsheet import: templates, upload and preview, confirmation."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import current_user
from gezinsaanpak import access
from gezinsaanpak.access import Capability
from gezinsaanpak.models.imports import ImportKind
from gezinsaanpak.services.import_files import MAX_BYTES, MAX_ROWS, ImportFileError
from gezinsaanpak.services.import_run import KINDS, import_confirm, import_preview
from gezinsaanpak.services.import_templates import template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you import?"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> object:
        file = self.cleaned_data["file"]
        if file.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB. Split it into smaller files."),
                params={"mb": MAX_BYTES // (1024 * 1024)},
            )
        return file


def _require_import(request: HttpRequest) -> None:
    if not access.may(current_user(request), Capability.IMPORT_RECORDS):
        raise Http404


def _kinds() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in ImportKind.choices if value in KINDS]


@require_http_methods(["GET", "POST"])
@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a file; the answer is its preview (nothing is created yet)."""
    _require_import(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    form.fields["kind"].choices = _kinds()  # type: ignore[attr-defined]
    context: dict[str, object] = {
        "form": form,
        "kinds": _kinds(),
        "max_mb": MAX_BYTES // (1024 * 1024),
        "max_rows": f"{MAX_ROWS:,}".replace(",", "."),
    }
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            checked = import_preview(
                actor=current_user(request),
                kind=form.cleaned_data["kind"],
                name=upload.name or "",
                data=upload.read(),
            )
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            context.update(preview=checked.preview, upload=checked.upload)
            return render(request, "gezinsaanpak/imports/preview.html", context)
    return render(request, "gezinsaanpak/imports/upload.html", context)


@require_POST
@login_required
def import_confirm_view(request: HttpRequest, upload_id: UUID) -> HttpResponse:
    job = import_confirm(actor=current_user(request), upload_id=upload_id)
    return redirect("job_detail", job_id=job.pk)


@require_GET
@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    _require_import(request)
    if kind not in KINDS:
        raise Http404
    disposition = content_disposition_header(as_attachment=True, filename=f"{kind}.xlsx")
    return HttpResponse(
        template_xlsx(kind), content_type=XLSX, headers={"Content-Disposition": disposition}
    )
