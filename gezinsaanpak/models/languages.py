"""Languages as ISO 639-1 codes, with the names users see."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The home languages libraries meet most; extend as needed.
LANGUAGES: dict[str, Any] = {
    "nl": _("Dutch"),
    "en": _("English"),
    "ar": _("Arabic"),
    "tr": _("Turkish"),
    "pl": _("Polish"),
    "uk": _("Ukrainian"),
    "ti": _("Tigrinya"),
    "so": _("Somali"),
    "fa": _("Persian"),
    "ku": _("Kurdish"),
    "zgh": _("Tamazight (Berber)"),
    "es": _("Spanish"),
    "pt": _("Portuguese"),
    "fr": _("French"),
    "de": _("German"),
    "li": _("Limburgish"),
    "fy": _("Frisian"),
    "pap": _("Papiamento"),
    "srn": _("Sranan Tongo"),
    "bg": _("Bulgarian"),
    "ro": _("Romanian"),
    "ru": _("Russian"),
    "zh": _("Chinese"),
    "other": _("Another language"),
}
LANGUAGE_CHOICES = list(LANGUAGES.items())


def validate_language_list(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Give a list of language codes."))
    unknown = [code for code in value if code not in LANGUAGES]
    if unknown:
        raise ValidationError(
            _("Unknown language: %(codes)s."), params={"codes": ", ".join(unknown)}
        )


def language_names(codes: list[str]) -> list[str]:
    return [str(LANGUAGES.get(code, code)) for code in codes]
