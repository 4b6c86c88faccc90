"""Vietnamese by default, English on request, through Django i18n."""

import pytest

pytestmark = pytest.mark.django_db


def test_dashboard_is_in_vietnamese_with_diacritics(client, world):
    client.force_login(world.hanoi_head)
    page = client.get("/").content.decode()
    assert "Tổng quan" in page
    assert "Cơ quan, đơn vị" in page
    assert "Đăng xuất" in page


def test_language_switch_to_english_and_back(client, world):
    client.force_login(world.hanoi_head)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Overview" in page
    assert "Sign out" in page
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Tổng quan" in client.get("/").content.decode()


def test_unknown_language_is_ignored_not_an_error(client, world):
    client.force_login(world.hanoi_head)
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert "Tổng quan" in client.get("/").content.decode()


def test_role_names_are_translated(client, world):
    client.force_login(world.hanoi_head)
    assert "Thủ trưởng đơn vị" in client.get("/tai-khoan/").content.decode()


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client):
    page = client.get("/dang-nhap/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page
