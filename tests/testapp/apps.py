from django.apps import AppConfig


class TestappConfig(AppConfig):
    """Models that exist only in the test run (no migrations: pytest-django creates them)."""

    name = "tests.testapp"
    label = "testapp"
    default_auto_field = "django.db.models.BigAutoField"
