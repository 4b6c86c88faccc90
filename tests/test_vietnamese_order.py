"""Vietnamese alphabetical order (accounts/collation.py) on every list, dropdown and API
`ordering=`: Anh < Ánh < Ân < Bình < Dũng < Đức < Zung, the same on PostgreSQL (ICU) and SQLite
(the demo's pure-Python key)."""

import random
import sqlite3

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.enums import Role
from accounts.models import Organization, User
from core.collation import COLLATION, compare, register, sort_key, vietnamese
from inspections.forms import MemberForm, PlanForm, VisitForm

from .factories import OrganizationFactory, UserFactory

# Dictionary order: level tone before the others, a < ă < â, d < đ, Đặng (ă) < Đinh (i).
NAMES = ["Anh", "Ánh", "Ân", "Bình", "Dũng", "Đặng", "Đinh", "Đức", "Võ", "Vũ", "Zung"]
# Tạp (a) before Thủ (h): code points put "Th" first.
ORGANIZATIONS = ["Tạp chí Thanh tra", "Thủ tướng Chính phủ"]
# More words, to compare the SQLite key with PostgreSQL's ICU collation.
MORE = [
    *NAMES,
    *ORGANIZATIONS,
    "anh", "ANH", "Anh Tú", "Anhx", "Ảnh", "Àng", "Ãnh", "Ạnh", "An", "Ăn", "Ặn", "Ắn", "Ẫn",
    "a b", "ab", "A1", "A-b", "Ơn", "Ôn", "On", "Úc", "Ưa", "Ua", "Uy", "Áa", "Aá", "đa", "Đa",
    "da", "dz", "Nguyễn Văn A", "Nguyễn Vân", "Nguyễn văn", "Lê", "Lệ", "Lễ", "Lể", "Lè", "Lé",
    "Le", "Lê 10", "Lê 2", "UBND xã Mỹ An Hưng B", "Sở Nội vụ", "Sở nội vụ", "Ủy ban", "Uỷ ban",
    "Yên", "Ý", "Ỳ", "Quỳnh", "Quynh", "Giá", "Già", "Trần", "Tran", "Trân", "Trăn", "",
]  # fmt: skip


def shuffled(values, seed=12):
    values = list(values)
    random.Random(seed).shuffle(values)
    return values


# --- The key function (the SQLite collation), without a database -------------------------------


def test_sort_key_orders_the_vietnamese_alphabet():
    assert sorted(shuffled(NAMES), key=sort_key) == NAMES
    assert sorted(shuffled(ORGANIZATIONS), key=sort_key) == ORGANIZATIONS


def test_sort_key_tones_come_after_the_base_letters_and_case_last():
    # Tones: none, grave, hook, tilde, acute, dot below; a tone never outweighs a later letter.
    assert sorted(["Ạnh", "Ánh", "Ãnh", "Ảnh", "Ành", "Anh"], key=sort_key) == [
        "Anh",
        "Ành",
        "Ảnh",
        "Ãnh",
        "Ánh",
        "Ạnh",
    ]
    assert sorted(["Ánh", "Anhx"], key=sort_key) == ["Ánh", "Anhx"]
    assert sorted(["ANH", "Anh", "anh"], key=sort_key) == ["anh", "Anh", "ANH"]
    # Composed and decomposed spellings weigh the same letters.
    assert sort_key("Đức")[:3] == sort_key("Đu\u031b\u0301c")[:3]


def test_compare_is_a_total_order():
    assert compare("Đức", "Zung") == -1
    assert compare("Zung", "Đức") == 1
    assert compare("Ân", "Ân") == 0


def test_sqlite_collation_registered_on_a_connection_orders_vietnamese():
    database = sqlite3.connect(":memory:")
    try:
        register(database)
        database.execute("CREATE TABLE person (name TEXT)")
        database.executemany("INSERT INTO person VALUES (?)", [(n,) for n in shuffled(NAMES)])
        rows = database.execute(f'SELECT name FROM person ORDER BY name COLLATE "{COLLATION}"')
        assert [name for (name,) in rows] == NAMES
        rows = database.execute(f'SELECT name FROM person ORDER BY name COLLATE "{COLLATION}" DESC')
        assert [name for (name,) in rows] == NAMES[::-1]
    finally:
        database.close()


# --- PostgreSQL: the collation of the migration -------------------------------------------------


@pytest.mark.django_db
def test_postgresql_collation_orders_like_the_sqlite_key():
    """Both databases order the same: the ICU collation and the demo's key agree."""
    if connection.vendor != "postgresql":
        pytest.skip("compares PostgreSQL's ICU collation with the SQLite key")
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT w FROM unnest(%s::text[]) AS w ORDER BY w COLLATE "{COLLATION}"',
            [shuffled(MORE)],
        )
        ordered = [row[0] for row in cursor.fetchall()]
    assert ordered == sorted(MORE, key=sort_key)
    assert [w for w in ordered if w in NAMES] == NAMES


@pytest.fixture
def directory(world):
    """A unit whose sub-units and people are named in shuffled order."""
    unit = OrganizationFactory(parent=world.hanoi_home_affairs, name="Phòng thử", code="HN-PT")
    for k, name in enumerate(shuffled([*NAMES, *ORGANIZATIONS])):
        OrganizationFactory(parent=unit, name=name, code=f"HN-PT-{k}")
    for k, name in enumerate(shuffled(NAMES)):
        UserFactory(username=f"nguoi{k}", full_name=name, organization=unit)
    return unit


def _ours(names, wanted=(*NAMES, *ORGANIZATIONS)):
    return [name for name in names if name in wanted]


@pytest.mark.django_db
def test_users_default_ordering_is_vietnamese(directory):
    assert (
        _ours(User.objects.filter(organization=directory).values_list("full_name", flat=True))
        == NAMES
    )


@pytest.mark.django_db
def test_users_list_page_of_an_organization_is_in_vietnamese_order(client, world, directory):
    client.force_login(world.admin)
    response = client.get(reverse("accounts:organization_detail", args=[directory.pk]))
    assert response.status_code == 200
    assert [user.full_name for user in response.context["members"]] == NAMES
    children = [org.name for org in response.context["children"]]
    assert children == sorted([*NAMES, *ORGANIZATIONS], key=sort_key)


@pytest.mark.django_db
def test_organization_list_page_is_in_vietnamese_order(client, world, directory):
    client.force_login(world.admin)
    response = client.get(reverse("accounts:organization_list"), {"q": "HN-PT"})
    assert response.status_code == 200
    names = [org.name for org in response.context["organizations"]]
    assert _ours(names) == sorted([*NAMES, *ORGANIZATIONS], key=sort_key)
    assert names.index("Tạp chí Thanh tra") < names.index("Thủ tướng Chính phủ")
    assert names.index("Dũng") < names.index("Đức") < names.index("Zung")


@pytest.mark.django_db
def test_organization_and_user_dropdowns_are_in_vietnamese_order(world, directory):
    expected = sorted([*NAMES, *ORGANIZATIONS], key=sort_key)
    lead = world.team_lead
    for queryset in [
        PlanForm(user=lead).fields["issuer"].queryset,
        PlanForm(user=lead).fields["targets"].queryset,
        VisitForm(user=lead).fields["inspected_organization"].queryset,
        MemberForm(user=lead).fields["home_organization"].queryset,
    ]:
        assert _ours(org.name for org in queryset) == expected
    people = MemberForm(user=lead).fields["user"].queryset
    assert _ours(person.full_name for person in people) == NAMES


@pytest.mark.django_db
def test_organization_alphabetical_queryset_and_helper(world, directory):
    children = Organization.objects.filter(
        path__startswith=directory.path, depth=directory.depth + 1
    )
    expected = sorted([*NAMES, *ORGANIZATIONS], key=sort_key)
    assert [o.name for o in children.alphabetical()] == expected
    assert [o.name for o in children.order_by(vietnamese("name").desc())] == expected[::-1]


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.admin)
    return client


def _names(response, field):
    assert response.status_code == 200, response.content
    return [row[field] for row in response.json()["results"]]


@pytest.mark.django_db
def test_api_users_are_in_vietnamese_order_by_default_and_by_ordering(api, directory):
    url = "/api/v1/users/"
    assert _names(api.get(url, {"organization": directory.pk}), "full_name") == NAMES
    ordered = api.get(url, {"organization": directory.pk, "ordering": "full_name"})
    assert _names(ordered, "full_name") == NAMES
    reverse_ordered = api.get(url, {"organization": directory.pk, "ordering": "-full_name"})
    assert _names(reverse_ordered, "full_name") == NAMES[::-1]


@pytest.mark.django_db
def test_api_organizations_are_in_vietnamese_order(api, directory):
    url = "/api/v1/organizations/"
    expected = sorted([*NAMES, *ORGANIZATIONS], key=sort_key)
    params = {"subtree": directory.pk}
    assert _ours(_names(api.get(url, params), "name")) == expected
    assert _ours(_names(api.get(url, {**params, "ordering": "name"}), "name")) == expected
    assert _ours(_names(api.get(url, {**params, "ordering": "-name"}), "name")) == expected[::-1]
    # The tree order is still there on request (codes, not words: no collation).
    tree = _names(api.get(url, {**params, "ordering": "path"}), "name")
    assert tree[0] == "Phòng thử"


@pytest.mark.django_db
def test_api_ordering_of_other_text_fields_is_vietnamese(api, world):
    from .factories import TeamFactory

    for name in shuffled(NAMES):
        TeamFactory(name=f"{name} tổ", organization=world.hanoi_home_affairs)
    names = _names(api.get("/api/v1/teams/", {"ordering": "name"}), "name")
    assert [name.removesuffix(" tổ") for name in names if name.endswith(" tổ")] == NAMES


@pytest.mark.django_db
def test_api_ordering_of_a_user_with_a_team_lead_role(directory, world):
    """Not only administrators: a team lead of the unit gets the same order."""
    lead = UserFactory(username="lead_pt", organization=directory, role=Role.TEAM_LEAD)
    client = APIClient()
    client.force_authenticate(lead)
    response = client.get("/api/v1/users/", {"organization": directory.pk})
    assert _ours(_names(response, "full_name")) == NAMES
