"""A demo user signs in through the real browser and sees the dashboard in Vietnamese."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_unit_head_signs_in_and_sees_the_vietnamese_dashboard(live_server, page):
    call_command("seed_demo", verbosity=0)
    page.goto(f"{live_server.url}/")
    assert "/dang-nhap/" in page.url
    page.get_by_label("Tên đăng nhập").fill("thutruong")
    page.get_by_label("Mật khẩu").fill("CongVu@2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", level=1).inner_text() == "Xin chào, Trần Quốc Bảo"
    assert page.get_by_role("link", name="Cơ quan, đơn vị").is_visible()
    assert "UBND thành phố Hà Nội" in page.content()
    page.screenshot(path="test-artifacts/dashboard-768.png", full_page=True)


def test_wrong_password_then_directory_search_at_tablet_width(live_server, page):
    call_command("seed_demo", verbosity=0)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("tonghop")
    page.get_by_label("Mật khẩu").fill("sai")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").first.is_visible()
    page.get_by_label("Mật khẩu").fill("CongVu@2026")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Cơ quan, đơn vị").click()
    page.get_by_label("Tìm kiếm").fill("my an hung b")
    page.get_by_label("Tìm kiếm").press("Enter")
    page.wait_for_load_state()
    assert page.get_by_role("link", name="UBND xã Mỹ An Hưng B").is_visible()
