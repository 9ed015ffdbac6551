"""The access-log writer: one line per family, names not values, constant queries."""

from __future__ import annotations

import itertools
import uuid

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from gezinsaanpak.audit import log as access_log
from gezinsaanpak.audit import verify
from gezinsaanpak.audit.request_context import RequestContextMiddleware
from gezinsaanpak.models.audit import (
    AccessEvent,
    AccessLogChain,
    Action,
    ActorKind,
    AppendOnlyError,
    Outcome,
)

pytestmark = pytest.mark.django_db


def _families(n: int) -> list[uuid.UUID]:
    return [uuid.uuid4() for _ in range(n)]


def _entries(family_ids: list[uuid.UUID]) -> list[access_log.Entry]:
    return [
        access_log.Entry("family", object_id=str(f), family_id=f, fields=("postcode", "phone"))
        for f in family_ids
    ]


def test_a_list_of_n_families_writes_exactly_n_lines_naming_those_ids(specialist):
    shown = _families(50)
    access_log.record_many(actor=specialist, action=Action.LIST, entries=_entries(shown))

    lines = AccessEvent.objects.filter(action=Action.LIST)
    assert lines.count() == 50
    assert sorted(lines.values_list("family_id", flat=True)) == sorted(shown)
    assert set(lines.values_list("object_id", flat=True)) == {str(f) for f in shown}


@pytest.mark.parametrize("n", [1, 10, 200])
def test_writing_n_lines_takes_the_same_few_queries(specialist, django_assert_max_num_queries, n):
    access_log.record(actor=specialist, action=Action.READ, object_type="family")  # head exists
    with django_assert_max_num_queries(3):
        access_log.record_many(actor=specialist, action=Action.LIST, entries=_entries(_families(n)))
    assert AccessEvent.objects.filter(action=Action.LIST).count() == n


def test_the_first_line_of_a_chain_creates_its_head_in_a_few_queries(
    specialist, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        access_log.record_many(
            actor=specialist, action=Action.LIST, entries=_entries(_families(20))
        )
    head = AccessLogChain.objects.get(key=str(specialist.organisation_id))
    assert head.sequence == 20


def test_an_empty_list_writes_nothing(specialist, django_assert_num_queries):
    with django_assert_num_queries(0):
        access_log.record_many(actor=specialist, action=Action.LIST, entries=[])


def test_a_line_carries_actor_role_organisation_and_field_names(specialist):
    family_id = uuid.uuid4()
    access_log.record(
        actor=specialist,
        action=Action.UPDATE,
        object_type="family",
        object_id=family_id,
        family_id=family_id,
        fields=("postcode", "caregivers.family_name"),
        reason="address change",
        on_behalf_of="case owner",
    )
    line = AccessEvent.objects.get(family_id=family_id)
    assert line.actor_id == specialist.pk
    assert line.actor_label == specialist.email
    assert line.actor_kind == ActorKind.USER
    assert line.role == "specialist"
    assert line.organisation_id == specialist.organisation_id
    assert line.object_id == str(family_id)
    assert line.fields == ["postcode", "caregivers.family_name"]
    assert line.outcome == Outcome.SUCCESS
    assert (line.reason, line.on_behalf_of) == ("address change", "case owner")
    assert line.chain == str(specialist.organisation_id)
    assert (line.sequence, line.prev_hash) == (1, access_log.GENESIS_HASH)
    assert line.at.utcoffset().total_seconds() == 0


def test_no_plaintext_value_reaches_the_log_table(specialist):
    postcode, phone = "1234AB", "+31612345678"
    access_log.record(
        actor=specialist,
        action=Action.UPDATE,
        object_type="family",
        family_id=uuid.uuid4(),
        fields=("postcode", "phone"),
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {AccessEvent._meta.db_table}")  # noqa: S608
        stored = repr(cursor.fetchall())
    assert "postcode" in stored
    assert postcode not in stored
    assert phone not in stored


@pytest.mark.parametrize("value", ["1234AB", "jan@example.nl", "Jansen", "06 12345678", ""])
def test_a_value_passed_as_a_field_name_is_refused(specialist, value):
    with pytest.raises(ValueError, match="never values"):
        access_log.record(
            actor=specialist, action=Action.READ, object_type="family", fields=(value,)
        )
    assert not AccessEvent.objects.exists()


def test_fields_as_one_string_is_refused(specialist):
    with pytest.raises(TypeError):
        access_log.record(
            actor=specialist, action=Action.READ, object_type="family", fields="postcode"
        )


def test_unknown_action_is_refused(specialist):
    with pytest.raises(ValueError, match="action"):
        access_log.record(actor=specialist, action="peek", object_type="family")


def test_without_an_actor_the_line_is_a_system_line_on_the_system_chain():
    access_log.record(actor=None, action=Action.DELETE, object_type="family")
    line = AccessEvent.objects.get()
    assert (line.actor_id, line.actor_kind, line.actor_label) == (None, "system", "")
    assert (line.chain, line.ip, line.request_id) == ("system", None, "")


def test_an_api_client_is_named_by_label_and_kind(partner_user):
    access_log.record(
        actor=partner_user,
        action=Action.CREATE,
        object_type="referral",
        actor_label="JGZ Zuid client",
        actor_kind=ActorKind.API_CLIENT,
    )
    line = AccessEvent.objects.get()
    assert (line.actor_label, line.actor_kind) == ("JGZ Zuid client", "api_client")


def test_organisations_write_to_separate_chains(specialist, outsider):
    access_log.record(actor=specialist, action=Action.READ, object_type="family")
    access_log.record(actor=outsider, action=Action.READ, object_type="family")
    access_log.record(actor=specialist, action=Action.READ, object_type="family")
    heads = dict(AccessLogChain.objects.values_list("key", "sequence"))
    assert heads == {str(specialist.organisation_id): 2, str(outsider.organisation_id): 1}


def test_each_line_links_to_the_one_before(specialist):
    access_log.record_many(actor=specialist, action=Action.LIST, entries=_entries(_families(3)))
    access_log.record(actor=specialist, action=Action.READ, object_type="family")
    lines = list(AccessEvent.objects.order_by("sequence"))
    assert [line.sequence for line in lines] == [1, 2, 3, 4]
    for before, after in itertools.pairwise(lines):
        assert after.prev_hash == before.hash
    assert all(access_log.line_hash(line) == line.hash for line in lines)
    head = AccessLogChain.objects.get()
    assert (head.sequence, head.hash) == (4, lines[-1].hash)


def test_lines_roll_back_with_the_work_they_describe(specialist):
    def create_that_fails() -> None:
        with transaction.atomic():
            access_log.record(actor=specialist, action=Action.CREATE, object_type="family")
            raise RuntimeError("the create failed")

    with pytest.raises(RuntimeError):
        create_that_fails()
    assert not AccessEvent.objects.exists()
    assert verify.verify().ok


def test_the_application_cannot_change_or_delete_a_line(specialist):
    access_log.record(actor=specialist, action=Action.READ, object_type="family")
    line = AccessEvent.objects.get()
    line.reason = "nothing happened"
    with pytest.raises(AppendOnlyError):
        line.save()
    with pytest.raises(AppendOnlyError):
        line.delete()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=line.pk).update(reason="x")
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().delete()
    assert AccessEvent.objects.get().reason == ""


def test_viewers_of_family_lists_that_family_newest_first(specialist, coordinator):
    family_id, other_id = uuid.uuid4(), uuid.uuid4()
    for fid in (family_id, other_id):
        access_log.record(actor=specialist, action=Action.READ, object_type="family", family_id=fid)
    access_log.record(
        actor=coordinator, action=Action.EXPORT, object_type="family", family_id=family_id
    )
    viewers = access_log.viewers_of_family(family_id)
    assert [(v.actor_id, v.action) for v in viewers] == [
        (coordinator.pk, "export"),
        (specialist.pk, "read"),
    ]
    assert len(access_log.viewers_of_family(family_id, limit=1)) == 1


def test_lines_written_during_a_request_carry_its_ip_and_request_id(specialist):
    def view(request):
        access_log.record(actor=specialist, action=Action.READ, object_type="family")
        return HttpResponse("ok")

    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_REQUEST_ID="proxy-req-1234")
    response = RequestContextMiddleware(view)(request)

    line = AccessEvent.objects.get()
    assert (line.ip, line.request_id) == ("192.0.2.7", "proxy-req-1234")
    assert response["X-Request-ID"] == "proxy-req-1234"


@pytest.mark.parametrize("given", ["", "short", "has spaces in it", "x" * 65, "<script>x</script>"])
def test_an_unusable_request_id_is_replaced_by_a_new_one(given):
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID=given)
    response = RequestContextMiddleware(lambda r: HttpResponse())(request)
    assert str(uuid.UUID(response["X-Request-ID"])) == response["X-Request-ID"]


def test_every_response_echoes_a_request_id(client):
    response = client.get("/healthz")
    assert uuid.UUID(response["X-Request-ID"])
