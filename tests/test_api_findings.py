"""The findings API: each endpoint as a team member, bad input, drafts kept inside the team,
frozen findings after the conclusion, evidence files, and constant query counts.

For our own messages the tests check the status code and the field the error is attached to.
"""

import datetime
import hashlib
import io
import zipfile

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from findings.models import Evidence, Finding, Recommendation
from findings.services import attach_evidence
from inspections.models import Visit
from inspections.services import start_visit

from .conftest import api_queries_for
from .factories import CriterionFactory, FindingFactory, RecommendationFactory, content_area

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


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


def started(world, visit) -> Visit:
    """Put a visit in progress, as its team head does on site."""
    return start_visit(world.team_lead, visit)


def conclude(*visits) -> None:
    """Simulate the issued conclusion (a reporting service moves the visit on)."""
    Visit.objects.filter(pk__in=[visit.pk for visit in visits]).update(status="concluded")


@pytest.fixture
def visit(world, planning) -> Visit:
    """The scheduled visit to quận Hoàn Kiếm, in progress."""
    return started(world, planning.scheduled)


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 30, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def downloaded(response) -> bytes:
    """The body of a file response; reading it to the end closes the file, as a server does."""
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def finding_of(visit, world, **fields) -> Finding:
    return FindingFactory(visit=visit, recorded_by=world.inspector, **fields)


def evidence_of(finding, world, name="bien-ban.pdf", content=PDF) -> Evidence:
    return attach_evidence(world.inspector, finding, upload(name, content), "Biên bản")


def in_days(days: int) -> str:
    return (TODAY() + datetime.timedelta(days=days)).isoformat()


# --- Content areas and criteria -------------------------------------------------------------------


def test_content_areas_and_criteria_are_reference_data_for_everyone(api, world):
    first = CriterionFactory(title="Niêm yết đầy đủ quy trình giải quyết TTHC")
    retired = CriterionFactory(title="Tiêu chí cũ", is_active=False)
    other_area = CriterionFactory(title="Trang thiết bị một cửa", content_area=content_area(3))
    signed_in(api, world.ward_officer)
    areas = results(api.get("/api/v1/content-areas/"))
    assert [area["number"] for area in areas] == [1, 2, 3, 4, 5]
    detail = api.get(f"/api/v1/content-areas/{areas[2]['id']}/")
    assert detail.status_code == 200 and detail.json()["number"] == 3
    url = "/api/v1/criteria/"
    assert ids(api.get(url)) >= {first.pk, retired.pk, other_area.pk}
    area_one = content_area(1).pk
    assert ids(api.get(url, {"content_area": area_one})) >= {first.pk, retired.pk}
    assert other_area.pk not in ids(api.get(url, {"content_area": area_one}))
    assert retired.pk not in ids(api.get(url, {"is_active": "true"}))
    assert ids(api.get(url, {"is_active": "false", "content_area": area_one})) == {retired.pk}
    row = api.get(f"{url}{other_area.pk}/").json()
    assert row["content_area_number"] == 3 and row["is_active"] is True


def test_content_areas_are_read_only_and_criteria_are_never_deleted(api, world):
    """The five areas are fixed by law; criteria are kept by administrators (see
    tests/test_api_checklist.py), who switch one off instead of deleting it."""
    signed_in(api, world.admin)
    assert api.post("/api/v1/content-areas/", {"number": 6}, format="json").status_code == 405
    criterion = api.get("/api/v1/criteria/").json()["results"][0]
    assert api.delete(f"/api/v1/criteria/{criterion['id']}/").status_code == 405


def test_reference_data_needs_signing_in(api, world):
    assert api.get("/api/v1/content-areas/").status_code in {401, 403}
    assert api.get("/api/v1/findings/").status_code in {401, 403}


# --- Findings: happy paths ------------------------------------------------------------------------


def finding_payload(visit, /, **changes) -> dict:
    payload = {
        "visit": visit.pk,
        "content_area": content_area(3).pk,
        "kind": "shortcoming",
        "title": "Bộ phận một cửa chưa niêm yết lịch tiếp công dân",
        "description": "Không có bảng niêm yết tại bộ phận một cửa.",
    }
    return {**payload, **changes}


def test_team_member_records_a_violation(api, world, visit):
    criterion = CriterionFactory(title="Niêm yết công khai TTHC")
    payload = finding_payload(
        visit,
        content_area=criterion.content_area_id,
        criterion=criterion.pk,
        kind="violation",
        severity="serious",
        responsible_organization=world.hang_trong.pk,
        responsible_person="Nguyễn Văn A",
    )
    response = signed_in(api, world.inspector).post("/api/v1/findings/", payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "violation" and body["kind_display"]
    assert body["severity"] == "serious" and body["severity_display"]
    assert body["criterion_title"] == "Niêm yết công khai TTHC"
    assert body["responsible_organization_name"] == "UBND phường Hàng Trống"
    assert body["version"] == 1
    assert body["evidence"] == [] and body["recommendations"] == []
    finding = Finding.objects.get(pk=body["id"])
    assert finding.recorded_by == world.inspector and finding.visit == visit


def test_findings_are_listed_retrieved_and_filtered(api, world, planning, visit):
    surprise = started(world, planning.surprise)
    good = finding_of(
        visit, world, kind="good_practice", replicate_nationwide=True, content_area=content_area(4)
    )
    violation = finding_of(visit, world, kind="violation", severity="minor")
    ward = finding_of(surprise, world)
    other = finding_of(planning.dong_thap_visit, world)
    signed_in(api, world.inspector)
    url = "/api/v1/findings/"
    assert ids(api.get(url)) == {good.pk, violation.pk, ward.pk}
    assert other.pk not in ids(api.get(url))
    assert ids(api.get(url, {"visit": visit.pk})) == {good.pk, violation.pk}
    assert ids(api.get(url, {"content_area": content_area(4).pk})) == {good.pk}
    assert ids(api.get(url, {"kind": "violation"})) == {violation.pk}
    assert ids(api.get(url, {"severity": "minor"})) == {violation.pk}
    assert ids(api.get(url, {"organization_subtree": world.hang_trong.pk})) == {ward.pk}
    assert ids(api.get(url, {"organization_subtree": world.hoan_kiem.pk})) == {
        good.pk,
        violation.pk,
        ward.pk,
    }
    assert ids(api.get(url, {"organization_subtree": world.dong_thap.pk})) == set()
    assert ids(api.get(url, {"year": 2023})) == {good.pk, violation.pk, ward.pk}
    assert ids(api.get(url, {"year": 2024})) == set()
    assert ids(api.get(url, {"replicate_nationwide": "true"})) == {good.pk}
    assert ids(api.get(url, {"replicate_nationwide": "false"})) == {violation.pk, ward.pk}
    detail = api.get(f"{url}{violation.pk}/")
    assert detail.status_code == 200
    assert detail.json()["title"] == violation.title
    assert api.get(f"{url}{other.pk}/").status_code == 404


def test_finding_shows_its_present_evidence_and_its_recommendations(api, world, visit):
    finding = finding_of(visit, world)
    kept = evidence_of(finding, world, name="anh-hien-truong.png", content=png_bytes())
    gone = evidence_of(finding, world)
    gone.removed_at = timezone.now()
    gone.save()
    recommendation = RecommendationFactory(visit=visit, finding=finding, created_by=world.team_lead)
    body = signed_in(api, world.team_lead).get(f"/api/v1/findings/{finding.pk}/").json()
    assert [row["id"] for row in body["evidence"]] == [kept.pk]
    assert body["evidence"][0]["original_name"] == "anh-hien-truong.png"
    assert body["evidence"][0]["is_image"] is True
    assert body["evidence"][0]["download_url"].endswith(f"/api/v1/evidence/{kept.pk}/download/")
    assert body["recommendations"] == [recommendation.pk]


def test_team_member_edits_a_finding_from_its_version(api, world, visit):
    finding = finding_of(visit, world)
    response = signed_in(api, world.inspector).patch(
        f"/api/v1/findings/{finding.pk}/",
        {"version": 1, "title": "Chưa công khai số điện thoại đường dây nóng", "cause": "Chủ quan"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    finding.refresh_from_db()
    assert finding.title == "Chưa công khai số điện thoại đường dây nóng"
    assert finding.cause == "Chủ quan" and finding.version == 2


def test_stale_version_is_a_conflict_that_names_the_current_one(api, world, visit):
    finding = finding_of(visit, world)
    url = f"/api/v1/findings/{finding.pk}/"
    signed_in(api, world.inspector)
    assert (
        api.patch(url, {"version": 1, "title": "Lần sửa thứ nhất"}, format="json").status_code
        == 200
    )
    response = api.patch(url, {"version": 1, "title": "Lần sửa thứ hai"}, format="json")
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    assert response.json()["detail"]
    finding.refresh_from_db()
    assert finding.title == "Lần sửa thứ nhất" and finding.version == 2


@pytest.mark.parametrize(
    "body", [{"title": "Không có phiên bản"}, {"version": "hai", "title": "x"}]
)
def test_an_edit_must_carry_its_version(api, world, visit, body):
    finding = finding_of(visit, world)
    response = signed_in(api, world.inspector).patch(
        f"/api/v1/findings/{finding.pk}/", body, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["version"]
    finding.refresh_from_db()
    assert finding.version == 1


def test_put_is_not_offered(api, world, visit):
    finding = finding_of(visit, world)
    response = signed_in(api, world.inspector).put(
        f"/api/v1/findings/{finding.pk}/", finding_payload(visit, version=1), format="json"
    )
    assert response.status_code == 405


def test_team_member_deletes_a_finding_without_evidence(api, world, visit):
    finding = finding_of(visit, world)
    response = signed_in(api, world.inspector).delete(f"/api/v1/findings/{finding.pk}/")
    assert response.status_code == 204
    assert not Finding.objects.filter(pk=finding.pk).exists()


def test_a_finding_with_evidence_cannot_be_deleted(api, world, visit):
    finding = finding_of(visit, world)
    evidence_of(finding, world)
    response = signed_in(api, world.inspector).delete(f"/api/v1/findings/{finding.pk}/")
    assert response.status_code == 409
    assert Finding.objects.filter(pk=finding.pk).exists()


# --- Findings: bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"content_area": 999_999}, "content_area"),
        ({"content_area": "một"}, "content_area"),
        ({"criterion": "other-area"}, "criterion"),
        ({"criterion": "retired"}, "criterion"),
        ({"kind": "good_practice", "severity": "minor"}, "severity"),
        ({"kind": "violation"}, "severity"),
        ({"kind": "violation", "severity": "catastrophic"}, "severity"),
        ({"kind": "rumour"}, "kind"),
        ({"replicate_nationwide": True}, "replicate_nationwide"),
        ({"responsible_organization": "own"}, "responsible_organization"),
        ({"responsible_organization": "dong_thap"}, "responsible_organization"),
        ({"visit": "dong_thap"}, "visit"),
        ({"visit": "abc"}, "visit"),
    ],
)
def test_bad_finding_input_is_a_field_error(api, world, planning, visit, changes, field):
    named = {
        "other-area": CriterionFactory(content_area=content_area(2)).pk,
        "retired": CriterionFactory(is_active=False).pk,
        "own": world.hanoi_home_affairs.pk,
        "dong_thap": world.dong_thap.pk,
    }
    if "criterion" in changes:
        changes = {**changes, "content_area": content_area(1).pk}
    changes = {key: named.get(value, value) for key, value in changes.items()}
    if changes.get("visit") == world.dong_thap.pk:
        changes["visit"] = planning.dong_thap_visit.pk
    response = signed_in(api, world.inspector).post(
        "/api/v1/findings/", finding_payload(visit, **changes), format="json"
    )
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert not Finding.objects.exists()


def test_bad_edit_changes_nothing(api, world, visit):
    finding = finding_of(visit, world)
    response = signed_in(api, world.inspector).patch(
        f"/api/v1/findings/{finding.pk}/", {"version": 1, "kind": "violation"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["severity"]
    finding.refresh_from_db()
    assert finding.kind == "shortcoming" and finding.version == 1


def test_findings_cannot_be_recorded_before_the_visit_starts(api, world, planning):
    response = signed_in(api, world.inspector).post(
        "/api/v1/findings/", finding_payload(planning.scheduled), format="json"
    )
    assert response.status_code == 409
    assert not Finding.objects.exists()


# --- Frozen after the conclusion, and only the team writes ----------------------------------------


def test_nothing_changes_once_the_visit_is_concluded(api, world, visit):
    finding = finding_of(visit, world)
    evidence = evidence_of(finding, world)
    recommendation = RecommendationFactory(visit=visit, created_by=world.team_lead)
    conclude(visit)
    signed_in(api, world.team_lead)
    attempts = [
        api.post("/api/v1/findings/", finding_payload(visit), format="json"),
        api.patch(f"/api/v1/findings/{finding.pk}/", {"version": 1, "title": "x"}, format="json"),
        api.delete(f"/api/v1/findings/{finding.pk}/"),
        api.post(
            "/api/v1/evidence/",
            {"finding": finding.pk, "file": upload("them.pdf", PDF)},
            format="multipart",
        ),
        api.post(f"/api/v1/evidence/{evidence.pk}/remove/", {"reason": "Nhầm"}, format="json"),
        api.post("/api/v1/recommendations/", recommendation_payload(world, visit), format="json"),
        api.patch(
            f"/api/v1/recommendations/{recommendation.pk}/",
            {"version": 1, "action": "Sửa"},
            format="json",
        ),
        api.delete(f"/api/v1/recommendations/{recommendation.pk}/"),
    ]
    assert [response.status_code for response in attempts] == [409] * len(attempts)
    finding.refresh_from_db()
    recommendation.refresh_from_db()
    assert finding.version == 1 and recommendation.version == 1
    assert Finding.objects.count() == 1 and Recommendation.objects.count() == 1
    assert Evidence.objects.get().removed_at is None
    # Still readable by the team.
    assert ids(api.get("/api/v1/findings/")) == {finding.pk}


def test_unit_head_above_sees_the_work_but_may_not_edit_it(api, world, visit):
    finding = finding_of(visit, world)
    evidence = evidence_of(finding, world)
    recommendation = RecommendationFactory(visit=visit, created_by=world.team_lead)
    signed_in(api, world.hanoi_head)
    assert ids(api.get("/api/v1/findings/")) == {finding.pk}
    assert ids(api.get("/api/v1/evidence/")) == {evidence.pk}
    assert ids(api.get("/api/v1/recommendations/")) == {recommendation.pk}
    assert downloaded(api.get(f"/api/v1/evidence/{evidence.pk}/download/")) == PDF
    attempts = [
        api.post("/api/v1/findings/", finding_payload(visit), format="json"),
        api.patch(f"/api/v1/findings/{finding.pk}/", {"version": 1, "title": "x"}, format="json"),
        api.delete(f"/api/v1/findings/{finding.pk}/"),
        api.post(
            "/api/v1/evidence/",
            {"finding": finding.pk, "file": upload("them.pdf", PDF)},
            format="multipart",
        ),
        api.post(f"/api/v1/evidence/{evidence.pk}/remove/", {"reason": "Nhầm"}, format="json"),
        api.post("/api/v1/recommendations/", recommendation_payload(world, visit), format="json"),
        api.patch(
            f"/api/v1/recommendations/{recommendation.pk}/",
            {"version": 1, "action": "Sửa"},
            format="json",
        ),
        api.delete(f"/api/v1/recommendations/{recommendation.pk}/"),
    ]
    assert [response.status_code for response in attempts] == [403] * len(attempts)
    assert all(response.json()["detail"] for response in attempts)
    finding.refresh_from_db()
    assert finding.version == 1 and Evidence.objects.count() == 1
    assert Recommendation.objects.get().version == 1


# --- Evidence -------------------------------------------------------------------------------------


def test_team_member_uploads_a_photo_and_a_pdf_and_downloads_them(api, world, visit, media):
    finding = finding_of(visit, world)
    photo, pdf = png_bytes(), PDF
    signed_in(api, world.inspector)
    uploaded = {}
    for name, content in [("ảnh hiện trường.png", photo), ("Biên bản làm việc.pdf", pdf)]:
        response = api.post(
            "/api/v1/evidence/",
            {"finding": finding.pk, "file": upload(name, content), "caption": "  Minh chứng  "},
            format="multipart",
        )
        assert response.status_code == 201, response.content
        uploaded[name] = response.json()
    photo_row, pdf_row = uploaded["ảnh hiện trường.png"], uploaded["Biên bản làm việc.pdf"]
    assert photo_row["content_type"] == "image/png" and photo_row["is_image"] is True
    assert pdf_row["content_type"] == "application/pdf" and pdf_row["is_image"] is False
    assert pdf_row["size"] == len(pdf)
    assert pdf_row["sha256"] == hashlib.sha256(pdf).hexdigest()
    assert pdf_row["caption"] == "Minh chứng"
    assert pdf_row["finding"] == finding.pk and pdf_row["visit"] == visit.pk
    assert pdf_row["uploaded_by"] == world.inspector.pk and pdf_row["is_removed"] is False
    # Stored under a random name, never the user's.
    stored = Evidence.objects.get(pk=pdf_row["id"]).file.name
    assert "Biên" not in stored and (media / stored).exists()

    for row, content in [(photo_row, photo), (pdf_row, pdf)]:
        response = api.get(row["download_url"])
        assert downloaded(response) == content
        assert response["Content-Type"] == row["content_type"]
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
    response = api.get(pdf_row["download_url"])
    assert downloaded(response) == pdf
    disposition = response["Content-Disposition"]
    assert "filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n" in disposition

    thumbnail = api.get(f"/api/v1/evidence/{photo_row['id']}/thumbnail/")
    assert thumbnail["Content-Type"] == "image/jpeg"
    assert downloaded(thumbnail).startswith(b"\xff\xd8")  # a JPEG
    assert api.get(f"/api/v1/evidence/{pdf_row['id']}/thumbnail/").status_code == 404


def test_download_answers_whatever_the_client_accepts(api, world, visit):
    evidence = evidence_of(finding_of(visit, world), world)
    signed_in(api, world.inspector)
    url = f"/api/v1/evidence/{evidence.pk}/download/"
    response = api.get(url, HTTP_ACCEPT="application/pdf")
    assert downloaded(response) == PDF
    missing = api.get("/api/v1/evidence/999999/download/", HTTP_ACCEPT="application/pdf")
    assert missing.status_code == 404


def test_evidence_is_listed_and_filtered(api, world, planning, visit):
    surprise = started(world, planning.surprise)
    first = finding_of(visit, world)
    second = finding_of(surprise, world)
    a = evidence_of(first, world)
    b = evidence_of(second, world)
    removed = evidence_of(first, world)
    removed.removed_at = timezone.now()
    removed.removal_reason = "Nhầm tệp"
    removed.save()
    signed_in(api, world.team_lead)
    url = "/api/v1/evidence/"
    assert ids(api.get(url)) == {a.pk, b.pk, removed.pk}
    assert ids(api.get(url, {"finding": first.pk})) == {a.pk, removed.pk}
    assert ids(api.get(url, {"visit": surprise.pk})) == {b.pk}
    assert ids(api.get(url, {"removed": "false"})) == {a.pk, b.pk}
    assert ids(api.get(url, {"removed": "true"})) == {removed.pk}
    detail = api.get(f"{url}{removed.pk}/").json()
    assert detail["is_removed"] is True and detail["removal_reason"] == "Nhầm tệp"


def test_team_member_removes_evidence_with_a_reason(api, world, visit):
    finding = finding_of(visit, world)
    evidence = evidence_of(finding, world)
    signed_in(api, world.inspector)
    url = f"/api/v1/evidence/{evidence.pk}/remove/"
    no_reason = api.post(url, {"reason": " "}, format="json")
    assert no_reason.status_code == 400 and list(no_reason.json()) == ["reason"]
    assert api.post(url, {}, format="json").status_code == 400
    response = api.post(url, {"reason": "Ảnh chụp nhầm đơn vị"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["is_removed"] is True
    assert response.json()["removed_by"] == world.inspector.pk
    assert api.post(url, {"reason": "Lần nữa"}, format="json").status_code == 409
    assert api.get(f"/api/v1/findings/{finding.pk}/").json()["evidence"] == []
    evidence.refresh_from_db()
    assert evidence.removal_reason == "Ảnh chụp nhầm đơn vị"


def docx_bomb() -> bytes:
    """A small .docx whose document inflates to a megabyte of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", b"\0" * 1_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "limits", "reason"),
    [
        ("bien-ban.pdf", PDF + b"0" * 2048, {"EVIDENCE_MAX_BYTES": 1024}, "the limit is 1.0"),
        (
            "anh.jpg",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200,
            {},
            "This kind of file is not accepted",
        ),
        (
            "bao-cao.docx",
            docx_bomb(),
            {"EVIDENCE_MAX_UNZIPPED_BYTES": 100_000},
            "The document expands to",
        ),
        ("anh.png", PDF, {}, "does not match its name"),
        ("trong.pdf", b"", {}, "empty"),
        ("chuong-trinh.exe", b"MZ\x90\x00" + b"\0" * 100, {}, "not accepted"),
    ],
    ids=["too-large", "exe-as-jpg", "zip-bomb", "pdf-as-png", "empty", "exe"],
)
def test_bad_files_are_refused_with_a_message(
    api, world, visit, media, name, content, limits, reason
):
    finding = finding_of(visit, world)
    # English, chosen through the language switch, so the test can name the reason.
    api.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    with override_settings(**limits):
        response = signed_in(api, world.inspector).post(
            "/api/v1/evidence/",
            {"finding": finding.pk, "file": upload(name, content)},
            format="multipart",
        )
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["file"]
    assert reason in response.json()["file"][0]
    assert not Evidence.objects.exists()
    assert not (media / "evidence").exists()


def test_bad_file_message_is_in_the_users_language(api, world, visit):
    finding = finding_of(visit, world)
    response = signed_in(api, world.inspector).post(
        "/api/v1/evidence/",
        {"finding": finding.pk, "file": upload("anh.jpg", b"MZ" + b"\0" * 100)},
        format="multipart",
    )
    assert response.status_code == 400
    english = (
        "This kind of file is not accepted. Accepted: JPG, PNG, WebP, PDF, DOC, DOCX, XLS, XLSX."
    )
    assert response.json()["file"][0] != english


def test_evidence_upload_needs_a_file_and_a_visible_finding(api, world, planning, visit):
    finding = finding_of(visit, world)
    hidden = finding_of(planning.dong_thap_visit, world)
    signed_in(api, world.inspector)
    no_file = api.post("/api/v1/evidence/", {"finding": finding.pk}, format="multipart")
    assert no_file.status_code == 400 and list(no_file.json()) == ["file"]
    out_of_sight = api.post(
        "/api/v1/evidence/",
        {"finding": hidden.pk, "file": upload("a.pdf", PDF)},
        format="multipart",
    )
    assert out_of_sight.status_code == 400 and list(out_of_sight.json()) == ["finding"]
    assert not Evidence.objects.exists()


# --- Recommendations ------------------------------------------------------------------------------


def recommendation_payload(world, visit, /, **changes) -> dict:
    payload = {
        "visit": visit.pk,
        "addressee": world.hoan_kiem.pk,
        "kind": "remedy",
        "action": "Niêm yết đầy đủ thủ tục hành chính tại bộ phận một cửa.",
        "due_date": in_days(30),
    }
    return {**payload, **changes}


def test_team_member_adds_a_recommendation_to_a_finding(api, world, visit):
    finding = finding_of(visit, world)
    response = signed_in(api, world.inspector).post(
        "/api/v1/recommendations/",
        recommendation_payload(world, visit, finding=finding.pk, addressee=world.hang_trong.pk),
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "open" and body["status_display"]
    assert body["is_overdue"] is False
    assert body["addressee_name"] == "UBND phường Hàng Trống"
    assert body["finding"] == finding.pk and body["version"] == 1
    recommendation = Recommendation.objects.get(pk=body["id"])
    assert recommendation.created_by == world.inspector


def test_recommendations_are_listed_and_filtered(api, world, planning, visit):
    surprise = started(world, planning.surprise)
    finding = finding_of(visit, world)
    soon = RecommendationFactory(
        visit=visit, finding=finding, due_date=TODAY() + datetime.timedelta(days=10)
    )
    late = RecommendationFactory(
        visit=visit, kind="discipline", due_date=TODAY() - datetime.timedelta(days=3)
    )
    late_but_done = RecommendationFactory(
        visit=visit, status="done", due_date=TODAY() - datetime.timedelta(days=3)
    )
    ward = RecommendationFactory(visit=surprise, due_date=TODAY() + datetime.timedelta(days=60))
    RecommendationFactory(visit=planning.dong_thap_visit)
    signed_in(api, world.inspector)
    url = "/api/v1/recommendations/"
    assert ids(api.get(url)) == {soon.pk, late.pk, late_but_done.pk, ward.pk}
    assert ids(api.get(url, {"visit": surprise.pk})) == {ward.pk}
    assert ids(api.get(url, {"finding": finding.pk})) == {soon.pk}
    assert ids(api.get(url, {"status": "done"})) == {late_but_done.pk}
    assert ids(api.get(url, {"kind": "discipline"})) == {late.pk}
    assert ids(api.get(url, {"addressee": world.hang_trong.pk})) == {ward.pk}
    assert ids(api.get(url, {"addressee_subtree": world.hang_trong.pk})) == {ward.pk}
    assert ids(api.get(url, {"addressee_subtree": world.hoan_kiem.pk})) == {
        soon.pk,
        late.pk,
        late_but_done.pk,
        ward.pk,
    }
    assert ids(api.get(url, {"overdue": "true"})) == {late.pk}
    assert ids(api.get(url, {"overdue": "false"})) == {soon.pk, late_but_done.pk, ward.pk}
    assert ids(api.get(url, {"due_from": in_days(0)})) == {soon.pk, ward.pk}
    assert ids(api.get(url, {"due_to": in_days(10)})) == {soon.pk, late.pk, late_but_done.pk}
    assert ids(api.get(url, {"due_from": in_days(1), "due_to": in_days(30)})) == {soon.pk}
    overdue = {row["id"]: row["is_overdue"] for row in results(api.get(url))}
    assert overdue == {soon.pk: False, late.pk: True, late_but_done.pk: False, ward.pk: False}
    detail = api.get(f"{url}{late.pk}/").json()
    assert detail["is_overdue"] is True


def test_team_member_edits_and_deletes_a_recommendation(api, world, visit):
    recommendation = RecommendationFactory(visit=visit, created_by=world.team_lead)
    url = f"/api/v1/recommendations/{recommendation.pk}/"
    signed_in(api, world.inspector)
    edited = api.patch(url, {"version": 1, "due_date": in_days(90)}, format="json")
    assert edited.status_code == 200, edited.content
    assert edited.json()["version"] == 2 and edited.json()["due_date"] == in_days(90)
    stale = api.patch(url, {"version": 1, "action": "Khác"}, format="json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    missing_version = api.patch(url, {"action": "Khác"}, format="json")
    assert missing_version.status_code == 400 and list(missing_version.json()) == ["version"]
    assert api.delete(url).status_code == 204
    assert not Recommendation.objects.exists()


def test_a_past_due_date_may_stay_when_other_fields_change(api, world, visit):
    past = TODAY() - datetime.timedelta(days=5)
    recommendation = RecommendationFactory(visit=visit, due_date=past)
    response = signed_in(api, world.inspector).patch(
        f"/api/v1/recommendations/{recommendation.pk}/",
        {"version": 1, "action": "Báo cáo kết quả khắc phục"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["is_overdue"] is True


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"due_date": "yesterday"}, "due_date"),
        ({"due_date": "2024-02-30"}, "due_date"),
        ({"due_date": None}, "due_date"),
        ({"addressee": "own"}, "addressee"),
        ({"addressee": "hanoi"}, "addressee"),
        ({"addressee": "dong_thap"}, "addressee"),
        ({"addressee": 999_999}, "addressee"),
        ({"finding": "other-visit"}, "finding"),
        ({"finding": "dong_thap"}, "finding"),
        ({"action": ""}, "action"),
        ({"kind": "praise"}, "kind"),
        ({"visit": 999_999}, "visit"),
    ],
)
def test_bad_recommendation_input_is_a_field_error(api, world, planning, visit, changes, field):
    surprise = started(world, planning.surprise)
    named = {
        "yesterday": (TODAY() - datetime.timedelta(days=1)).isoformat(),
        "own": world.hanoi_home_affairs.pk,
        "hanoi": world.hanoi.pk,
        "dong_thap": world.dong_thap.pk,
        "other-visit": finding_of(surprise, world).pk,
    }
    if changes.get("finding") == "dong_thap":
        changes = {"finding": finding_of(planning.dong_thap_visit, world).pk}
    changes = {key: named.get(value, value) for key, value in changes.items()}
    response = signed_in(api, world.team_lead).post(
        "/api/v1/recommendations/", recommendation_payload(world, visit, **changes), format="json"
    )
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert not Recommendation.objects.exists()


def test_moving_the_due_date_into_the_past_is_a_field_error(api, world, visit):
    recommendation = RecommendationFactory(visit=visit)
    response = signed_in(api, world.inspector).patch(
        f"/api/v1/recommendations/{recommendation.pk}/",
        {"version": 1, "due_date": in_days(-1)},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["due_date"]
    recommendation.refresh_from_db()
    assert recommendation.version == 1


# --- Drafts stay inside the team ------------------------------------------------------------------


@pytest.fixture
def work(world, planning, visit):
    """Findings, evidence and recommendations on both Hà Nội visits, both in progress."""
    surprise = started(world, planning.surprise)
    district_finding = finding_of(visit, world)
    ward_finding = finding_of(surprise, world)
    return {
        "findings": [district_finding, ward_finding],
        "evidence": [evidence_of(district_finding, world), evidence_of(ward_finding, world)],
        "to_district": RecommendationFactory(
            visit=visit, finding=district_finding, addressee=world.hoan_kiem
        ),
        "to_ward": RecommendationFactory(
            visit=surprise, finding=ward_finding, addressee=world.hang_trong
        ),
        "visits": [visit, surprise],
    }


def assert_sees_no_drafts(api, work):
    for url in ["/api/v1/findings/", "/api/v1/evidence/"]:
        assert results(api.get(url)) == [], url
        for visit in work["visits"]:
            assert results(api.get(url, {"visit": visit.pk})) == [], url
    for finding in work["findings"]:
        assert api.get(f"/api/v1/findings/{finding.pk}/").status_code == 404
        patch = {"version": 1, "title": "x"}
        assert api.patch(f"/api/v1/findings/{finding.pk}/", patch, format="json").status_code == 404
        assert api.delete(f"/api/v1/findings/{finding.pk}/").status_code == 404
        assert results(api.get("/api/v1/evidence/", {"finding": finding.pk})) == []
    for evidence in work["evidence"]:
        for suffix in ["", "download/", "thumbnail/"]:
            response = api.get(f"/api/v1/evidence/{evidence.pk}/{suffix}")
            assert response.status_code == 404, suffix
        remove = api.post(f"/api/v1/evidence/{evidence.pk}/remove/", {"reason": "x"}, format="json")
        assert remove.status_code == 404
    # Naming a hidden finding in a write does not reveal it either.
    for finding in work["findings"]:
        response = api.post(
            "/api/v1/evidence/",
            {"finding": finding.pk, "file": upload("a.pdf", PDF)},
            format="multipart",
        )
        assert response.status_code == 400 and list(response.json()) == ["finding"]


def assert_sees_no_recommendations(api, recommendations):
    for recommendation in recommendations:
        url = f"/api/v1/recommendations/{recommendation.pk}/"
        assert api.get(url).status_code == 404
        assert api.patch(url, {"version": 1, "action": "x"}, format="json").status_code == 404
        assert api.delete(url).status_code == 404


@pytest.mark.parametrize("viewer", ["ward_officer", "dong_thap_officer"])
def test_drafts_stay_inside_the_team(api, world, work, viewer):
    signed_in(api, getattr(world, viewer))
    assert_sees_no_drafts(api, work)
    assert results(api.get("/api/v1/recommendations/")) == []
    assert results(api.get("/api/v1/recommendations/", {"overdue": "false"})) == []
    assert_sees_no_recommendations(api, [work["to_ward"], work["to_district"]])
    assert Finding.objects.count() == 2 and Evidence.objects.count() == 2


def test_after_the_conclusion_the_ward_sees_only_recommendations_addressed_to_it(api, world, work):
    conclude(*work["visits"])
    signed_in(api, world.ward_officer)
    assert ids(api.get("/api/v1/recommendations/")) == {work["to_ward"].pk}
    detail = api.get(f"/api/v1/recommendations/{work['to_ward'].pk}/")
    assert detail.status_code == 200
    assert detail.json()["addressee_name"] == "UBND phường Hàng Trống"
    assert_sees_no_recommendations(api, [work["to_district"]])
    # Findings and evidence stay drafts of the team.
    assert_sees_no_drafts(api, work)
    # A unit in another province still sees nothing.
    signed_in(api, world.dong_thap_officer)
    assert results(api.get("/api/v1/recommendations/")) == []
    assert_sees_no_drafts(api, work)


# --- Malformed filters and ids --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/findings/", {"visit": "abc"}),
        ("/api/v1/findings/", {"content_area": "1.5"}),
        ("/api/v1/findings/", {"kind": "rumour"}),
        ("/api/v1/findings/", {"severity": "huge"}),
        ("/api/v1/findings/", {"organization_subtree": "abc"}),
        ("/api/v1/findings/", {"year": "2023.5"}),
        ("/api/v1/findings/", {"replicate_nationwide": "maybe"}),
        ("/api/v1/evidence/", {"finding": "x"}),
        ("/api/v1/evidence/", {"visit": "-1"}),
        ("/api/v1/evidence/", {"removed": "perhaps"}),
        ("/api/v1/recommendations/", {"due_from": "2024-13-01"}),
        ("/api/v1/recommendations/", {"due_to": "tomorrow"}),
        ("/api/v1/recommendations/", {"overdue": "sometimes"}),
        ("/api/v1/recommendations/", {"status": "flying"}),
        ("/api/v1/recommendations/", {"addressee": "1e9"}),
        ("/api/v1/recommendations/", {"addressee_subtree": "x"}),
        ("/api/v1/criteria/", {"content_area": "x"}),
        ("/api/v1/criteria/", {"is_active": "maybe"}),
    ],
)
def test_malformed_filters_are_400_with_a_field_error(api, world, visit, url, params):
    response = signed_in(api, world.team_lead).get(url, params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_malformed_date_filter_is_reported_in_vietnamese(api, world, visit):
    response = signed_in(api, world.team_lead).get(
        "/api/v1/recommendations/", {"due_from": "2024-02-30"}
    )
    assert response.status_code == 400
    assert response.json()["due_from"][0].startswith("Nhập một ngày hợp lệ")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/findings/abc/",
        "/api/v1/findings/0/",
        "/api/v1/evidence/abc/download/",
        "/api/v1/evidence/99999999999999999999999/",
        "/api/v1/recommendations/1.5/",
        "/api/v1/criteria/x/",
        "/api/v1/content-areas/0/",
    ],
)
def test_malformed_ids_in_urls_are_404(api, world, url):
    assert signed_in(api, world.team_lead).get(url).status_code == 404


# --- Constant query counts ------------------------------------------------------------------------


def add_findings(world, visit, count):
    for _ in range(count):
        finding = finding_of(visit, world, responsible_organization=world.hoan_kiem)
        Evidence.objects.create(
            finding=finding,
            file="evidence/2023/03/placeholder.pdf",
            original_name="bien-ban.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256=hashlib.sha256(PDF).hexdigest(),
            uploaded_by=world.inspector,
        )
        RecommendationFactory(visit=visit, finding=finding, created_by=world.team_lead)


def add_recommendations(world, visit, count):
    finding = finding_of(visit, world)
    for _ in range(count):
        RecommendationFactory(visit=visit, finding=finding, created_by=world.team_lead)


def add_evidence(world, visit, count):
    finding = finding_of(visit, world)
    for _ in range(count):
        Evidence.objects.create(
            finding=finding,
            file="evidence/2023/03/placeholder.pdf",
            original_name="bien-ban.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256=hashlib.sha256(PDF).hexdigest(),
            uploaded_by=world.inspector,
        )


@pytest.mark.parametrize(
    ("url", "add"),
    [
        ("/api/v1/findings/", add_findings),
        ("/api/v1/recommendations/", add_recommendations),
        ("/api/v1/evidence/", add_evidence),
    ],
    ids=["findings", "recommendations", "evidence"],
)
def test_list_endpoint_query_count_is_constant(api, world, visit, url, add):
    add(world, visit, 5)
    assert len(results(signed_in(api, world.team_lead).get(url))) == 5
    few = api_queries_for(api, world.team_lead, url)
    add(world, visit, 45)
    assert len(results(api.get(url))) == 50
    assert api_queries_for(api, world.team_lead, url) == few
