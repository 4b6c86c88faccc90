"""Roles come from a migration; seed_demo is idempotent and uses the real names."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.enums import Role
from accounts.models import Organization, User

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "inspections", "findings", "reporting", "auth"}
    }


def test_seed_demo_twice_gives_the_same_rows_and_no_history():
    """A second run changes nothing, so it writes no history row either (it used to add one
    per organization and user: 55 and 34 rows a run)."""
    call_command("seed_demo", verbosity=0)
    first = row_counts()
    call_command("seed_demo", verbosity=0)
    second = row_counts()
    assert first == second
    assert first["accounts.Organization"] >= 40
    assert first["accounts.HistoricalOrganization"] == first["accounts.Organization"]
    assert first["accounts.HistoricalUser"] >= first["accounts.User"]


def test_seed_demo_creates_the_organizations_of_the_source_articles():
    call_command("seed_demo", verbosity=0)
    names = set(Organization.objects.values_list("name", flat=True))
    assert {
        "Thanh tra Chính phủ",
        "Cục IV",
        "Vụ III",
        "Vụ Giám sát, Thẩm định và Xử lý sau thanh tra",
        "Vụ Hợp tác quốc tế",
        "Vụ Kế hoạch - Tổng hợp",
        "Tạp chí Thanh tra",
        "Trung tâm Thông tin",
        "Vụ Pháp chế",
        "Bộ Nội vụ",
        "UBND thành phố Hà Nội",
        "Sở Nội vụ",
        "Sở Kế hoạch và Đầu tư",
        "Sở Tài nguyên và Môi trường",
        "Sở Quy hoạch - Kiến trúc",
        "Sở Xây dựng",
        "Văn phòng đăng ký đất đai Hà Nội",
        "UBND tỉnh Đồng Tháp",
        "UBND huyện Lấp Vò",
        "UBND xã Mỹ An Hưng B",
    } <= names
    ttcp = Organization.objects.get(code="TTCP")
    assert Organization.objects.get(name="Vụ Pháp chế").path.startswith(ttcp.path)
    lap_vo = Organization.objects.get(code="DT-LV")
    commune = Organization.objects.get(code="DT-LV-MAHB")
    assert commune.depth == lap_vo.depth + 1
    assert commune.path.startswith(lap_vo.path)


def test_seed_demo_creates_one_user_per_role_who_can_sign_in(client):
    call_command("seed_demo", verbosity=0)
    for role in Role:
        assert User.objects.filter(groups__name=role.value).exists(), role
    response = client.post("/dang-nhap/", {"username": "thanhvien", "password": "CongVu@2026"})
    assert response.status_code == 302
