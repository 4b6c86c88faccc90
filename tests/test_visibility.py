"""Who sees which organizations and users (docs/design.md §5), tested from the side that must
NOT see."""

import pytest
from django.urls import reverse

from accounts.models import Organization, User

pytestmark = pytest.mark.django_db


def visible_codes(user) -> set[str]:
    return set(Organization.objects.visible_to(user).values_list("code", flat=True))


def test_officer_of_a_sibling_province_gets_404_for_a_hanoi_unit(client, world):
    client.force_login(world.dong_thap_officer)
    response = client.get(reverse("accounts:organization_detail", args=[world.hang_trong.pk]))
    assert response.status_code == 404


def test_404_for_an_invisible_unit_looks_like_a_missing_one(client, world):
    client.force_login(world.dong_thap_officer)
    hidden = client.get(reverse("accounts:organization_detail", args=[world.hanoi.pk]))
    missing = client.get(reverse("accounts:organization_detail", args=[999_999]))
    assert hidden.status_code == missing.status_code == 404


def test_ward_officer_sees_only_their_ward(world):
    assert visible_codes(world.ward_officer) == {"HN-HT"}


def test_unit_head_sees_their_subtree_and_not_the_parent_or_siblings(world):
    codes = visible_codes(world.hanoi_head)
    assert {"HN", "HN-SNV", "HN-HK", "HN-HT"} <= codes
    assert not codes & {"DT", "DT-LV", "DT-LV-MAHB", "TTCP"}


def test_inspector_of_a_department_does_not_see_the_city_above(world):
    assert visible_codes(world.inspector) == {"HN-SNV"}


def test_analyst_of_a_national_body_sees_the_whole_country(world):
    assert visible_codes(world.analyst) == set(Organization.objects.values_list("code", flat=True))


def test_analyst_outside_a_national_body_sees_only_their_subtree(world):
    from accounts.enums import Role

    from .factories import UserFactory

    provincial = UserFactory(organization=world.dong_thap, role=Role.MINISTRY_ANALYST)
    assert visible_codes(provincial) == {"DT", "DT-LV", "DT-LV-MAHB"}


def test_user_without_role_or_organization_sees_nothing(world):
    from .factories import UserFactory

    assert visible_codes(UserFactory(organization=None)) == set()


def test_deactivated_user_sees_nothing(world):
    world.hanoi_head.is_active = False
    world.hanoi_head.save()
    assert visible_codes(User.objects.get(pk=world.hanoi_head.pk)) == set()


def test_users_of_another_branch_are_invisible(world):
    visible = set(User.objects.visible_to(world.dong_thap_officer))
    assert world.ward_officer not in visible
    assert world.hanoi_head not in visible


def test_directory_lists_nothing_outside_scope(client, world):
    client.force_login(world.ward_officer)
    page = client.get(reverse("accounts:organization_list")).content.decode()
    assert "UBND phường Hàng Trống" in page
    assert "Mỹ An Hưng B" not in page
    assert "Sở Nội vụ" not in page


def test_detail_page_does_not_show_people_of_other_units(client, world):
    client.force_login(world.hanoi_head)
    page = client.get(reverse("accounts:organization_detail", args=[world.hanoi.pk]))
    assert world.dong_thap_officer.full_name not in page.content.decode()


def test_anonymous_visitor_is_sent_to_sign_in(client, world):
    response = client.get(reverse("accounts:organization_detail", args=[world.hanoi.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
