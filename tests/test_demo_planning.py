"""seed_demo fills planning with the real cases of the source articles, idempotently."""

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import User
from inspections.enums import TeamRole, VisitKind, VisitStatus
from inspections.models import InspectionPlan, LegalDocument, Team, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", verbosity=0)


def inspections_counts() -> dict[str, int]:
    """Every inspections model, history tables included: a second run must write nothing."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("inspections").get_models()
    }


def test_seeding_twice_gives_the_same_planning_rows():
    call_command("seed_demo", verbosity=0)
    first = inspections_counts()
    call_command("seed_demo", verbosity=0)
    assert inspections_counts() == first
    assert first["inspections.Visit"] == 24 + 4 + 11


def test_legal_documents_keep_their_exact_numbers_dates_and_issuers(seeded):
    documents = {
        doc.number: doc for doc in LegalDocument.objects.select_related("issuer", "superseded_by")
    }
    expected = {
        "26/CT-TTg": (datetime.date(2023, 10, 20), "Thủ tướng Chính phủ", "directive"),
        "06/CT-TTg": (datetime.date(2016, 9, 5), "Thủ tướng Chính phủ", "directive"),
        "968/CĐ-TTg": (datetime.date(2023, 10, 16), "Thủ tướng Chính phủ", "official_dispatch"),
        "1436/KH-TTCP": (datetime.date(2019, 8, 23), "Thanh tra Chính phủ", "plan"),
        "94/QĐ-UBND.TL": (datetime.date(2023, 12, 4), "UBND huyện Lấp Vò", "decision"),
        "11/2022/QH15": (datetime.date(2022, 11, 14), "Quốc hội", "law"),
        "84/2025/QH15": (datetime.date(2025, 6, 25), "Quốc hội", "law"),
        "39/2022/NĐ-CP": (datetime.date(2022, 6, 18), "Chính phủ", "decree"),
    }
    assert set(expected) <= set(documents)
    for number, (issued_on, issuer, kind) in expected.items():
        document = documents[number]
        assert (document.issued_on, document.issuer.name, document.kind) == (
            issued_on,
            issuer,
            kind,
        ), number
    assert documents["11/2022/QH15"].superseded_by == documents["84/2025/QH15"]
    assert "chấn chỉnh, tăng cường công tác thanh tra, kiểm tra, giám sát hoạt động công vụ" in (
        documents["26/CT-TTg"].title
    )


def test_ttcp_thematic_plan_of_8_december_2023(seeded):
    plan = InspectionPlan.objects.get(issuer__code="TTCP", issued_on=datetime.date(2023, 12, 8))
    assert plan.is_thematic
    assert "trên phạm vi cả nước" in plan.theme
    for opening in ("Một là", "Hai là", "Ba là", "Bốn là", "Năm là"):
        assert opening in plan.purposes
    assert "chính xác, khách quan" in plan.requirements
    assert plan.content_areas.count() == 5
    assert "26/CT-TTg" in set(plan.legal_bases.values_list("number", flat=True))


def test_hanoi_city_team_made_24_visits_in_2022(seeded):
    team = Team.objects.get(name="Đoàn kiểm tra công vụ thành phố Hà Nội")
    roles = dict(team.members.values_list("user__username", "role"))
    assert roles["truongdoan"] == TeamRole.DEPUTY
    assert roles["thanhvien"] == TeamRole.MEMBER
    assert list(roles.values()).count(TeamRole.HEAD) == 1
    visits = Visit.objects.filter(team=team).select_related("inspected_organization")
    assert visits.count() == 24
    assert {visit.planned_start.year for visit in visits} == {2022}
    assert all(visit.plan_id == team.plan_id for visit in visits)

    surprise = [visit for visit in visits if visit.kind == VisitKind.SURPRISE]
    assert len(surprise) == 19
    units = {visit.inspected_organization for visit in surprise}
    assert len(units) == 18
    kinds = sorted(unit.kind for unit in units)
    assert kinds.count("department") == 7
    assert kinds.count("commune") == 9
    assert kinds.count("public_service_unit") == 2

    verification = [visit for visit in visits if visit.kind == VisitKind.VERIFICATION]
    assert sorted(visit.inspected_organization.name for visit in verification) == sorted(
        [
            "Sở Kế hoạch và Đầu tư",
            "Sở Tài nguyên và Môi trường",
            "Sở Quy hoạch - Kiến trúc",
            "Sở Xây dựng",
            "Văn phòng đăng ký đất đai Hà Nội",
        ]
    )
    statuses = [visit.status for visit in visits]
    assert statuses.count(VisitStatus.REPORTING) > 12
    assert VisitStatus.PLANNED in statuses


def test_lap_vo_team_made_two_scheduled_and_two_surprise_visits(seeded):
    team = Team.objects.get(name="Tổ kiểm tra công vụ huyện Lấp Vò", organization__code="DT-LV")
    assert (team.decision_number, team.decision_date) == (
        "94/QĐ-UBND.TL",
        datetime.date(2023, 12, 4),
    )
    homes = set(team.members.values_list("home_organization__code", flat=True))
    assert {"DT-LV-PNV", "DT-LV-VP", "DT-LV-PTP", "DT-LV-TT", "DT-LV-VHTT"} <= homes
    assert "DT-LV" not in homes
    kinds = sorted(team.visits.values_list("kind", flat=True))
    assert kinds == ["scheduled", "scheduled", "surprise", "surprise"]
    assert team.visits.filter(
        kind=VisitKind.SURPRISE, inspected_organization__name="UBND xã Mỹ An Hưng B"
    ).exists()


def test_ttcp_2019_reform_check_visited_eight_units_from_16_to_25_september(seeded):
    plan = InspectionPlan.objects.get(issuer__code="TTCP", code="1436/KH-TTCP")
    scheduled = plan.visits.filter(kind=VisitKind.SCHEDULED)
    assert scheduled.count() == 8
    assert set(scheduled.values_list("inspected_organization__name", flat=True)) == {
        "Cục IV",
        "Vụ III",
        "Vụ Giám sát, Thẩm định và Xử lý sau thanh tra",
        "Vụ Hợp tác quốc tế",
        "Vụ Kế hoạch - Tổng hợp",
        "Tạp chí Thanh tra",
        "Trung tâm Thông tin",
        "Vụ Pháp chế",
    }
    for visit in scheduled:
        assert datetime.date(2019, 9, 16) <= visit.planned_start <= datetime.date(2019, 9, 25)
        assert visit.planned_end <= datetime.date(2019, 9, 25)
        assert visit.status in {VisitStatus.REPORTING, VisitStatus.CONCLUDED}  # 1865 issued
        assert visit.actual_start.date() == visit.planned_start
    desk = plan.visits.filter(kind=VisitKind.DESK_REVIEW)
    assert desk.filter(inspected_organization__name="Văn phòng Thanh tra Chính phủ").exists()
    assert not desk.filter(inspected_organization__in=scheduled.values("inspected_organization"))


def test_ward_user_sees_the_started_surprise_visit_but_not_the_planned_one(seeded):
    donvi = User.objects.get(username="donvi")
    surprise = Visit.objects.filter(
        inspected_organization=donvi.organization, kind=VisitKind.SURPRISE
    )
    started = surprise.filter(actual_start__isnull=False)
    secret = surprise.filter(actual_start__isnull=True, status=VisitStatus.PLANNED)
    assert started.exists() and secret.exists()
    visible = Visit.objects.visible_to(donvi)
    assert set(started) <= set(visible)
    assert not visible.filter(pk__in=secret.values("pk")).exists()
    # The team sees both.
    deputy = User.objects.get(username="truongdoan")
    assert set(surprise) <= set(Visit.objects.visible_to(deputy))
