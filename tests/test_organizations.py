"""The organization tree: subtrees in one query, accent-insensitive search, directory pages."""

import pytest
from django.urls import reverse

from accounts.enums import OrganizationKind as K
from accounts.models import Organization
from core.text import fold

from .conftest import count_queries, queries_for
from .factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_fold_removes_vietnamese_diacritics_and_maps_d_stroke():
    assert fold("UBND xã Mỹ An Hưng B") == "ubnd xa my an hung b"
    assert fold("Đồng Tháp") == "dong thap"
    assert fold("  Sở   Nội vụ ") == "so noi vu"


def test_subtree_includes_every_depth_in_one_query(world):
    village = OrganizationFactory(parent=world.my_an_hung_b, name="Ấp An Hòa", kind=K.OTHER)
    with count_queries() as captured:
        names = set(Organization.objects.subtree_of(world.dong_thap).values_list("name", flat=True))
    assert len(captured) == 1
    assert names == {
        "UBND tỉnh Đồng Tháp",
        "UBND huyện Lấp Vò",
        "UBND xã Mỹ An Hưng B",
        village.name,
    }
    assert "UBND thành phố Hà Nội" not in names


def test_subtree_query_uses_a_prefix_match_on_the_path(world):
    sql = str(Organization.objects.subtree_of(world.dong_thap).query)
    assert "LIKE" in sql.upper()


@pytest.mark.parametrize(
    "query",
    ["my an hung b", "MỸ AN HƯNG B", "Mỹ An Hung", "hung my an", "DT-LV-MAHB", "xa my an hung b"],
)
def test_search_ignores_accents_case_and_word_order(world, query):
    assert list(Organization.objects.search(query)) == [world.my_an_hung_b]


def test_search_matches_d_with_d_stroke(world):
    assert world.dong_thap in Organization.objects.search("dong thap")
    assert world.dong_thap in Organization.objects.search("Đồng")


def test_search_keeps_folded_text_current_after_rename(world):
    world.lap_vo.name = "UBND huyện Lấp Vò mới"
    world.lap_vo.save()
    assert world.lap_vo in Organization.objects.search("lap vo moi")


def test_directory_search_page_finds_without_accents(client, world):
    client.force_login(world.analyst)
    response = client.get(reverse("accounts:organization_list"), {"q": "my an hung b"})
    assert response.status_code == 200
    assert "UBND xã Mỹ An Hưng B" in response.content.decode()
    assert "UBND thành phố Hà Nội" not in response.content.decode()


def test_directory_with_an_unknown_kind_shows_a_form_error(client, world):
    client.force_login(world.analyst)
    response = client.get(reverse("accounts:organization_list"), {"kind": "planet"})
    assert response.status_code == 400
    assert "không phải là một trong các lựa chọn" in response.content.decode()


def test_directory_page_query_count_does_not_grow_with_rows(client, world):
    client.force_login(world.analyst)
    url = reverse("accounts:organization_list") + "?q=don+vi"
    for _ in range(5):
        OrganizationFactory(parent=world.hanoi)
    few = queries_for(client, url)
    for _ in range(45):
        OrganizationFactory(parent=world.hoan_kiem)
    many = queries_for(client, url)
    assert few == many


def test_organization_detail_query_count_does_not_grow_with_children(client, world):
    client.force_login(world.hanoi_head)
    url = reverse("accounts:organization_detail", args=[world.hanoi.pk])
    few = queries_for(client, url)
    for _ in range(20):
        OrganizationFactory(parent=world.hanoi)
    assert queries_for(client, url) == few
