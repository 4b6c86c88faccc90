"""The consolidated report page, the findings list behind it and the good-practice library."""

import pytest
from django.urls import reverse

from accounts.models import User
from findings.services import record_finding
from inspections.models import Visit
from inspections.services import start_visit
from reporting.dashboard import ReportFilters, summary

from .conftest import queries_for
from .factories import FindingFactory, RecommendationFactory, content_area

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(world, planning):
    start_visit(world.team_lead, planning.scheduled)
    record_finding(
        world.inspector,
        planning.scheduled,
        content_area=content_area(3),
        kind="shortcoming",
        title="Chưa niêm yết đầy đủ quy trình",
    )
    record_finding(
        world.inspector,
        planning.scheduled,
        content_area=content_area(5),
        kind="good_practice",
        title="Tự kiểm tra công vụ các đơn vị trực thuộc",
        replicate_nationwide=True,
    )
    record_finding(
        world.inspector,
        planning.scheduled,
        content_area=content_area(1),
        kind="violation",
        severity="serious",
        title="Vắng mặt trong giờ làm việc",
    )
    return planning.scheduled


def test_figures_for_a_province_and_a_year(world, planning, recorded):
    figures = summary(world.analyst, ReportFilters(year=2023, organization=world.hanoi.pk))
    assert figures["visits"]["total"] == 2
    assert figures["findings"]["total"] == 3
    area3 = next(row for row in figures["findings"]["by_area"] if row["number"] == 3)
    assert {k["kind"]: k["count"] for k in area3["by_kind"]}["shortcoming"] == 1
    severity = {row["severity"]: row["count"] for row in figures["violations_by_severity"]}
    assert severity["serious"] == 1
    other = summary(world.analyst, ReportFilters(year=2023, organization=world.dong_thap.pk))
    assert other["findings"]["total"] == 0


def test_the_page_shows_charts_and_links(client, world, recorded):
    client.force_login(world.analyst)
    response = client.get(
        reverse("reporting:report_dashboard"), {"year": "2023", "organization": world.hanoi.pk}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "<svg" in text and "Kết quả kiểm tra theo nội dung và loại" in text
    assert reverse("findings:finding_list") in text


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"date_from": "2023-13-01"},
        {"visit_kind": "secret"},
        {"quarter": "7"},
        {"date_from": "2023-05-01", "date_to": "2023-01-01"},
    ],
)
def test_malformed_filters_give_a_form_error(client, world, params):
    client.force_login(world.analyst)
    response = client.get(reverse("reporting:report_dashboard"), params)
    assert response.status_code == 400
    assert "field-error" in response.content.decode()


def test_a_filter_on_an_organization_out_of_sight_shows_no_data(client, world, planning, recorded):
    client.force_login(world.hanoi_head)
    response = client.get(
        reverse("reporting:report_dashboard"), {"organization": world.dong_thap.pk}
    )
    assert response.status_code == 400
    assert "Vắng mặt" not in response.content.decode()


def test_the_inspected_side_sees_no_figures_of_drafts(world, recorded):
    figures = summary(world.ward_officer, ReportFilters())
    assert figures["findings"]["total"] == 0
    assert figures["visits"]["total"] == 0


def test_dashboard_query_count_is_constant(client, world, planning, recorded):
    client.force_login(User.objects.get(pk=world.analyst.pk))
    url = reverse("reporting:report_dashboard") + "?year=2023"
    few = queries_for(client, url)
    for _ in range(40):
        finding = FindingFactory(visit=recorded, recorded_by=world.inspector)
        RecommendationFactory(visit=recorded, finding=finding, created_by=world.inspector)
    assert queries_for(client, url) == few


def test_kept_figures_are_reused_per_user_and_filters_and_say_when(
    client, world, recorded, settings
):
    from django.core.cache import cache

    settings.REPORT_CACHE_SECONDS = 120
    cache.clear()
    client.force_login(User.objects.get(pk=world.analyst.pk))
    url = reverse("reporting:report_dashboard") + "?year=2023"
    computed = queries_for(client, url)
    kept = queries_for(client, url)
    assert kept < computed  # the aggregates are not run again
    first = client.get(url)
    assert "Số liệu tính lúc" in first.content.decode()
    assert first.context["figures"]["findings"]["total"] == 3
    FindingFactory(visit=recorded, recorded_by=world.inspector)
    again = client.get(url)
    assert again.context["figures"]["findings"]["total"] == 3  # kept: the new one not yet
    assert again.context["computed_at"] == first.context["computed_at"]
    # Other filters, or another user, are computed for themselves.
    other = client.get(reverse("reporting:report_dashboard") + "?year=2023&quarter=1")
    assert other.context["figures"]["findings"]["total"] == 4
    client.force_login(User.objects.get(pk=world.hanoi_head.pk))
    assert client.get(url).context["figures"]["findings"]["total"] == 4
    cache.clear()


def test_overview_counters_are_kept_and_say_when(client, world, recorded, settings):
    from django.core.cache import cache

    settings.REPORT_CACHE_SECONDS = 120
    cache.clear()
    client.force_login(User.objects.get(pk=world.team_lead.pk))
    url = reverse("home")
    computed = queries_for(client, url)
    kept = queries_for(client, url)
    assert kept < computed
    page = client.get(url)
    assert "Số liệu tính lúc" in page.content.decode()
    before = page.context["recommendation_counts"]["open"]
    finding = FindingFactory(visit=recorded, recorded_by=world.inspector)
    RecommendationFactory(visit=recorded, finding=finding, created_by=world.team_lead)
    assert client.get(url).context["recommendation_counts"]["open"] == before
    cache.clear()
    assert client.get(url).context["recommendation_counts"]["open"] == before + 1


def test_the_dashboard_answers_when_the_cache_does_not(client, world, recorded, settings):
    settings.REPORT_CACHE_SECONDS = 120
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    client.force_login(world.analyst)
    response = client.get(reverse("reporting:report_dashboard") + "?year=2023")
    assert response.status_code == 200
    assert response.context["figures"]["findings"]["total"] == 3


def test_findings_list_query_count_is_constant(client, world, planning, recorded):
    client.force_login(User.objects.get(pk=world.analyst.pk))
    url = reverse("findings:finding_list")
    few = queries_for(client, url)
    for _ in range(45):
        FindingFactory(visit=recorded, recorded_by=world.inspector)
    assert queries_for(client, url) == few


def test_good_practice_library_finds_without_accents(client, world, recorded):
    client.force_login(world.team_lead)
    text = client.get(reverse("findings:good_practices"), {"q": "tu kiem tra"}).content.decode()
    assert "Tự kiểm tra công vụ các đơn vị trực thuộc" in text


def test_unpublished_good_practices_of_another_branch_are_hidden(client, world, recorded):
    client.force_login(world.dong_thap_officer)
    text = client.get(reverse("findings:good_practices")).content.decode()
    assert "Tự kiểm tra công vụ" not in text
    Visit.objects.filter(pk=recorded.pk).update(status="concluded")
    text = client.get(reverse("findings:good_practices")).content.decode()
    assert "Tự kiểm tra công vụ" in text  # published: findable nationwide


def test_home_shows_each_role_what_awaits_it(client, world, planning):
    from .factories import PlanFactory

    PlanFactory(
        issuer=world.hanoi,
        status="draft",
        code="99/KH-UBND",
        title="Kế hoạch chờ phê duyệt",
        created_by=world.team_lead,
    )
    client.force_login(world.team_lead)
    lead_page = client.get(reverse("home")).content.decode()
    assert "UBND quận Hoàn Kiếm" in lead_page  # the team's upcoming visit
    client.force_login(world.hanoi_head)
    head_page = client.get(reverse("home")).content.decode()
    assert "Kế hoạch chờ phê duyệt" in head_page
    client.force_login(world.ward_officer)
    ward_page = client.get(reverse("home")).content.decode()
    assert "Kế hoạch chờ phê duyệt" not in ward_page
    assert "UBND quận Hoàn Kiếm" not in ward_page.split("<main", 1)[1]


def test_home_query_count_is_constant(client, world, planning, recorded):
    client.force_login(User.objects.get(pk=world.team_lead.pk))
    few = queries_for(client, reverse("home"))
    for _ in range(20):
        RecommendationFactory(visit=recorded, created_by=world.inspector)
    client.force_login(User.objects.get(pk=world.team_lead.pk))
    assert queries_for(client, reverse("home")) == few
