from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GezinsaanpakConfig(AppConfig):
    name = "gezinsaanpak"
    verbose_name = _("Gezinsaanpak")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gezinsaanpak.access import signals as access_signals
        from gezinsaanpak.audit.events import accounts as login_events

        login_events.connect()
        access_signals.connect()
        # Django 6.1's blank choice ("- Select an option -") has no Dutch in Django's own
        # catalogue; Django asks apps to set their own label here.
        from django.db.models import fields as model_fields

        from gezinsaanpak.choices import CHOOSE

        model_fields.BLANK_CHOICE_LABEL = CHOOSE
        # Refuse to start with missing or malformed field keys (named in the error), and
        # register the privacy system checks.
        from gezinsaanpak.privacy import checks  # noqa: F401
        from gezinsaanpak.privacy.keyring import validate_settings

        validate_settings()
