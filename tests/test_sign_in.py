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
    assert response["Location"] == reverse("accounts:dashboard")
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
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
    assert client.get(reverse("accounts:dashboard")).status_code == 302


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
