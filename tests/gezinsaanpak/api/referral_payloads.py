"""A valid inbound referral, to change one thing at a time in the tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone


def years_ago(years: int, days: int = 30) -> str:
    today = timezone.localdate()
    return (today.replace(year=today.year - years) - datetime.timedelta(days=days)).isoformat()


def valid_referral(library: Any, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "municipality": library.municipalities.first().code,
        "postcode": "6461 AB",
        "house_number": "12",
        "street": "Markt",
        "city": "Kerkrade",
        "phone": "06 12345678",
        "email": "ouder@example.org",
        "home_languages": ["ar", "nl"],
        "caregivers": [{"given_name": "Fatima", "family_name": "El Amrani", "relation": "mother"}],
        "children": [{"given_name": "Noor", "date_of_birth": years_ago(1)}],
        "reason_code": "language_development",
        "reason_text": "Moeder wil graag voorlezen maar weet niet hoe.",
        "requested_programme": "boekstart",
        "referrer_name": "J. Jansen",
        "referrer_role": "jeugdverpleegkundige",
        "partner_reference": "JGZ-2026-001",
        "parent_consent": True,
    }
    body.update(changes)
    return body
