import pytest

from tests.conftest import client_for


@pytest.mark.django_db
def test_healthz_answers_without_login_and_without_data(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_needs_no_database_rows(client, db):
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_openapi_schema_is_published(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]


@pytest.mark.django_db
def test_interactive_docs_are_served_without_outside_hosts(client):
    response = client.get("/api/v1/docs/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui" in content
    assert "cdn.jsdelivr" not in content


@pytest.mark.django_db
def test_unknown_api_url_is_a_json_404(specialist):
    response = client_for(specialist).get("/api/v1/bestaat-niet/")
    assert response.status_code == 404
    assert response.json() == {
        "type": "client_error",
        "errors": [{"code": "not_found", "detail": "Niet gevonden.", "attr": None}],
    }


@pytest.mark.django_db
def test_unknown_page_is_a_dutch_404_page(specialist):
    response = client_for(specialist).get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@pytest.mark.django_db
def test_api_refuses_basic_authentication(specialist):
    import base64

    token = base64.b64encode(f"{specialist.email}:een-lang-test-wachtwoord".encode()).decode()
    from django.test import Client

    response = Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Basic {token}")
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_api_error_body_for_a_wrong_method(specialist):
    response = client_for(specialist).post("/api/v1/me/", {}, content_type="application/json")
    assert response.status_code == 405
    body = response.json()
    assert body["type"] == "client_error"
    assert body["errors"][0]["code"] == "method_not_allowed"


@pytest.mark.django_db
def test_admin_pages_list_users_organisations_and_municipalities(library):
    from tests.factories import UserFactory

    admin = UserFactory(organisation=library, role="admin", is_staff=True, is_superuser=True)
    client = client_for(admin)
    for url in (
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        "/admin/accounts/organisation/",
        "/admin/accounts/municipality/",
    ):
        assert client.get(url).status_code == 200, url
