"""Access-log events of spreadsheet imports.

An import writes through the ordinary services, so every family, caregiver, child, consent,
volunteer and placement it creates gets the same line as one made by hand; inside
:func:`importing` each of those lines also carries ``details["reason"] = "import"``.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from gezinsaanpak.audit import log
from gezinsaanpak.models.audit import Action

if TYPE_CHECKING:
    from accounts.models import User
    from gezinsaanpak.models.imports import ImportUpload

REASON = "import"


def importing() -> AbstractContextManager[None]:
    """Every line written inside says it was written by an import."""
    return log.because(REASON)


def upload_stored(actor: User, upload: ImportUpload) -> None:
    """A file was kept (encrypted) until the coordinator confirms the import."""
    log.record(
        actor=actor,
        action=Action.CREATE,
        object_type="import_upload",
        object_id=upload.pk,
        details={"kind": upload.kind},
    )


def account_created(actor: User, user: User) -> None:
    """An imported volunteer's account: no password yet (an invitation sets one)."""
    log.record(
        actor=actor,
        action=Action.CREATE,
        object_type="user",
        object_id=user.pk,
        fields=["email", "name", "role", "organisation"],
        details={"role": user.role},
    )
