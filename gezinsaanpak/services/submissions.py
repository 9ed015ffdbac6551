"""Idempotency of forms that create records: one record per form token.

``submission_claim`` inserts the token's row inside the caller's transaction; a second
submit with the same token meets the primary key (on PostgreSQL it waits for the first
transaction and then fails), so it is told "already saved" instead of creating a twin.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from gezinsaanpak.models import FormSubmission

KEEP = datetime.timedelta(days=1)


class AlreadySubmittedError(Exception):
    """This form token was used before: its record exists (or is being saved)."""


def submission_claim(*, user: User, token: uuid.UUID) -> None:
    """Claim ``token`` for ``user``; raises ``AlreadySubmittedError`` when it was used."""
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user=user)
    except IntegrityError as error:
        raise AlreadySubmittedError from error
    FormSubmission.objects.filter(user=user, submitted_at__lt=timezone.now() - KEEP).delete()


def submission_done(*, token: uuid.UUID, redirect_to: str) -> None:
    FormSubmission.objects.filter(token=token).update(redirect_to=redirect_to[:500])


def submission_release(*, token: uuid.UUID) -> None:
    """The form had errors and saved nothing: the corrected form may use the token again."""
    FormSubmission.objects.filter(token=token).delete()


def submission_redirect(*, user: User, token: uuid.UUID) -> str:
    """Where the first submit led (the user's own token only), or ``""``."""
    row = FormSubmission.objects.filter(token=token, user=user).first()
    return row.redirect_to if row is not None else ""
