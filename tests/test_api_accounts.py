"""The organization and user API applies the same visibility as the pages."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .conftest import api_queries_for
from .factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_anonymous_request_is_refused(api, world):
    assert api.get("/api/v1/organizations/").status_code in (401, 403)


def test_token_authentication_works(api, world):
    token = Token.objects.create(user=world.ward_officer)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/organizations/")
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == ["HN-HT"]


def test_invisible_organization_is_404_in_the_api(api, world):
    api.force_authenticate(world.dong_thap_officer)
    assert api.get(f"/api/v1/organizations/{world.hanoi.pk}/").status_code == 404


def test_subtree_filter_on_an_invisible_root_returns_nothing(api, world):
    api.force_authenticate(world.dong_thap_officer)
    response = api.get("/api/v1/organizations/", {"subtree": world.hanoi.pk})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_accent_insensitive_search_in_the_api(api, world):
    api.force_authenticate(world.analyst)
    response = api.get("/api/v1/organizations/", {"q": "my an hung b"})
    assert [row["name"] for row in response.json()["results"]] == ["UBND xã Mỹ An Hưng B"]


@pytest.mark.parametrize(
    "params",
    [{"kind": "planet"}, {"subtree": "abc"}, {"is_national": "maybe"}, {"ordering": "password"}],
)
def test_malformed_filters_are_400_or_ignored_never_500(api, world, params):
    api.force_authenticate(world.analyst)
    response = api.get("/api/v1/organizations/", params)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.json()


def test_malformed_kind_gives_field_error_in_vietnamese(api, world):
    api.force_authenticate(world.analyst)
    response = api.get("/api/v1/organizations/", {"kind": "planet"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_non_numeric_id_is_404(api, world):
    api.force_authenticate(world.analyst)
    assert api.get("/api/v1/organizations/abc/").status_code == 404


def test_me_returns_own_profile_and_roles(api, world):
    api.force_authenticate(world.hanoi_head)
    body = api.get("/api/v1/users/me/").json()
    assert body["username"] == "hanoi_head"
    assert body["roles"] == ["unit_head"]


def test_users_of_other_branches_are_not_listed(api, world):
    api.force_authenticate(world.dong_thap_officer)
    names = [row["username"] for row in api.get("/api/v1/users/").json()["results"]]
    assert names == ["dt_officer"]


def test_organization_list_endpoint_query_count_is_constant(api, world):
    url = "/api/v1/organizations/"
    for _ in range(5):
        OrganizationFactory(parent=world.hanoi)
    few = api_queries_for(api, world.analyst, url)
    for _ in range(45):
        OrganizationFactory(parent=world.lap_vo)
    assert api_queries_for(api, world.analyst, url) == few


def test_user_list_endpoint_query_count_is_constant(api, world):
    from .factories import UserFactory

    few = api_queries_for(api, world.analyst, "/api/v1/users/")
    for _ in range(30):
        UserFactory(organization=world.hanoi, role="inspector")
    assert api_queries_for(api, world.analyst, "/api/v1/users/") == few


def test_openapi_schema_and_docs_are_served_locally(client, world):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/organizations/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()
