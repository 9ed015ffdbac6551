"""What a family's data export holds of the case work: VoorleesExpress placements (with
visits, meetings, concerns and questionnaires) and referrals to and from partners."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from gezinsaanpak.models import (
    Answer,
    Concern,
    CoordinatorMeeting,
    Family,
    Placement,
    QuestionnaireResponse,
    Referral,
    Visit,
)

from .privacy_export import (
    LANGUAGE_FIELDS,
    Item,
    Part,
    Value,
    caregiver_name,
    detail_label,
    field_value,
    item,
    languages_text,
    text,
    titled,
    value,
)

PLACEMENT_FIELDS = (
    "id",
    "kind",
    "status",
    "sign_up_date",
    "referred_by",
    "volunteer",
    "coordinator",
    "weekday",
    "visit_time",
    "planned_visits",
    "interval_weeks",
    "start_date",
    "end_date",
    "stop_reason",
    "library_visit_on",
    "library_cards_on",
    "created_at",
)

REFERRAL_FIELDS = (
    "id",
    "direction",
    "partner",
    "status",
    "via",
    "referrer_name",
    "referrer_role",
    "reason_code",
    "reason_text",
    "requested_programme",
    "partner_reference",
    "partner_has_consent",
    "decline_reason",
    "feedback",
    "partner_feedback",
    "contact_check_due_on",
    "created_by",
    "client",
    "created_at",
    "status_changed_at",
)

VISIT_FIELDS = ("date", "status", "minutes", "parent_present", "books", "note", "logged_by")

MEETING_FIELDS = ("moment", "due_on", "held_on", "note")

CONCERN_FIELDS = ("raised_at", "raised_by", "text", "handled_at", "handled_by", "handled_note")

QUESTIONNAIRE_FIELDS = ("template", "moment", "filled_in_at", "filled_in_by")


def placement_items(family: Family) -> list[Item]:
    placements = (
        Placement.objects.filter(family=family)
        .select_related("volunteer", "coordinator")
        .prefetch_related(
            "children",
            Prefetch("visits", Visit.objects.select_related("logged_by").order_by("date")),
            Prefetch("meetings", CoordinatorMeeting.objects.order_by("due_on")),
            Prefetch("concerns", Concern.objects.select_related("raised_by", "handled_by")),
            Prefetch(
                "questionnaires",
                QuestionnaireResponse.objects.select_related("template", "filled_in_by"),
            ),
        )
        .order_by("sign_up_date", "id")
    )
    return [_placement(placement) for placement in placements]


def _placement(placement: Placement) -> Item:
    names = [child.given_name for child in placement.children.all()]
    record = item(
        placement,
        "placement",
        PLACEMENT_FIELDS,
        extra=[value("children", _("children"), names)],
    )
    titled(record, f"{placement.get_kind_display()}, {text(placement.sign_up_date)}")
    record.parts = [
        Part(
            "visits", _("Visits"), [item(v, "visit", VISIT_FIELDS) for v in placement.visits.all()]
        ),
        Part(
            "meetings",
            _("Meetings with the coordinator"),
            [item(m, "meeting", MEETING_FIELDS) for m in placement.meetings.all()],
        ),
        Part(
            "concerns",
            _("Concerns raised"),
            [item(c, "concern", CONCERN_FIELDS) for c in placement.concerns.all()],
        ),
        Part(
            "questionnaires",
            _("Questionnaires"),
            [_questionnaire(response) for response in placement.questionnaires.all()],
        ),
    ]
    return record


def _questionnaire(response: QuestionnaireResponse) -> Item:
    record = item(response, "questionnaire", QUESTIONNAIRE_FIELDS)
    titled(record, f"{response.template.name} ({response.get_moment_display()})")
    answers = Answer.objects.filter(response=response).select_related("question")
    record.parts = [
        Part(
            "answers",
            _("Answers"),
            [
                Item("answer", [_question(answer), field_value(answer, "value")])
                for answer in answers.order_by("question__order", "question_id")
            ],
        )
    ]
    return record


def _question(answer: Answer) -> Value:
    return value("question", _("question"), answer.question.text)


def referral_items(family: Family) -> list[Item]:
    referrals = Referral.objects.filter(family=family).select_related(
        "partner",
        "caregiver",
        "created_by",
        "client__application",
        "client__organisation",
        "consent",
    )
    return [_referral(referral) for referral in referrals.order_by("created_at", "id")]


def _referral(referral: Referral) -> Item:
    consent = referral.consent
    consent_text = (
        f"{consent.get_purpose_display()} ({text(consent.given_at)})" if consent else None
    )
    details = referral.details
    extra = [
        value("caregiver", _("caregiver"), caregiver_name(referral.caregiver)),
        value(
            "consent", _("consent relied on"), str(consent.pk) if consent else None, consent_text
        ),
        value("payload", _("shared details"), details, details_text(details)),
    ]
    record = item(referral, "referral", REFERRAL_FIELDS, extra=extra)
    title = f"{referral.get_direction_display()}: {referral.partner.name}"
    return titled(record, f"{title} ({text(referral.created_at)})")


def details_text(details: object) -> str:
    """A referral's shared or received details (a small JSON object) as one readable line."""
    if isinstance(details, dict):
        parts = [
            f"{detail_label(key)}: {_detail_value(key, entry)}"
            for key, entry in details.items()
            if entry not in (None, "", [])
        ]
        return "; ".join(parts) or "—"
    if isinstance(details, list):
        return " | ".join(details_text(entry) for entry in details) or "—"
    return text(details)


def _detail_value(key: str, entry: object) -> str:
    if key in LANGUAGE_FIELDS and isinstance(entry, list):
        return languages_text(str(code) for code in entry)
    return details_text(entry)
