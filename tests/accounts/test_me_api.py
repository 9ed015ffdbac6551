import pytest

from tests.conftest import client_for


@pytest.mark.django_db
def test_me_shows_email_name_organisation_and_role(specialist):
    response = client_for(specialist).get("/api/v1/me/")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == specialist.email
    assert body["name"] == specialist.name
    assert body["organisation"] == specialist.organisation.name
    assert body["role"] == "specialist"


@pytest.mark.django_db
def test_anonymous_me_is_a_json_refusal_never_html(client):
    response = client.get("/api/v1/me/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"][0]["code"] == "not_authenticated"
