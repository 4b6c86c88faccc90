"""The follow-up API: remediation reports, their acceptance or rejection, cancelling a
recommendation, closing the visit, derived overdue, notifications — and who may see what.

The follow-up stage is reached as in real life up to the conclusion: the team starts the
scheduled visit to quận Hoàn Kiếm, records a finding, recommends, finishes field work; the issued
conclusion is then simulated (the reporting app moves the visit to `concluded`).
"""

import datetime
import io
from dataclasses import dataclass

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from accounts.models import Notification
from findings import followup
from findings.models import Evidence, Recommendation, RemediationReport
from findings.services import add_recommendation, record_finding
from inspections.models import Visit
from inspections.services import finish_fieldwork, start_visit

from .conftest import api_queries_for
from .factories import UserFactory, content_area

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE_AS_JPG = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200


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


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 30, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def downloaded(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


@dataclass
class FollowUp:
    """The Hoàn Kiếm visit after its conclusion, with two open recommendations to the district."""

    visit: Visit
    first: Recommendation  # on the finding
    second: Recommendation  # on the visit as a whole
    officer: object  # an officer of quận Hoàn Kiếm, the addressee


def conclude(visit) -> None:
    """Simulate the issued conclusion (a reporting service moves the visit on)."""
    Visit.objects.filter(pk=visit.pk).update(status="concluded")


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def officer(world):
    return UserFactory(
        username="hk_officer", organization=world.hoan_kiem, role="inspected_officer"
    )


def prepare(world, planning, *, concluded=True) -> tuple[Visit, Recommendation, Recommendation]:
    visit = start_visit(world.team_lead, planning.scheduled)
    finding = record_finding(
        world.inspector,
        visit,
        content_area=content_area(4),
        kind="shortcoming",
        title="Chưa niêm yết đầy đủ thủ tục hành chính tại bộ phận một cửa",
    )
    first = add_recommendation(
        world.inspector,
        visit,
        finding=finding,
        addressee=world.hoan_kiem,
        kind="remedy",
        action="Niêm yết đầy đủ, kịp thời các thủ tục hành chính tại bộ phận một cửa.",
        due_date=in_days(30),
    )
    second = add_recommendation(
        world.team_lead,
        visit,
        addressee=world.hoan_kiem,
        kind="amend_rules",
        action="Ban hành quy chế phối hợp giải quyết thủ tục hành chính liên thông.",
        due_date=in_days(60),
    )
    finish_fieldwork(world.team_lead, visit)
    if concluded:
        conclude(visit)
    return visit, first, second


@pytest.fixture
def fu(world, planning, officer) -> FollowUp:
    visit, first, second = prepare(world, planning)
    return FollowUp(visit=visit, first=first, second=second, officer=officer)


def reports_url(recommendation) -> str:
    return f"/api/v1/recommendations/{recommendation.pk}/reports/"


def post_report(api, recommendation, text="Đã niêm yết đầy đủ 126 thủ tục.", files=()):
    data = {"text": text}
    if files:
        data["files"] = list(files)
    return api.post(reports_url(recommendation), data, format="multipart")


def submitted(fu, recommendation=None) -> RemediationReport:
    return followup.submit_report(
        fu.officer, recommendation or fu.first, text="Đã khắc phục.", files=()
    )


def status_of(obj) -> str:
    obj.refresh_from_db()
    return obj.status


# --- The happy path -------------------------------------------------------------------------------


def test_report_reject_report_again_accept_cancel_and_the_visit_closes(api, world, fu, media):
    # The addressee sees its recommendations once the conclusion is issued.
    signed_in(api, fu.officer)
    assert ids(api.get("/api/v1/recommendations/")) == {fu.first.pk, fu.second.pk}

    # 1. It reports, with a photo and a PDF.
    response = post_report(
        api, fu.first, files=[upload("bang-niem-yet.png", png_bytes()), upload("kh.pdf", PDF)]
    )
    assert response.status_code == 201, response.content
    first_report = response.json()
    assert first_report["status"] == "submitted"
    assert first_report["recommendation_status"] == "reported"
    assert first_report["submitted_by"] == fu.officer.pk
    assert [e["original_name"] for e in first_report["evidence"]] == ["bang-niem-yet.png", "kh.pdf"]
    assert status_of(fu.first) == "reported"
    assert status_of(fu.visit) == "following_up"
    # Its evidence is served to the addressee and to the team, through the visibility check.
    pdf_url = first_report["evidence"][1]["download_url"]
    assert downloaded(api.get(pdf_url)) == PDF
    assert downloaded(signed_in(api, world.inspector).get(pdf_url)) == PDF
    # The team is told.
    told = Notification.objects.filter(title__contains="UBND quận Hoàn Kiếm")
    assert {n.recipient for n in told} == {world.team_lead, world.inspector}

    # 2. The team head rejects it with a reason: the recommendation is open again.
    reason = "Chưa có ảnh chụp bảng niêm yết tại bộ phận một cửa."
    response = signed_in(api, world.team_lead).post(
        f"/api/v1/reports/{first_report['id']}/reject/", {"reason": reason}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "rejected" and body["rejection_reason"] == reason
    assert body["decided_by"] == world.team_lead.pk
    assert body["recommendation_status"] == "open"
    assert status_of(fu.first) == "open"
    # The addressee is told why, in its notifications.
    signed_in(api, fu.officer)
    unread = api.get("/api/v1/notifications/", {"unread": "true"})
    assert unread.json()["unread_count"] == 1
    [notice] = results(unread)
    assert reason in notice["title"] and notice["is_read"] is False
    assert notice["url"].endswith(f"/kien-nghi/{fu.first.pk}/")

    # 3. It reports again; 4. a team member accepts: the recommendation is done.
    response = post_report(api, fu.first, text="Đã bổ sung ảnh chụp bảng niêm yết.")
    assert response.status_code == 201, response.content
    second_report = response.json()
    response = signed_in(api, world.inspector).post(
        f"/api/v1/reports/{second_report['id']}/accept/"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"
    assert response.json()["recommendation_status"] == "done"
    assert status_of(fu.first) == "done"
    # One recommendation is still open: the visit is still being followed up.
    assert status_of(fu.visit) == "following_up"

    # The reports of the recommendation, oldest first, for the addressee and the team alike.
    for viewer in (fu.officer, world.team_lead):
        rows = results(signed_in(api, viewer).get(reports_url(fu.first)))
        assert [(row["id"], row["status"]) for row in rows] == [
            (first_report["id"], "rejected"),
            (second_report["id"], "accepted"),
        ]

    # 5. The team head cancels the other one: every recommendation is done or cancelled.
    response = signed_in(api, world.team_lead).post(
        f"/api/v1/recommendations/{fu.second.pk}/cancel/",
        {"reason": "Đã có quy chế phối hợp của thành phố."},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancel_reason"] == "Đã có quy chế phối hợp của thành phố."
    assert status_of(fu.visit) == "closed"


def test_accepting_the_last_pending_recommendation_closes_the_visit(api, world, fu):
    followup.cancel_recommendation(world.team_lead, fu.second, reason="Không còn cần thiết.")
    assert status_of(fu.visit) == "concluded"  # one recommendation still open
    report = submitted(fu)
    response = signed_in(api, world.team_lead).post(f"/api/v1/reports/{report.pk}/accept/")
    assert response.status_code == 200, response.content
    assert status_of(fu.visit) == "closed"
    # The addressee is told (its only notification: the team was told of the report).
    assert Notification.objects.filter(recipient=fu.officer).count() == 1


def test_reports_are_listed_and_filtered(api, world, fu):
    first = submitted(fu)
    followup.reject_report(world.team_lead, first, reason="Thiếu minh chứng.")
    again = submitted(fu)
    other = submitted(fu, fu.second)
    signed_in(api, world.inspector)
    assert ids(api.get("/api/v1/reports/")) == {first.pk, again.pk, other.pk}
    assert ids(api.get("/api/v1/reports/", {"recommendation": fu.first.pk})) == {
        first.pk,
        again.pk,
    }
    assert ids(api.get("/api/v1/reports/", {"status": "submitted"})) == {again.pk, other.pk}
    assert ids(api.get("/api/v1/reports/", {"visit": fu.visit.pk})) == {
        first.pk,
        again.pk,
        other.pk,
    }
    detail = api.get(f"/api/v1/reports/{first.pk}/")
    assert detail.status_code == 200
    assert detail.json()["rejection_reason"] == "Thiếu minh chứng."
    assert detail.json()["visit"] == fu.visit.pk
    # The nested list holds only the reports of its recommendation.
    assert ids(api.get(reports_url(fu.second))) == {other.pk}


# --- Bad input: each a 4xx with nothing changed ---------------------------------------------------


@pytest.mark.parametrize("viewer", ["ward_officer", "dong_thap_officer"])
def test_a_report_on_a_recommendation_of_another_organization_is_404(api, world, fu, viewer):
    # Phường Hàng Trống is under the addressee, not above it; Đồng Tháp is another province.
    response = post_report(signed_in(api, getattr(world, viewer)), fu.first)
    assert response.status_code == 404
    assert not RemediationReport.objects.exists()
    assert status_of(fu.first) == "open"


def test_only_the_addressee_reports(api, world, fu):
    # The team sees the recommendation but is not its addressee.
    response = post_report(signed_in(api, world.inspector), fu.first)
    assert response.status_code == 403
    assert not RemediationReport.objects.exists()


def test_a_report_before_the_conclusion_is_issued_is_404(api, world, planning, officer):
    _visit, first, _second = prepare(world, planning, concluded=False)
    signed_in(api, officer)
    assert post_report(api, first).status_code == 404
    assert api.get(reports_url(first)).status_code == 404
    assert not RemediationReport.objects.exists()


def test_a_report_on_a_done_recommendation_is_409(api, world, fu):
    followup.accept_report(world.team_lead, submitted(fu))
    response = post_report(signed_in(api, fu.officer), fu.first)
    assert response.status_code == 409, response.content
    assert "detail" in response.json()
    assert RemediationReport.objects.count() == 1


def test_a_second_report_while_one_awaits_the_decision_is_409(api, world, fu):
    submitted(fu)
    assert post_report(signed_in(api, fu.officer), fu.first).status_code == 409
    assert RemediationReport.objects.count() == 1


def test_a_report_on_a_cancelled_recommendation_is_409(api, world, fu):
    followup.cancel_recommendation(world.team_lead, fu.first, reason="Trùng kiến nghị khác.")
    assert post_report(signed_in(api, fu.officer), fu.first).status_code == 409


@pytest.mark.parametrize("data", [{}, {"text": ""}, {"text": "   "}])
def test_a_report_needs_its_text(api, world, fu, data):
    response = signed_in(api, fu.officer).post(reports_url(fu.first), data, format="multipart")
    assert response.status_code == 400
    assert list(response.json()) == ["text"]
    assert not RemediationReport.objects.exists()


@pytest.mark.parametrize("who", ["hanoi_head", "officer", "analyst"])
def test_accept_or_reject_by_someone_not_on_the_team_is_403(api, world, fu, who):
    # The unit head of Hà Nội and the ministry analyst oversee the visit; the officer wrote the
    # report. None of them is on the team.
    report = submitted(fu)
    user = fu.officer if who == "officer" else getattr(world, who)
    signed_in(api, user)
    assert api.post(f"/api/v1/reports/{report.pk}/accept/").status_code == 403
    reject = api.post(f"/api/v1/reports/{report.pk}/reject/", {"reason": "x"}, format="json")
    assert reject.status_code == 403
    assert status_of(report) == "submitted"
    assert status_of(fu.first) == "reported"


@pytest.mark.parametrize("data", [{}, {"reason": ""}, {"reason": "   "}])
def test_reject_without_a_reason_is_400(api, world, fu, data):
    report = submitted(fu)
    response = signed_in(api, world.team_lead).post(
        f"/api/v1/reports/{report.pk}/reject/", data, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["reason"]
    assert status_of(report) == "submitted"
    assert status_of(fu.first) == "reported"
    assert not Notification.objects.filter(recipient=fu.officer).exists()


def test_a_decided_report_cannot_be_decided_again(api, world, fu):
    report = submitted(fu)
    signed_in(api, world.team_lead)
    assert api.post(f"/api/v1/reports/{report.pk}/accept/").status_code == 200
    assert api.post(f"/api/v1/reports/{report.pk}/accept/").status_code == 409
    again = api.post(f"/api/v1/reports/{report.pk}/reject/", {"reason": "x"}, format="json")
    assert again.status_code == 409
    assert status_of(report) == "accepted"


@pytest.mark.parametrize(
    ("files", "limits", "reason"),
    [
        ([upload("ke-hoach.pdf", PDF + b"0" * 2048)], {"EVIDENCE_MAX_BYTES": 1024}, "the limit"),
        ([upload("anh.jpg", EXE_AS_JPG)], {}, "not accepted"),
        # A good file before a bad one is not kept either.
        ([upload("ke-hoach.pdf", PDF), upload("anh.jpg", EXE_AS_JPG)], {}, "not accepted"),
    ],
    ids=["oversized", "exe-as-jpg", "good-then-bad"],
)
def test_a_bad_file_refuses_the_whole_report(api, world, fu, media, files, limits, reason):
    api.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    with override_settings(**limits):
        response = post_report(signed_in(api, fu.officer), fu.first, files=files)
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["files"]
    assert reason in response.json()["files"][0]
    assert not RemediationReport.objects.exists()
    assert not Evidence.objects.exists()
    assert stored_files(media) == []
    assert status_of(fu.first) == "open"
    assert status_of(fu.visit) == "concluded"
    assert not Notification.objects.exists()


def test_a_files_field_that_is_not_a_file_is_400(api, world, fu):
    response = signed_in(api, fu.officer).post(
        reports_url(fu.first), {"text": "Đã làm.", "files": "not-a-file"}, format="multipart"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["files"]
    assert not RemediationReport.objects.exists()


def test_cancelling_needs_a_reason_the_team_head_and_a_pending_recommendation(api, world, fu):
    url = f"/api/v1/recommendations/{fu.first.pk}/cancel/"
    signed_in(api, world.team_lead)
    for data in ({}, {"reason": "  "}):
        response = api.post(url, data, format="json")
        assert response.status_code == 400 and list(response.json()) == ["reason"]
    # A plain member, the addressee: seen but not allowed.
    for user in (world.inspector, fu.officer):
        assert signed_in(api, user).post(url, {"reason": "x"}, format="json").status_code == 403
    assert status_of(fu.first) == "open"
    followup.accept_report(world.team_lead, submitted(fu))
    done = signed_in(api, world.team_lead).post(url, {"reason": "x"}, format="json")
    assert done.status_code == 409
    assert status_of(fu.first) == "done"


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/v1/reports/", {"status": "flying"}),
        ("/api/v1/reports/", {"recommendation": "abc"}),
        ("/api/v1/reports/", {"visit": "1.5"}),
        ("/api/v1/notifications/", {"unread": "maybe"}),
    ],
)
def test_malformed_filters_are_400_with_a_field_error(api, world, fu, url, params):
    response = signed_in(api, world.team_lead).get(url, params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/recommendations/abc/reports/",
        "/api/v1/recommendations/0/cancel/",
        "/api/v1/reports/abc/accept/",
        "/api/v1/reports/99999999999999999999999/reject/",
        "/api/v1/notifications/x/read/",
    ],
)
def test_malformed_ids_in_urls_are_404(api, world, url):
    assert signed_in(api, world.team_lead).post(url, {"reason": "x"}).status_code == 404


def test_follow_up_needs_signing_in(api, fu):
    report = submitted(fu)
    assert api.get(reports_url(fu.first)).status_code in {401, 403}
    assert api.post(f"/api/v1/reports/{report.pk}/accept/").status_code in {401, 403}
    assert api.get("/api/v1/notifications/").status_code in {401, 403}
    assert status_of(report) == "submitted"


def test_report_actions_answer_only_their_methods(api, world, fu):
    report = submitted(fu)
    signed_in(api, world.team_lead)
    assert api.get(f"/api/v1/reports/{report.pk}/accept/").status_code == 405
    assert api.delete(f"/api/v1/reports/{report.pk}/").status_code == 405
    assert api.get(f"/api/v1/recommendations/{fu.first.pk}/cancel/").status_code == 405
    assert api.post("/api/v1/notifications/", {}).status_code == 405


# --- Overdue is derived from the due date, never stored -------------------------------------------


def test_overdue_is_derived_filterable_and_countable(api, world, fu):
    report = submitted(fu, fu.second)  # reported: still pending, so it can be overdue too
    signed_in(api, fu.officer)
    assert api.get("/api/v1/recommendations/", {"overdue": "true"}).json()["count"] == 0
    after_first_due = timezone.localtime() + datetime.timedelta(days=31)
    with time_machine.travel(after_first_due, tick=False):
        overdue = api.get("/api/v1/recommendations/", {"overdue": "true"})
        assert overdue.json()["count"] == 1
        assert [row["id"] for row in overdue.json()["results"]] == [fu.first.pk]
        assert results(overdue)[0]["is_overdue"] is True
        assert api.get("/api/v1/recommendations/", {"overdue": "false"}).json()["count"] == 1
        detail = api.get(f"/api/v1/recommendations/{fu.first.pk}/").json()
        assert detail["is_overdue"] is True and detail["status"] == "open"
    # Nothing was stored: the statuses are unchanged, and past the second due date both count.
    assert status_of(fu.first) == "open" and status_of(fu.second) == "reported"
    with time_machine.travel(after_first_due + datetime.timedelta(days=30), tick=False):
        assert api.get("/api/v1/recommendations/", {"overdue": "true"}).json()["count"] == 2
        # Once accepted, a recommendation is done and no longer overdue.
        followup.accept_report(world.team_lead, report)
        assert ids(api.get("/api/v1/recommendations/", {"overdue": "true"})) == {fu.first.pk}


# --- Who sees what, from the side that must not see -----------------------------------------------


@pytest.fixture
def reported(fu, media):
    """A report with a photo on the first recommendation."""
    report = followup.submit_report(
        fu.officer, fu.first, text="Đã khắc phục.", files=[upload("anh.png", png_bytes())]
    )
    return report, report.evidence.get()


@pytest.mark.parametrize("viewer", ["dong_thap_officer", "ward_officer"])
def test_outsiders_get_404_on_the_recommendation_its_reports_and_their_evidence(
    api, world, fu, reported, viewer
):
    report, evidence = reported
    signed_in(api, getattr(world, viewer))
    rec = f"/api/v1/recommendations/{fu.first.pk}/"
    for url in (rec, f"{rec}reports/", f"/api/v1/reports/{report.pk}/"):
        assert api.get(url).status_code == 404, url
    for suffix in ("", "download/", "thumbnail/"):
        assert api.get(f"/api/v1/evidence/{evidence.pk}/{suffix}").status_code == 404, suffix
    assert post_report(api, fu.first).status_code == 404
    assert api.post(f"{rec}cancel/", {"reason": "x"}, format="json").status_code == 404
    assert api.post(f"/api/v1/reports/{report.pk}/accept/").status_code == 404
    reject = api.post(f"/api/v1/reports/{report.pk}/reject/", {"reason": "x"}, format="json")
    assert reject.status_code == 404
    assert results(api.get("/api/v1/reports/")) == []
    assert results(api.get("/api/v1/reports/", {"recommendation": fu.first.pk})) == []
    assert results(api.get("/api/v1/evidence/")) == []
    assert results(api.get("/api/v1/recommendations/")) == []
    assert status_of(report) == "submitted" and status_of(fu.first) == "reported"


def test_the_addressee_sees_its_reports_and_their_evidence(api, world, fu, reported):
    report, evidence = reported
    signed_in(api, fu.officer)
    assert ids(api.get("/api/v1/reports/")) == {report.pk}
    row = api.get(f"/api/v1/reports/{report.pk}/").json()
    assert [item["id"] for item in row["evidence"]] == [evidence.pk]
    assert row["evidence"][0]["is_image"] is True
    thumbnail = api.get(f"/api/v1/evidence/{evidence.pk}/thumbnail/")
    assert downloaded(thumbnail)[:3] == b"\xff\xd8\xff"  # a JPEG
    # The unit head of the city above sees them too (oversight), without deciding.
    signed_in(api, world.hanoi_head)
    assert ids(api.get(reports_url(fu.first))) == {report.pk}


@pytest.mark.parametrize("who", ["officer", "team_lead"])
def test_report_evidence_cannot_be_removed_through_the_finding_evidence_endpoint(
    api, world, fu, reported, who
):
    _report, evidence = reported
    signed_in(api, fu.officer if who == "officer" else world.team_lead)
    response = api.post(f"/api/v1/evidence/{evidence.pk}/remove/", {"reason": "x"}, format="json")
    assert response.status_code in {403, 409}
    evidence.refresh_from_db()
    assert evidence.removed_at is None


def test_notifications_of_one_user_are_invisible_to_another(api, world, fu):
    submitted(fu)  # notifies the team head and the inspector
    [mine] = Notification.objects.filter(recipient=world.team_lead)
    signed_in(api, world.inspector)
    assert api.get(f"/api/v1/notifications/{mine.pk}/").status_code == 404
    assert api.post(f"/api/v1/notifications/{mine.pk}/read/").status_code == 404
    assert mine.pk not in ids(api.get("/api/v1/notifications/"))
    # Marking all one's own as read leaves the others' alone.
    response = api.post("/api/v1/notifications/read-all/")
    assert response.status_code == 200 and response.json() == {"marked": 1, "unread_count": 0}
    mine.refresh_from_db()
    assert mine.read_at is None
    signed_in(api, world.dong_thap_officer)
    assert api.get(f"/api/v1/notifications/{mine.pk}/").status_code == 404
    assert results(api.get("/api/v1/notifications/")) == []


def test_own_notifications_unread_filter_and_count(api, world, fu):
    first = submitted(fu)
    followup.reject_report(world.team_lead, first, reason="Thiếu ảnh chụp.")
    followup.accept_report(world.team_lead, submitted(fu))
    signed_in(api, fu.officer)
    everything = api.get("/api/v1/notifications/")
    assert everything.json()["count"] == 2 and everything.json()["unread_count"] == 2
    newest, oldest = results(everything)
    assert "Thiếu ảnh chụp." in oldest["title"]
    response = api.post(f"/api/v1/notifications/{oldest['id']}/read/")
    assert response.status_code == 200
    assert response.json()["is_read"] is True and response.json()["read_at"]
    # Reading twice changes nothing.
    again = api.post(f"/api/v1/notifications/{oldest['id']}/read/").json()
    assert again["read_at"] == response.json()["read_at"]
    unread = api.get("/api/v1/notifications/", {"unread": "true"})
    assert ids(unread) == {newest["id"]} and unread.json()["unread_count"] == 1
    read = api.get("/api/v1/notifications/", {"unread": "false"})
    assert ids(read) == {oldest["id"]} and read.json()["unread_count"] == 1
    marked = api.post("/api/v1/notifications/read-all/").json()
    assert marked == {"marked": 1, "unread_count": 0}
    assert api.get("/api/v1/notifications/").json()["unread_count"] == 0


# --- Constant query counts ------------------------------------------------------------------------


def add_reports(world, fu, count):
    for _ in range(count):
        report = followup.submit_report(
            fu.officer, fu.first, text="Đã khắc phục.", files=[upload("kh.pdf", PDF)]
        )
        followup.reject_report(world.team_lead, report, reason="Chưa đạt.")


def test_report_lists_keep_a_constant_number_of_queries(api, world, fu):
    urls = ["/api/v1/reports/", reports_url(fu.first)]
    add_reports(world, fu, 2)
    few = {url: api_queries_for(api, world.team_lead, url) for url in urls}
    add_reports(world, fu, 8)
    for url in urls:
        assert len(results(api.get(url))) == 10
        assert api_queries_for(api, world.team_lead, url) == few[url], url


def test_notification_list_keeps_a_constant_number_of_queries(api, world, fu):
    add_reports(world, fu, 1)
    few = api_queries_for(api, fu.officer, "/api/v1/notifications/")
    add_reports(world, fu, 9)
    assert len(results(api.get("/api/v1/notifications/"))) == 10
    assert api_queries_for(api, fu.officer, "/api/v1/notifications/") == few
