"""``manage.py flush`` outside the tests refuses to empty an access log that holds lines."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command, get_commands

from gezinsaanpak.audit import log as access_log
from gezinsaanpak.management.commands.flush import Command as GuardedFlush
from gezinsaanpak.models import AccessEvent, Family
from gezinsaanpak.models.audit import Action
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db


def test_the_test_run_uses_the_flush_of_the_test_app():
    assert get_commands()["flush"] == "tests.testapp"


def test_flush_refuses_a_database_with_access_log_lines(specialist):
    family = FamilyFactory(organisation=specialist.organisation)
    access_log.record(actor=specialist, action=Action.READ, object_type="family")
    with pytest.raises(CommandError, match="access-log lines"):
        call_command(GuardedFlush(), interactive=False, verbosity=0)
    assert AccessEvent.objects.count() == 1
    assert Family.objects.filter(pk=family.pk).exists()


def test_flush_empties_a_database_whose_log_is_empty(specialist):
    FamilyFactory(organisation=specialist.organisation)
    assert not AccessEvent.objects.exists()
    call_command(GuardedFlush(), interactive=False, verbosity=0)
    assert not Family.objects.exists()
