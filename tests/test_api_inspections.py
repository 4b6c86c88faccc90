"""The planning API: each endpoint as the role that uses it, bad input, secrecy, query counts.

Vietnamese is asserted only for messages Django and DRF already translate; for our own
messages the tests check the status code and the field the error is attached to.
"""

import datetime

import pytest
from rest_framework.test import APIClient

from inspections.models import InspectionPlan, LegalDocument, Team, Visit

from .conftest import api_queries_for
from .factories import (
    LegalDocumentFactory,
    OrganizationFactory,
    PlanFactory,
    TeamFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

REQUIRED = "Trường này là bắt buộc."


@pytest.fixture
def api():
    return APIClient()


def signed_in(api, user) -> APIClient:
    api.force_authenticate(user)
    return api


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> set[int]:
    return {row["id"] for row in results(response)}


def codes(response) -> set[str]:
    return {row["code"] for row in results(response)}


# --- Legal documents ------------------------------------------------------------------------------


def document_payload(world, **changes) -> dict:
    payload = {
        "number": "26/CT-TTg",
        "kind": "directive",
        "issuer": world.ttcp.pk,
        "issued_on": "2023-10-20",
        "title": "Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính",
    }
    return {**payload, **changes}


def test_team_lead_registers_a_legal_document_of_a_national_body(api, world):
    response = signed_in(api, world.team_lead).post(
        "/api/v1/legal-documents/", document_payload(world), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == "26/CT-TTg"
    assert body["issuer_name"] == "Thanh tra Chính phủ"
    assert body["kind"] == "directive" and body["kind_display"]
    assert LegalDocument.objects.filter(pk=body["id"], issuer=world.ttcp).exists()


def test_legal_documents_are_listed_searched_and_filtered(api, world):
    directive = LegalDocumentFactory(
        number="26/CT-TTg", issuer=world.ttcp, title="Chỉ thị về kỷ luật, kỷ cương hành chính"
    )
    decision = LegalDocumentFactory(
        number="94/QĐ-UBND", kind="decision", issuer=world.hanoi, title="Quyết định lập đoàn"
    )
    signed_in(api, world.ward_officer)
    assert ids(api.get("/api/v1/legal-documents/")) == {directive.pk, decision.pk}
    assert ids(api.get("/api/v1/legal-documents/", {"q": "ky cuong"})) == {directive.pk}
    assert ids(api.get("/api/v1/legal-documents/", {"kind": "decision"})) == {decision.pk}
    assert ids(api.get("/api/v1/legal-documents/", {"issuer": world.ttcp.pk})) == {directive.pk}
    detail = api.get(f"/api/v1/legal-documents/{decision.pk}/")
    assert detail.status_code == 200
    assert detail.json()["issuer_name"] == "UBND thành phố Hà Nội"


def test_duplicate_document_number_for_one_issuer_is_a_field_error(api, world):
    LegalDocumentFactory(number="26/CT-TTg", issuer=world.ttcp)
    response = signed_in(api, world.team_lead).post(
        "/api/v1/legal-documents/", document_payload(world), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["number"]
    assert LegalDocument.objects.count() == 1


def test_same_document_number_from_another_issuer_is_accepted(api, world):
    LegalDocumentFactory(number="26/CT-TTg", issuer=world.ttcp)
    response = signed_in(api, world.hanoi_head).post(
        "/api/v1/legal-documents/", document_payload(world, issuer=world.hanoi.pk), format="json"
    )
    assert response.status_code == 201, response.content


def test_inspected_officer_may_not_register_legal_documents(api, world):
    response = signed_in(api, world.ward_officer).post(
        "/api/v1/legal-documents/",
        document_payload(world, issuer=world.hang_trong.pk),
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["detail"]
    assert not LegalDocument.objects.exists()


def test_issuer_out_of_sight_does_not_exist(api, world):
    signed_in(api, world.team_lead)
    hidden = api.post(
        "/api/v1/legal-documents/", document_payload(world, issuer=world.lap_vo.pk), format="json"
    )
    missing = api.post(
        "/api/v1/legal-documents/", document_payload(world, issuer=999_999), format="json"
    )
    assert hidden.status_code == missing.status_code == 400
    assert list(hidden.json()) == list(missing.json()) == ["issuer"]
    assert "999999" in missing.json()["issuer"][0]
    assert str(world.lap_vo.pk) in hidden.json()["issuer"][0]


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"issued_on": "2023-13-45"}, "issued_on", "Ngày sai định dạng"),
        ({"number": "chỉ thị hai sáu"}, "number", None),
        ({"kind": "poem"}, "kind", None),
        ({"title": None}, "title", None),
        ({"issuer": "x"}, "issuer", None),
    ],
)
def test_bad_legal_document_input_is_a_field_error(api, world, changes, field, text):
    response = signed_in(api, world.team_lead).post(
        "/api/v1/legal-documents/", document_payload(world, **changes), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    if text:
        assert response.json()[field][0].startswith(text)


def test_a_missing_field_is_reported_in_vietnamese(api, world):
    payload = document_payload(world)
    del payload["title"]
    response = signed_in(api, world.team_lead).post(
        "/api/v1/legal-documents/", payload, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"title": [REQUIRED]}


# --- Plans ----------------------------------------------------------------------------------------


def plan_payload(world, **changes) -> dict:
    payload = {
        "code": "15/KH-UBND",
        "title": "Kế hoạch kiểm tra công vụ năm 2024",
        "issuer": world.hanoi.pk,
        "issued_on": "2024-01-05",
        "year": 2024,
        "starts_on": "2024-02-01",
        "ends_on": "2024-11-30",
        "targets": [world.hoan_kiem.pk, world.hang_trong.pk],
    }
    return {**payload, **changes}


def test_unit_head_creates_a_draft_plan_with_all_content_areas_by_default(api, world):
    basis = LegalDocumentFactory(number="26/CT-TTg", issuer=world.ttcp)
    response = signed_in(api, world.hanoi_head).post(
        "/api/v1/plans/", plan_payload(world, legal_bases=[basis.pk]), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["issuer_name"] == "UBND thành phố Hà Nội"
    assert sorted(body["targets"]) == sorted([world.hoan_kiem.pk, world.hang_trong.pk])
    assert body["legal_bases"] == [basis.pk]
    assert len(body["content_areas"]) == 5
    plan = InspectionPlan.objects.get(pk=body["id"])
    assert plan.created_by == world.hanoi_head


def test_plan_that_ends_before_it_starts_is_a_field_error(api, world):
    response = signed_in(api, world.hanoi_head).post(
        "/api/v1/plans/", plan_payload(world, ends_on="2024-01-01"), format="json"
    )
    assert response.status_code == 400
    assert "ends_on" in response.json()
    assert not InspectionPlan.objects.exists()


def test_duplicate_plan_code_for_one_issuer_is_a_field_error(api, world, planning):
    response = signed_in(api, world.hanoi_head).post(
        "/api/v1/plans/", plan_payload(world, code="12/KH-UBND"), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["code"]


def test_a_plan_code_taken_out_of_sight_is_refused_exactly_like_one_in_sight(api, world, planning):
    """The team lead cannot see the city head's draft plan 13/KH-UBND: the refusal of that code
    is word for word the refusal of a code the lead can see, and names nothing of the plan."""
    from inspections.models import InspectionPlan

    hidden = PlanFactory(
        code="13/KH-UBND",
        title="Kế hoạch MKHIDDENPLAN kiểm tra đột xuất",
        issuer=world.hanoi,
        created_by=world.hanoi_head,
        status="draft",
    )
    signed_in(api, world.team_lead)
    assert not InspectionPlan.objects.visible_to(world.team_lead).filter(pk=hidden.pk).exists()
    out_of_sight = api.post("/api/v1/plans/", plan_payload(world, code="13/KH-UBND"), format="json")
    in_sight = api.post("/api/v1/plans/", plan_payload(world, code="12/KH-UBND"), format="json")
    assert out_of_sight.status_code == in_sight.status_code == 400
    assert out_of_sight.json() == in_sight.json()
    assert "MKHIDDENPLAN" not in out_of_sight.content.decode()
    assert str(hidden.pk) not in str(out_of_sight.json())


def test_plan_for_an_organization_out_of_sight_is_a_400_not_a_leak(api, world):
    response = signed_in(api, world.hanoi_head).post(
        "/api/v1/plans/", plan_payload(world, issuer=world.dong_thap.pk, targets=[]), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["issuer"]


def test_plans_are_listed_and_filtered(api, world, planning):
    thematic = PlanFactory(
        code="3/KH-UBND",
        title="Kế hoạch kiểm tra chuyên đề cải cách hành chính",
        issuer=world.hanoi,
        created_by=world.hanoi_head,
        year=2024,
        is_thematic=True,
        status="draft",
    )
    signed_in(api, world.hanoi_head)
    assert codes(api.get("/api/v1/plans/")) == {"12/KH-UBND", "3/KH-UBND"}
    assert codes(api.get("/api/v1/plans/", {"year": 2023})) == {"12/KH-UBND"}
    assert codes(api.get("/api/v1/plans/", {"status": "draft"})) == {"3/KH-UBND"}
    assert codes(api.get("/api/v1/plans/", {"is_thematic": "true"})) == {"3/KH-UBND"}
    assert codes(api.get("/api/v1/plans/", {"issuer": world.hanoi.pk})) == {
        "12/KH-UBND",
        "3/KH-UBND",
    }
    assert codes(api.get("/api/v1/plans/", {"issuer": world.dong_thap.pk})) == set()
    assert codes(api.get("/api/v1/plans/", {"q": "chuyên đề"})) == {"3/KH-UBND"}
    assert codes(api.get("/api/v1/plans/", {"q": "12/KH"})) == {"12/KH-UBND"}
    ordered = results(api.get("/api/v1/plans/", {"ordering": "year"}))
    assert [row["code"] for row in ordered] == ["12/KH-UBND", "3/KH-UBND"]
    detail = api.get(f"/api/v1/plans/{thematic.pk}/").json()
    assert detail["status"] == "draft" and detail["status_display"]


def test_team_member_sees_the_plan_of_their_team(api, world, planning):
    response = signed_in(api, world.inspector).get(f"/api/v1/plans/{planning.plan.pk}/")
    assert response.status_code == 200
    assert response.json()["code"] == "12/KH-UBND"


def test_unit_head_edits_a_plan(api, world, planning):
    response = signed_in(api, world.hanoi_head).patch(
        f"/api/v1/plans/{planning.plan.pk}/",
        {"title": "Kế hoạch kiểm tra công vụ năm 2023 (sửa đổi)", "theme": "Kỷ luật hành chính"},
        format="json",
    )
    assert response.status_code == 200, response.content
    planning.plan.refresh_from_db()
    assert planning.plan.title.endswith("(sửa đổi)")
    assert planning.plan.theme == "Kỷ luật hành chính"
    assert response.json()["targets"]


def test_editing_a_plan_to_end_before_it_starts_is_a_field_error(api, world, planning):
    response = signed_in(api, world.hanoi_head).patch(
        f"/api/v1/plans/{planning.plan.pk}/", {"ends_on": "2022-12-31"}, format="json"
    )
    assert response.status_code == 400
    assert "ends_on" in response.json()
    planning.plan.refresh_from_db()
    assert planning.plan.ends_on == datetime.date(2023, 12, 31)


def test_plain_member_may_not_edit_the_plan(api, world, planning):
    response = signed_in(api, world.inspector).patch(
        f"/api/v1/plans/{planning.plan.pk}/", {"title": "Đổi tên"}, format="json"
    )
    assert response.status_code == 403


def test_put_is_not_offered(api, world, planning):
    response = signed_in(api, world.hanoi_head).put(
        f"/api/v1/plans/{planning.plan.pk}/", plan_payload(world), format="json"
    )
    assert response.status_code == 405


@pytest.fixture
def draft_plan(world):
    plan = PlanFactory(
        code="20/KH-UBND",
        issuer=world.hanoi,
        created_by=world.team_lead,
        status="draft",
        targets=[world.hoan_kiem],
    )
    TeamFactory(organization=world.hanoi_home_affairs, plan=plan, head=world.team_lead)
    return plan


def test_unit_head_approves_a_draft_plan(api, world, draft_plan):
    response = signed_in(api, world.hanoi_head).post(f"/api/v1/plans/{draft_plan.pk}/approve/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    assert response.json()["approved_by"] == world.hanoi_head.pk
    draft_plan.refresh_from_db()
    assert draft_plan.status == "approved"


def test_team_lead_may_not_approve_a_plan(api, world, draft_plan):
    response = signed_in(api, world.team_lead).post(f"/api/v1/plans/{draft_plan.pk}/approve/")
    assert response.status_code == 403
    draft_plan.refresh_from_db()
    assert draft_plan.status == "draft"


def test_approving_an_approved_plan_is_a_conflict(api, world, planning):
    response = signed_in(api, world.hanoi_head).post(f"/api/v1/plans/{planning.plan.pk}/approve/")
    assert response.status_code == 409
    assert response.json()["detail"]


def test_plan_with_planned_visits_cannot_be_closed(api, world, planning):
    response = signed_in(api, world.hanoi_head).post(f"/api/v1/plans/{planning.plan.pk}/close/")
    assert response.status_code == 409
    planning.plan.refresh_from_db()
    assert planning.plan.status == "approved"


def test_unit_head_closes_a_plan_whose_visits_are_done(api, world, planning):
    Visit.objects.filter(plan=planning.plan).update(status="cancelled", cancel_reason="Hoãn")
    response = signed_in(api, world.hanoi_head).post(f"/api/v1/plans/{planning.plan.pk}/close/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"


def test_reversed_dates_are_refused_even_when_every_target_is_covered(api, world, planning):
    response = signed_in(api, world.team_lead).post(
        f"/api/v1/plans/{planning.plan.pk}/generate-visits/",
        {
            "team": planning.team.pk,
            "kind": "scheduled",
            "planned_start": "2023-05-04",
            "planned_end": "2023-05-03",
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["planned_end"]


def test_team_lead_generates_one_visit_per_uncovered_target(api, world, planning):
    new_ward = OrganizationFactory(parent=world.hoan_kiem, name="UBND phường Hàng Bạc")
    planning.plan.targets.add(new_ward)
    response = signed_in(api, world.team_lead).post(
        f"/api/v1/plans/{planning.plan.pk}/generate-visits/",
        {
            "team": planning.team.pk,
            "kind": "scheduled",
            "planned_start": "2023-05-02",
            "planned_end": "2023-05-03",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    [visit] = response.json()
    assert visit["inspected_organization"] == new_ward.pk
    assert visit["inspected_organization_name"] == "UBND phường Hàng Bạc"
    assert visit["plan_code"] == "12/KH-UBND"
    assert visit["team_name"] == planning.team.name
    assert Visit.objects.filter(plan=planning.plan).count() == 3


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"team": "x"}, "team"),
        ({"planned_start": "2023-13-45"}, "planned_start"),
        ({"planned_start": "2024-06-01", "planned_end": "2024-06-02"}, "planned_start"),
        ({"kind": "ambush"}, "kind"),
        ({"planned_start": "2023-05-04", "planned_end": "2023-05-03"}, "planned_end"),
    ],
)
def test_bad_generate_visits_input_is_a_field_error(api, world, planning, changes, field):
    planning.plan.targets.add(OrganizationFactory(parent=world.hoan_kiem))
    payload = {
        "team": planning.team.pk,
        "kind": "scheduled",
        "planned_start": "2023-05-02",
        "planned_end": "2023-05-03",
    }
    response = signed_in(api, world.team_lead).post(
        f"/api/v1/plans/{planning.plan.pk}/generate-visits/", {**payload, **changes}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert Visit.objects.filter(plan=planning.plan).count() == 2


# --- Teams ----------------------------------------------------------------------------------------


def team_payload(world, planning, members) -> dict:
    return {
        "name": "Tổ kiểm tra công vụ số 2",
        "organization": world.hanoi_home_affairs.pk,
        "plan": planning.plan.pk,
        "decision_number": "95/QĐ-UBND",
        "decision_date": "2023-02-01",
        "decision_signer": "Chủ tịch UBND thành phố",
        "members": members,
    }


def test_unit_head_forms_a_team_with_members(api, world, planning):
    members = [
        {"user": world.team_lead.pk, "role": "head"},
        {"user": world.inspector.pk, "role": "secretary", "home_organization": world.hanoi.pk},
    ]
    response = signed_in(api, world.hanoi_head).post(
        "/api/v1/teams/", team_payload(world, planning, members), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["plan_code"] == "12/KH-UBND"
    assert body["organization_name"] == "Sở Nội vụ"
    by_user = {member["user"]: member for member in body["members"]}
    assert by_user[world.team_lead.pk]["role"] == "head"
    assert by_user[world.team_lead.pk]["home_organization"] == world.hanoi_home_affairs.pk
    assert by_user[world.inspector.pk]["home_organization_name"] == "UBND thành phố Hà Nội"
    assert by_user[world.inspector.pk]["user_name"] == world.inspector.full_name
    assert Team.objects.get(pk=body["id"]).members.count() == 2


@pytest.mark.parametrize(
    "roles",
    [[], ["member"], ["head", "head"]],
    ids=["nobody", "without-head", "two-heads"],
)
def test_team_needs_exactly_one_head(api, world, planning, roles):
    people = [world.team_lead, world.inspector]
    members = [
        {"user": person.pk, "role": role} for person, role in zip(people, roles, strict=False)
    ]
    response = signed_in(api, world.hanoi_head).post(
        "/api/v1/teams/", team_payload(world, planning, members), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["members"]
    assert Team.objects.count() == 2


def test_deactivated_person_cannot_join_a_team(api, world, planning):
    retired = UserFactory(organization=world.hanoi_home_affairs, is_active=False)
    members = [
        {"user": world.team_lead.pk, "role": "head"},
        {"user": retired.pk, "role": "member"},
    ]
    response = signed_in(api, world.hanoi_head).post(
        "/api/v1/teams/", team_payload(world, planning, members), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["members"]


def test_member_out_of_sight_does_not_exist(api, world, planning):
    members = [
        {"user": world.team_lead.pk, "role": "head"},
        {"user": world.dong_thap_officer.pk, "role": "member"},
    ]
    response = signed_in(api, world.hanoi_head).post(
        "/api/v1/teams/", team_payload(world, planning, members), format="json"
    )
    assert response.status_code == 400
    errors = response.json()["members"]
    assert list(errors) == ["1"]
    assert list(errors["1"]) == ["user"]


def test_missing_members_is_required(api, world, planning):
    payload = team_payload(world, planning, [])
    del payload["members"]
    response = signed_in(api, world.hanoi_head).post("/api/v1/teams/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"members": [REQUIRED]}


def test_teams_are_listed_with_members_and_filtered(api, world, planning):
    signed_in(api, world.hanoi_head)
    [team] = results(api.get("/api/v1/teams/"))
    assert team["id"] == planning.team.pk
    assert {member["role"] for member in team["members"]} == {"head", "member"}
    assert ids(api.get("/api/v1/teams/", {"plan": planning.plan.pk})) == {planning.team.pk}
    assert ids(api.get("/api/v1/teams/", {"organization": world.hanoi.pk})) == set()
    signed_in(api, world.inspector)
    assert ids(api.get("/api/v1/teams/")) == {planning.team.pk}
    assert api.get(f"/api/v1/teams/{planning.team.pk}/").status_code == 200


def formed_by_service(team, user):
    # TeamFactory leaves created_by empty, which full_clean in update_team refuses (the field is
    # null=True without blank=True): give the team the author create_team would have recorded.
    Team.objects.filter(pk=team.pk).update(created_by=user)


def test_head_of_team_renames_it_and_hands_over(api, world, planning):
    formed_by_service(planning.team, world.hanoi_head)
    response = signed_in(api, world.team_lead).patch(
        f"/api/v1/teams/{planning.team.pk}/",
        {
            "name": "Đoàn kiểm tra công vụ (kiện toàn)",
            "members": [
                {"user": world.inspector.pk, "role": "head"},
                {"user": world.team_lead.pk, "role": "deputy"},
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Đoàn kiểm tra công vụ (kiện toàn)"
    roles = dict(planning.team.members.values_list("user__username", "role"))
    assert roles == {"inspector": "head", "team_lead": "deputy"}


def test_patching_a_team_with_two_heads_changes_nothing(api, world, planning):
    formed_by_service(planning.team, world.hanoi_head)
    response = signed_in(api, world.team_lead).patch(
        f"/api/v1/teams/{planning.team.pk}/",
        {
            "name": "Tên mới",
            "members": [
                {"user": world.inspector.pk, "role": "head"},
                {"user": world.team_lead.pk, "role": "head"},
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "members" in response.json()
    planning.team.refresh_from_db()
    assert planning.team.name == "Đoàn kiểm tra công vụ thành phố Hà Nội"


def test_plain_member_may_not_change_the_team(api, world, planning):
    response = signed_in(api, world.inspector).patch(
        f"/api/v1/teams/{planning.team.pk}/", {"name": "Đoàn của tôi"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"]


# --- Visits ---------------------------------------------------------------------------------------


def visit_payload(planning, organization, **changes) -> dict:
    payload = {
        "team": planning.team.pk,
        "plan": planning.plan.pk,
        "inspected_organization": organization.pk,
        "kind": "scheduled",
        "subject": "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính",
        "planned_start": "2023-06-05",
        "planned_end": "2023-06-06",
    }
    return {**payload, **changes}


def test_team_lead_adds_a_visit_to_a_target(api, world, planning):
    response = signed_in(api, world.team_lead).post(
        "/api/v1/visits/", visit_payload(planning, world.hoan_kiem), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "planned" and body["status_display"]
    assert body["inspected_organization_name"] == "UBND quận Hoàn Kiếm"
    assert body["plan_code"] == "12/KH-UBND"
    assert Visit.objects.get(pk=body["id"]).created_by == world.team_lead


def test_visit_without_plan_takes_the_plan_of_its_team(api, world, planning):
    payload = visit_payload(planning, world.hang_trong)
    del payload["plan"]
    response = signed_in(api, world.team_lead).post("/api/v1/visits/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["plan"] == planning.plan.pk


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"planned_start": "2023-06-06", "planned_end": "2023-06-05"}, "planned_end"),
        ({"planned_start": "2024-01-02", "planned_end": "2024-01-03"}, "planned_start"),
        ({"planned_start": "2022-12-30"}, "planned_start"),
        ({"planned_start": "2023-02-30"}, "planned_start"),
        ({"team": "x"}, "team"),
        ({"team": True}, "team"),
        ({"team": [1]}, "team"),
        ({"team": 99_999_999_999_999_999_999}, "team"),
        ({"plan": "abc"}, "plan"),
        ({"inspected_organization": None}, "inspected_organization"),
        ({"kind": "raid"}, "kind"),
    ],
)
def test_bad_visit_input_is_a_field_error(api, world, planning, changes, field):
    response = signed_in(api, world.team_lead).post(
        "/api/v1/visits/", visit_payload(planning, world.hoan_kiem, **changes), format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Visit.objects.count() == 3


def test_malformed_date_in_a_body_is_reported_in_vietnamese(api, world, planning):
    response = signed_in(api, world.team_lead).post(
        "/api/v1/visits/",
        visit_payload(planning, world.hoan_kiem, planned_end="45/13/2023"),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["planned_end"][0].startswith("Ngày sai định dạng")


def test_malformed_json_is_a_400(api, world, planning):
    response = signed_in(api, world.team_lead).post(
        "/api/v1/visits/", data="{team: ", content_type="application/json"
    )
    assert response.status_code == 400


def test_visit_outside_the_plan_targets_is_only_for_verification(api, world, planning):
    signed_in(api, world.team_lead)
    outside = visit_payload(planning, world.hanoi_home_affairs)
    refused = api.post("/api/v1/visits/", outside, format="json")
    assert refused.status_code == 400
    assert list(refused.json()) == ["inspected_organization"]
    accepted = api.post("/api/v1/visits/", {**outside, "kind": "verification"}, format="json")
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["kind"] == "verification"


def test_plain_member_may_not_add_visits(api, world, planning):
    response = signed_in(api, world.inspector).post(
        "/api/v1/visits/", visit_payload(planning, world.hoan_kiem), format="json"
    )
    assert response.status_code == 403


def test_visits_are_listed_and_filtered(api, world, planning):
    later = VisitFactory(
        team=planning.team,
        inspected_organization=world.hoan_kiem,
        kind="desk_review",
        planned_start=datetime.date(2023, 9, 4),
        planned_end=datetime.date(2023, 9, 8),
        created_by=world.team_lead,
    )
    scheduled, surprise = planning.scheduled.pk, planning.surprise.pk
    signed_in(api, world.team_lead)
    url = "/api/v1/visits/"
    assert ids(api.get(url)) == {scheduled, surprise, later.pk}
    assert ids(api.get(url, {"kind": "surprise"})) == {surprise}
    assert ids(api.get(url, {"status": "planned"})) == {scheduled, surprise, later.pk}
    assert ids(api.get(url, {"status": "cancelled"})) == set()
    assert ids(api.get(url, {"year": 2023})) == {scheduled, surprise, later.pk}
    assert ids(api.get(url, {"year": 2024})) == set()
    assert ids(api.get(url, {"plan": planning.plan.pk})) == {scheduled, surprise, later.pk}
    assert ids(api.get(url, {"team": planning.dong_thap_team.pk})) == set()
    assert ids(api.get(url, {"inspected_organization": world.hang_trong.pk})) == {surprise}
    assert ids(api.get(url, {"inspected_subtree": world.hoan_kiem.pk})) == {
        scheduled,
        surprise,
        later.pk,
    }
    assert ids(api.get(url, {"inspected_subtree": world.hang_trong.pk})) == {surprise}
    assert ids(api.get(url, {"inspected_subtree": 999_999})) == set()
    assert ids(api.get(url, {"planned_from": "2023-09-01"})) == {later.pk}
    assert ids(api.get(url, {"planned_to": "2023-03-31"})) == {scheduled, surprise}
    ordered = results(api.get(url, {"ordering": "-planned_start"}))
    assert ordered[0]["id"] == later.pk
    detail = api.get(f"/api/v1/visits/{later.pk}/").json()
    assert detail["kind_display"] and detail["team_name"] == planning.team.name


@pytest.mark.parametrize(
    ("params", "field", "text"),
    [
        ({"planned_from": "2023-13-45"}, "planned_from", "Nhập một ngày hợp lệ."),
        ({"planned_to": "yesterday"}, "planned_to", "Nhập một ngày hợp lệ."),
        ({"year": "abc"}, "year", "Nhập một số tổng thể."),
        ({"year": "99999"}, "year", None),
        ({"year": "2023.5"}, "year", None),
        ({"plan": "abc"}, "plan", None),
        ({"team": "-1"}, "team", None),
        ({"inspected_organization": "1e9"}, "inspected_organization", None),
        ({"inspected_subtree": "abc"}, "inspected_subtree", None),
        ({"status": "flying"}, "status", "Hãy chọn một lựa chọn hợp lệ."),
        ({"kind": "raid"}, "kind", None),
    ],
)
def test_malformed_visit_filters_are_400_with_a_field_error(
    api, world, planning, params, field, text
):
    response = signed_in(api, world.team_lead).get("/api/v1/visits/", params)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    if text:
        assert response.json()[field][0].startswith(text)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/plans/", {"year": "abc"}),
        ("/api/v1/plans/", {"issuer": "x"}),
        ("/api/v1/plans/", {"status": "open"}),
        ("/api/v1/teams/", {"plan": "x"}),
        ("/api/v1/teams/", {"organization": "1.5"}),
        ("/api/v1/legal-documents/", {"kind": "poem"}),
        ("/api/v1/legal-documents/", {"issuer": "abc"}),
    ],
)
def test_malformed_filters_elsewhere_are_400(api, world, planning, url, params):
    response = signed_in(api, world.hanoi_head).get(url, params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_unknown_ordering_is_ignored(api, world, planning):
    response = signed_in(api, world.hanoi_head).get("/api/v1/visits/", {"ordering": "password"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/visits/abc/",
        "/api/v1/plans/abc/",
        "/api/v1/teams/abc/",
        "/api/v1/legal-documents/abc/",
        "/api/v1/visits/99999999999999999999999/",
        "/api/v1/plans/0/",
    ],
)
def test_malformed_ids_in_urls_are_404(api, world, planning, url):
    assert signed_in(api, world.hanoi_head).get(url).status_code == 404


def test_malformed_id_in_an_action_url_is_404(api, world, planning):
    assert signed_in(api, world.team_lead).post("/api/v1/visits/abc/start/").status_code == 404


def test_team_lead_starts_and_finishes_a_visit(api, world, planning):
    signed_in(api, world.team_lead)
    started = api.post(f"/api/v1/visits/{planning.scheduled.pk}/start/")
    assert started.status_code == 200, started.content
    assert started.json()["status"] == "in_progress"
    assert started.json()["actual_start"]
    planning.plan.refresh_from_db()
    assert planning.plan.status == "in_progress"
    finished = api.post(f"/api/v1/visits/{planning.scheduled.pk}/finish-fieldwork/")
    assert finished.status_code == 200, finished.content
    assert finished.json()["status"] == "reporting"
    assert finished.json()["actual_end"]


def test_unit_head_above_the_team_may_start_a_visit(api, world, planning):
    response = signed_in(api, world.hanoi_head).post(
        f"/api/v1/visits/{planning.scheduled.pk}/start/"
    )
    assert response.status_code == 200


def test_plain_member_may_not_start_a_visit(api, world, planning):
    response = signed_in(api, world.inspector).post(
        f"/api/v1/visits/{planning.scheduled.pk}/start/"
    )
    assert response.status_code == 403
    assert response.json()["detail"]
    planning.scheduled.refresh_from_db()
    assert planning.scheduled.status == "planned"


def test_finishing_field_work_before_it_starts_is_a_conflict(api, world, planning):
    response = signed_in(api, world.team_lead).post(
        f"/api/v1/visits/{planning.scheduled.pk}/finish-fieldwork/"
    )
    assert response.status_code == 409


def test_team_lead_cancels_a_visit_with_a_reason(api, world, planning):
    signed_in(api, world.team_lead)
    response = api.post(
        f"/api/v1/visits/{planning.scheduled.pk}/cancel/",
        {"reason": "Đơn vị sáp nhập theo Nghị quyết của Quốc hội"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancel_reason"].startswith("Đơn vị sáp nhập")
    again = api.post(f"/api/v1/visits/{planning.scheduled.pk}/start/")
    assert again.status_code == 409
    assert again.json()["detail"]


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ({}, REQUIRED),
        ({"reason": ""}, "Trường này không được bỏ trống."),
        ({"reason": "   "}, None),
    ],
)
def test_cancelling_needs_a_reason(api, world, planning, body, text):
    response = signed_in(api, world.team_lead).post(
        f"/api/v1/visits/{planning.scheduled.pk}/cancel/", body, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    if text:
        assert response.json()["reason"] == [text]
    planning.scheduled.refresh_from_db()
    assert planning.scheduled.status == "planned"


def test_plain_member_may_not_cancel_a_visit(api, world, planning):
    response = signed_in(api, world.inspector).post(
        f"/api/v1/visits/{planning.scheduled.pk}/cancel/", {"reason": "Bận"}, format="json"
    )
    assert response.status_code == 403


# --- Secrecy: seen from the side that must NOT see ------------------------------------------------


@pytest.fixture
def announced(world, planning):
    """A scheduled visit to the ward: the ward may know of it, unlike the surprise one."""
    return VisitFactory(
        team=planning.team,
        inspected_organization=world.hang_trong,
        kind="scheduled",
        planned_start=datetime.date(2023, 4, 3),
        planned_end=datetime.date(2023, 4, 4),
        created_by=world.team_lead,
    )


def test_ward_does_not_see_a_surprise_visit_before_it_starts(api, world, planning, announced):
    signed_in(api, world.ward_officer)
    url = "/api/v1/visits/"
    listing = api.get(url)
    assert listing.json()["count"] == 1
    assert ids(listing) == {announced.pk}
    for params in [
        {"kind": "surprise"},
        {"inspected_organization": world.hang_trong.pk},
        {"inspected_subtree": world.hanoi.pk},
        {"plan": planning.plan.pk},
        {"team": planning.team.pk},
        {"status": "planned"},
        {"year": 2023},
        {"planned_from": "2023-01-01", "planned_to": "2023-12-31"},
    ]:
        assert planning.surprise.pk not in ids(api.get(url, params)), params
    assert api.get(url, {"kind": "surprise"}).json()["count"] == 0


def test_surprise_visit_detail_is_404_like_a_missing_one(api, world, planning):
    signed_in(api, world.ward_officer)
    hidden = api.get(f"/api/v1/visits/{planning.surprise.pk}/")
    missing = api.get("/api/v1/visits/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    for action in ["start", "finish-fieldwork", "cancel"]:
        url = f"/api/v1/visits/{planning.surprise.pk}/{action}/"
        assert api.post(url, {"reason": "x"}, format="json").status_code == 404


def test_ward_sees_the_surprise_visit_once_it_starts(api, world, planning, announced):
    started = signed_in(api, world.team_lead).post(f"/api/v1/visits/{planning.surprise.pk}/start/")
    assert started.status_code == 200
    signed_in(api, world.ward_officer)
    assert ids(api.get("/api/v1/visits/")) == {announced.pk, planning.surprise.pk}
    detail = api.get(f"/api/v1/visits/{planning.surprise.pk}/")
    assert detail.status_code == 200
    assert detail.json()["status"] == "in_progress"
    assert ids(api.get("/api/v1/visits/", {"kind": "surprise"})) == {planning.surprise.pk}


def test_ward_does_not_see_plans_or_teams(api, world, planning):
    signed_in(api, world.ward_officer)
    assert results(api.get("/api/v1/plans/")) == []
    assert results(api.get("/api/v1/teams/")) == []
    assert api.get(f"/api/v1/plans/{planning.plan.pk}/").status_code == 404
    assert api.get(f"/api/v1/teams/{planning.team.pk}/").status_code == 404
    assert api.patch(f"/api/v1/teams/{planning.team.pk}/", {}, format="json").status_code == 404
    generate = api.post(f"/api/v1/plans/{planning.plan.pk}/generate-visits/", {}, format="json")
    assert generate.status_code == 404


def test_ward_cannot_name_a_hidden_team_or_plan_in_a_visit(api, world, planning):
    response = signed_in(api, world.ward_officer).post(
        "/api/v1/visits/", visit_payload(planning, world.hang_trong), format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"team", "plan"}


def test_sibling_province_sees_nothing_of_hanoi(api, world, planning):
    signed_in(api, world.dong_thap_officer)
    assert results(api.get("/api/v1/plans/")) == []
    assert results(api.get("/api/v1/teams/")) == []
    # Not even its own commune's surprise visit: it has not started.
    assert results(api.get("/api/v1/visits/")) == []
    assert results(api.get("/api/v1/visits/", {"inspected_subtree": world.hanoi.pk})) == []
    for url in [
        f"/api/v1/plans/{planning.plan.pk}/",
        f"/api/v1/teams/{planning.team.pk}/",
        f"/api/v1/visits/{planning.scheduled.pk}/",
        f"/api/v1/visits/{planning.surprise.pk}/",
        f"/api/v1/visits/{planning.dong_thap_visit.pk}/",
    ]:
        assert api.get(url).status_code == 404, url


def test_hanoi_people_do_not_see_dong_thap_work(api, world, planning):
    signed_in(api, world.hanoi_head)
    assert planning.dong_thap_visit.pk not in ids(api.get("/api/v1/visits/"))
    assert planning.dong_thap_team.pk not in ids(api.get("/api/v1/teams/"))
    assert api.get(f"/api/v1/visits/{planning.dong_thap_visit.pk}/").status_code == 404


# --- Constant query counts ----------------------------------------------------------------------


def add_documents(world, count):
    for _ in range(count):
        LegalDocumentFactory(issuer=world.ttcp)


def add_plans(world, count):
    basis = LegalDocumentFactory(issuer=world.ttcp)
    for _ in range(count):
        plan = PlanFactory(
            issuer=world.hanoi, created_by=world.hanoi_head, targets=[world.hoan_kiem]
        )
        plan.legal_bases.add(basis)


def add_teams(world, count):
    for _ in range(count):
        TeamFactory(
            organization=world.hanoi_home_affairs,
            head=world.team_lead,
            members=[world.inspector],
        )


def add_visits(world, count):
    plan = PlanFactory(issuer=world.hanoi, created_by=world.hanoi_head)
    team = TeamFactory(organization=world.hanoi_home_affairs, plan=plan, head=world.team_lead)
    for _ in range(count):
        VisitFactory(team=team, inspected_organization=world.hoan_kiem, created_by=world.team_lead)


@pytest.mark.parametrize(
    ("url", "add", "viewer"),
    [
        ("/api/v1/legal-documents/", add_documents, "analyst"),
        ("/api/v1/plans/", add_plans, "hanoi_head"),
        ("/api/v1/teams/", add_teams, "hanoi_head"),
        ("/api/v1/visits/", add_visits, "team_lead"),
    ],
    ids=["legal-documents", "plans", "teams", "visits"],
)
def test_list_endpoint_query_count_is_constant(api, world, url, add, viewer):
    user = getattr(world, viewer)
    add(world, 5)
    assert len(results(signed_in(api, user).get(url))) == 5
    few = api_queries_for(api, user, url)
    add(world, 45)
    assert len(results(api.get(url))) == 50
    assert api_queries_for(api, user, url) == few
