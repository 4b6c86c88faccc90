"""Follow-up through the pages: the addressee reports, the team accepts or rejects."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from accounts.enums import Role
from accounts.models import Notification, User
from findings.models import Recommendation, RemediationReport
from findings.services import add_recommendation, record_finding
from inspections.models import Visit
from inspections.services import finish_fieldwork, start_visit

from .conftest import queries_for
from .factories import RecommendationFactory, UserFactory, content_area

pytestmark = pytest.mark.django_db


@pytest.fixture
def addressee(world):
    return UserFactory(
        organization=world.hoan_kiem, role=Role.INSPECTED_OFFICER, full_name="Phạm Thị Lan"
    )


@pytest.fixture
def recommendation(world, planning, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    visit = planning.scheduled
    start_visit(world.team_lead, visit)
    finding = record_finding(
        world.inspector,
        visit,
        content_area=content_area(3),
        kind="shortcoming",
        title="Máy lấy số tự động bị hỏng",
    )
    rec = add_recommendation(
        world.inspector,
        visit,
        finding=finding,
        addressee=world.hoan_kiem,
        kind="remedy",
        action="Sửa chữa máy lấy số tự động tại bộ phận một cửa.",
        due_date=datetime.date.today() + datetime.timedelta(days=20),
    )
    finish_fieldwork(world.team_lead, visit)
    Visit.objects.filter(pk=visit.pk).update(status="concluded")  # the notice was issued
    return Recommendation.objects.get(pk=rec.pk)


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 120, 10)).save(buffer, format="JPEG")
    return SimpleUploadedFile("may-lay-so.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_the_addressee_reports_with_a_photo(client, addressee, recommendation):
    client.force_login(addressee)
    response = client.post(
        reverse("findings:report_submit", args=[recommendation.pk]),
        {"text": "Đã thay máy lấy số mới ngày 05/12.", "files": [photo()]},
    )
    assert response.status_code == 302
    report = RemediationReport.objects.get()
    assert report.evidence.count() == 1
    recommendation.refresh_from_db()
    assert recommendation.status == "reported"
    assert recommendation.visit.status == "following_up"


def test_a_report_without_text_is_refused_and_keeps_nothing(client, addressee, recommendation):
    client.force_login(addressee)
    response = client.post(
        reverse("findings:report_submit", args=[recommendation.pk]), {"text": ""}
    )
    assert response.status_code == 400
    assert not RemediationReport.objects.exists()


def test_a_disguised_file_is_refused(client, addressee, recommendation):
    client.force_login(addressee)
    response = client.post(
        reverse("findings:report_submit", args=[recommendation.pk]),
        {"text": "Đã khắc phục.", "files": [SimpleUploadedFile("anh.jpg", b"MZ" + b"\0" * 300)]},
    )
    assert response.status_code == 400
    assert "Không chấp nhận loại tệp này" in response.content.decode()
    assert not RemediationReport.objects.exists()


def test_another_organization_cannot_see_or_report(client, world, recommendation):
    client.force_login(world.dong_thap_officer)
    assert (
        client.get(reverse("findings:recommendation_detail", args=[recommendation.pk])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("findings:report_submit", args=[recommendation.pk]), {"text": "x"}
        ).status_code
        == 404
    )


def test_the_ward_below_sees_only_what_is_addressed_to_it(client, world, recommendation):
    # The ward is under Hoàn Kiếm; a recommendation to the district is not the ward's.
    client.force_login(world.ward_officer)
    assert (
        client.get(reverse("findings:recommendation_detail", args=[recommendation.pk])).status_code
        == 404
    )


def test_reject_needs_a_reason_then_report_again_and_accept_closes_the_visit(
    client, world, addressee, recommendation
):
    client.force_login(addressee)
    client.post(
        reverse("findings:report_submit", args=[recommendation.pk]),
        {"text": "Đã báo hãng sửa chữa."},
    )
    report = RemediationReport.objects.get()
    client.force_login(world.inspector)
    refused = client.post(reverse("findings:report_reject", args=[report.pk]), {"reason": ""})
    assert refused.status_code == 400
    rejected = client.post(
        reverse("findings:report_reject", args=[report.pk]),
        {"reason": "Chưa có biên bản nghiệm thu máy."},
    )
    assert rejected.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "open"
    assert Notification.objects.filter(
        recipient=addressee, title__contains="Chưa có biên bản nghiệm thu máy."
    ).exists()
    client.force_login(addressee)
    client.post(
        reverse("findings:report_submit", args=[recommendation.pk]),
        {"text": "Gửi kèm biên bản nghiệm thu."},
    )
    second = RemediationReport.objects.get(status="submitted")
    client.force_login(world.inspector)
    assert client.post(reverse("findings:report_accept", args=[second.pk])).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.status == "done"
    assert Visit.objects.get(pk=recommendation.visit_id).status == "closed"


def test_accept_by_someone_off_the_team_is_refused(client, world, addressee, recommendation):
    client.force_login(addressee)
    client.post(reverse("findings:report_submit", args=[recommendation.pk]), {"text": "Xong."})
    report = RemediationReport.objects.get()
    client.force_login(world.hanoi_head)
    assert client.post(reverse("findings:report_accept", args=[report.pk])).status_code == 403
    assert client.post(reverse("findings:report_accept", args=[report.pk])).status_code == 403


def test_a_report_on_a_done_recommendation_is_refused(client, addressee, recommendation):
    Recommendation.objects.filter(pk=recommendation.pk).update(status="done")
    client.force_login(addressee)
    response = client.post(
        reverse("findings:report_submit", args=[recommendation.pk]), {"text": "Thêm báo cáo"}
    )
    assert response.status_code == 409


def test_overdue_is_derived_and_shown(client, world, addressee, recommendation):
    Recommendation.objects.filter(pk=recommendation.pk).update(
        due_date=datetime.date.today() - datetime.timedelta(days=3)
    )
    client.force_login(addressee)
    page = client.get(reverse("findings:tracker"), {"state": "overdue"}).content.decode()
    assert "Sửa chữa máy lấy số tự động" in page
    assert "quá hạn 3 ngày" in page


def test_tracker_query_count_is_constant(client, world, addressee, recommendation):
    client.force_login(User.objects.get(pk=addressee.pk))
    url = reverse("findings:tracker")
    few = queries_for(client, url)
    for _ in range(30):
        RecommendationFactory(
            visit=recommendation.visit, addressee=world.hoan_kiem, created_by=world.inspector
        )
    assert queries_for(client, url) == few


def test_a_malformed_tracker_filter_is_a_400(client, addressee, recommendation):
    client.force_login(addressee)
    assert client.get(reverse("findings:tracker"), {"visit": "abc"}).status_code == 400
