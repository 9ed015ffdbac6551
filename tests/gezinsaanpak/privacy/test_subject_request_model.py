"""The data-subject request's deadline rules (AVG art. 12(3))."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from gezinsaanpak.models import DataSubjectRequest
from gezinsaanpak.models.subject_request import add_months
from tests.factories import LibraryFactory

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 15), 1, D(2026, 2, 15)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 12, 7), 1, D(2027, 1, 7)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.django_db
def test_deadline_is_one_month_after_receipt_and_stored():
    request = DataSubjectRequest.objects.create(
        organisation=LibraryFactory(), kind="access", received_on=D(2026, 1, 31)
    )
    request.refresh_from_db()
    assert request.deadline == D(2026, 2, 28)
    assert request.due_on == D(2026, 2, 28)


@pytest.mark.django_db
def test_extension_needs_a_reason_and_stays_within_two_more_months():
    request = DataSubjectRequest(
        organisation=LibraryFactory(), kind="erasure", received_on=D(2026, 3, 10)
    )
    request.extended_until = D(2026, 6, 11)
    with pytest.raises(ValidationError) as too_long:
        request.full_clean()
    assert "extended_until" in too_long.value.message_dict
    request.extended_until = D(2026, 6, 10)
    with pytest.raises(ValidationError) as no_reason:
        request.full_clean()
    assert "extension_reason" in no_reason.value.message_dict
    request.extension_reason = "Veel gegevens bij drie partners."
    request.full_clean()
    assert request.due_on == D(2026, 6, 10)


@pytest.mark.django_db
def test_a_closed_request_needs_an_outcome():
    request = DataSubjectRequest(
        organisation=LibraryFactory(), kind="access", received_on=D(2026, 3, 10), status="closed"
    )
    with pytest.raises(ValidationError) as error:
        request.full_clean()
    assert "outcome" in error.value.message_dict


@pytest.mark.django_db
def test_overdue_only_while_open():
    request = DataSubjectRequest(
        organisation=LibraryFactory(), kind="access", received_on=D(2026, 3, 10)
    )
    assert request.overdue(D(2026, 4, 11))
    assert not request.overdue(D(2026, 4, 10))
    request.status = "closed"
    assert not request.overdue(D(2026, 4, 11))
