"""Team head submits, unit head returns with a comment, team head revises, unit head approves
and issues; a real Celery worker builds the PDF and its link appears without a reload."""

import datetime
import re

import pytest

from accounts.enums import OrganizationKind as K
from accounts.enums import Role
from findings.services import add_recommendation, record_finding
from inspections.services import finish_fieldwork, start_visit
from reporting.models import Conclusion

from ..factories import (
    PASSWORD,
    OrganizationFactory,
    PlanFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
    content_area,
)

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reporting_visit(shared_media):
    hanoi = OrganizationFactory(name="UBND thành phố Hà Nội", code="HN", kind=K.PROVINCE)
    home_affairs = OrganizationFactory(parent=hanoi, name="Sở Nội vụ", code="HN-SNV")
    district = OrganizationFactory(
        parent=hanoi, name="UBND quận Hoàn Kiếm", code="HN-HK", kind=K.DISTRICT
    )
    lead = UserFactory(
        username="truongdoan",
        full_name="Đinh Mạnh Hùng",
        organization=home_affairs,
        role=Role.TEAM_LEAD,
    )
    UserFactory(
        username="thutruong", full_name="Trần Quốc Bảo", organization=hanoi, role=Role.UNIT_HEAD
    )
    plan = PlanFactory(
        issuer=hanoi,
        created_by=lead,
        targets=[district],
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2099, 12, 31),
    )
    team = TeamFactory(organization=home_affairs, plan=plan, head=lead)
    visit = VisitFactory(team=team, plan=plan, inspected_organization=district, created_by=lead)
    start_visit(lead, visit)
    finding = record_finding(
        lead,
        visit,
        content_area=content_area(3),
        kind="shortcoming",
        title="Chưa niêm yết đầy đủ quy trình giải quyết TTHC",
    )
    add_recommendation(
        lead,
        visit,
        finding=finding,
        addressee=district,
        kind="remedy",
        action="Niêm yết đầy đủ quy trình giải quyết TTHC.",
        due_date=datetime.date.today() + datetime.timedelta(days=30),
    )
    return finish_fieldwork(lead, visit)


def field(scope, label):
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}( \*)?\s*$"))


def sign_in(page, base, username):
    page.goto(f"{base}/dang-nhap/")
    field(page, "Tên đăng nhập").fill(username)
    field(page, "Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def test_submit_return_revise_approve_issue_and_the_pdf_link_appears(
    live_server, browser, page, reporting_visit, celery_worker
):
    base = live_server.url
    sign_in(page, base, "truongdoan")
    page.goto(f"{base}/cuoc-kiem-tra/{reporting_visit.pk}/")
    page.locator("#main").get_by_role("link", name="Kết luận", exact=True).click()
    page.get_by_role("button", name="Dự thảo kết luận").click()
    page.get_by_role("heading", name="Dự thảo thông báo kết luận").wait_for()
    assert "Chưa niêm yết đầy đủ quy trình giải quyết TTHC" in page.content()
    page.get_by_role("button", name="Trình duyệt").click()
    page.get_by_text("Đã trình duyệt kết luận.").wait_for()
    conclusion = Conclusion.objects.get()

    head_context = browser.new_context(viewport={"width": 768, "height": 1024})
    head = head_context.new_page()
    head.set_default_timeout(10_000)
    try:
        sign_in(head, base, "thutruong")
        head.get_by_role("link", name="Chờ duyệt").click()
        head.get_by_role("link", name=conclusion.subject).click()
        field(head.locator("#return"), "Kiến nghị").fill("Nêu rõ thời hạn hoàn thành.")
        head.get_by_role("button", name="Trả lại để chỉnh sửa").click()
        head.get_by_text("Đã trả lại kết luận cho đoàn kiểm tra kèm ý kiến.").wait_for()

        page.reload()
        assert "Nêu rõ thời hạn hoàn thành." in page.content()
        section = page.locator("#section-recommendations")
        section.get_by_role("link", name="Sửa").click()
        form = page.locator("form.section-form")
        field(form, "Nội dung").fill(
            "- UBND quận Hoàn Kiếm: niêm yết đầy đủ quy trình giải quyết TTHC, hoàn thành "
            "trước ngày 31/12."
        )
        form.get_by_role("button", name="Lưu mục này").click()
        page.locator("#section-recommendations", has_text="trước ngày 31/12").wait_for()
        page.get_by_role("button", name="Trình duyệt").click()
        page.get_by_text("Đã trình duyệt kết luận.").wait_for()

        head.reload()
        assert head.locator("#section-recommendations ins").count() >= 1
        head.get_by_role("button", name="Phê duyệt").click()
        head.get_by_text("Kết luận đã được phê duyệt và có thể ban hành.").wait_for()
        head.get_by_role("button", name="Ban hành thông báo").click()
        head.get_by_text("Đã ban hành với số 01/TB-UBND").wait_for()
        head.get_by_role("link", name="Tải tệp PDF").wait_for(timeout=60_000)
        head.screenshot(path="test-artifacts/conclusion-issued-768.png", full_page=True)
    finally:
        head_context.close()
    conclusion.refresh_from_db()
    assert conclusion.pdf_status == "ready"
    assert conclusion.reference == "01/TB-UBND"
