"""Helpers for the data-export tests: requests, starting an export, opening its ZIP."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from django.test import Client

from gezinsaanpak.models import DataSubjectRequest, Job
from tests.conftest import client_for
from tests.jobs import run_queued_jobs


def subject_request(officer, family, *, kind: str = "access", **extra: Any) -> DataSubjectRequest:  # type: ignore[no-untyped-def]
    """A data-subject request of ``family``, recorded by the privacy officer."""
    return DataSubjectRequest.objects.create(
        organisation=officer.organisation, family=family, kind=kind, **extra
    )


def api_url(family) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/privacy/families/{family.pk}/export/"


def page_url(family) -> str:  # type: ignore[no-untyped-def]
    return f"/privacy/families/{family.pk}/export/"


def start(client: Client, family, body: dict[str, Any]):  # type: ignore[no-untyped-def]
    return client.post(api_url(family), body, content_type="application/json")


@dataclass
class Export:
    job: Job
    json: dict[str, Any]
    html: str
    pdf: bytes
    names: list[str]


def open_zip(data: bytes) -> tuple[list[str], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist(), {name: archive.read(name) for name in archive.namelist()}


def export_for(officer, family, request: DataSubjectRequest | None = None) -> Export:  # type: ignore[no-untyped-def]
    """Start an export through the API, run it, download it once and open the ZIP."""
    client = client_for(officer)
    body = {"request": str(request.pk)} if request else {"reason": "Overdracht aan de rechter"}
    response = start(client, family, body)
    assert response.status_code == 202, response.content
    run_queued_jobs()
    job = Job.objects.get(pk=response.json()["id"])
    assert job.status == "done", job.error
    download = client.get(f"/api/v1/jobs/{job.pk}/download/")
    assert download.status_code == 200, download.content
    names, files = open_zip(download.content)
    return Export(
        job=job,
        json=json.loads(files["export.json"]),
        html=files["export.html"].decode(),
        pdf=files["export.pdf"],
        names=names,
    )
