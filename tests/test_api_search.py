"""`?search=` on every list endpoint of the API (core.api_filters.FoldedSearchFilter): the
same accent-insensitive search as the pages, inside what the user may see, at a constant
number of queries. Unknown query parameters are ignored."""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Notification
from findings.models import Evidence, RemediationReport
from reporting.models import Conclusion

from .conftest import api_queries_for
from .factories import (
    CriterionFactory,
    FindingFactory,
    LegalDocumentFactory,
    OrganizationFactory,
    PlanFactory,
    RecommendationFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

MARK = "Mường Tè"
# With and without diacritics, in capitals, in another word order: every word must match.
QUERIES = ["Mường Tè", "muong te", "MƯỜNG TÈ", "te muong"]


@dataclass
class Plant:
    url: str
    marked: int  # visible, holds the marker
    unrelated: int  # visible, without the marker
    invisible: int | None  # holds the marker, out of the viewer's sight (None: public data)


def _evidence(finding, name, user):
    return Evidence.objects.create(
        finding=finding,
        file=f"evidence/{finding.pk}-{len(name)}.pdf",
        original_name=name,
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=user,
    )


def _conclusion(visit, issuer, user):
    return Conclusion.objects.create(
        visit=visit,
        issuer=issuer,
        subject="Thông báo kết luận kiểm tra công vụ",
        symbol="TB-THU",
        place="Hà Nội",
        created_by=user,
    )


@pytest.fixture
def plants(world, planning) -> dict[str, Plant]:
    """Per endpoint: a marked row and an unrelated row that the team lead sees, and a marked
    row out of sight (Lấp Vò's own work, Đồng Tháp's people and units, another's inbox)."""
    lead, officer = world.team_lead, world.dong_thap_officer
    org = OrganizationFactory(parent=world.hanoi_home_affairs, name="Phòng Mường Tè", code="HN-MT")
    hidden_org = OrganizationFactory(parent=world.lap_vo, name="Xã Mường Tè Lấp Vò", code="LV-MT")
    visit = VisitFactory(
        team=planning.team, plan=planning.plan, inspected_organization=org, created_by=lead
    )
    hidden_visit = VisitFactory(
        team=planning.dong_thap_team,
        plan=None,
        inspected_organization=hidden_org,
        created_by=officer,
    )
    finding = FindingFactory(
        visit=planning.scheduled, title="Bộ phận một cửa Mường Tè đóng cửa sớm", recorded_by=lead
    )
    plain_finding = FindingFactory(visit=planning.scheduled, recorded_by=lead)
    hidden_finding = FindingFactory(
        visit=planning.dong_thap_visit, title="Cán bộ Mường Tè vắng mặt", recorded_by=officer
    )
    recommendation = RecommendationFactory(
        visit=planning.scheduled, action="Mở cửa đúng giờ ở điểm Mường Tè", created_by=lead
    )
    plain_recommendation = RecommendationFactory(visit=planning.scheduled, created_by=lead)
    hidden_recommendation = RecommendationFactory(
        visit=planning.dong_thap_visit, action="Chấn chỉnh ở Mường Tè", created_by=officer
    )

    def report(rec):
        return RemediationReport.objects.create(
            recommendation=rec, text="Đã làm.", submitted_by=lead
        )

    def note(user, title):
        return Notification.objects.create(recipient=user, title=title)

    return {
        "organizations": Plant(
            "/api/v1/organizations/", org.pk, world.hanoi_home_affairs.pk, hidden_org.pk
        ),
        "users": Plant(
            "/api/v1/users/",
            UserFactory(full_name="Lò Thị Mường Tè", organization=world.hanoi_home_affairs).pk,
            world.inspector.pk,
            UserFactory(full_name="Lò Văn Mường Tè", organization=world.lap_vo).pk,
        ),
        "legal-documents": Plant(
            "/api/v1/legal-documents/",
            LegalDocumentFactory(title="Quyết định kiểm tra Mường Tè", issuer=world.hanoi).pk,
            LegalDocumentFactory(issuer=world.hanoi).pk,
            None,
        ),
        "plans": Plant(
            "/api/v1/plans/",
            PlanFactory(title="Kế hoạch kiểm tra Mường Tè", issuer=world.hanoi, created_by=lead).pk,
            planning.plan.pk,
            PlanFactory(title="Kế hoạch Mường Tè", issuer=world.dong_thap, created_by=officer).pk,
        ),
        "teams": Plant(
            "/api/v1/teams/",
            TeamFactory(
                name="Tổ kiểm tra Mường Tè", organization=world.hanoi_home_affairs, head=lead
            ).pk,
            planning.team.pk,
            TeamFactory(name="Tổ Mường Tè Lấp Vò", organization=world.lap_vo).pk,
        ),
        "visits": Plant("/api/v1/visits/", visit.pk, planning.scheduled.pk, hidden_visit.pk),
        "criteria": Plant(
            "/api/v1/criteria/",
            CriterionFactory(title="Niêm yết thủ tục tại Mường Tè").pk,
            CriterionFactory().pk,
            None,
        ),
        "findings": Plant("/api/v1/findings/", finding.pk, plain_finding.pk, hidden_finding.pk),
        "evidence": Plant(
            "/api/v1/evidence/",
            _evidence(plain_finding, "Biên bản Mường Tè.pdf", lead).pk,
            _evidence(plain_finding, "Ảnh chụp.pdf", lead).pk,
            _evidence(hidden_finding, "Mường Tè.pdf", officer).pk,
        ),
        "recommendations": Plant(
            "/api/v1/recommendations/",
            recommendation.pk,
            plain_recommendation.pk,
            hidden_recommendation.pk,
        ),
        "reports": Plant(
            "/api/v1/reports/",
            report(recommendation).pk,
            report(plain_recommendation).pk,
            report(hidden_recommendation).pk,
        ),
        "conclusions": Plant(
            "/api/v1/conclusions/",
            _conclusion(visit, world.hanoi, lead).pk,
            _conclusion(planning.scheduled, world.hanoi, lead).pk,
            _conclusion(hidden_visit, world.dong_thap, officer).pk,
        ),
        "notifications": Plant(
            "/api/v1/notifications/",
            note(lead, "Kết luận kiểm tra Mường Tè đã ban hành").pk,
            note(lead, "Có kiến nghị mới").pk,
            note(world.inspector, "Kiến nghị Mường Tè quá hạn").pk,
        ),
    }


ENDPOINTS = [
    "organizations",
    "users",
    "legal-documents",
    "plans",
    "teams",
    "visits",
    "criteria",
    "findings",
    "evidence",
    "recommendations",
    "reports",
    "conclusions",
    "notifications",
]
# Public reference data: every signed-in user sees all of it.
PUBLIC = {"legal-documents", "criteria"}


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.team_lead)
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("query", QUERIES)
def test_search_finds_the_marked_row_with_or_without_diacritics(api, plants, endpoint, query):
    plant = plants[endpoint]
    everything = ids(api.get(plant.url))
    assert {plant.marked, plant.unrelated} <= everything
    found = ids(api.get(plant.url, {"search": query}))
    assert plant.marked in found
    assert plant.unrelated not in found


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_search_for_nothing_known_returns_no_rows(api, plants, endpoint):
    response = api.get(plants[endpoint].url, {"search": "zzqq"})
    assert ids(response) == set()
    assert response.json()["count"] == 0


@pytest.mark.parametrize("endpoint", [name for name in ENDPOINTS if name not in PUBLIC])
def test_search_never_returns_a_row_out_of_sight(api, plants, endpoint):
    plant = plants[endpoint]
    assert plant.invisible is not None
    assert plant.invisible not in ids(api.get(plant.url))
    for query in QUERIES:
        assert plant.invisible not in ids(api.get(plant.url, {"search": query}))


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_search_keeps_the_query_count_of_the_list(api, world, plants, endpoint):
    url = plants[endpoint].url
    plain = api_queries_for(api, world.team_lead, url)
    searched = api_queries_for(api, world.team_lead, f"{url}?search=muong+te")
    assert searched == plain


def test_content_areas_are_searched_too(api, world):
    url = "/api/v1/content-areas/"
    numbers = {row["number"] for row in api.get(url, {"search": "mot cua"}).json()["results"]}
    assert numbers == {3}
    numbers = {row["number"] for row in api.get(url, {"search": "Một Cửa"}).json()["results"]}
    assert numbers == {3}
    assert api.get(url, {"search": "zzqq"}).json()["count"] == 0


@pytest.mark.parametrize("endpoint", ["organizations", "legal-documents", "plans"])
def test_q_stays_an_alias_of_search(api, plants, endpoint):
    plant = plants[endpoint]
    assert ids(api.get(plant.url, {"q": "muong te"})) == ids(
        api.get(plant.url, {"search": "muong te"})
    )


@pytest.mark.parametrize(
    "value", ["x" * 101, "muong\x00te"], ids=["longer than the search box", "NUL"]
)
def test_malformed_search_is_a_400_with_a_field_error(api, plants, value):
    response = api.get("/api/v1/visits/", {"search": value})
    assert response.status_code == 400
    assert "search" in response.json()


def test_unknown_query_parameters_are_ignored(api, plants):
    for plant in plants.values():
        assert ids(api.get(plant.url, {"colour": "red"})) == ids(api.get(plant.url))
    # A list without search (an export job has no text) ignores `search` like any unknown one.
    exports = api.get("/api/v1/reports/exports/")
    assert api.get("/api/v1/reports/exports/", {"search": "zzqq"}).json() == exports.json()


def test_search_is_documented_in_the_schema_on_every_list_with_search(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    for endpoint in [*ENDPOINTS, "content-areas"]:
        parameters = schema["paths"][f"/api/v1/{endpoint}/"]["get"]["parameters"]
        search = [p for p in parameters if p["name"] == "search"]
        assert search, endpoint
        assert "my an hung b" in search[0]["description"]  # in either language
        assert search[0]["schema"]["maxLength"] == 100
    exports = schema["paths"]["/api/v1/reports/exports/"]["get"]["parameters"]
    assert "search" not in {p["name"] for p in exports}


def test_plan_page_search_ignores_diacritics(client, world, plants):
    client.force_login(world.team_lead)
    response = client.get(reverse("inspections:plan_list"), {"q": "muong te"})
    assert response.status_code == 200
    assert [plan.pk for plan in response.context["page"].object_list] == [plants["plans"].marked]
