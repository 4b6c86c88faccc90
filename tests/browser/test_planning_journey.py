"""A team lead plans in the browser: plan, legal bases, team, visits; a surprise visit starts."""

import re

import pytest

from accounts.enums import OrganizationKind as K
from accounts.enums import Role
from inspections.models import Visit

from ..factories import PASSWORD, LegalDocumentFactory, OrganizationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def city():
    hanoi = OrganizationFactory(name="UBND thành phố Hà Nội", code="HN", kind=K.PROVINCE)
    home_affairs = OrganizationFactory(parent=hanoi, name="Sở Nội vụ", code="HN-SNV")
    ward = OrganizationFactory(
        parent=hanoi, name="UBND phường Hàng Trống", code="HN-HT", kind=K.COMMUNE
    )
    department = OrganizationFactory(parent=hanoi, name="Sở Xây dựng", code="HN-SXD")
    government = OrganizationFactory(name="Chính phủ", code="CP", kind=K.OTHER, is_national=True)
    LegalDocumentFactory(
        number="26/CT-TTg",
        issuer=government,
        title="Chấn chỉnh, tăng cường công tác thanh tra, kiểm tra công vụ",
    )
    lead = UserFactory(
        username="truongdoan",
        full_name="Đinh Mạnh Hùng",
        organization=home_affairs,
        role=Role.TEAM_LEAD,
    )
    UserFactory(
        username="thanhvien",
        full_name="Nguyễn Thu Hà",
        organization=home_affairs,
        role=Role.INSPECTOR,
    )
    officer = UserFactory(
        username="donvi", full_name="Lê Văn Nam", organization=ward, role=Role.INSPECTED_OFFICER
    )
    return {"lead": lead, "ward": ward, "department": department, "officer": officer}


def field(page, label: str):
    """The input labelled exactly `label` (a required field's label ends with " *")."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}( \*)?\s*$"))


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/dang-nhap/")
    field(page, "Tên đăng nhập").fill(username)
    field(page, "Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/")


def test_team_lead_plans_forms_a_team_generates_visits_and_starts_a_surprise_visit(
    live_server, page, city
):
    base = live_server.url
    sign_in(page, base, "truongdoan")

    # 1. A plan with its legal basis and two targets.
    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name="Lập kế hoạch").click()
    field(page, "Số, ký hiệu").fill("12/KH-UBND")
    field(page, "Tiêu đề").fill("Kế hoạch kiểm tra công vụ năm 2024")
    field(page, "Cơ quan ban hành").select_option(label="UBND thành phố Hà Nội")
    field(page, "Ngày ban hành").fill("2024-01-10")
    field(page, "Năm").fill("2024")
    field(page, "Ngày bắt đầu").fill("2024-02-01")
    field(page, "Ngày kết thúc").fill("2024-12-31")
    field(page, "Đơn vị được kiểm tra").select_option(
        label=["UBND phường Hàng Trống", "Sở Xây dựng"]
    )
    field(page, "Chỉ thị 26/CT-TTg").check()
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/ke-hoach/*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Kế hoạch kiểm tra công vụ năm 2024"
    assert "26/CT-TTg" in page.content()
    plan_url = page.url

    # 2. The team, with the lead as head and an inspector as member.
    page.get_by_role("link", name="Thành lập đoàn").click()
    field(page, "Tên").fill("Đoàn kiểm tra công vụ thành phố năm 2024")
    field(page, "Cơ quan thành lập").select_option(label="Sở Nội vụ")
    field(page, "Số quyết định").fill("35/QĐ-SNV")
    field(page, "Ngày quyết định").fill("2024-01-20")
    field(page, "Cán bộ 2").select_option(label="Nguyễn Thu Hà")
    field(page, "Vai trò trong đoàn 2").select_option(label="Thành viên")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/doan/*/")
    assert "Đinh Mạnh Hùng" in page.content()
    assert "Nguyễn Thu Hà" in page.content()

    # 3. Surprise visits for every target, in one step.
    page.goto(plan_url)
    page.get_by_role("link", name="Tạo cuộc kiểm tra cho các đối tượng").click()
    field(page, "Đoàn kiểm tra").select_option(index=1)
    field(page, "Hình thức kiểm tra").select_option(label="Đột xuất (không báo trước)")
    field(page, "Ngày bắt đầu dự kiến").fill("2024-03-05")
    field(page, "Ngày kết thúc dự kiến").fill("2024-03-05")
    page.get_by_role("button", name="Tạo các cuộc kiểm tra").click()
    page.wait_for_url(plan_url)
    assert "Đã tạo 2 cuộc kiểm tra." in page.content()
    assert Visit.objects.visible_to(city["officer"]).count() == 0

    # 4. Start the surprise visit at the ward.
    page.get_by_role("link", name="UBND phường Hàng Trống").click()
    assert "đơn vị được kiểm tra không thấy cuộc kiểm tra này" in page.content()
    page.get_by_role("button", name="Bắt đầu kiểm tra").click()
    assert page.get_by_role("status").first.inner_text() == "Cuộc kiểm tra đã bắt đầu."
    assert "Đang thực hiện" in page.content()
    page.screenshot(path="test-artifacts/visit-started-768.png", full_page=True)
    visible = Visit.objects.visible_to(city["officer"])
    assert [v.inspected_organization.name for v in visible] == ["UBND phường Hàng Trống"]
