"""One past data breach in the demo library's register, reported in time, with its scope."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from gezinsaanpak.models import Breach, Family
from gezinsaanpak.selectors.breaches import Scope, organisation_of
from gezinsaanpak.services.breaches import breach_create, breach_store_scope


def seed_breaches(users: dict[str, User]) -> bool:
    """Create the past incident once; True when it was made this run."""
    officer = users["privacy@demo.nl"]
    organisation_id = organisation_of(officer)
    if Breach.objects.filter(organisation_id=organisation_id).exists():
        return False
    found = timezone.now() - timedelta(days=40)
    breach = breach_create(
        actor=officer,
        data={
            "found_at": found,
            "what_happened": (
                "Een medewerker stuurde een overzicht van afspraken naar het verkeerde "
                "e-mailadres van een partnerorganisatie."
            ),
            "which_data": "Namen en telefoonnummers van ouders, geboortejaren van kinderen.",
            "cause": "Een verkeerd adres gekozen uit de lijst met suggesties.",
            "measures": (
                "De ontvanger heeft de mail verwijderd en dat bevestigd. Suggesties voor "
                "e-mailadressen staan uit."
            ),
            "report_to_authority": True,
            "report_reason": "Gegevens van gezinnen bij een onbevoegde: risico niet uitgesloten.",
            "reported_at": found + timedelta(hours=30),
            "subjects_informed": True,
            "subjects_informed_at": found + timedelta(days=3),
        },
    )
    family_ids = Family.objects.filter(organisation_id=organisation_id).values_list(
        "pk", flat=True
    )[:3]
    scope = Scope(
        actor=users["coordinator@demo.nl"].email,
        since=found.date() - timedelta(days=1),
        until=found.date(),
        lines=len(family_ids),
        family_ids=sorted(str(pk) for pk in family_ids),
        fields=["family_name", "phone"],
    )
    breach_store_scope(actor=officer, breach=breach, scope=scope)
    return True
