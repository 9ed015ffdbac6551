"""Read-model benchmark (issue 12): do the selectors' read models slow the family lists?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench-read-models
    # or: DATABASE_URL=... .venv/bin/python bench/read_models.py [--families 2000]

Prints one ``name: value`` line per figure. The ratio first:

* ``read_models_page_vs_instances`` — one page of 50 families as the API list builds it
  now: ``selectors.families.family_page`` (the access filter, the page, the members
  prefetched, the field set per family including special categories, read models holding
  the decrypted permitted values, one access-log line per family naming their fields),
  divided by the same page built the way the selectors did before issue 12: the same
  query and prefetch (the old API list read each family's consents with a query of its
  own; here both prefetch them, so the figure is the read models' cost alone), model
  instances, the role's field set, every permitted value read off the instances
  (decrypted, as the template or serializer did), and the same log lines. Both write the
  log in one transaction. The issue names no target for it (its target is that
  ``bench/access.py`` stays within its own); RESULTS.md reports it.
* ``read_models_table_vs_instances`` — the same for the web page's table (a few fields
  per family: ``FAMILY_TABLE``), where the log line names only those.

The times behind them follow in milliseconds. The coordinator sees every family of the
organisation, so the page is the organisation's 50 newest. The data is real: families
with two caregivers and two children each, every personal field sealed with AES-GCM
(the test settings' keys), in a database of its own (``gezinsaanpak_bench_read_models``,
dropped, created and migrated afresh by every run). Each figure is the fastest of 9
interleaved rounds (``bench/_timing.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import _pg  # bench/ is the script's directory, so it is on sys.path

DATABASE = "gezinsaanpak_bench_read_models"
_pg.django_on_fresh_database(DATABASE)

from _timing import best  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from gezinsaanpak import access  # noqa: E402
from gezinsaanpak.access.fields import (  # noqa: E402
    CONSENT_FIELDS,
    FAMILY_FIELDS,
    FAMILY_TABLE,
    FamilyFields,
)
from gezinsaanpak.audit import log  # noqa: E402
from gezinsaanpak.models import Consent, Family  # noqa: E402
from gezinsaanpak.models.audit import Action  # noqa: E402
from gezinsaanpak.processing_register import Purpose  # noqa: E402
from gezinsaanpak.selectors import families as selectors  # noqa: E402
from gezinsaanpak.selectors.paging import page_of  # noqa: E402
from tests.factories import (  # noqa: E402
    CaregiverFactory,
    ChildFactory,
    FamilyFactory,
    LibraryFactory,
    UserFactory,
)

PAGE = 50


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=2_000, help="families to create")
    return parser.parse_args()


def prepare(families: int) -> User:
    if connection.vendor != "postgresql":
        sys.exit(f"bench: expected PostgreSQL, the test settings gave {connection.vendor}.")
    call_command("migrate", verbosity=0)
    library = LibraryFactory()
    coordinator = UserFactory(organisation=library, role=Role.COORDINATOR)
    specialist = UserFactory(organisation=library, role=Role.SPECIALIST)
    for n in range(families):
        # A quarter owned by a specialist: their special categories stay hidden from the
        # coordinator, so the field set differs per family as in a real organisation.
        family = FamilyFactory(organisation=library, case_owner=specialist if n % 4 else None)
        parents = CaregiverFactory.create_batch(2, family=family, literacy_concern="Moeilijk")
        ChildFactory.create_batch(2, family=family)
        Consent.objects.create(
            family=family,
            given_by=parents[0],
            purpose=Purpose.REGISTRATION,
            text_version="v1",
            method="written",
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        # Every page commits its access-log lines; waiting for the disk costs both the same.
        cursor.execute("SET synchronous_commit TO off")
    return coordinator


def read_models_page(user: User, *, table: bool) -> list[Any]:
    """The page as the selectors build it now."""
    return selectors.family_page(user, page=1, table=table).records


def instances_page(user: User, *, table: bool) -> list[Any]:
    """The page as before: instances, the role's one field set, values read off them."""
    families = selectors._with_members(access.families_visible_to(user), consents=not table)
    rows = list(page_of(families.order_by("-opened_on", "id"), 1).object_list)
    fields: FamilyFields = FAMILY_TABLE if table else FAMILY_FIELDS[user.role]
    shown = [_values(family, fields, consents=not table) for family in rows]
    entries = [
        log.Entry("family", family.pk, family.pk, _names(family, fields, consents=not table))
        for family in rows
    ]
    with transaction.atomic():
        log.record_many(actor=user, action=Action.LIST, entries=entries)
    return shown


def _values(family: Family, fields: FamilyFields, *, consents: bool) -> dict[str, Any]:
    def read(obj: Any, names: frozenset[str]) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in names}

    values = {
        **read(family, fields.family.names),
        "caregivers": [read(c, fields.caregiver.names) for c in family.caregivers.all()],
        "children": [read(c, fields.child.names) for c in family.children.all()],
    }
    if consents:
        values["consents"] = [read(c, CONSENT_FIELDS.names) for c in family.consents.all()]
    return values


def _names(family: Family, fields: FamilyFields, *, consents: bool) -> list[str]:
    names = fields.family.qualified()
    if family.caregivers.all():
        names += fields.caregiver.qualified()
    if family.children.all():
        names += fields.child.qualified()
    if consents and family.consents.all():
        names += CONSENT_FIELDS.qualified()
    return sorted(names)


def figures(user: User) -> dict[str, float]:
    for table in (False, True):
        assert len(read_models_page(user, table=table)) == PAGE
        assert len(instances_page(user, table=table)) == PAGE
    full_new, full_old, table_new, table_old = best(
        lambda: read_models_page(user, table=False),
        lambda: instances_page(user, table=False),
        lambda: read_models_page(user, table=True),
        lambda: instances_page(user, table=True),
        number=10,
    )
    return {
        "read_models_page_vs_instances": full_new / full_old,
        "read_models_table_vs_instances": table_new / table_old,
        "read_models_page_ms": full_new * 1e3,
        "instances_page_ms": full_old * 1e3,
        "read_models_table_ms": table_new * 1e3,
        "instances_table_ms": table_old * 1e3,
    }


def main() -> None:
    args = parse_args()
    user = prepare(args.families)
    for name, value in figures(user).items():
        print(f"{name}: {value:.2f}")


if __name__ == "__main__":
    main()
