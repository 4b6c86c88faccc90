"""The visit workspace: checklist, findings edited in place, evidence, recommendations."""

import datetime
import io

import pytest
from django.urls import reverse
from PIL import Image

from accounts.models import User
from findings.models import CriterionCheck, Evidence, Finding, Recommendation
from inspections.models import Visit
from inspections.services import start_visit

from .conftest import queries_for
from .factories import CriterionFactory, FindingFactory, RecommendationFactory, content_area

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def visit(world, planning, settings, tmp_path):
    """The scheduled visit to quận Hoàn Kiếm, started, with uploads going to a temp folder."""
    settings.MEDIA_ROOT = tmp_path
    start_visit(world.team_lead, planning.scheduled)
    return Visit.objects.get(pk=planning.scheduled.pk)


@pytest.fixture
def criterion(db):
    return CriterionFactory(
        content_area=content_area(3), title="Niêm yết đầy đủ quy trình giải quyết TTHC"
    )


def finding_data(**overrides):
    data = {
        "content_area": content_area(3).pk,
        "kind": "shortcoming",
        "title": "Chưa niêm yết đầy đủ quy trình giải quyết thủ tục hành chính",
        "description": "Bộ phận một cửa thiếu 12 quy trình lĩnh vực đất đai.",
        "version": "",
    }
    data.update(overrides)
    return data


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


# --- The page ---------------------------------------------------------------------------------


def test_team_member_opens_the_workspace_with_five_areas(client, world, visit, criterion):
    client.force_login(world.inspector)
    response = client.get(reverse("findings:workspace", args=[visit.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    for number in range(1, 6):
        assert f'id="area-{number}"' in text
    assert "Niêm yết đầy đủ quy trình giải quyết TTHC" in text


def test_the_inspected_unit_never_sees_the_workspace(client, world, planning, visit):
    for user in (world.ward_officer, world.dong_thap_officer):
        client.force_login(user)
        assert client.get(reverse("findings:workspace", args=[visit.pk])).status_code == 404


def test_workspace_query_count_is_the_same_with_5_and_100_findings(client, world, visit):
    criteria = [CriterionFactory(content_area=content_area(n % 5 + 1)) for n in range(10)]

    def grow(count):
        for index in range(count):
            finding = FindingFactory(
                visit=visit,
                content_area=criteria[index % 10].content_area,
                criterion=criteria[index % 10] if index % 2 else None,
                recorded_by=world.inspector,
            )
            RecommendationFactory(visit=visit, finding=finding, created_by=world.inspector)

    client.force_login(User.objects.get(pk=world.inspector.pk))
    url = reverse("findings:workspace", args=[visit.pk])
    grow(5)
    few = queries_for(client, url)
    grow(95)
    assert Finding.objects.filter(visit=visit).count() == 100
    assert queries_for(client, url) == few


# --- Checklist --------------------------------------------------------------------------------


def test_marking_a_criterion_returns_its_row(client, world, visit, criterion):
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:set_check", args=[visit.pk, criterion.pk]), {"result": "not_met"}, **HTMX
    )
    assert response.status_code == 200
    assert (
        'value="not_met" class="chip chip-not_met" aria-pressed="true"' in response.content.decode()
    )
    assert CriterionCheck.objects.get(visit=visit, criterion=criterion).result == "not_met"


def test_an_unknown_result_is_a_400(client, world, visit, criterion):
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:set_check", args=[visit.pk, criterion.pk]), {"result": "maybe"}, **HTMX
    )
    assert response.status_code == 400


# --- Findings ---------------------------------------------------------------------------------


def test_recording_a_finding_in_place_returns_its_card(client, world, visit, criterion):
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:finding_create", args=[visit.pk]),
        finding_data(criterion=criterion.pk),
        **HTMX,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert text.lstrip().startswith("<article")
    assert "Chưa niêm yết đầy đủ quy trình" in text
    finding = Finding.objects.get()
    assert (finding.criterion, finding.recorded_by) == (criterion, world.inspector)


def test_empty_title_keeps_the_typed_text_and_explains(client, world, visit):
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:finding_create", args=[visit.pk]), finding_data(title=""), **HTMX
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Trường này là bắt buộc." in text
    assert "thiếu 12 quy trình lĩnh vực đất đai" in text
    assert not Finding.objects.exists()


def test_unknown_content_area_is_refused(client, world, visit):
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:finding_create", args=[visit.pk]),
        finding_data(content_area=999),
        **HTMX,
    )
    assert response.status_code == 400
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()


def test_criterion_of_another_area_is_refused(client, world, visit, criterion):
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:finding_create", args=[visit.pk]),
        finding_data(content_area=content_area(1).pk, criterion=criterion.pk),
        **HTMX,
    )
    assert response.status_code == 400
    assert "Tiêu chí này thuộc nội dung kiểm tra khác." in response.content.decode()


def test_severity_on_a_shortcoming_is_refused(client, world, visit):
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:finding_create", args=[visit.pk]),
        finding_data(severity="serious"),
        **HTMX,
    )
    assert response.status_code == 400
    assert "Chỉ hành vi vi phạm mới có mức độ." in response.content.decode()


def test_a_violation_needs_a_severity(client, world, visit):
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:finding_create", args=[visit.pk]),
        finding_data(kind="violation"),
        **HTMX,
    )
    assert response.status_code == 400
    assert "Hãy nêu mức độ vi phạm." in response.content.decode()


def test_someone_off_the_team_cannot_record(client, world, visit):
    client.force_login(world.hanoi_head)  # sees the visit, is not on its team
    response = client.post(reverse("findings:finding_create", args=[visit.pk]), finding_data())
    assert response.status_code == 403
    assert not Finding.objects.exists()


def test_the_second_of_two_concurrent_edits_gets_a_conflict_and_keeps_its_text(
    client, world, visit
):
    finding = FindingFactory(visit=visit, content_area=content_area(3), recorded_by=world.inspector)
    url = reverse("findings:finding_edit", args=[finding.pk])
    client.force_login(world.team_lead)
    first = client.post(url, finding_data(title="Bản của trưởng đoàn", version=1), **HTMX)
    assert first.status_code == 200
    client.force_login(world.inspector)
    second = client.post(url, finding_data(title="Bản của thành viên", version=1), **HTMX)
    assert second.status_code == 409
    text = second.content.decode()
    assert "Người khác đã lưu kết quả này" in text
    assert 'value="Bản của thành viên"' in text  # what the second inspector typed
    assert "Bản của trưởng đoàn" in text  # the version that was saved
    assert Finding.objects.get().title == "Bản của trưởng đoàn"
    # Saving again from the form (now carrying version 2) replaces it on purpose.
    third = client.post(url, finding_data(title="Bản của thành viên", version=2), **HTMX)
    assert third.status_code == 200
    assert Finding.objects.get().title == "Bản của thành viên"


def test_a_frozen_finding_cannot_be_edited(client, world, visit):
    finding = FindingFactory(visit=visit, recorded_by=world.inspector)
    Visit.objects.filter(pk=visit.pk).update(status="concluded")
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:finding_edit", args=[finding.pk]), finding_data(version=1), **HTMX
    )
    assert response.status_code == 409
    assert "không thể thay đổi kết quả kiểm tra" in response.content.decode()
    finding.refresh_from_db()
    assert finding.title != finding_data()["title"]


def test_history_shows_who_changed_what(client, world, visit):
    finding = FindingFactory(
        visit=visit, content_area=content_area(3), recorded_by=world.inspector, title="Tiêu đề cũ"
    )
    client.force_login(world.inspector)
    client.post(
        reverse("findings:finding_edit", args=[finding.pk]),
        finding_data(title="Tiêu đề mới", version=1),
        **HTMX,
    )
    page = client.get(reverse("findings:finding_history", args=[finding.pk])).content.decode()
    assert "Tiêu đề cũ" in page
    assert "Tiêu đề mới" in page
    assert world.inspector.full_name in page


# --- Evidence ---------------------------------------------------------------------------------


def test_a_photo_is_stored_under_a_random_name_with_a_thumbnail(client, world, visit):
    finding = FindingFactory(visit=visit, recorded_by=world.inspector)
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:evidence_upload", args=[finding.pk]),
        {"file": upload("may-lay-so-hong.png", png_bytes()), "caption": "Máy lấy số hỏng"},
        **HTMX,
    )
    assert response.status_code == 200
    evidence = Evidence.objects.get()
    assert "may-lay-so-hong" not in evidence.file.name
    assert evidence.thumbnail
    assert evidence.content_type == "image/png"
    download = client.get(reverse("findings:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == png_bytes()
    assert download["X-Content-Type-Options"] == "nosniff"


def test_evidence_is_served_only_to_those_who_see_the_finding(client, world, visit):
    finding = FindingFactory(visit=visit, recorded_by=world.inspector)
    client.force_login(world.inspector)
    client.post(
        reverse("findings:evidence_upload", args=[finding.pk]),
        {"file": upload("anh.png", png_bytes())},
    )
    evidence = Evidence.objects.get()
    for user in (world.ward_officer, world.dong_thap_officer):
        client.force_login(user)
        assert (
            client.get(reverse("findings:evidence_download", args=[evidence.pk])).status_code == 404
        )
        assert (
            client.get(reverse("findings:evidence_thumbnail", args=[evidence.pk])).status_code
            == 404
        )


def test_an_executable_renamed_jpg_is_refused(client, world, visit):
    finding = FindingFactory(visit=visit, recorded_by=world.inspector)
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:evidence_upload", args=[finding.pk]),
        {"file": upload("anh.jpg", b"MZ\x90\x00" + b"\x00" * 400)},
        **HTMX,
    )
    assert response.status_code == 400
    assert "Không chấp nhận loại tệp này" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_file_over_the_limit_is_refused(client, world, visit, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    finding = FindingFactory(visit=visit, recorded_by=world.inspector)
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:evidence_upload", args=[finding.pk]),
        {"file": upload("anh.png", png_bytes())},
        **HTMX,
    )
    assert response.status_code == 400
    assert "giới hạn" in response.content.decode()


def test_removing_evidence_needs_a_reason_and_is_recorded(client, world, visit):
    finding = FindingFactory(visit=visit, recorded_by=world.inspector)
    client.force_login(world.inspector)
    client.post(
        reverse("findings:evidence_upload", args=[finding.pk]),
        {"file": upload("anh.png", png_bytes())},
    )
    evidence = Evidence.objects.get()
    url = reverse("findings:evidence_remove", args=[evidence.pk])
    assert client.post(url, {"reason": ""}, **HTMX).status_code == 400
    assert client.post(url, {"reason": "Ảnh chụp nhầm đơn vị"}, **HTMX).status_code == 200
    evidence.refresh_from_db()
    assert (evidence.removed_by, evidence.removal_reason) == (
        world.inspector,
        "Ảnh chụp nhầm đơn vị",
    )
    page = client.get(reverse("findings:finding_history", args=[finding.pk])).content.decode()
    assert "Ảnh chụp nhầm đơn vị" in page


# --- Recommendations --------------------------------------------------------------------------


def recommendation_data(visit, **overrides):
    data = {
        "addressee": visit.inspected_organization_id,
        "kind": "remedy",
        "action": "Niêm yết đầy đủ quy trình giải quyết TTHC tại bộ phận một cửa.",
        "due_date": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
    }
    data.update(overrides)
    return data


def test_a_recommendation_on_a_finding_appears_on_its_card(client, world, visit):
    finding = FindingFactory(visit=visit, recorded_by=world.inspector)
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:recommendation_create", args=[visit.pk]),
        {**recommendation_data(visit), "finding": finding.pk},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Niêm yết đầy đủ quy trình" in response.content.decode()
    assert Recommendation.objects.get().finding == finding


def test_a_due_date_in_the_past_is_refused(client, world, visit):
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:recommendation_create", args=[visit.pk]),
        recommendation_data(visit, due_date="2020-01-01"),
        **HTMX,
    )
    assert response.status_code == 400
    assert "Thời hạn không thể là ngày đã qua." in response.content.decode()


def test_an_addressee_outside_the_visit_is_refused(client, world, visit):
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:recommendation_create", args=[visit.pk]),
        recommendation_data(visit, addressee=world.my_an_hung_b.pk),
        **HTMX,
    )
    assert response.status_code == 400
    assert not Recommendation.objects.exists()


def test_planned_visits_have_no_recording_yet(client, world, planning):
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:finding_create", args=[planning.surprise.pk]), finding_data(), **HTMX
    )
    assert response.status_code == 409
    assert "khi cuộc kiểm tra đã bắt đầu" in response.content.decode()


def test_a_path_trick_in_the_file_name_goes_nowhere(client, world, visit, tmp_path):
    finding = FindingFactory(visit=visit, recorded_by=world.inspector)
    client.force_login(world.inspector)
    response = client.post(
        reverse("findings:evidence_upload", args=[finding.pk]),
        {"file": upload("../../../../etc/passwd.png", png_bytes())},
        **HTMX,
    )
    assert response.status_code == 200
    evidence = Evidence.objects.get()
    assert evidence.original_name == "passwd.png"
    assert evidence.file.name.startswith("evidence/")
    assert ".." not in evidence.file.name
    assert (tmp_path / evidence.file.name).exists()
