"""An inspector records a visit in the workspace without reloading; a second inspector's
conflicting edit is caught and loses nothing."""

import io
import re

import pytest
from PIL import Image

from accounts.enums import OrganizationKind as K
from accounts.enums import Role
from findings.models import CriterionCheck, Evidence, Finding, Recommendation
from inspections.services import start_visit

from ..factories import (
    PASSWORD,
    CriterionFactory,
    OrganizationFactory,
    PlanFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
    content_area,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def started_visit(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    hanoi = OrganizationFactory(name="UBND thành phố Hà Nội", code="HN", kind=K.PROVINCE)
    home_affairs = OrganizationFactory(parent=hanoi, name="Sở Nội vụ", code="HN-SNV")
    ward = OrganizationFactory(
        parent=hanoi, name="UBND phường Hàng Trống", code="HN-HT", kind=K.COMMUNE
    )
    lead = UserFactory(
        username="truongdoan",
        full_name="Đinh Mạnh Hùng",
        organization=home_affairs,
        role=Role.TEAM_LEAD,
    )
    first = UserFactory(
        username="thanhvien",
        full_name="Nguyễn Thu Hà",
        organization=home_affairs,
        role=Role.INSPECTOR,
    )
    second = UserFactory(
        username="thanhvien2",
        full_name="Trần Văn Minh",
        organization=home_affairs,
        role=Role.INSPECTOR,
    )
    plan = PlanFactory(issuer=hanoi, created_by=lead, targets=[ward])
    team = TeamFactory(organization=home_affairs, plan=plan, head=lead, members=[first, second])
    visit = VisitFactory(
        team=team,
        plan=plan,
        inspected_organization=ward,
        kind="surprise",
        planned_start="2023-03-01",
        planned_end="2023-03-01",
        created_by=lead,
    )
    start_visit(lead, visit)
    visit.test_criterion = CriterionFactory(
        content_area=content_area(3), title="Bảng niêm yết TTHC tại bộ phận một cửa (thử)"
    )
    return visit


def field(scope, label: str):
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}( \*)?\s*$"))


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/dang-nhap/")
    field(page, "Tên đăng nhập").fill(username)
    field(page, "Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/")


def add_finding(page, add_link, kind: str, title: str, **extra):
    add_link.click()
    form = page.locator("form.finding-form").last
    form.get_by_label(kind, exact=True).check()
    field(form, "Tiêu đề").fill(title)
    if "severity" in extra:
        field(form, "Mức độ").select_option(label=extra["severity"])
    if extra.get("replicate"):
        field(form, "Nhân rộng trong cả nước").check()
    form.get_by_role("button", name="Lưu kết quả").click()
    card = page.locator("article.finding", has_text=title)
    card.wait_for()
    return card


def png(path):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (180, 40, 40)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_inspector_records_three_findings_with_photo_and_recommendation_without_reload(
    live_server, browser, page, started_visit, tmp_path
):
    base = live_server.url
    sign_in(page, base, "thanhvien")
    page.goto(f"{base}/cuoc-kiem-tra/{started_visit.pk}/")
    page.get_by_role("link", name="Mở trang làm việc").click()
    page.wait_for_url("**/lam-viec/")
    page.evaluate("window.__stillTheSamePage = true")

    row = page.locator(f"#criterion-{started_visit.test_criterion.pk}")
    row.get_by_role("button", name="Chưa đạt").click()
    row.locator("button[aria-pressed=true]", has_text="Chưa đạt").wait_for()

    shortcoming = add_finding(
        page,
        row.get_by_role("link", name="+ Thêm kết quả kiểm tra"),
        "Tồn tại, hạn chế",
        "Chưa niêm yết đầy đủ quy trình giải quyết TTHC",
    )
    area1 = page.locator("#area-1 .free-findings")
    add_finding(
        page,
        area1.get_by_role("link", name="+ Thêm kết quả kiểm tra"),
        "Cách làm hay, sáng tạo",
        "Đơn vị tự kiểm tra công vụ các đơn vị trực thuộc",
        replicate=True,
    )
    area5 = page.locator("#area-5 .free-findings")
    add_finding(
        page,
        area5.get_by_role("link", name="+ Thêm kết quả kiểm tra"),
        "Vi phạm",
        "Công chức vắng mặt trong giờ làm việc không có lý do",
        severity="Nghiêm trọng",
    )

    shortcoming.get_by_text("Đính kèm minh chứng").click()
    shortcoming.get_by_label("Tệp").set_input_files(png(tmp_path / "niem-yet.png"))
    shortcoming.get_by_label("Chú thích").fill("Bảng niêm yết thiếu quy trình")
    shortcoming.get_by_role("button", name="Tải lên").click()
    shortcoming = page.locator("article.finding", has_text="Chưa niêm yết đầy đủ")
    shortcoming.get_by_role("img", name="Bảng niêm yết thiếu quy trình").wait_for()

    shortcoming.get_by_text("Thêm kiến nghị").click()
    field(shortcoming, "Nội dung kiến nghị").fill("Niêm yết đầy đủ các quy trình giải quyết TTHC.")
    field(shortcoming, "Thời hạn").fill("2099-12-31")
    shortcoming.get_by_role("button", name="Lưu kiến nghị").click()
    page.locator(
        "article.finding li.recommendation", has_text="Niêm yết đầy đủ các quy trình"
    ).wait_for()

    assert page.evaluate("window.__stillTheSamePage") is True
    assert CriterionCheck.objects.get().result == "not_met"
    assert sorted(Finding.objects.values_list("kind", flat=True)) == [
        "good_practice",
        "shortcoming",
        "violation",
    ]
    assert Evidence.objects.get().thumbnail
    assert Recommendation.objects.get().finding.title.startswith("Chưa niêm yết")
    page.screenshot(path="test-artifacts/workspace-768.png", full_page=True)


def test_second_inspectors_conflicting_edit_is_caught_and_keeps_their_text(
    live_server, browser, page, started_visit
):
    from ..factories import FindingFactory

    finding = FindingFactory(
        visit=started_visit,
        content_area=content_area(3),
        title="Phần mềm một cửa dùng chung hay bị lỗi",
        recorded_by=started_visit.created_by,
    )
    base = live_server.url
    other_context = browser.new_context(viewport={"width": 768, "height": 1024})
    other = other_context.new_page()
    other.set_default_timeout(10_000)
    try:
        sign_in(page, base, "thanhvien")
        sign_in(other, base, "thanhvien2")
        for p in (page, other):
            p.goto(f"{base}/cuoc-kiem-tra/{started_visit.pk}/lam-viec/")
            p.locator(f"#finding-{finding.pk}").get_by_role("link", name="Sửa").click()
            p.locator("form.finding-form").wait_for()

        field(page.locator("form.finding-form"), "Tiêu đề").fill("Phần mềm một cửa lỗi 3 lần/tuần")
        page.get_by_role("button", name="Lưu kết quả").click()
        page.locator("article.finding", has_text="lỗi 3 lần/tuần").wait_for()

        form = other.locator("form.finding-form")
        field(form, "Mô tả").fill("Ngày 27/01 phần mềm ngừng hoạt động từ 8h đến 10h.")
        form.get_by_role("button", name="Lưu kết quả").click()
        other.get_by_text("Người khác đã lưu kết quả này trong lúc bạn đang sửa.").wait_for()
        form = other.locator("form.finding-form")
        assert field(form, "Mô tả").input_value() == (
            "Ngày 27/01 phần mềm ngừng hoạt động từ 8h đến 10h."
        )
        assert "Phần mềm một cửa lỗi 3 lần/tuần" in form.inner_text()  # the saved version
        finding.refresh_from_db()
        assert finding.title == "Phần mềm một cửa lỗi 3 lần/tuần"
        assert finding.description == ""
    finally:
        other_context.close()
