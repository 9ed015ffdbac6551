"""The files of a family's data export: JSON for software, a Dutch page and its PDF, one ZIP.

The page is a complete HTML document with its own style (no links to the service, no
scripts), so it opens from the ZIP in any browser and prints well; the PDF is the same page
laid out by WeasyPrint.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext_noop

from gezinsaanpak.selectors.privacy_export import ExportDocument

JSON_NAME, HTML_NAME, PDF_NAME = "export.json", "export.html", "export.pdf"
TEMPLATE = "gezinsaanpak/privacy/export/document.html"


def export_json(document: ExportDocument) -> bytes:
    text = json.dumps(document.as_json(), ensure_ascii=False, indent=2, sort_keys=False)
    return (text + "\n").encode()


def export_html(document: ExportDocument) -> str:
    context: dict[str, Any] = {
        "document": document,
        "family_part": document.parts[0] if document.parts else None,
        "other_parts": document.parts[1:],
        "json_name": JSON_NAME,
    }
    return render_to_string(TEMPLATE, context)


def export_pdf(html: str) -> bytes:
    """The page as a PDF. It has its style inline and loads nothing: every address is
    refused (no protocol allowed), so making the PDF never reaches the network or a file."""
    # Imported here: WeasyPrint loads Pango when imported, which only the export needs.
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    fetch_nothing = URLFetcher(allowed_protocols=frozenset(), timeout=1)
    pdf: bytes = HTML(string=html, url_fetcher=fetch_nothing).write_pdf()
    return pdf


def export_zip(
    document: ExportDocument,
    *,
    begin: Callable[[str, int], None],
    advance: Callable[[], None],
) -> bytes:
    """The three files in one ZIP, reporting a step for each file made."""
    begin(gettext_noop("Making the files"), 4)
    files: dict[str, bytes] = {JSON_NAME: export_json(document)}
    advance()
    html = export_html(document)
    files[HTML_NAME] = html.encode()
    advance()
    files[PDF_NAME] = export_pdf(html)
    advance()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    advance()
    return buffer.getvalue()
