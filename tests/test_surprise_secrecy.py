"""A surprise visit stays secret from the inspected side until it actually starts.

Every page that lists, counts, searches or shows visits is checked from the side of the users
who must NOT see it: the ward's officer, the head of the district above the ward (who oversees
the ward but did not organize the visit), and an officer of another province.
"""

import pytest
from django.urls import reverse

from accounts.enums import Role
from inspections import services
from inspections.models import Visit

from .factories import UserFactory

pytestmark = pytest.mark.django_db

WARD = "UBND phường Hàng Trống"


@pytest.fixture
def district_head(world):
    return UserFactory(username="district_head", organization=world.hoan_kiem, role=Role.UNIT_HEAD)


@pytest.fixture
def outsiders(world, district_head):
    return [world.ward_officer, district_head, world.dong_thap_officer]


def get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def main_text(response) -> str:
    """The page's <main> only: the header names the user's own organization."""
    text = response.content.decode()
    return text[text.index("<main") : text.index("</main>")]


def test_visit_list_hides_the_unstarted_surprise_visit(client, planning, outsiders):
    for user in outsiders:
        text = main_text(get(client, user, reverse("inspections:visit_list")))
        assert WARD not in text, user


def test_visit_detail_of_an_unstarted_surprise_visit_is_404(client, planning, outsiders):
    url = reverse("inspections:visit_detail", args=[planning.surprise.pk])
    for user in outsiders:
        assert get(client, user, url).status_code == 404, user


def test_guessing_the_transition_urls_is_404_too(client, planning, outsiders):
    url = reverse("inspections:visit_start", args=[planning.surprise.pk])
    for user in outsiders:
        client.force_login(user)
        assert client.post(url).status_code == 404
    planning.surprise.refresh_from_db()
    assert planning.surprise.actual_start is None


def test_search_and_filters_do_not_find_it(client, planning, outsiders):
    for user in outsiders:
        for params in ({"q": "hang trong"}, {"kind": "surprise"}, {"year": "2023"}):
            response = get(client, user, reverse("inspections:visit_list"), **params)
            assert WARD not in main_text(response), (user, params)


def test_counts_do_not_include_it(client, world, planning):
    response = get(client, world.ward_officer, reverse("inspections:visit_list"))
    assert "0 cuộc kiểm tra" in response.content.decode()


def test_calendar_does_not_show_it(client, planning, outsiders):
    for user in outsiders:
        response = get(client, user, reverse("inspections:my_visits"), month="2023-03")
        assert WARD not in main_text(response), user


def test_plans_and_teams_are_hidden_from_the_inspected_side(client, world, planning):
    client.force_login(world.ward_officer)
    assert planning.plan.code not in client.get(reverse("inspections:plan_list")).content.decode()
    assert (
        client.get(reverse("inspections:plan_detail", args=[planning.plan.pk])).status_code == 404
    )
    assert (
        client.get(reverse("inspections:team_detail", args=[planning.team.pk])).status_code == 404
    )


def test_the_scheduled_visit_is_announced_to_the_district(client, world, planning, district_head):
    text = get(client, district_head, reverse("inspections:visit_list")).content.decode()
    assert "UBND quận Hoàn Kiếm" in text


def test_once_started_the_ward_sees_it_but_another_province_never(client, world, planning):
    services.start_visit(world.team_lead, planning.surprise)
    ward = get(
        client, world.ward_officer, reverse("inspections:visit_detail", args=[planning.surprise.pk])
    )
    assert ward.status_code == 200
    assert WARD in ward.content.decode()
    assert "Lịch sử" not in ward.content.decode()  # the team's audit trail stays internal
    other = get(
        client,
        world.dong_thap_officer,
        reverse("inspections:visit_detail", args=[planning.surprise.pk]),
    )
    assert other.status_code == 404


def test_team_and_organizer_oversight_see_it_before_start(world, planning):
    for user in (world.team_lead, world.inspector, world.hanoi_head, world.analyst):
        assert planning.surprise in Visit.objects.visible_to(user), user


def test_a_cancelled_surprise_visit_that_never_started_stays_hidden(world, planning):
    services.cancel_visit(world.team_lead, planning.surprise, reason="Đổi lịch")
    assert planning.surprise not in Visit.objects.visible_to(world.ward_officer)


def test_lap_vo_surprise_visit_is_hidden_from_the_commune_until_start(world, planning):
    commune_officer = world.dong_thap_officer  # works at UBND xã Mỹ An Hưng B
    assert planning.dong_thap_visit not in Visit.objects.visible_to(commune_officer)
    head = UserFactory(organization=world.lap_vo, role=Role.UNIT_HEAD)
    services.start_visit(head, planning.dong_thap_visit)
    assert planning.dong_thap_visit in Visit.objects.visible_to(commune_officer)
