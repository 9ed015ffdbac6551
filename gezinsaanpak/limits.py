"""The limits on what people and software may send: one place, used by the models, the
web forms, the API serializers and so the published schema.

A limit here is the largest value a person could reasonably need, not a storage size:
a family file holds at most four caregivers and eight children, a visit note fits on a
screen. The API refuses anything over a limit with a 400 (the schema says so); a page
shows the form again with the message.
"""

from __future__ import annotations

import datetime

# Names (first and family names of caregivers and children, parents met at BoekStart).
NAME_MAX = 100
# A visit note, a coordinator meeting's note, a voucher's note, a referral's explanation.
NOTE_MAX = 2000
# The family file's own notes, a safety concern: longer, still one screen.
LONG_TEXT_MAX = 5000
# A concern about a caregiver's reading and writing or a child's development.
CONCERN_TEXT_MAX = 2000
REASON_TEXT_MAX = NOTE_MAX
# Why a family's data is exported for something other than the family's own request.
EXPORT_REASON_MAX = 500
FEEDBACK_MAX = NOTE_MAX

# Lists: the same in the pages, the staff API and the partner API.
CAREGIVERS_MAX = 4
CHILDREN_MAX = 8
LANGUAGES_MAX = 10
VOUCHERS_PER_SESSION_MAX = 200
# Files handed to a new case owner in one go (two pages of the family list).
CASE_OWNER_BATCH_MAX = 100
# Family ids one breach may keep from its scoping (ids only, never values).
BREACH_SCOPE_MAX = 100_000

# Dates that anyone types or sends: a birth date, a visit, a filter. Outside these a value
# is a typing error (or a probe), never a real day in this service.
DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)
# The same range as a pattern for the schema (years 1900-2100; the date itself is checked
# as a date): a client sees the range before sending.
DATE_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"
DATETIME_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}[T ]"
