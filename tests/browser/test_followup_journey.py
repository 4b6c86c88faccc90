"""The addressee reports with a file, the inspector rejects with a reason, the addressee
reports again, the inspector accepts, and the visit closes."""

import datetime
import io
import re

import pytest
from PIL import Image

from accounts.enums import OrganizationKind as K
from accounts.enums import Role
from findings.services import add_recommendation, record_finding
from inspections.models import Visit
from inspections.services import finish_fieldwork, start_visit

from ..factories import (
    PASSWORD,
    OrganizationFactory,
    PlanFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
    content_area,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def concluded_visit(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    hanoi = OrganizationFactory(name="UBND thành phố Hà Nội", code="HN", kind=K.PROVINCE)
    home_affairs = OrganizationFactory(parent=hanoi, name="Sở Nội vụ", code="HN-SNV")
    ward = OrganizationFactory(
        parent=hanoi, name="UBND phường Hàng Trống", code="HN-HT", kind=K.COMMUNE
    )
    inspector = UserFactory(
        username="thanhvien",
        full_name="Nguyễn Thu Hà",
        organization=home_affairs,
        role=Role.INSPECTOR,
    )
    lead = UserFactory(username="truongdoan", organization=home_affairs, role=Role.TEAM_LEAD)
    UserFactory(
        username="donvi", full_name="Lê Văn Nam", organization=ward, role=Role.INSPECTED_OFFICER
    )
    plan = PlanFactory(
        issuer=hanoi,
        created_by=lead,
        targets=[ward],
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2099, 1, 1),
    )
    team = TeamFactory(organization=home_affairs, plan=plan, head=lead, members=[inspector])
    visit = VisitFactory(
        team=team, plan=plan, inspected_organization=ward, kind="surprise", created_by=lead
    )
    start_visit(lead, visit)
    finding = record_finding(
        inspector,
        visit,
        content_area=content_area(3),
        kind="shortcoming",
        title="Máy lấy số tự động bị hỏng",
    )
    recommendation = add_recommendation(
        inspector,
        visit,
        finding=finding,
        addressee=ward,
        kind="remedy",
        action="Sửa chữa máy lấy số tự động tại bộ phận một cửa.",
        due_date=datetime.date.today() + datetime.timedelta(days=15),
    )
    finish_fieldwork(lead, visit)
    Visit.objects.filter(pk=visit.pk).update(status="concluded")  # its notice was issued
    return recommendation


def field(scope, label):
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}( \*)?\s*$"))


def sign_in(page, base, username):
    page.goto(f"{base}/dang-nhap/")
    field(page, "Tên đăng nhập").fill(username)
    field(page, "Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")


def report(page, base, text, tmp_path=None):
    page.goto(f"{base}/")
    page.get_by_role("link", name="Kiến nghị", exact=True).click()
    page.get_by_role("link", name=re.compile("Sửa chữa máy lấy số")).click()
    field(page, "Nội dung đã thực hiện").fill(text)
    if tmp_path is not None:
        photo = tmp_path / "may-lay-so-moi.jpg"
        buffer = io.BytesIO()
        Image.new("RGB", (320, 240), (20, 90, 160)).save(buffer, format="JPEG")
        photo.write_bytes(buffer.getvalue())
        field(page, "Tệp minh chứng").set_input_files(photo)
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.get_by_text("Báo cáo đã được gửi đến đoàn kiểm tra.").wait_for()


def open_as_inspector(page, base, recommendation):
    page.goto(f"{base}/kien-nghi/{recommendation.pk}/")


def test_report_reject_report_again_accept_and_the_visit_closes(
    live_server, browser, page, concluded_visit, tmp_path
):
    base = live_server.url
    # Two people, two browsers: the ward's officer and the inspector.
    sign_in(page, base, "donvi")
    inspector_context = browser.new_context(viewport={"width": 768, "height": 1024})
    inspector = inspector_context.new_page()
    inspector.set_default_timeout(20_000)
    sign_in(inspector, base, "thanhvien")
    try:
        journey(base, page, inspector, concluded_visit, tmp_path)
    finally:
        inspector_context.close()


def journey(base, page, inspector, concluded_visit, tmp_path):
    report(page, base, "Đã liên hệ hãng để sửa máy.", tmp_path)
    assert page.locator("img[alt='may-lay-so-moi.jpg']").count() == 1

    open_as_inspector(inspector, base, concluded_visit)
    field(inspector, "Lý do không chấp nhận").fill("Chưa có biên bản nghiệm thu máy đã sửa.")
    inspector.get_by_role("button", name="Không chấp nhận báo cáo").click()
    inspector.get_by_text("Đã không chấp nhận báo cáo").wait_for()

    report(page, base, "Máy đã sửa xong; gửi kèm biên bản nghiệm thu ngày 05/12.")
    assert "Chưa có biên bản nghiệm thu máy đã sửa." in page.content()

    open_as_inspector(inspector, base, concluded_visit)
    inspector.get_by_role("button", name="Chấp nhận báo cáo", exact=True).click()
    inspector.get_by_text("Đã chấp nhận báo cáo; kiến nghị đã hoàn thành.").wait_for()
    assert Visit.objects.get(pk=concluded_visit.visit_id).status == "closed"
    inspector.goto(f"{base}/cuoc-kiem-tra/{concluded_visit.visit_id}/")
    assert "Đã kết thúc" in inspector.content()
