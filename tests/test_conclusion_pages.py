"""The conclusion workflow through the pages: who may do what, and bad input."""

import pytest
from django.urls import reverse

from accounts.enums import Role
from accounts.models import Notification, User
from findings.services import record_finding
from inspections.services import finish_fieldwork, start_visit
from reporting import services
from reporting.models import Conclusion

from .conftest import queries_for
from .factories import UserFactory, content_area

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_process_tasks(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def district_officer(world):
    return UserFactory(organization=world.hoan_kiem, role=Role.INSPECTED_OFFICER)


@pytest.fixture
def reporting_visit(world, planning):
    visit = planning.scheduled
    start_visit(world.team_lead, visit)
    record_finding(
        world.inspector,
        visit,
        content_area=content_area(3),
        kind="shortcoming",
        title='<script>alert("x")</script> Chưa niêm yết đầy đủ quy trình',
    )
    return finish_fieldwork(world.team_lead, visit)


@pytest.fixture
def draft(world, reporting_visit):
    return services.draft_conclusion(world.team_lead, reporting_visit)


def post(client, user, name, conclusion, data=None):
    client.force_login(user)
    return client.post(reverse(name, args=[conclusion.pk]), data or {})


def test_team_head_drafts_from_the_visit_records(client, world, reporting_visit):
    client.force_login(world.team_lead)
    response = client.post(reverse("reporting:visit_conclusion", args=[reporting_visit.pk]))
    assert response.status_code == 302
    conclusion = Conclusion.objects.get()
    shortcomings = conclusion.sections.get(key="shortcomings").body
    assert "Chưa niêm yết đầy đủ quy trình" in shortcomings
    assert conclusion.sections.count() == 6


def test_a_plain_member_cannot_draft(client, world, reporting_visit):
    client.force_login(world.inspector)
    response = client.post(reverse("reporting:visit_conclusion", args=[reporting_visit.pk]))
    assert response.status_code == 403
    assert not Conclusion.objects.exists()


def test_script_in_a_finding_is_shown_as_text(client, world, draft):
    client.force_login(world.team_lead)
    page = client.get(reverse("reporting:conclusion_detail", args=[draft.pk])).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert '<script>alert("x")</script>' not in page


def test_approving_a_draft_that_was_not_submitted_is_refused(client, world, draft):
    response = post(client, world.hanoi_head, "reporting:conclusion_approve", draft)
    assert response.status_code == 409
    assert "Chỉ kết luận đã trình duyệt mới được phê duyệt." in response.content.decode()


def test_only_the_unit_head_of_the_issuer_approves(client, world, draft):
    services.submit_for_review(world.team_lead, draft)
    for user in (world.team_lead, world.analyst):
        assert post(client, user, "reporting:conclusion_approve", draft).status_code == 403
    draft.refresh_from_db()
    assert draft.status == "in_review"


def test_returning_without_a_comment_is_refused(client, world, draft):
    services.submit_for_review(world.team_lead, draft)
    response = post(client, world.hanoi_head, "reporting:conclusion_return", draft, {})
    assert response.status_code == 400
    assert "ít nhất một ý kiến" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "in_review"


def test_return_with_comments_then_the_reviewer_sees_what_changed(client, world, draft):
    services.submit_for_review(world.team_lead, draft)
    response = post(
        client,
        world.hanoi_head,
        "reporting:conclusion_return",
        draft,
        {"comment_recommendations": "Bổ sung thời hạn khắc phục cụ thể."},
    )
    assert response.status_code == 302
    section = draft.sections.get(key="recommendations")
    client.force_login(world.team_lead)
    saved = client.post(
        reverse("reporting:conclusion_section", args=[draft.pk, "recommendations"]),
        {"body": "- Niêm yết đầy đủ quy trình trước ngày 31/12.", "original": section.body},
    )
    assert saved.status_code == 302
    services.submit_for_review(world.team_lead, draft)
    client.force_login(world.hanoi_head)
    page = client.get(reverse("reporting:conclusion_detail", args=[draft.pk])).content.decode()
    assert "Bổ sung thời hạn khắc phục cụ thể." in page
    assert "<ins>" in page and "31/12.</ins>" in page


def test_issuing_numbers_freezes_notifies_and_builds_the_pdf(
    client, world, draft, district_officer, django_capture_on_commit_callbacks
):
    services.submit_for_review(world.team_lead, draft)
    services.approve(world.hanoi_head, draft)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            client,
            world.hanoi_head,
            "reporting:conclusion_issue",
            draft,
            {"issued_on": "2023-06-15"},
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.reference, draft.status, draft.pdf_status) == ("01/TB-UBND", "issued", "ready")
    assert draft.visit.status == "concluded"
    assert Notification.objects.filter(recipient=district_officer).exists()
    client.force_login(district_officer)
    pdf = client.get(reverse("reporting:conclusion_pdf", args=[draft.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"


def test_issuing_twice_is_refused(client, world, draft):
    services.submit_for_review(world.team_lead, draft)
    services.approve(world.hanoi_head, draft)
    services.issue(world.hanoi_head, draft)
    response = post(
        client, world.hanoi_head, "reporting:conclusion_issue", draft, {"issued_on": "2023-06-15"}
    )
    assert response.status_code == 409
    assert "đã được ban hành với số 01/TB-UBND" in response.content.decode()


def test_a_future_date_of_issue_is_refused(client, world, draft):
    services.submit_for_review(world.team_lead, draft)
    services.approve(world.hanoi_head, draft)
    response = post(
        client, world.hanoi_head, "reporting:conclusion_issue", draft, {"issued_on": "2999-01-01"}
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.number is None


def test_an_issued_conclusion_cannot_be_edited(client, world, draft):
    services.submit_for_review(world.team_lead, draft)
    services.approve(world.hanoi_head, draft)
    services.issue(world.hanoi_head, draft)
    section = draft.sections.get(key="overview")
    client.force_login(world.team_lead)
    response = client.post(
        reverse("reporting:conclusion_section", args=[draft.pk, "overview"]),
        {"body": "Sửa sau khi ban hành", "original": section.body},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    section.refresh_from_db()
    assert section.body != "Sửa sau khi ban hành"


def test_its_findings_are_frozen_after_issue(world, draft):
    from core.errors import TransitionNotAllowed
    from findings.models import Finding
    from findings.services import update_finding

    services.submit_for_review(world.team_lead, draft)
    services.approve(world.hanoi_head, draft)
    services.issue(world.hanoi_head, draft)
    finding = Finding.objects.get()
    with pytest.raises(TransitionNotAllowed):
        update_finding(world.inspector, finding, version=finding.version, title="Sửa")


def test_the_inspected_side_sees_nothing_before_issue(client, world, draft, district_officer):
    services.submit_for_review(world.team_lead, draft)
    services.approve(world.hanoi_head, draft)
    for user in (district_officer, world.ward_officer, world.dong_thap_officer):
        client.force_login(user)
        assert (
            client.get(reverse("reporting:conclusion_detail", args=[draft.pk])).status_code == 404
        )
        assert client.get(reverse("reporting:conclusion_pdf", args=[draft.pk])).status_code == 404
        listing = client.get(reverse("reporting:conclusion_list")).content.decode()
        assert draft.subject not in listing


def test_another_province_never_sees_the_issued_notice(client, world, draft):
    services.submit_for_review(world.team_lead, draft)
    services.approve(world.hanoi_head, draft)
    services.issue(world.hanoi_head, draft)
    client.force_login(world.dong_thap_officer)
    assert client.get(reverse("reporting:conclusion_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("reporting:conclusion_pdf", args=[draft.pk])).status_code == 404


def test_detail_page_query_count_is_constant(client, world, draft):
    client.force_login(User.objects.get(pk=world.team_lead.pk))
    url = reverse("reporting:conclusion_detail", args=[draft.pk])
    few = queries_for(client, url)
    for round_number in range(3):
        services.submit_for_review(world.team_lead, draft)
        services.return_for_revision(
            world.hanoi_head,
            draft,
            comments={"overview": f"Ý kiến {round_number}", "results": "Bổ sung"},
        )
    client.force_login(User.objects.get(pk=world.team_lead.pk))
    assert queries_for(client, url) == few
