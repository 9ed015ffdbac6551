import pytest

from gezinsaanpak import access
from gezinsaanpak.demo import accounts as demo_accounts
from gezinsaanpak.demo import boekstart as demo_boekstart
from gezinsaanpak.models import BoekStartSession, Contact, Location, Voucher


@pytest.mark.django_db
def test_boekstart_demo_is_a_year_for_the_coach_and_idempotent():
    organisations = demo_accounts.seed_organisations()
    users = demo_accounts.seed_users(organisations)
    assert demo_boekstart.seed_boekstart(users, organisations) is True
    assert demo_boekstart.seed_boekstart(users, organisations) is False
    coach = users["coach@demo.nl"]
    assert Location.objects.count() == 2
    assert BoekStartSession.objects.filter(coach=coach).count() == 52
    redeemed = Voucher.objects.filter(redeemed_on__isnull=False).count()
    assert 0 < redeemed < Voucher.objects.count()
    contacts = Contact.objects.filter(coach=coach)
    assert contacts.count() == 5
    assert contacts.filter(handed_over_at__isnull=False).count() == 3
    assert set(access.families_visible_to(coach)) == {c.family for c in contacts}
