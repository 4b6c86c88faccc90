"""Throttling and authentication answers of the API: quick callers and token guessers are
slowed down with a clear Vietnamese 429; a wrong token gets a proper 401 challenge."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

RATES = {"anon": None, "user": None, "search": None, "summary": None, "exports": None}


@pytest.fixture
def throttled(settings):
    """Throttling on, with the given rates, on a clean cache."""
    cache.clear()

    def configure(**rates):
        settings.API_THROTTLE_RATES = {**RATES, **rates}

    yield configure
    cache.clear()


def _vietnamese_429(response):
    assert response.status_code == 429
    assert "Vui lòng đợi" in response.content.decode()
    assert int(response["Retry-After"]) >= 1


def test_a_user_making_120_quick_calls_is_throttled_after_the_rate(throttled, world):
    throttled(user="100/min")
    api = APIClient()
    api.force_authenticate(world.inspector)
    statuses = [api.get("/api/v1/content-areas/").status_code for _ in range(120)]
    assert statuses[:100] == [200] * 100
    assert set(statuses[100:]) == {429}
    _vietnamese_429(api.get("/api/v1/content-areas/"))


def test_one_users_calls_do_not_use_up_anothers(throttled, world):
    throttled(user="3/min")
    first, second = APIClient(), APIClient()
    first.force_authenticate(world.inspector)
    second.force_authenticate(world.team_lead)
    for _ in range(3):
        assert first.get("/api/v1/content-areas/").status_code == 200
    assert first.get("/api/v1/content-areas/").status_code == 429
    assert second.get("/api/v1/content-areas/").status_code == 200


def test_anonymous_callers_are_throttled_per_address(throttled):
    throttled(anon="3/min")
    api = APIClient()
    for _ in range(3):
        assert api.get("/api/schema/").status_code == 200
    _vietnamese_429(api.get("/api/schema/"))
    other = APIClient(REMOTE_ADDR="10.9.8.7")
    assert other.get("/api/schema/").status_code == 200


def test_guessing_tokens_is_refused_after_the_failure_limit(throttled, settings, world):
    throttled()
    settings.API_TOKEN_FAILURES = "20/hour"
    real = Token.objects.create(user=world.inspector).key
    api = APIClient()
    statuses = []
    for attempt in range(60):
        api.credentials(HTTP_AUTHORIZATION=f"Token {attempt:040x}")
        statuses.append(api.get("/api/v1/visits/").status_code)
    assert statuses[:20] == [401] * 20
    assert set(statuses[20:]) == {429}
    # Even the right token is refused from that address until the window ends.
    api.credentials(HTTP_AUTHORIZATION=f"Token {real}")
    _vietnamese_429(api.get("/api/v1/visits/"))
    # Another address is not punished for it.
    other = APIClient(REMOTE_ADDR="10.1.2.3", HTTP_AUTHORIZATION=f"Token {real}")
    assert other.get("/api/v1/visits/").status_code == 200


def test_the_summary_has_a_tighter_rate_than_lists(throttled, world):
    throttled(summary="2/min", user="100/min")
    api = APIClient()
    api.force_authenticate(world.analyst)
    assert api.get("/api/v1/reports/summary/").status_code == 200
    assert api.get("/api/v1/reports/summary/").status_code == 200
    _vietnamese_429(api.get("/api/v1/reports/summary/"))
    assert api.get("/api/v1/content-areas/").status_code == 200


def test_asking_for_exports_has_its_own_rate_but_reading_them_does_not(throttled, world, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    throttled(exports="1/hour")
    api = APIClient()
    api.force_authenticate(world.analyst)
    assert api.post("/api/v1/reports/exports/", {"format": "csv"}, format="json").status_code in (
        201,
        202,
    )
    _vietnamese_429(api.post("/api/v1/reports/exports/", {"format": "csv"}, format="json"))
    assert api.get("/api/v1/reports/exports/").status_code == 200


def test_searching_has_its_own_rate(throttled, world):
    throttled(search="2/min")
    api = APIClient()
    api.force_authenticate(world.hanoi_head)
    assert api.get("/api/v1/organizations/?search=ha").status_code == 200
    assert api.get("/api/v1/organizations/?search=noi").status_code == 200
    _vietnamese_429(api.get("/api/v1/organizations/?search=hang"))
    assert api.get("/api/v1/organizations/").status_code == 200


# --- Authentication answers -----------------------------------------------------------------


def test_a_wrong_token_answers_401_with_a_challenge(world):
    api = APIClient(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = api.get("/api/v1/visits/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_revoked_token_answers_401_with_a_challenge(world):
    token = Token.objects.create(user=world.inspector)
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/visits/").status_code == 200
    token.delete()
    response = api.get("/api/v1/visits/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_no_credentials_answers_401_with_a_challenge():
    response = APIClient().get("/api/v1/visits/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_session_client_without_csrf_still_gets_403(world):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(world.team_lead)
    response = api.post("/api/v1/legal-documents/", {}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
