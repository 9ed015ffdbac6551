"""The GGG figures: one entry each (see ``registry.py`` for what an entry holds)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from gezinsaanpak.models import BoekStartSession, Contact, Family, Placement, Referral, Visit
from gezinsaanpak.models.boekstart import TOPIC_FIELDS, Voucher
from gezinsaanpak.models.placement import ReferralSource
from gezinsaanpak.models.volunteer import VolunteerProfile

from .registry import Figure, Unit, dimension, register

S = Referral.Status

# --- dimensions ------------------------------------------------------------------------
dimension("source", _("referred by"), ReferralSource.choices)
dimension("partner_type", _("partner type"), Organisation.PartnerType.choices)
dimension(
    "outcome",
    _("outcome"),
    [("accepted", _("accepted")), ("declined", _("declined")), ("open", _("still open"))],
)
dimension(
    "contact",
    _("contact"),
    [
        ("contact_made", _("contact made")),
        ("no_contact", _("no contact")),
        ("not_checked", _("not yet checked")),
        ("declined", _("declined")),
    ],
)
dimension("stop_reason", _("reason for stopping"), Placement.StopReason.choices)
dimension("location", _("location"))


def _case(mapping: dict[str, tuple[str, ...]], default: str) -> Case:
    whens = [When(status__in=statuses, then=Value(code)) for code, statuses in mapping.items()]
    return Case(*whens, default=Value(default), output_field=CharField())


INBOUND_OUTCOME = _case(
    {"accepted": (S.ACCEPTED, S.IN_PROGRESS, S.COMPLETED), "declined": (S.DECLINED,)}, "open"
)
OUTBOUND_CONTACT = _case(
    {
        "contact_made": (S.CONTACT_MADE, S.COMPLETED),
        "no_contact": (S.NO_CONTACT,),
        "declined": (S.DECLINED,),
    },
    "not_checked",
)
REGULAR = Q(kind=Placement.Kind.REGULAR)
FAMILIES, REFERRALS, VE, BOEKSTART, OUTBOUND = (
    "families",
    "referrals",
    "voorleesexpress",
    "boekstart",
    "outbound",
)


# --- families reached -------------------------------------------------------------------
register(
    Figure(
        key="families_new",
        group=FAMILIES,
        label=_("New families"),
        explanation=_("Families the library started working with in this period."),
        model=Family,
        organisation="organisation",
        municipality="municipality",
        date="opened_on",
        value=Count("id"),
    )
)


def _active_during(start: datetime.date, end: datetime.date) -> Q:
    return Q(opened_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))


register(
    Figure(
        key="families_active",
        group=FAMILIES,
        label=_("Families reached"),
        explanation=_("Families the library worked with at some time in this period, new or not."),
        model=Family,
        organisation="organisation",
        municipality="municipality",
        period_filter=_active_during,
        value=Count("id"),
    )
)

# --- referrals in -----------------------------------------------------------------------
register(
    Figure(
        key="referrals_in",
        group=REFERRALS,
        label=_("Referrals received"),
        explanation=_(
            "Families that a partner referred to the library, by kind of partner and by what "
            "the library did with the referral."
        ),
        model=Referral,
        organisation="organisation",
        municipality="family__municipality",
        date="created_at__date",
        where=Q(direction=Referral.Direction.IN),
        value=Count("id"),
        dimensions={"partner_type": F("partner__partner_type"), "outcome": INBOUND_OUTCOME},
    )
)

# --- VoorleesExpress --------------------------------------------------------------------
VE_PLACEMENT: dict[str, Any] = {"model": Placement, "organisation": "organisation"}
VE_MUNICIPALITY = "family__municipality"
register(
    Figure(
        key="ve_signups",
        group=VE,
        label=_("VoorleesExpress sign-ups"),
        explanation=_("Families signed up for the VoorleesExpress, by who referred them."),
        municipality=VE_MUNICIPALITY,
        date="sign_up_date",
        where=REGULAR,
        value=Count("id"),
        dimensions={"source": F("referral_source")},
        **VE_PLACEMENT,
    )
)


def _waiting_at_end(start: datetime.date, end: datetime.date) -> Q:
    not_started = Q(start_date__isnull=True) | Q(start_date__gt=end)
    not_ended = Q(end_date__isnull=True) | Q(end_date__gt=end)
    return REGULAR & Q(sign_up_date__lte=end) & not_started & not_ended


register(
    Figure(
        key="ve_waiting",
        group=VE,
        label=_("On the waiting list"),
        explanation=_(
            "Families signed up for the VoorleesExpress who had not started yet at the end "
            "of the period."
        ),
        municipality=VE_MUNICIPALITY,
        period_filter=_waiting_at_end,
        value=Count("id"),
        **VE_PLACEMENT,
    )
)
register(
    Figure(
        key="ve_waiting_median_days",
        group=VE,
        label=_("Waiting time (median)"),
        explanation=_(
            "How long the families on the waiting list had been waiting at the end of the "
            "period: half waited shorter, half longer."
        ),
        municipality=VE_MUNICIPALITY,
        period_filter=_waiting_at_end,
        value=Count("id"),
        unit=Unit.DAYS,
        median_of="sign_up_date",
        **VE_PLACEMENT,
    )
)
register(
    Figure(
        key="ve_started",
        group=VE,
        label=_("VoorleesExpress placements started"),
        explanation=_("Placements whose first visit was in this period."),
        municipality=VE_MUNICIPALITY,
        date="start_date",
        where=REGULAR,
        value=Count("id"),
        **VE_PLACEMENT,
    )
)
register(
    Figure(
        key="ve_completed",
        group=VE,
        label=_("VoorleesExpress placements completed"),
        explanation=_("Placements that ended as planned in this period."),
        municipality=VE_MUNICIPALITY,
        date="end_date",
        where=REGULAR & Q(status=Placement.Status.COMPLETED),
        value=Count("id"),
        **VE_PLACEMENT,
    )
)
register(
    Figure(
        key="ve_stopped",
        group=VE,
        label=_("VoorleesExpress placements stopped"),
        explanation=_("Placements that stopped early in this period, by the reason."),
        municipality=VE_MUNICIPALITY,
        date="end_date",
        where=REGULAR & Q(status=Placement.Status.STOPPED),
        value=Count("id"),
        dimensions={"stop_reason": F("stop_reason")},
        **VE_PLACEMENT,
    )
)
register(
    Figure(
        key="ve_visits",
        group=VE,
        label=_("Visits held"),
        explanation=_("Visits of a volunteer at a family's home that took place."),
        model=Visit,
        organisation="placement__organisation",
        municipality="placement__family__municipality",
        date="date",
        where=Q(status=Visit.Status.HELD),
        value=Count("id"),
    )
)
_HELD_VISITS = Subquery(
    Visit.objects.filter(placement=OuterRef("pk"), status=Visit.Status.HELD)
    .order_by()
    .values("placement")
    .annotate(n=Count("placement"))  # a column of the index: an index-only scan
    .values("n"),
    output_field=IntegerField(),
)
register(
    Figure(
        key="ve_visits_per_completed",
        group=VE,
        label=_("Visits per completed placement"),
        explanation=_(
            "On average, how many visits a family had in a placement that was completed in "
            "this period."
        ),
        municipality=VE_MUNICIPALITY,
        date="end_date",
        where=REGULAR & Q(status=Placement.Status.COMPLETED),
        # Per completed placement, its held visits counted in a subquery on the visit's
        # placement index: no join of every visit (bench/RESULTS.md, issue 15 speed).
        value=Sum(Coalesce(_HELD_VISITS, 0)),
        base=Count("id"),
        unit=Unit.AVERAGE,
        **VE_PLACEMENT,
    )
)
register(
    Figure(
        key="ve_nazorg_started",
        group=VE,
        label=_("Nazorg started"),
        explanation=_("Families that started the extra visits after their placement."),
        municipality=VE_MUNICIPALITY,
        date="start_date",
        where=Q(kind=Placement.Kind.NAZORG),
        value=Count("id"),
        **VE_PLACEMENT,
    )
)
register(
    Figure(
        key="ve_active_volunteers",
        group=VE,
        label=_("Active volunteers"),
        explanation=_("Volunteers who read aloud at a family's home at least once."),
        model=Visit,
        organisation="placement__organisation",
        municipality="placement__family__municipality",
        date="date",
        where=Q(status=Visit.Status.HELD),
        value=Count("placement__volunteer", distinct=True),
    )
)


def _vog_expiring(start: datetime.date, end: datetime.date) -> Q:
    """A VOG is renewed after 3 years: those that reach that within 3 months of the end."""
    expires_from = end.replace(year=end.year - 3)
    soon = expires_from + datetime.timedelta(days=91)
    return Q(active=True, vog_issued_on__gt=expires_from, vog_issued_on__lte=soon)


register(
    Figure(
        key="ve_vog_expiring",
        group=VE,
        label=_("VOG to renew soon"),
        explanation=_(
            "Active volunteers whose certificate of conduct (VOG) turns 3 years old within 3 "
            "months after the period."
        ),
        model=VolunteerProfile,
        organisation="user__organisation",
        municipality=None,
        period_filter=_vog_expiring,
        value=Count("id"),
        internal=True,
    )
)

# --- BoekStart --------------------------------------------------------------------------
SESSION: dict[str, Any] = {
    "model": BoekStartSession,
    "organisation": "organisation",
    "municipality": "location__municipality",
    "date": "date",
    "group": BOEKSTART,
    "dimensions": {"location": F("location__name")},
}
register(
    Figure(
        key="bs_sessions",
        label=_("BoekStart sessions"),
        explanation=_("Mornings or afternoons a coach spent at a consultatiebureau."),
        value=Count("id"),
        **SESSION,
    )
)
for name, label, explanation in (
    ("conversations", _("Conversations with parents"), _("Talks of a coach with parents.")),
    (
        "vouchers_handed_out",
        _("Vouchers handed out"),
        _("BoekStart vouchers (waardebonnen) given to parents."),
    ),
    ("koffertjes", _("Koffertjes handed out"), _("BoekStart koffertjes given to parents.")),
    (
        "invited_to_library",
        _("Parents invited to the library"),
        _("Parents the coach invited to come to the library."),
    ),
    *(
        (topic, label, _("Conversations in which this topic came up."))
        for topic, label in TOPIC_FIELDS.items()
    ),
):
    register(
        Figure(
            key=f"bs_{name}",
            label=label,
            explanation=explanation,
            value=Sum(name),
            **SESSION,
        )
    )
VOUCHER: dict[str, Any] = {
    "group": BOEKSTART,
    "model": Voucher,
    "organisation": "organisation",
    "municipality": "location__municipality",
    "date": "issued_on",
    "dimensions": {"location": F("location__name")},
}
register(
    Figure(
        key="bs_vouchers_redeemed",
        label=_("Vouchers redeemed"),
        explanation=_(
            "Numbered vouchers given out in this period that parents brought to the library."
        ),
        where=Q(redeemed_on__isnull=False),
        value=Count("id"),
        **VOUCHER,
    )
)
register(
    Figure(
        key="bs_pickup_rate",
        label=_("Voucher pickup"),
        explanation=_(
            "Of the numbered vouchers given out in this period, the part parents brought to "
            "the library (nationally about 35%, the target is 50%)."
        ),
        value=Count("id", filter=Q(redeemed_on__isnull=False)),
        base=Count("id"),
        unit=Unit.PERCENT,
        **VOUCHER,
    )
)
register(
    Figure(
        key="bs_contacts",
        group=BOEKSTART,
        label=_("Follow-up contacts"),
        explanation=_("Parents who wanted the library to contact them again."),
        model=Contact,
        organisation="organisation",
        municipality="family__municipality",
        date="created_at__date",
        value=Count("id"),
    )
)
register(
    Figure(
        key="bs_handovers",
        group=BOEKSTART,
        label=_("Handovers to the library"),
        explanation=_("Follow-up contacts the coach handed over to a colleague in the library."),
        model=Contact,
        organisation="organisation",
        municipality="family__municipality",
        date="handed_over_at__date",
        value=Count("id"),
    )
)

# --- referrals out (Taalhuis and others) ------------------------------------------------
register(
    Figure(
        key="referrals_out",
        group=OUTBOUND,
        label=_("Referrals to partners"),
        explanation=_(
            "Parents the library referred to a partner, such as the Taalhuis, and whether "
            "contact was made."
        ),
        model=Referral,
        organisation="organisation",
        municipality="family__municipality",
        date="created_at__date",
        where=Q(direction=Referral.Direction.OUT),
        value=Count("id"),
        dimensions={"partner_type": F("partner__partner_type"), "contact": OUTBOUND_CONTACT},
    )
)

GROUPS = {
    FAMILIES: _("Families reached"),
    REFERRALS: _("Referrals in"),
    VE: _("VoorleesExpress"),
    BOEKSTART: _("BoekStart"),
    OUTBOUND: _("Taalhuis and other referrals out"),
}
