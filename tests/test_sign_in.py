"""Sign-in pages in Vietnamese, lock-out after repeated failures, strong passwords."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from .factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/dang-nhap/"


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_login_page_is_in_vietnamese_by_default(client):
    page = client.get(LOGIN).content.decode()
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page
    assert "Mật khẩu" in page


def test_correct_password_signs_in_and_reaches_the_dashboard(client, world):
    response = sign_in(client, "hanoi_head", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    dashboard = client.get(reverse("home")).content.decode()
    assert world.hanoi_head.full_name in dashboard
    assert "UBND thành phố Hà Nội" in dashboard


def test_wrong_password_shows_a_clear_vietnamese_error_and_keeps_the_user_name(client, world):
    response = sign_in(client, "hanoi_head", "sai-mat-khau")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tên đăng nhập và mật khẩu chính xác" in page
    assert 'value="hanoi_head"' in page


def test_account_is_locked_after_five_failures_even_with_the_right_password(client, world):
    for _ in range(5):
        sign_in(client, "hanoi_head", "sai-mat-khau")
    response = sign_in(client, "hanoi_head", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "tạm khóa" in page
    assert "_auth_user_id" not in client.session


def test_lock_out_of_one_account_does_not_lock_another(client, world):
    for _ in range(5):
        sign_in(client, "hanoi_head", "sai-mat-khau")
    assert sign_in(client, "inspector", PASSWORD).status_code == 302


def test_sign_out_requires_post_and_ends_the_session(client, world):
    client.force_login(world.inspector)
    assert client.get("/dang-xuat/").status_code == 405
    client.post("/dang-xuat/")
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("weak", ["12345678901234", "password1234", "abc", "hanoi_head123"])
def test_weak_passwords_are_rejected(world, weak):
    with pytest.raises(ValidationError):
        validate_password(weak, user=world.hanoi_head)


def test_password_change_with_a_weak_password_shows_errors_in_vietnamese(client, world):
    client.force_login(world.inspector)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert "Mật khẩu quá ngắn" in response.content.decode()


def test_password_reset_by_e_mail_with_a_single_use_link(client, world, mailoutbox):
    world.inspector.email = "thanhvien@example.org"
    world.inspector.save()
    response = client.post("/quen-mat-khau/", {"email": "thanhvien@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert "Đặt lại mật khẩu" in message.subject
    link = next(line for line in message.body.splitlines() if "/dat-lai-mat-khau/" in line)
    path = link.split("testserver", 1)[-1].strip()
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    new = "Một-mật-khẩu-mới-2026"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    world.inspector.refresh_from_db()
    assert world.inspector.check_password(new)
    again = client.get(path, follow=True)
    assert "Liên kết không còn hiệu lực" in again.content.decode()


def test_unknown_address_reveals_nothing(client, world, mailoutbox):
    response = client.post("/quen-mat-khau/", {"email": "khong-co@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_sessions_expire_after_inactivity(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
