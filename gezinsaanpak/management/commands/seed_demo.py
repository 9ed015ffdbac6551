"""Load the demo data. Safe to run again: what exists is left as it is."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from gezinsaanpak.demo import accounts as demo_accounts
from gezinsaanpak.demo import boekstart as demo_boekstart
from gezinsaanpak.demo import breaches as demo_breaches
from gezinsaanpak.demo import families as demo_families
from gezinsaanpak.demo import placements as demo_placements
from gezinsaanpak.demo import referrals as demo_referrals
from gezinsaanpak.demo import reports as demo_reports
from gezinsaanpak.demo import retention as demo_retention
from gezinsaanpak.demo import subject_requests as demo_subject_requests


class Command(BaseCommand):
    help = "Load demo organisations, users and cases (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            organisations = demo_accounts.seed_organisations()
            users = demo_accounts.seed_users(organisations)
            invited = demo_accounts.seed_invitation(users)
            made = demo_families.seed_families(users)
            boekstart_made = demo_boekstart.seed_boekstart(users, organisations)
            placements = demo_placements.seed_placements(users)
            clients = demo_referrals.seed_partner_clients(organisations)
            referrals_made = demo_referrals.seed_referrals(users, clients)
            history = demo_reports.seed_report_history(users, organisations)
            breach_made = demo_breaches.seed_breaches(users)
            # Requests first: they are made only while the organisation has none, and the
            # retention demo brings erasure requests of its own.
            requests_made = demo_subject_requests.seed_subject_requests(users)
            retention_made = demo_retention.seed_retention(users, clients)
        if made:
            self.stdout.write(f"Created {made} demo families.")
        if boekstart_made:
            self.stdout.write("Created a year of BoekStart sessions for coach@demo.nl.")
        if placements:
            self.stdout.write(f"Created {placements} demo VoorleesExpress placements.")
        if referrals_made:
            self.stdout.write(f"Created {referrals_made} demo referrals.")
        if history:
            self.stdout.write(
                f"Created two years of history for the figures ({history} past placements)."
            )
        if breach_made:
            self.stdout.write("Created one past data breach in the breach register.")
        if retention_made:
            self.stdout.write(
                "Created files past their retention period (try apply_retention --dry-run), "
                "one erased file and one open erasure request."
            )
        if requests_made:
            self.stdout.write(f"Created {requests_made} data-subject requests (one overdue).")
        if invited:
            self.stdout.write(f"Invited {demo_accounts.INVITED_EMAIL} (pending invitation).")
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo logins:"))
        for email, role, spec in demo_accounts.USERS:
            self.stdout.write(f"  {email:<24} {role:<16} {spec.name}")
        self.stdout.write(f"  password for all: {demo_accounts.DEMO_PASSWORD}")
        self.stdout.write(
            "Partner API clients (OAuth2 client credentials, token at /oauth/token/):"
        )
        for client_id, partner in demo_referrals.CLIENTS:
            self.stdout.write(f"  {client_id:<24} {partner}")
        self.stdout.write(f"  secret for both: {demo_referrals.DEMO_CLIENT_SECRET}")
        self.stdout.write(
            f"Pending invitation of {demo_accounts.INVITED_EMAIL}: "
            f"/invitation/{demo_accounts.DEMO_INVITATION_TOKEN}/ (works once, 7 days)"
        )
