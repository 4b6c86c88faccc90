"""Every state change of plans, visits, findings, recommendations and conclusions is in the
audit trail with who and when: a full journey, checked record by record."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.enums import Role
from findings import followup
from findings import services as findings
from inspections import services as planning
from reporting import services as reporting

from .factories import UserFactory, content_area

pytestmark = pytest.mark.django_db


def trail(obj) -> list[tuple[str, str]]:
    """(reason, username) of every history row, oldest first."""
    return [
        (row.history_change_reason or row.history_type, row.history_user.username)
        for row in obj.history.select_related("history_user").order_by("history_date", "pk")
    ]


def test_a_full_journey_leaves_a_complete_trail(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_TASK_ALWAYS_EAGER = True
    officer = UserFactory(
        username="hk_officer", organization=world.hoan_kiem, role=Role.INSPECTED_OFFICER
    )
    plan = planning.create_plan(
        world.team_lead,
        code="5/KH-UBND",
        title="Kế hoạch kiểm tra công vụ năm 2024",
        issuer=world.hanoi,
        issued_on=datetime.date(2024, 1, 5),
        year=2024,
        starts_on=datetime.date(2024, 1, 10),
        ends_on=datetime.date(2099, 12, 31),
        targets=[world.hoan_kiem],
    )
    planning.approve_plan(world.hanoi_head, plan)
    team = planning.create_team(
        world.team_lead,
        name="Đoàn kiểm tra 2024",
        organization=world.hanoi_home_affairs,
        plan=plan,
        decision_number="7/QĐ-UBND",
        decision_date=datetime.date(2024, 1, 8),
        members=[
            planning.MemberSpec(world.team_lead, "head"),
            planning.MemberSpec(world.inspector, "member"),
        ],
    )
    [visit] = planning.generate_visits(
        world.team_lead,
        plan,
        team=team,
        kind="scheduled",
        planned_start=datetime.date(2024, 3, 1),
        planned_end=datetime.date(2024, 3, 2),
    )
    planning.start_visit(world.team_lead, visit)
    finding = findings.record_finding(
        world.inspector,
        visit,
        content_area=content_area(3),
        kind="shortcoming",
        title="Chưa niêm yết quy trình",
    )
    finding = findings.update_finding(
        world.team_lead, finding, version=1, description="Thiếu 12 quy trình lĩnh vực đất đai."
    )
    evidence = findings.attach_evidence(
        world.inspector, finding, SimpleUploadedFile("bang.pdf", b"%PDF-1.4 bang niem yet")
    )
    findings.remove_evidence(world.inspector, evidence, "Chụp nhầm bảng")
    recommendation = findings.add_recommendation(
        world.inspector,
        visit,
        finding=finding,
        addressee=world.hoan_kiem,
        kind="remedy",
        action="Niêm yết đầy đủ quy trình.",
        due_date=datetime.date.today() + datetime.timedelta(days=30),
    )
    planning.finish_fieldwork(world.team_lead, visit)
    conclusion = reporting.draft_conclusion(world.team_lead, visit)
    reporting.submit_for_review(world.team_lead, conclusion)
    reporting.return_for_revision(world.hanoi_head, conclusion, comments={"overview": "Bổ sung"})
    reporting.submit_for_review(world.team_lead, conclusion)
    reporting.approve(world.hanoi_head, conclusion)
    reporting.issue(world.hanoi_head, conclusion, issued_on=datetime.date.today())
    report = followup.submit_report(officer, recommendation, text="Đã niêm yết.")
    followup.reject_report(world.inspector, report, reason="Thiếu ảnh chụp")
    report = followup.submit_report(officer, recommendation, text="Gửi kèm ảnh chụp.")
    followup.accept_report(world.inspector, report)

    assert trail(plan) == [
        ("create", "team_lead"),
        ("approve", "hanoi_head"),
        ("first visit started", "team_lead"),
    ]
    assert trail(visit) == [
        ("create", "team_lead"),
        ("start", "team_lead"),
        ("finish field work", "team_lead"),
        ("conclusion issued", "hanoi_head"),
        ("follow-up started", "hk_officer"),
        ("closed", "inspector"),
    ]
    assert trail(finding) == [("create", "inspector"), ("update", "team_lead")]
    assert trail(evidence) == [("upload", "inspector"), ("remove", "inspector")]
    assert trail(recommendation) == [
        ("create", "inspector"),
        ("reported", "hk_officer"),
        ("reopened", "inspector"),
        ("reported", "hk_officer"),
        ("done", "inspector"),
    ]
    assert [reason for reason, _ in trail(conclusion)] == [
        "draft",
        "submit",
        "return",
        "submit",
        "approve",
        "issue",
    ]
    assert {user for _, user in trail(conclusion)} == {"team_lead", "hanoi_head"}
    for obj in (plan, visit, finding, recommendation, conclusion):
        assert all(row.history_date is not None for row in obj.history.all())
