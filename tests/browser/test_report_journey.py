"""A ministry analyst filters the consolidated report to one province and one year, sees the
charts, downloads the XLSX, and the workbook holds the figures the page showed."""

import datetime
import re

import pytest
from openpyxl import load_workbook

from accounts.enums import OrganizationKind as K
from accounts.enums import Role
from findings.services import add_recommendation, record_finding
from inspections.services import start_visit

from ..factories import (
    PASSWORD,
    FindingFactory,
    OrganizationFactory,
    PlanFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
    content_area,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHEETS = [
    "Báo cáo tổng hợp",
    "Cuộc kiểm tra",
    "Cơ quan, đơn vị",
    "Nội dung kiểm tra",
    "Vi phạm theo mức độ",
    "Kiến nghị",
    "Kết quả kiểm tra",
]


@pytest.fixture
def country():
    """TTCP (national) with its analyst; Hà Nội with visits in 2023 and 2024; Đồng Tháp with a
    visit in 2023. Only Hà Nội's 2023 work belongs in the filtered report."""
    ttcp = OrganizationFactory(
        name="Thanh tra Chính phủ", code="TTCP", kind=K.INSPECTORATE, is_national=True
    )
    UserFactory(
        username="tonghop",
        full_name="Lê Thị Tổng Hợp",
        organization=ttcp,
        role=Role.MINISTRY_ANALYST,
    )
    hanoi = OrganizationFactory(name="UBND thành phố Hà Nội", code="HN", kind=K.PROVINCE)
    home_affairs = OrganizationFactory(parent=hanoi, name="Sở Nội vụ", code="HN-SNV")
    hoan_kiem = OrganizationFactory(
        parent=hanoi, name="UBND quận Hoàn Kiếm", code="HN-HK", kind=K.DISTRICT
    )
    ba_dinh = OrganizationFactory(
        parent=hanoi, name="UBND quận Ba Đình", code="HN-BD", kind=K.DISTRICT
    )
    lead = UserFactory(
        username="truongdoan", organization=home_affairs, role=Role.TEAM_LEAD, full_name="Đinh Hùng"
    )
    plan = PlanFactory(
        code="12/KH-UBND", issuer=hanoi, created_by=lead, targets=[hoan_kiem, ba_dinh]
    )
    team = TeamFactory(organization=home_affairs, plan=plan, head=lead)
    visit = VisitFactory(team=team, plan=plan, inspected_organization=hoan_kiem, created_by=lead)
    VisitFactory(
        team=team,
        plan=plan,
        inspected_organization=ba_dinh,
        kind="surprise",
        planned_start=datetime.date(2023, 9, 4),
        planned_end=datetime.date(2023, 9, 5),
        created_by=lead,
    )
    start_visit(lead, visit)
    record_finding(
        lead,
        visit,
        content_area=content_area(3),
        kind="shortcoming",
        title="Chưa niêm yết đầy đủ quy trình giải quyết TTHC",
    )
    violation = record_finding(
        lead,
        visit,
        content_area=content_area(1),
        kind="violation",
        severity="serious",
        title="Vắng mặt trong giờ làm việc không có lý do",
    )
    record_finding(
        lead,
        visit,
        content_area=content_area(4),
        kind="good_practice",
        title="Số hóa hồ sơ, kết quả giải quyết TTHC",
    )
    add_recommendation(
        lead,
        visit,
        finding=violation,
        addressee=hoan_kiem,
        kind="discipline",
        action="Kiểm điểm trách nhiệm công chức vắng mặt.",
        due_date=datetime.date.today() + datetime.timedelta(days=30),
    )
    later = VisitFactory(
        team=team,
        plan=plan,
        inspected_organization=hoan_kiem,
        planned_start=datetime.date(2024, 4, 1),
        planned_end=datetime.date(2024, 4, 2),
        created_by=lead,
    )
    FindingFactory(visit=later, recorded_by=lead, title="Kết quả năm 2024")
    dong_thap = OrganizationFactory(name="UBND tỉnh Đồng Tháp", code="DT", kind=K.PROVINCE)
    lap_vo = OrganizationFactory(
        parent=dong_thap, name="UBND huyện Lấp Vò", code="DT-LV", kind=K.DISTRICT
    )
    other = VisitFactory(
        team=TeamFactory(organization=lap_vo), inspected_organization=lap_vo, plan=None
    )
    FindingFactory(visit=other, recorded_by=lead, title="Kết quả của tỉnh Đồng Tháp")
    return hanoi


def field(scope, label):
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}( \*)?\s*$"))


def sign_in(page, base, username):
    page.goto(f"{base}/dang-nhap/")
    field(page, "Tên đăng nhập").fill(username)
    field(page, "Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def stat(page, heading: str) -> int:
    card = page.locator("section.card.stat").filter(
        has=page.get_by_role("heading", name=heading, exact=True)
    )
    return int(card.locator(".stat-number").inner_text().strip())


def test_analyst_filters_sees_charts_and_downloads_the_xlsx(live_server, page, country, tmp_path):
    base = live_server.url
    sign_in(page, base, "tonghop")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_role("heading", name="Báo cáo tổng hợp").wait_for()
    field(page, "Năm").fill("2023")
    field(page, "Cơ quan, đơn vị và các đơn vị trực thuộc").select_option(
        label="UBND thành phố Hà Nội"
    )
    page.get_by_role("button", name="Áp dụng").click()
    page.wait_for_url(re.compile(r".*year=2023.*"))

    charts = page.locator("svg.chart")
    assert charts.count() == 4
    charts.first.wait_for(state="visible")
    page.get_by_role("img", name="Cuộc kiểm tra theo hình thức và trạng thái").wait_for()
    shown = {
        "visits": stat(page, "Cuộc kiểm tra"),
        "findings": stat(page, "Kết quả kiểm tra"),
        "recommendations": stat(page, "Kiến nghị"),
        "issued": stat(page, "Kết luận đã ban hành"),
    }
    assert shown == {"visits": 2, "findings": 3, "recommendations": 1, "issued": 0}
    visit_table = [
        [cell.strip() for cell in row.locator("td").all_inner_texts()]
        for row in page.locator("table").first.locator("tbody tr").all()
    ]
    page.screenshot(path="test-artifacts/report-dashboard-768.png", full_page=True)

    with page.expect_download() as download_info:
        page.locator("#export-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    workbook = load_workbook(saved)

    assert workbook.sheetnames[: len(SHEETS)] == SHEETS
    first = workbook["Báo cáo tổng hợp"]
    header = int(first.freeze_panes.lstrip("A")) - 1  # the table starts under the title block
    table = list(first.iter_rows(min_row=header, values_only=True))
    assert table[0] == ("Chỉ tiêu", "Số lượng")
    headline = {row[0]: row[1] for row in table[1:]}
    assert headline["Cuộc kiểm tra"] == shown["visits"]
    assert headline["Kết quả kiểm tra"] == shown["findings"]
    assert headline["Kiến nghị"] == shown["recommendations"]
    assert headline["Kết luận đã ban hành"] == shown["issued"]
    visits = list(workbook["Cuộc kiểm tra"].iter_rows(values_only=True))[1:-1]
    assert [[row[0], *(str(value) for value in row[1:-1])] for row in visits] == visit_table
    findings = list(workbook["Kết quả kiểm tra"].iter_rows(values_only=True))
    assert len(findings) - 1 == shown["findings"]
    titles = {row[1] for row in findings[1:]}
    assert "Vắng mặt trong giờ làm việc không có lý do" in titles
    assert "Kết quả năm 2024" not in titles and "Kết quả của tỉnh Đồng Tháp" not in titles
    described = [
        value for row in workbook.worksheets[-1].iter_rows(values_only=True) for value in row
    ]
    assert 2023 in described and "UBND thành phố Hà Nội" in described
    assert "Lê Thị Tổng Hợp" in described
