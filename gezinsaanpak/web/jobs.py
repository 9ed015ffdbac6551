"""Following a background job: its page, its download, and the jobs started from a page."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from accounts.models import current_user
from gezinsaanpak.models.job import JobFile
from gezinsaanpak.selectors.jobs import job_view
from gezinsaanpak.services.errors import DownloadGoneError
from gezinsaanpak.services.jobs import access_log_verify_start, job_file_download


@require_GET
@login_required
def job_page(request: HttpRequest, job_id: UUID) -> HttpResponse:
    job = job_view(current_user(request), job_id)
    return render(request, "gezinsaanpak/jobs/job.html", {"job": job})


@require_GET
@login_required
def job_file(request: HttpRequest, job_id: UUID) -> HttpResponse:
    try:
        return file_response(*job_file_download(actor=current_user(request), job_id=job_id))
    except DownloadGoneError as gone:
        context = {"message": gone.message, "job_id": job_id}
        return render(request, "gezinsaanpak/jobs/download_gone.html", context, status=410)


def file_response(file: JobFile, data: bytes) -> HttpResponse:
    """A job's file as a download (the API answers with the same)."""
    disposition = content_disposition_header(as_attachment=True, filename=file.name)
    return HttpResponse(
        data, content_type=file.content_type, headers={"Content-Disposition": disposition}
    )


@require_POST
@login_required
def access_log_verify(request: HttpRequest) -> HttpResponse:
    job = access_log_verify_start(actor=current_user(request))
    return redirect("job_detail", job_id=job.pk)
