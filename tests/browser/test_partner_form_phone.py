"""A school teacher on a phone (390x844), JavaScript off: refer a family on the web form."""

import pytest

from accounts.models import Role
from gezinsaanpak.models import Referral
from tests.factories import PASSWORD, PartnerOrganisationFactory, UserFactory
from tests.gezinsaanpak.api.referral_payloads import years_ago

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_partner_refers_a_family_on_a_phone_without_javascript(
    live_server, browser, artifacts, library
):
    school = PartnerOrganisationFactory(name="Basisschool Test", partner_type="school")
    teacher = UserFactory(organisation=school, role=Role.PARTNER, name="Petra de Vries")
    municipality = library.municipalities.first()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="nl-NL", java_script_enabled=False
    )
    page = context.new_page()
    base = live_server.url

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-mailadres").fill(teacher.email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/partner/")
    page.get_by_role("link", name="Gezin aanmelden").first.click()
    page.wait_for_url(f"{base}/partner/referrals/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # First without the consent answer and with a bad postcode: Dutch errors, nothing stored.
    page.select_option("[name=municipality]", str(municipality.pk))
    page.fill("[name=postcode]", "12345")
    page.fill("[name=house_number]", "7")
    page.fill("[name=caregivers-0-given_name]", "Samira")
    page.fill("[name=caregivers-0-family_name]", "Bouzid")
    page.fill("[name=children-0-given_name]", "Adam")
    page.fill("[name=children-0-date_of_birth]", years_ago(5))
    page.select_option("[name=requested_programme]", "voorleesexpress")
    page.get_by_role("button", name="Versturen naar de bibliotheek").click()
    page.wait_for_selector("text=Vul een Nederlandse postcode in, zoals 1234 AB.")
    # The message stands above the field and, as a link to it, in the error summary.
    assert page.locator("#id_parent_consent_error").is_visible()
    summary_link = page.locator(".error-summary a[href='#id_parent_consent_0']")
    assert summary_link.inner_text().endswith("Geef aan of de ouders toestemming gaven.")
    page.screenshot(path=artifacts / "partner-1-errors.png", full_page=True)
    assert not Referral.objects.exists()

    page.fill("[name=postcode]", "6461 AB")
    page.check("[name=parent_consent][value=yes]")
    page.get_by_role("button", name="Versturen naar de bibliotheek").click()
    page.wait_for_selector("text=De verwijzing is verstuurd naar")
    page.screenshot(path=artifacts / "partner-2-sent.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    referral = Referral.objects.get()
    assert (referral.via, referral.partner, referral.organisation) == ("web", school, library)
    assert referral.referrer_name == "Petra de Vries"
    page.goto(f"{base}/partner/referrals/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert str(referral.pk) in page.content()
    context.close()
