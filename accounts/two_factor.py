"""Enrolling and checking a TOTP device, and recovery codes (django-otp).

Recovery codes are django-otp static tokens: each works once at the verify step (the
token is deleted when used), they are shown once when made, and making new ones replaces
the old ones.
"""

from __future__ import annotations

import base64
import secrets

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gezinsaanpak.audit.events import team as team_events

from .models import User

DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"
# Lower case letters and digits without look-alikes (no 0/o, 1/l/i): easy to type from paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled, created on first use."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=False, name=DEVICE_NAME)
    return device


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def qr_svg(device: TOTPDevice) -> str:
    return str(segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR code"))


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for typing into an app by hand."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def confirm(request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Confirm an enrolment with a first code; a code is accepted once only."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True


def verify(request: HttpRequest, user: User, token: str) -> bool:
    """The second step: a code from the app, or else one unused recovery code."""
    if not (len(token) == 6 and token.isdigit()):  # not an app code: no failed try on the app
        return verify_recovery_code(request, user, token)
    device = confirmed_device(user)
    if device is None or not device.verify_token(token):
        return False
    otp_login(request, device)
    return True


def verify_recovery_code(request: HttpRequest, user: User, token: str) -> bool:
    code = normalise_recovery_code(token)
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if recovery is None or not code or not recovery.verify_token(code):
        return False
    otp_login(request, recovery)
    team_events.recovery_code_used(user)
    return True


def normalise_recovery_code(text: str) -> str:
    """What a person types: spaces and dashes are ignored, capitals are fine."""
    code = text.replace(" ", "").replace("-", "").lower()
    if len(code) != RECOVERY_CODE_LENGTH or any(c not in _RECOVERY_ALPHABET for c in code):
        return ""
    return code


def _new_recovery_code() -> str:
    return "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


@transaction.atomic
def recovery_codes_generate(user: User) -> list[str]:
    """New recovery codes for ``user``, replacing any earlier ones; shown once, never again.

    Only for a user with two-step login on (a confirmed app): without it they mean nothing.
    """
    if confirmed_device(user) is None:
        raise ValueError("Recovery codes need two-step login with an app first.")
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [_new_recovery_code() for _ in range(settings.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    team_events.recovery_codes_generated(user, count=len(codes))
    return codes


def devices_remove(user: User) -> int:
    """Every two-step login device of ``user`` (app, recovery codes), gone; how many."""
    removed = 0
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        removed += 1
    return removed


def format_code(code: str) -> str:
    """``abcde-fghjk``: a recovery code as shown, in two halves."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"
