"""The criteria migration and the findings demo: real wording, right areas, idempotent, secret."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import User
from findings.enums import CheckResult, FindingKind, RecommendationStatus
from findings.models import CriterionCheck, Finding, Recommendation
from inspections.enums import VisitStatus
from inspections.models import ContentArea, Criterion

pytestmark = pytest.mark.django_db

criteria_migration = importlib.import_module("inspections.migrations.0006_seed_criteria")


@pytest.fixture
def seeded():
    call_command("seed_demo", verbosity=0)


# --- The checklist ---------------------------------------------------------------------------

# Each area must hold criteria with these words (docs/design.md §3 says where they belong).
NAMED_CRITERIA = {
    1: [
        "Quy chế làm việc, nội quy cơ quan được sửa đổi, bổ sung kịp thời",
        "họp định kỳ",
        "Công khai lịch công tác tuần",
        "đi công tác, thực hiện công việc đột xuất có báo cáo",
        "Chấp hành thời giờ làm việc, không bỏ vị trí việc làm trong giờ làm việc",
        "Quy tắc ứng xử",
    ],
    2: ["đơn giản hóa, sửa đổi, bãi bỏ TTHC"],
    3: ["Phần mềm một cửa", "máy scan, máy lấy số tự động"],
    4: [
        "Niêm yết đầy đủ quy trình giải quyết TTHC",
        "Văn bản pháp luật mới được cập nhật, công khai",
        "Số hóa hồ sơ, kết quả giải quyết TTHC",
        "dịch vụ công trực tuyến",
    ],
    5: ["Ban hành kế hoạch kiểm tra hằng năm", "Xử lý kỷ luật"],
}


def test_migration_gives_each_content_area_its_criteria():
    for area in ContentArea.objects.all():
        criteria = Criterion.objects.filter(content_area=area, is_active=True)
        assert criteria.count() >= 5, area
        orders = list(criteria.values_list("order", flat=True))
        assert len(set(orders)) == len(orders), area
    for number, needles in NAMED_CRITERIA.items():
        for needle in needles:
            matches = Criterion.objects.filter(title__contains=needle)
            assert matches.count() == 1, needle
            assert matches.get().content_area.number == number, needle


def test_criteria_migration_is_repeatable_and_reverses_around_cited_criteria(seeded):
    before = Criterion.objects.count()
    criteria_migration.create_criteria(apps, None)
    assert Criterion.objects.count() == before

    cited = set(CriterionCheck.objects.values_list("criterion", flat=True)) | set(
        Finding.objects.exclude(criterion=None).values_list("criterion", flat=True)
    )
    criteria_migration.remove_criteria(apps, None)
    # What the demo cites stays (PROTECT); the rest of the seeded checklist is gone.
    assert set(Criterion.objects.values_list("pk", flat=True)) == cited

    criteria_migration.create_criteria(apps, None)
    assert Criterion.objects.count() == before


# --- The demo ----------------------------------------------------------------------------------


def findings_counts() -> dict[str, int]:
    """Every findings model, history tables included, and the checklist."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("findings").get_models()
    }
    counts["inspections.Criterion"] = Criterion.objects.count()
    return counts


def test_seeding_twice_gives_the_same_findings_rows():
    call_command("seed_demo", verbosity=0)
    first = findings_counts()
    call_command("seed_demo", verbosity=0)
    assert findings_counts() == first
    assert first["findings.Finding"] >= 15
    assert first["findings.Recommendation"] >= 10
    assert first["findings.CriterionCheck"] >= 20


def test_demo_findings_sit_on_visits_recorded_by_their_team(seeded):
    findings = Finding.objects.select_related("visit__team", "recorded_by", "criterion")
    assert findings.exists()
    for finding in findings:
        # Recorded during field work; some visits have since been concluded by the demo.
        assert finding.visit.status != VisitStatus.PLANNED
        assert finding.visit.team.members.filter(user=finding.recorded_by).exists()
        if finding.criterion is not None:
            assert finding.criterion.content_area_id == finding.content_area_id
        # Back-dated to the day of the field work.
        assert finding.recorded_at.date() == finding.visit.actual_start.date()
    teams = set(findings.values_list("visit__team__name", flat=True))
    assert teams == {
        "Đoàn kiểm tra công vụ thành phố Hà Nội",
        "Tổ kiểm tra công vụ huyện Lấp Vò",
        "Tổ kiểm tra công tác cải cách hành chính năm 2019",
    }


def test_demo_has_every_kind_of_finding_from_the_sources(seeded):
    kinds = set(Finding.objects.values_list("kind", flat=True))
    assert kinds == set(FindingKind.values)

    violation = Finding.objects.filter(kind=FindingKind.VIOLATION).first()
    assert violation is not None and violation.severity

    good = Finding.objects.get(replicate_nationwide=True)
    assert good.kind == FindingKind.GOOD_PRACTICE
    assert "đơn vị trực thuộc" in good.title
    assert good.recommendations.filter(kind="replicate").exists()

    posted = Finding.objects.get(
        title="Chưa niêm yết đầy đủ quy trình giải quyết thủ tục hành chính"
    )
    assert posted.visit.inspected_organization.name == "UBND phường Hàng Trống"
    assert posted.criterion.title.startswith("Niêm yết đầy đủ quy trình giải quyết TTHC")
    for title in (
        "Chưa kịp thời bổ sung, cập nhật văn bản mới ở một số lĩnh vực",
        "Hệ thống phần mềm “một cửa” dùng chung hay bị lỗi",
        "Chưa duy trì chế độ họp lệ định kỳ theo quy chế đề ra",
        "Thiếu sự đồng bộ trong phối hợp triển khai công việc",
        "Ban hành kết luận thanh tra còn chậm",
    ):
        assert Finding.objects.filter(title=title).exists(), title
    assert Finding.objects.filter(title__contains="V.office").exists()
    assert Finding.objects.filter(title__contains="máy lấy số tự động").exists()
    assert Finding.objects.filter(title__contains="lịch công tác tuần").count() >= 2


def test_checklist_results_use_all_three_answers(seeded):
    results = set(CriterionCheck.objects.values_list("result", flat=True))
    assert results == set(CheckResult.values)
    not_applicable = CriterionCheck.objects.filter(result=CheckResult.NOT_APPLICABLE)
    assert all(check.note for check in not_applicable)


def test_recommendations_go_to_the_inspected_organization_or_its_units(seeded):
    recommendations = Recommendation.objects.select_related(
        "visit__inspected_organization", "addressee", "finding"
    )
    assert recommendations.count() >= 10
    below = 0
    for recommendation in recommendations:
        inspected = recommendation.visit.inspected_organization
        assert recommendation.addressee.path.startswith(inspected.path)
        below += recommendation.addressee != inspected
        if recommendation.visit.status == "reporting":  # not yet published: untouched
            assert recommendation.status == RecommendationStatus.OPEN
        else:  # the follow-up demo (one due date is kept a week ahead on purpose)
            assert recommendation.status in RecommendationStatus.values
        if recommendation.finding is not None:
            assert recommendation.finding.visit_id == recommendation.visit_id
    assert below >= 1  # e.g. Văn phòng đăng ký đất đai, under Sở Tài nguyên và Môi trường
    ttcp = recommendations.filter(visit__plan__code="1436/KH-TTCP")
    assert ttcp.count() >= 4
    assert set(ttcp.values_list("due_date", flat=True)) == {datetime.date(2019, 12, 31)}
    assert recommendations.filter(finding=None).exists()


def test_inspected_unit_sees_none_of_the_findings(seeded):
    donvi = User.objects.get(username="donvi")
    own = Finding.objects.filter(visit__inspected_organization=donvi.organization)
    assert own.count() >= 3  # recorded at phường Hàng Trống on 7/2/2022
    assert not Finding.objects.visible_to(donvi).exists()
    # Recommendations reach the ward only through an issued conclusion (the demo issues one).
    for recommendation in Recommendation.objects.visible_to(donvi).select_related("visit"):
        assert recommendation.visit.status in {"concluded", "following_up", "closed"}
    # The team sees what it recorded.
    member = User.objects.get(username="thanhvien")
    assert set(own) <= set(Finding.objects.visible_to(member))
