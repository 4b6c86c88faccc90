"""Planning in the browser's server side: forms, transitions, bad input, query counts."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import User
from inspections.enums import PlanStatus, VisitStatus
from inspections.models import InspectionPlan, LegalDocument, Team, Visit

from .conftest import queries_for
from .factories import (
    LegalDocumentFactory,
    OrganizationFactory,
    PlanFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


def plan_data(world, **overrides):
    data = {
        "code": "35/KH-UBND",
        "title": "Kế hoạch kiểm tra công vụ năm 2024",
        "issuer": world.hanoi.pk,
        "issued_on": "2024-01-15",
        "year": "2024",
        "starts_on": "2024-02-01",
        "ends_on": "2024-12-15",
        "targets": [world.hoan_kiem.pk, world.hang_trong.pk],
        "purposes": "Đánh giá việc chấp hành kỷ luật, kỷ cương hành chính.",
    }
    data.update(overrides)
    return data


def page_text(response) -> str:
    return response.content.decode()


# --- Plans ----------------------------------------------------------------------------------------


def test_team_lead_creates_a_draft_plan_with_all_five_areas_by_default(client, world):
    document = LegalDocumentFactory(number="26/CT-TTg", issuer=world.ttcp)
    client.force_login(world.team_lead)
    response = client.post(
        reverse("inspections:plan_create"), plan_data(world, legal_bases=[document.pk])
    )
    assert response.status_code == 302
    plan = InspectionPlan.objects.get(code="35/KH-UBND")
    assert plan.status == PlanStatus.DRAFT
    assert plan.content_areas.count() == 5
    assert list(plan.legal_bases.all()) == [document]
    assert plan.history.first().history_user == world.team_lead


def test_plan_ending_before_it_starts_is_refused_and_keeps_the_typed_text(client, world):
    client.force_login(world.team_lead)
    response = client.post(
        reverse("inspections:plan_create"),
        plan_data(world, starts_on="2024-05-01", ends_on="2024-04-01"),
    )
    assert response.status_code == 400
    text = page_text(response)
    assert "Kế hoạch không thể kết thúc trước khi bắt đầu." in text
    assert "Kế hoạch kiểm tra công vụ năm 2024" in text
    assert not InspectionPlan.objects.exists()


def test_malformed_date_in_the_plan_form_is_a_form_error(client, world):
    client.force_login(world.team_lead)
    response = client.post(reverse("inspections:plan_create"), plan_data(world, starts_on="45/13"))
    assert response.status_code == 400
    assert "Nhập một ngày hợp lệ." in page_text(response)


def test_duplicate_plan_number_for_one_issuer_is_refused(client, world):
    PlanFactory(code="35/KH-UBND", issuer=world.hanoi, created_by=world.team_lead)
    client.force_login(world.team_lead)
    response = client.post(reverse("inspections:plan_create"), plan_data(world))
    assert response.status_code == 400
    assert "đã có kế hoạch mang số này" in page_text(response)


def test_unit_head_approves_a_draft_plan(client, world):
    plan = PlanFactory(issuer=world.hanoi, status="draft", created_by=world.team_lead)
    client.force_login(world.hanoi_head)
    response = client.post(reverse("inspections:plan_approve", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.approved_by == world.hanoi_head


def test_team_lead_cannot_approve_and_gets_403(client, world):
    plan = PlanFactory(issuer=world.hanoi, status="draft", created_by=world.team_lead)
    client.force_login(world.team_lead)
    response = client.post(reverse("inspections:plan_approve", args=[plan.pk]))
    assert response.status_code == 403
    assert "Không được phép" in page_text(response)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_approving_an_approved_plan_is_a_409_with_the_reason(client, world):
    plan = PlanFactory(issuer=world.hanoi, status="approved", created_by=world.team_lead)
    client.force_login(world.hanoi_head)
    response = client.post(reverse("inspections:plan_approve", args=[plan.pk]))
    assert response.status_code == 409
    assert "Chỉ kế hoạch dự thảo mới được phê duyệt." in page_text(response)


def test_generating_visits_creates_one_per_target_and_skips_covered_ones(client, world, planning):
    new_target = OrganizationFactory(parent=world.hoan_kiem, name="UBND phường Hàng Bạc")
    planning.plan.targets.add(new_target)
    client.force_login(world.team_lead)
    response = client.post(
        reverse("inspections:plan_generate_visits", args=[planning.plan.pk]),
        {
            "team": planning.team.pk,
            "kind": "scheduled",
            "planned_start": "2023-05-02",
            "planned_end": "2023-05-03",
        },
    )
    assert response.status_code == 302
    assert list(
        Visit.objects.filter(planned_start="2023-05-02").values_list(
            "inspected_organization__name", flat=True
        )
    ) == ["UBND phường Hàng Bạc"]


def test_plan_detail_shows_progress_by_kind(client, world, planning):
    client.force_login(world.hanoi_head)
    text = page_text(client.get(reverse("inspections:plan_detail", args=[planning.plan.pk])))
    assert "Tiến độ" in text
    assert "Đột xuất (không báo trước)" in text


# --- Teams ----------------------------------------------------------------------------------------


def team_data(world, members, **overrides):
    data = {
        "name": "Tổ kiểm tra công vụ",
        "organization": world.hanoi_home_affairs.pk,
        "decision_number": "94/QĐ-UBND.TL",
        "decision_date": "2023-12-04",
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    for index, (user, role) in enumerate(members):
        data[f"members-{index}-user"] = user.pk
        data[f"members-{index}-role"] = role
    data.update(overrides)
    return data


def test_team_lead_forms_a_team_with_members_from_other_units(client, world):
    client.force_login(world.team_lead)
    response = client.post(
        reverse("inspections:team_create"),
        team_data(world, [(world.team_lead, "head"), (world.inspector, "member")]),
    )
    assert response.status_code == 302
    team = Team.objects.get(name="Tổ kiểm tra công vụ")
    assert sorted(team.members.values_list("role", flat=True)) == ["head", "member"]


def test_team_without_a_head_is_refused(client, world):
    client.force_login(world.team_lead)
    response = client.post(
        reverse("inspections:team_create"),
        team_data(world, [(world.team_lead, "member"), (world.inspector, "member")]),
    )
    assert response.status_code == 400
    assert "Đoàn kiểm tra phải có trưởng đoàn." in page_text(response)
    assert not Team.objects.exists()


def test_team_with_two_heads_is_refused(client, world):
    client.force_login(world.team_lead)
    response = client.post(
        reverse("inspections:team_create"),
        team_data(world, [(world.team_lead, "head"), (world.inspector, "head")]),
    )
    assert response.status_code == 400
    assert "Đoàn kiểm tra chỉ có một trưởng đoàn." in page_text(response)


def test_deactivated_member_is_refused(client, world):
    world.inspector.is_active = False
    world.inspector.save()
    client.force_login(world.team_lead)
    response = client.post(
        reverse("inspections:team_create"),
        team_data(world, [(world.team_lead, "head"), (world.inspector, "member")]),
    )
    assert response.status_code == 400
    assert "Hãy chọn một lựa chọn hợp lệ" in page_text(response)
    assert not Team.objects.exists()


# --- Visits ---------------------------------------------------------------------------------------


def visit_data(planning, organization, **overrides):
    data = {
        "team": planning.team.pk,
        "plan": planning.plan.pk,
        "inspected_organization": organization.pk,
        "kind": "scheduled",
        "planned_start": "2023-06-01",
        "planned_end": "2023-06-02",
    }
    data.update(overrides)
    return data


def test_visit_outside_its_plan_dates_is_refused(client, world, planning):
    client.force_login(world.team_lead)
    response = client.post(
        reverse("inspections:visit_create"),
        visit_data(planning, world.hoan_kiem, planned_start="2024-01-05", planned_end="2024-01-06"),
    )
    assert response.status_code == 400
    assert "Cuộc kiểm tra phải nằm trong thời gian của kế hoạch" in page_text(response)


def test_visit_ending_before_it_starts_is_refused(client, world, planning):
    client.force_login(world.team_lead)
    response = client.post(
        reverse("inspections:visit_create"),
        visit_data(planning, world.hoan_kiem, planned_start="2023-06-05", planned_end="2023-06-01"),
    )
    assert response.status_code == 400
    assert "Cuộc kiểm tra không thể kết thúc trước khi bắt đầu." in page_text(response)


def test_organization_outside_the_targets_only_for_verification(client, world, planning):
    client.force_login(world.team_lead)
    outsider = world.hanoi_home_affairs
    refused = client.post(reverse("inspections:visit_create"), visit_data(planning, outsider))
    assert refused.status_code == 400
    assert "không thuộc danh sách đối tượng của kế hoạch" in page_text(refused)
    accepted = client.post(
        reverse("inspections:visit_create"),
        visit_data(planning, outsider, kind="verification"),
    )
    assert accepted.status_code == 302


def test_team_head_starts_a_surprise_visit_and_it_is_audited(client, world, planning):
    client.force_login(world.team_lead)
    response = client.post(reverse("inspections:visit_start", args=[planning.surprise.pk]))
    assert response.status_code == 302
    planning.surprise.refresh_from_db()
    assert planning.surprise.status == VisitStatus.IN_PROGRESS
    assert planning.surprise.actual_start is not None
    last = planning.surprise.history.first()
    assert (last.history_user, last.history_change_reason) == (world.team_lead, "start")


def test_starting_a_cancelled_visit_is_a_409(client, world, planning):
    client.force_login(world.team_lead)
    client.post(
        reverse("inspections:visit_cancel", args=[planning.scheduled.pk]),
        {"reason": "Đơn vị đang sáp nhập"},
    )
    response = client.post(reverse("inspections:visit_start", args=[planning.scheduled.pk]))
    assert response.status_code == 409
    assert "Không thể bắt đầu cuộc kiểm tra" in page_text(response)


def test_cancel_without_a_reason_is_refused(client, world, planning):
    client.force_login(world.team_lead)
    response = client.post(
        reverse("inspections:visit_cancel", args=[planning.scheduled.pk]), {"reason": "  "}
    )
    assert response.status_code == 400
    planning.scheduled.refresh_from_db()
    assert planning.scheduled.status == VisitStatus.PLANNED


def test_plain_member_cannot_start_a_visit(client, world, planning):
    client.force_login(world.inspector)
    response = client.post(reverse("inspections:visit_start", args=[planning.scheduled.pk]))
    assert response.status_code == 403
    page = client.get(reverse("inspections:visit_detail", args=[planning.scheduled.pk]))
    assert reverse("inspections:visit_start", args=[planning.scheduled.pk]) not in page_text(page)


def test_only_allowed_buttons_are_shown(client, world, planning):
    client.force_login(world.team_lead)
    text = page_text(client.get(reverse("inspections:visit_detail", args=[planning.scheduled.pk])))
    assert reverse("inspections:visit_start", args=[planning.scheduled.pk]) in text
    assert reverse("inspections:visit_finish", args=[planning.scheduled.pk]) not in text


def test_malformed_month_in_the_calendar_is_a_400(client, world, planning):
    client.force_login(world.inspector)
    response = client.get(reverse("inspections:my_visits"), {"month": "2023-13"})
    assert response.status_code == 400
    assert "YYYY-MM" in page_text(response)


def test_calendar_places_visits_on_their_days(client, world, planning):
    client.force_login(world.inspector)
    text = page_text(client.get(reverse("inspections:my_visits"), {"month": "2023-03"}))
    assert "UBND quận Hoàn Kiếm" in text
    assert "UBND phường Hàng Trống" in text


def test_legal_document_duplicate_number_for_one_issuer_is_refused(client, world):
    LegalDocumentFactory(number="26/CT-TTg", issuer=world.ttcp)
    client.force_login(world.team_lead)
    response = client.post(
        reverse("inspections:legal_document_create"),
        {
            "number": "26/CT-TTg",
            "kind": "directive",
            "issuer": world.ttcp.pk,
            "issued_on": "2023-10-20",
            "title": "Chỉ thị về công vụ",
        },
    )
    assert response.status_code == 400
    assert "đã có văn bản mang số này trong năm đó" in page_text(response)
    assert LegalDocument.objects.count() == 1


def test_legal_document_number_must_look_like_one(client, world):
    client.force_login(world.team_lead)
    response = client.post(
        reverse("inspections:legal_document_create"),
        {
            "number": "abc",
            "kind": "directive",
            "issuer": world.ttcp.pk,
            "issued_on": "2023-10-20",
            "title": "Chỉ thị",
        },
    )
    assert response.status_code == 400
    assert "26/CT-TTg" in page_text(response)


# --- Query counts ---------------------------------------------------------------------------------


def grow_visits(planning, world, count: int):
    for index in range(count):
        VisitFactory(
            team=planning.team,
            plan=planning.plan,
            inspected_organization=world.hoan_kiem,
            planned_start=datetime.date(2023, 3, 1) + datetime.timedelta(days=index % 20),
            planned_end=datetime.date(2023, 3, 1) + datetime.timedelta(days=index % 20),
            created_by=world.team_lead,
        )


@pytest.mark.parametrize(
    "url_name",
    [
        "inspections:visit_list",
        "inspections:plan_list",
        "inspections:team_list",
        "inspections:my_visits",
        "inspections:legal_document_list",
    ],
)
def test_list_pages_keep_a_constant_query_count(client, world, planning, url_name):
    client.force_login(User.objects.get(pk=world.hanoi_head.pk))
    url = reverse(url_name) + ("?month=2023-03" if url_name.endswith("my_visits") else "")
    grow_visits(planning, world, 3)
    for _ in range(3):
        PlanFactory(issuer=world.hanoi, created_by=world.team_lead)
        TeamFactory(organization=world.hanoi_home_affairs, head=world.team_lead)
        LegalDocumentFactory(issuer=world.ttcp)
    few = queries_for(client, url)
    grow_visits(planning, world, 45)
    for _ in range(45):
        PlanFactory(issuer=world.hanoi, created_by=world.team_lead)
        TeamFactory(organization=world.hanoi_home_affairs, head=world.team_lead)
        LegalDocumentFactory(issuer=world.ttcp)
    assert queries_for(client, url) == few


def test_plan_detail_keeps_a_constant_query_count(client, world, planning):
    client.force_login(User.objects.get(pk=world.hanoi_head.pk))
    url = reverse("inspections:plan_detail", args=[planning.plan.pk])
    few = queries_for(client, url)
    grow_visits(planning, world, 40)
    TeamFactory(
        organization=world.hanoi_home_affairs,
        plan=planning.plan,
        head=UserFactory(organization=world.hanoi_home_affairs),
        members=[UserFactory(organization=world.hanoi) for _ in range(5)],
    )
    assert queries_for(client, url) == few


def test_visit_detail_keeps_a_constant_query_count(client, world, planning):
    client.force_login(User.objects.get(pk=world.team_lead.pk))
    url = reverse("inspections:visit_detail", args=[planning.scheduled.pk])
    few = queries_for(client, url)
    for _ in range(5):
        planning.scheduled.subject = f"Đổi nội dung {_}"
        planning.scheduled.save()
    assert queries_for(client, url) == few
