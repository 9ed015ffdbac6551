"""System checks for the field-encryption settings (``manage.py check``).

``GezinsaanpakConfig.ready()`` already refuses to start with broken keys; these checks
report the same problems, plus a blind-index key that reuses an encryption key, in the
usual ``check`` format.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from gezinsaanpak.privacy import keyring


@checks.register(checks.Tags.security)
def check_field_keys(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for setting, parse, number in (
        (keyring.FIELD_KEYS_SETTING, keyring.field_keyring, 1),
        (keyring.BLIND_KEY_SETTING, keyring.blind_index_key, 2),
    ):
        try:
            parse()
        except ImproperlyConfigured as exc:
            errors.append(checks.Error(str(exc), obj=setting, id=f"privacy.E00{number}"))
    if not errors and _blind_key_reuses_field_key():
        errors.append(
            checks.Error(
                "BLIND_INDEX_KEY must differ from every key in FIELD_ENCRYPTION_KEYS.",
                obj=keyring.BLIND_KEY_SETTING,
                id="privacy.E003",
            )
        )
    return errors


def _blind_key_reuses_field_key() -> bool:
    blind = base64.b64encode(keyring.blind_index_key()).decode()
    raw = keyring._setting(keyring.FIELD_KEYS_SETTING)
    return any(entry.strip().endswith(":" + blind) for entry in raw.split(","))
