"""Enrolling and checking a TOTP device (django-otp)."""

from __future__ import annotations

import base64

import segno
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

DEVICE_NAME = "authenticator"


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
    device = confirmed_device(user)
    if device is None or not device.verify_token(token):
        return False
    otp_login(request, device)
    return True
