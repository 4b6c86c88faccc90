"""Shared fixtures: a small named world for permission tests, query counting, a real worker."""

import os
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.test.utils import CaptureQueriesContext

from accounts.enums import OrganizationKind as K
from accounts.enums import Role

from .factories import OrganizationFactory, UserFactory

pytest_plugins = ["tests.worker"]


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    """Uploads and PDFs of a test go to its own temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@receiver(setting_changed)
def _celery_follows_settings(setting, value, **kwargs):
    """The Celery app reads its configuration once; a test that sets
    `settings.CELERY_TASK_ALWAYS_EAGER = True` (tasks in-process, no worker) reaches it too,
    and the override's undo restores it."""
    if setting == "CELERY_TASK_ALWAYS_EAGER":
        from config.celery import app

        app.conf.task_always_eager = bool(value)


@pytest.fixture(autouse=True)
def fresh_report_figures(settings):
    """Tests change data and read the dashboard at once: no kept figures (a test of the cache
    turns it on)."""
    settings.REPORT_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def no_api_throttling(settings):
    """Tests call the API far faster than people: throttling is off unless a test of it sets
    `settings.API_THROTTLE_RATES` (and clears the cache) itself."""
    settings.API_THROTTLE_RATES = {}
    settings.API_TOKEN_FAILURES = None


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing with PBKDF2 on every factory user would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    """A small country whose people have fixed relations, so tests read like prose.

    TTCP (national) ── Vụ KH-TH (analyst)
    Hà Nội ── Sở Nội vụ (inspector, team lead) ── …
           ├─ (unit head of Hà Nội)
           └─ quận Hoàn Kiếm ── phường Hàng Trống (officer)
    Đồng Tháp ── huyện Lấp Vò ── xã Mỹ An Hưng B (officer of a sibling province)
    """

    ttcp: object
    ttcp_planning: object
    hanoi: object
    hanoi_home_affairs: object
    hoan_kiem: object
    hang_trong: object
    dong_thap: object
    lap_vo: object
    my_an_hung_b: object
    analyst: object
    hanoi_head: object
    inspector: object
    team_lead: object
    ward_officer: object
    dong_thap_officer: object
    admin: object


def ensure_reference_data() -> None:
    """What data migrations create (roles, the five content areas). A transactional test's
    flush empties it, and a later transactional test may need it again."""
    import importlib

    from django.apps import apps

    for module, function in [
        ("accounts.migrations.0002_roles", "create_roles"),
        ("inspections.migrations.0002_content_areas", "create_areas"),
    ]:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def world(db) -> World:
    ensure_reference_data()
    ttcp = OrganizationFactory(
        name="Thanh tra Chính phủ", code="TTCP", kind=K.INSPECTORATE, is_national=True
    )
    ttcp_planning = OrganizationFactory(
        parent=ttcp, name="Vụ Kế hoạch - Tổng hợp", code="TTCP-KHTH"
    )
    hanoi = OrganizationFactory(name="UBND thành phố Hà Nội", code="HN", kind=K.PROVINCE)
    home_affairs = OrganizationFactory(parent=hanoi, name="Sở Nội vụ", code="HN-SNV")
    hoan_kiem = OrganizationFactory(
        parent=hanoi, name="UBND quận Hoàn Kiếm", code="HN-HK", kind=K.DISTRICT
    )
    hang_trong = OrganizationFactory(
        parent=hoan_kiem, name="UBND phường Hàng Trống", code="HN-HT", kind=K.COMMUNE
    )
    dong_thap = OrganizationFactory(name="UBND tỉnh Đồng Tháp", code="DT", kind=K.PROVINCE)
    lap_vo = OrganizationFactory(
        parent=dong_thap, name="UBND huyện Lấp Vò", code="DT-LV", kind=K.DISTRICT
    )
    my_an_hung_b = OrganizationFactory(
        parent=lap_vo, name="UBND xã Mỹ An Hưng B", code="DT-LV-MAHB", kind=K.COMMUNE
    )
    return World(
        ttcp=ttcp,
        ttcp_planning=ttcp_planning,
        hanoi=hanoi,
        hanoi_home_affairs=home_affairs,
        hoan_kiem=hoan_kiem,
        hang_trong=hang_trong,
        dong_thap=dong_thap,
        lap_vo=lap_vo,
        my_an_hung_b=my_an_hung_b,
        analyst=UserFactory(
            username="analyst", organization=ttcp_planning, role=Role.MINISTRY_ANALYST
        ),
        hanoi_head=UserFactory(username="hanoi_head", organization=hanoi, role=Role.UNIT_HEAD),
        inspector=UserFactory(username="inspector", organization=home_affairs, role=Role.INSPECTOR),
        team_lead=UserFactory(username="team_lead", organization=home_affairs, role=Role.TEAM_LEAD),
        ward_officer=UserFactory(
            username="ward_officer", organization=hang_trong, role=Role.INSPECTED_OFFICER
        ),
        dong_thap_officer=UserFactory(
            username="dt_officer", organization=my_an_hung_b, role=Role.INSPECTED_OFFICER
        ),
        admin=UserFactory(username="admin", organization=ttcp, role=Role.ADMINISTRATOR),
    )


@contextmanager
def count_queries():
    """`with count_queries() as q: ...; len(q)` — the SQL statements run inside."""
    with CaptureQueriesContext(connection) as captured:
        yield captured


def queries_for(client, url: str) -> int:
    """SQL statements of one GET, for a client that signed in with `force_login`."""
    with count_queries() as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    if os.environ.get("SHOW_QUERIES"):
        for query in captured.captured_queries:
            print(query["sql"][:200])
    return len(captured)


def api_queries_for(api, user, url: str) -> int:
    """SQL statements of one API GET as `user`, fetched afresh so no cached role hides a query."""
    from accounts.models import User

    api.force_authenticate(User.objects.get(pk=user.pk))
    return queries_for(api, url)


@dataclass
class Planning:
    """Hà Nội's 2023 plan and team, with a scheduled and a not-yet-started surprise visit.

    team: team_lead (head) and inspector (member), formed by Sở Nội vụ under the city's plan.
    scheduled: a scheduled visit to quận Hoàn Kiếm.
    surprise: a surprise visit to phường Hàng Trống, not started (secret from the ward).
    dong_thap_visit: Lấp Vò's own team visiting xã Mỹ An Hưng B (invisible to Hà Nội people).
    """

    plan: object
    team: object
    scheduled: object
    surprise: object
    dong_thap_team: object
    dong_thap_visit: object


@pytest.fixture
def planning(world) -> Planning:
    from .factories import PlanFactory, TeamFactory, VisitFactory

    plan = PlanFactory(
        code="12/KH-UBND",
        title="Kế hoạch kiểm tra công vụ năm 2023 của UBND thành phố Hà Nội",
        issuer=world.hanoi,
        created_by=world.team_lead,
        targets=[world.hoan_kiem, world.hang_trong],
    )
    team = TeamFactory(
        name="Đoàn kiểm tra công vụ thành phố Hà Nội",
        organization=world.hanoi_home_affairs,
        plan=plan,
        head=world.team_lead,
        members=[world.inspector],
    )
    lap_vo_team = TeamFactory(
        name="Tổ kiểm tra công vụ huyện Lấp Vò",
        organization=world.lap_vo,
        decision_number="94/QĐ-UBND.TL",
    )
    return Planning(
        plan=plan,
        team=team,
        scheduled=VisitFactory(
            team=team,
            plan=plan,
            inspected_organization=world.hoan_kiem,
            kind="scheduled",
            created_by=world.team_lead,
        ),
        surprise=VisitFactory(
            team=team,
            plan=plan,
            inspected_organization=world.hang_trong,
            kind="surprise",
            created_by=world.team_lead,
        ),
        dong_thap_team=lap_vo_team,
        dong_thap_visit=VisitFactory(
            team=lap_vo_team,
            plan=None,
            inspected_organization=world.my_an_hung_b,
            kind="surprise",
            created_by=world.dong_thap_officer,
        ),
    )
