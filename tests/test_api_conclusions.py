"""The conclusions API: the whole journey from draft to PDF, who may do what, bad input, what the
inspected side sees (nothing before issue), filters, and constant query counts.

Tasks run in-process here (no worker): the PDF is built when the issuing transaction commits, which
the tests trigger with `django_capture_on_commit_callbacks(execute=True)`.
"""

import datetime
import hashlib
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from accounts.enums import Role
from accounts.models import User
from findings.services import record_finding
from inspections.services import finish_fieldwork, start_visit
from reporting import services
from reporting.models import Conclusion, NumberSequence

from .conftest import api_queries_for
from .factories import UserFactory, VisitFactory, content_area

pytestmark = pytest.mark.django_db

URL = "/api/v1/conclusions/"
SECTION_KEYS = [
    "overview",
    "results",
    "good_practices",
    "shortcomings",
    "recommendations",
    "implementation",
]
PAYLOAD = '<script>alert("x")</script> <img src="file:///etc/passwd"> <b>in đậm</b> & xong'


@pytest.fixture(autouse=True)
def in_process_tasks(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def api():
    return APIClient()


def signed_in(api, user) -> APIClient:
    api.force_authenticate(User.objects.get(pk=user.pk))
    return api


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response) -> list[int]:
    return [row["id"] for row in results(response)]


def detail_url(conclusion, suffix: str = "") -> str:
    return f"{URL}{conclusion.pk}/{suffix}"


def post(api, user, url, data=None):
    return signed_in(api, user).post(url, data or {}, format="json")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def downloaded(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


@pytest.fixture
def district_officer(world):
    """An officer of quận Hoàn Kiếm, the organization the scheduled visit inspects."""
    return UserFactory(organization=world.hoan_kiem, role=Role.INSPECTED_OFFICER)


def reporting(world, visit):
    """Field work done: the team head may draft the conclusion."""
    start_visit(world.team_lead, visit)
    return finish_fieldwork(world.team_lead, visit)


@pytest.fixture
def reporting_visit(world, planning):
    visit = planning.scheduled
    start_visit(world.team_lead, visit)
    record_finding(
        world.inspector,
        visit,
        content_area=content_area(3),
        kind="shortcoming",
        title="Chưa niêm yết đầy đủ quy trình giải quyết TTHC",
    )
    return finish_fieldwork(world.team_lead, visit)


@pytest.fixture
def draft(world, reporting_visit):
    return services.draft_conclusion(world.team_lead, reporting_visit)


@pytest.fixture
def in_review(world, draft):
    return services.submit_for_review(world.team_lead, draft)


@pytest.fixture
def approved(world, in_review):
    return services.approve(world.hanoi_head, in_review)


@pytest.fixture
def issued(world, approved, django_capture_on_commit_callbacks):
    """Issued on 15/6/2023 as 01/TB-UBND, with its PDF built."""
    with django_capture_on_commit_callbacks(execute=True):
        services.issue(world.hanoi_head, approved, issued_on=datetime.date(2023, 6, 15))
    approved.refresh_from_db()
    assert approved.pdf_status == "ready"
    return approved


# --- The whole journey ----------------------------------------------------------------------------


def test_from_draft_to_pdf_through_the_api(
    api, world, reporting_visit, district_officer, django_capture_on_commit_callbacks
):
    # The team head drafts the notice from the visit's records.
    response = post(api, world.team_lead, URL, {"visit": reporting_visit.pk})
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["id"]
    assert (body["status"], body["version"], body["reference"]) == ("draft", 1, "")
    assert (body["issuer"], body["symbol"]) == (world.hanoi.pk, "TB-UBND")
    assert body["pdf_status"] == "none"
    assert body["pdf_url"] is None and body["rounds"] == []
    assert [section["key"] for section in body["sections"]] == SECTION_KEYS
    assert body["sections"][0]["title"] == "Khái quát cuộc kiểm tra"
    shortcomings = next(s for s in body["sections"] if s["key"] == "shortcomings")
    assert "Chưa niêm yết đầy đủ quy trình giải quyết TTHC" in shortcomings["body"]
    assert body["can"] == {
        "edit": True,
        "submit": True,
        "decide": False,
        "issue": False,
        "retry_pdf": False,
        "correct": False,
    }
    url = f"{URL}{pk}/"

    # Header and sections.
    header = {"version": 1, "signer_name": "Trần Sỹ Thanh", "signer_title": "Chủ tịch"}
    response = api.patch(url, header, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["version"], response.json()["signer_name"]) == (2, "Trần Sỹ Thanh")
    overview = body["sections"][0]["body"]
    response = api.post(
        f"{url}sections/overview/",
        {"body": "Đoàn làm việc từ ngày 01/3/2023.", "original": overview},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["body"] == "Đoàn làm việc từ ngày 01/3/2023."

    # Submitted, returned with comments, revised, submitted again.
    assert api.post(f"{url}submit/").json()["status"] == "in_review"
    comments = {"recommendations": "Bổ sung thời hạn khắc phục cụ thể."}
    response = post(
        api, world.hanoi_head, f"{url}return/", {"comments": comments, "general": "Rà soát lại."}
    )
    assert response.status_code == 200, response.content
    returned = response.json()
    assert returned["status"] == "returned"
    [first_round] = returned["rounds"]
    assert (first_round["number"], first_round["outcome"]) == (1, "returned")
    assert first_round["snapshot"]["overview"] == "Đoàn làm việc từ ngày 01/3/2023."
    assert {(c["section_key"], c["text"]) for c in first_round["comments"]} == {
        ("recommendations", "Bổ sung thời hạn khắc phục cụ thể."),
        ("", "Rà soát lại."),
    }
    recommendations = next(s for s in returned["sections"] if s["key"] == "recommendations")
    response = post(
        api,
        world.team_lead,
        f"{url}sections/recommendations/",
        {"body": "- Niêm yết đầy đủ trước ngày 31/12/2023.", "original": recommendations["body"]},
    )
    assert response.status_code == 200, response.content
    assert api.post(f"{url}submit/").status_code == 200

    # Approved, then issued with a number; the PDF is built once the transaction commits.
    response = post(api, world.hanoi_head, f"{url}approve/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "approved"
    assert response.json()["can"]["issue"] is True
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"{url}issue/", {"issued_on": "2023-06-15"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["reference"] == "01/TB-UBND"

    detail = api.get(url).json()
    assert (detail["status"], detail["number"], detail["year"]) == ("issued", 1, 2023)
    assert (detail["issued_on"], detail["issued_by"]) == ("2023-06-15", world.hanoi_head.pk)
    assert [r["outcome"] for r in detail["rounds"]] == ["returned", "approved"]
    assert detail["pdf_status"] == "ready" and len(detail["pdf_sha256"]) == 64
    assert detail["pdf_url"] == f"http://testserver{url}pdf/"
    assert Conclusion.objects.get(pk=pk).visit.status == "concluded"

    # The inspected district reads the notice and its PDF.
    signed_in(api, district_officer)
    assert ids(api.get(URL)) == [pk]
    response = api.get(detail["pdf_url"])
    assert response["Content-Type"] == "application/pdf"
    data = downloaded(response)
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == detail["pdf_sha256"]
    text = pdf_text(data)
    assert "Số: 01/TB-UBND" in text
    assert "Niêm yết đầy đủ trước ngày 31/12/2023." in text


def test_html_in_a_section_is_text_in_json_and_in_the_pdf(
    api, world, draft, district_officer, django_capture_on_commit_callbacks
):
    original = draft.sections.get(key="overview").body
    response = post(
        api,
        world.team_lead,
        detail_url(draft, "sections/overview/"),
        {"body": PAYLOAD, "original": original},
    )
    assert response.status_code == 200, response.content
    assert response.json()["body"] == PAYLOAD
    assert response["Content-Type"] == "application/json"
    overview = api.get(detail_url(draft)).json()["sections"][0]
    assert overview["body"] == PAYLOAD
    services.submit_for_review(world.team_lead, draft)
    services.approve(world.hanoi_head, draft)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue(world.hanoi_head, draft)
    data = downloaded(signed_in(api, district_officer).get(detail_url(draft, "pdf/")))
    text = " ".join(pdf_text(data).split())  # lines may wrap anywhere
    assert PAYLOAD in text
    assert "root:" not in text  # the <img> was text: nothing was fetched


# --- Who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize("reviewer", ["team_lead", "analyst", "inspector"])
def test_only_a_unit_head_of_the_issuer_approves(api, world, in_review, reviewer):
    # The analyst sees every conclusion in the country but heads no unit over Hà Nội.
    user = getattr(world, reviewer)
    assert signed_in(api, user).get(detail_url(in_review)).status_code == 200
    response = api.post(detail_url(in_review, "approve/"))
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Chỉ thủ trưởng cơ quan ban hành mới được phê duyệt kết luận này."
    )
    returned = api.post(detail_url(in_review, "return/"), {"general": "Sửa"}, format="json")
    assert returned.status_code == 403
    assert api.post(detail_url(in_review, "issue/")).status_code == 409  # not approved anyway
    in_review.refresh_from_db()
    assert in_review.status == "in_review"


def test_unit_head_above_the_issuer_may_not_edit_the_text(api, world, draft):
    section = draft.sections.get(key="overview")
    response = post(
        api,
        world.hanoi_head,
        detail_url(draft, "sections/overview/"),
        {"body": "Sửa", "original": section.body},
    )
    assert response.status_code == 403
    header = api.patch(detail_url(draft), {"version": 1, "place": "Huế"}, format="json")
    assert header.status_code == 403
    assert api.post(detail_url(draft, "submit/")).status_code == 403
    draft.refresh_from_db()
    assert (draft.status, draft.place, draft.version) == ("draft", "Hà Nội", 1)


def test_plain_member_may_not_draft(api, world, reporting_visit):
    response = post(api, world.inspector, URL, {"visit": reporting_visit.pk})
    assert response.status_code == 403
    assert not Conclusion.objects.exists()


def test_approving_a_draft_that_was_not_submitted_is_a_conflict(api, world, draft):
    response = post(api, world.hanoi_head, detail_url(draft, "approve/"))
    assert response.status_code == 409
    assert response.json()["detail"] == ["Chỉ kết luận đã trình duyệt mới được phê duyệt."]
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_issuing_twice_is_a_conflict(api, world, approved):
    first = post(api, world.hanoi_head, detail_url(approved, "issue/"))
    assert first.status_code == 200
    assert first.json()["issued_on"] == timezone.localdate().isoformat()
    second = api.post(detail_url(approved, "issue/"), {"issued_on": "2023-06-15"}, format="json")
    assert second.status_code == 409
    assert "đã được ban hành với số 01/TB-UBND" in second.json()["detail"][0]
    approved.refresh_from_db()
    assert (approved.number, approved.issued_on) == (1, timezone.localdate())
    assert NumberSequence.objects.get().last_number == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"comments": {}},
        {"comments": {"overview": "   "}, "general": "  "},
    ],
    ids=["nothing", "empty", "blank"],
)
def test_returning_without_a_comment_is_a_field_error(api, world, in_review, body):
    response = post(api, world.hanoi_head, detail_url(in_review, "return/"), body)
    assert response.status_code == 400
    assert response.json() == {
        "comments": ["Hãy nêu nội dung cần chỉnh sửa: nhập ít nhất một ý kiến."]
    }
    in_review.refresh_from_db()
    assert in_review.status == "in_review"


@pytest.mark.parametrize(
    "body",
    [
        {"comments": {"preface": "Sửa"}},
        {"comments": "Sửa phần kiến nghị"},
        {"comments": {"overview": None}},
        {"comments": ["overview"]},
    ],
    ids=["unknown-section", "not-a-dict", "null", "list"],
)
def test_malformed_return_comments_are_a_field_error(api, world, in_review, body):
    response = post(api, world.hanoi_head, detail_url(in_review, "return/"), body)
    assert response.status_code == 400
    assert list(response.json()) == ["comments"]
    in_review.refresh_from_db()
    assert in_review.status == "in_review"


def test_an_issued_conclusion_cannot_be_edited(api, world, issued):
    section = issued.sections.get(key="overview")
    signed_in(api, world.team_lead)
    attempts = [
        api.patch(detail_url(issued), {"version": issued.version, "subject": "x"}, format="json"),
        api.post(
            detail_url(issued, "sections/overview/"),
            {"body": "Sửa sau khi ban hành", "original": section.body},
            format="json",
        ),
        api.post(detail_url(issued, "submit/")),
    ]
    for response in attempts:
        assert response.status_code == 409, response.content
    assert "không thể chỉnh sửa" in attempts[0].json()["detail"][0]
    signed_in(api, world.hanoi_head)
    assert api.post(detail_url(issued, "approve/")).status_code == 409
    response = api.post(detail_url(issued, "return/"), {"general": "Sửa"}, format="json")
    assert response.status_code == 409
    section.refresh_from_db()
    issued.refresh_from_db()
    assert section.body != "Sửa sau khi ban hành"
    assert issued.status == "issued" and issued.subject != "x"


def test_a_correction_is_a_new_draft_that_supersedes_the_issued_notice(
    api, world, issued, district_officer
):
    response = post(api, world.team_lead, URL, {"visit": issued.visit_id, "supersedes": issued.pk})
    assert response.status_code == 201, response.content
    correction = response.json()
    assert (correction["status"], correction["supersedes"]) == ("draft", issued.pk)
    original_overview = issued.sections.get(key="overview").body
    assert correction["sections"][0]["body"] == original_overview
    # The district still sees only the issued notice, never the draft correcting it.
    signed_in(api, district_officer)
    assert ids(api.get(URL)) == [issued.pk]
    assert api.get(f"{URL}{correction['id']}/").status_code == 404


# --- Conflicts and bad input ----------------------------------------------------------------------


def test_stale_section_text_is_a_conflict_with_the_current_text(api, world, draft):
    section = draft.sections.get(key="results")
    url = detail_url(draft, "sections/results/")
    first = post(api, world.team_lead, url, {"body": "Bản của tôi", "original": section.body})
    assert first.status_code == 200
    second = api.post(url, {"body": "Bản của người khác", "original": section.body}, format="json")
    assert second.status_code == 409
    assert second.json()["detail"] == ["Người khác đã lưu mục này trong lúc bạn đang sửa."]
    assert second.json()["current"]["body"] == "Bản của tôi"
    section.refresh_from_db()
    assert section.body == "Bản của tôi"


def test_stale_header_version_is_a_conflict_that_names_the_current_one(api, world, draft):
    signed_in(api, world.team_lead)
    first = api.patch(detail_url(draft), {"version": 1, "place": "Hà Nội"}, format="json")
    assert first.status_code == 200
    response = api.patch(detail_url(draft), {"version": 1, "place": "Huế"}, format="json")
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    draft.refresh_from_db()
    assert (draft.place, draft.version) == ("Hà Nội", 2)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"place": "Huế"}, "version"),
        ({"version": "abc", "place": "Huế"}, "version"),
        ({"version": 0, "place": "Huế"}, "version"),
        ({"version": 1, "subject": "   "}, "subject"),
        ({"version": 1, "subject": "x" * 501}, "subject"),
        ({"version": 1, "place": ""}, "place"),
        ({"version": 1, "signer_name": "Trần\x00Thanh"}, "signer_name"),
    ],
)
def test_bad_header_edit_is_a_field_error(api, world, draft, body, field):
    response = signed_in(api, world.team_lead).patch(detail_url(draft), body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    draft.refresh_from_db()
    assert (draft.version, draft.place) == (1, "Hà Nội")


def test_status_is_not_an_editable_field(api, world, draft):
    response = signed_in(api, world.team_lead).patch(
        detail_url(draft), {"version": 1, "status": "issued", "number": 7}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["number"]) == ("draft", None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": "Văn bản"}, "original"),
        ({"original": ""}, "body"),
        ({"body": None, "original": ""}, "body"),
        ({"body": "Có ký tự\x00rỗng", "original": ""}, "body"),
    ],
)
def test_bad_section_edit_is_a_field_error(api, world, draft, body, field):
    response = post(api, world.team_lead, detail_url(draft, "sections/overview/"), body)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_unknown_section_is_404(api, world, draft):
    signed_in(api, world.team_lead)
    for key in ["preface", "OVERVIEW", "1"]:
        url = detail_url(draft, f"sections/{key}/")
        assert api.post(url, {"body": "x", "original": ""}, format="json").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "visit"),
        ({"visit": "abc"}, "visit"),
        ({"visit": 10**20}, "visit"),
        ({"visit": [1]}, "visit"),
        ({"visit": None}, "visit"),
    ],
)
def test_bad_draft_input_is_a_field_error(api, world, reporting_visit, body, field):
    response = post(api, world.team_lead, URL, body)
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not Conclusion.objects.exists()


def test_a_visit_out_of_sight_does_not_exist(api, world, planning):
    response = post(api, world.team_lead, URL, {"visit": planning.dong_thap_visit.pk})
    assert response.status_code == 400
    assert list(response.json()) == ["visit"]


def test_drafting_needs_field_work_done_and_only_one_draft(api, world, planning, draft):
    # planning.surprise has not started; the scheduled visit already has a draft.
    response = post(api, world.team_lead, URL, {"visit": planning.surprise.pk})
    assert response.status_code == 409
    response = api.post(URL, {"visit": draft.visit_id}, format="json")
    assert response.status_code == 409
    assert response.json()["detail"] == ["Cuộc kiểm tra này đã có kết luận đang được chuẩn bị."]
    # Only an issued conclusion of the same visit can be corrected.
    response = api.post(URL, {"visit": draft.visit_id, "supersedes": draft.pk}, format="json")
    assert response.status_code == 409
    assert Conclusion.objects.count() == 1


@pytest.mark.parametrize(
    ("issued_on", "field"),
    [
        ("2999-01-01", "issued_on"),
        ("2024-13-01", "issued_on"),
        ("2023-02-30", "issued_on"),
        ("tomorrow", "issued_on"),
        (20230615, "issued_on"),
    ],
)
def test_bad_date_of_issue_is_a_field_error(api, world, approved, issued_on, field):
    response = post(api, world.hanoi_head, detail_url(approved, "issue/"), {"issued_on": issued_on})
    assert response.status_code == 400
    assert list(response.json()) == [field]
    approved.refresh_from_db()
    assert (approved.status, approved.number) == ("approved", None)
    assert not NumberSequence.objects.filter(last_number__gt=0).exists()


def test_a_future_date_of_issue_is_explained(api, world, approved):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = post(
        api, world.hanoi_head, detail_url(approved, "issue/"), {"issued_on": tomorrow.isoformat()}
    )
    assert response.status_code == 400
    assert response.json() == {"issued_on": ["Ngày ban hành không thể là ngày trong tương lai."]}


def test_put_and_delete_are_not_offered(api, world, draft):
    signed_in(api, world.team_lead)
    assert api.put(detail_url(draft), {"version": 1}, format="json").status_code == 405
    assert api.delete(detail_url(draft)).status_code == 405
    assert api.get(detail_url(draft, "approve/")).status_code == 405


def test_the_api_needs_signing_in(api, draft):
    assert api.get(URL).status_code in {401, 403}
    assert api.get(detail_url(draft)).status_code in {401, 403}
    assert api.get(detail_url(draft, "pdf/")).status_code in {401, 403}


# --- The PDF --------------------------------------------------------------------------------------


def test_no_pdf_before_it_is_built(api, world, approved):
    signed_in(api, world.team_lead)
    assert api.get(detail_url(approved, "pdf/")).status_code == 404
    services.issue(world.hanoi_head, approved)  # outside on-commit capture: the job never runs
    detail = api.get(detail_url(approved)).json()
    assert (detail["pdf_status"], detail["pdf_url"]) == ("queued", None)
    assert api.get(detail_url(approved, "pdf/")).status_code == 404


def test_a_failed_pdf_is_rebuilt_on_request(
    api, world, approved, district_officer, django_capture_on_commit_callbacks
):
    services.issue(world.hanoi_head, approved)
    Conclusion.objects.filter(pk=approved.pk).update(pdf_status="failed", pdf_error="boom")
    url = detail_url(approved, "retry-pdf/")
    signed_in(api, district_officer)
    assert api.get(detail_url(approved)).json()["can"]["retry_pdf"] is False
    assert api.post(url).status_code == 403
    signed_in(api, world.team_lead)
    assert api.get(detail_url(approved)).json()["can"]["retry_pdf"] is True
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(url)
    assert response.status_code == 200, response.content
    assert response.json()["pdf_status"] == "queued"
    detail = api.get(detail_url(approved)).json()
    assert detail["pdf_status"] == "ready" and detail["pdf_url"]
    assert api.post(url).status_code == 409  # nothing to rebuild any more
    assert downloaded(api.get(detail["pdf_url"])).startswith(b"%PDF")


def test_pdf_answers_whatever_the_client_accepts(api, world, issued):
    response = signed_in(api, world.team_lead).get(
        detail_url(issued, "pdf/"), HTTP_ACCEPT="application/pdf"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert 'filename="01-TB-UBND.pdf"' in response["Content-Disposition"]
    downloaded(response)


# --- Who sees what --------------------------------------------------------------------------------


def assert_sees_nothing(api, conclusion):
    assert results(api.get(URL)) == []
    assert results(api.get(URL, {"visit": conclusion.visit_id})) == []
    for suffix in ["", "pdf/"]:
        assert api.get(detail_url(conclusion, suffix)).status_code == 404, suffix
    section = {"body": "x", "original": ""}
    writes = [
        api.patch(detail_url(conclusion), {"version": 1, "place": "x"}, format="json"),
        api.post(detail_url(conclusion, "sections/overview/"), section, format="json"),
        *(
            api.post(detail_url(conclusion, action), {"general": "x"}, format="json")
            for action in ["submit/", "approve/", "return/", "issue/", "retry-pdf/"]
        ),
    ]
    assert [response.status_code for response in writes] == [404] * len(writes)
    # Naming it in a write does not reveal it either.
    response = api.post(URL, {"visit": conclusion.visit_id, "supersedes": conclusion.pk})
    assert response.status_code == 400 and "supersedes" in response.json()


@pytest.mark.parametrize("viewer", ["district_officer", "ward_officer", "dong_thap_officer"])
def test_the_inspected_side_sees_nothing_before_issue(api, world, approved, viewer, request):
    user = (
        request.getfixturevalue(viewer) if viewer == "district_officer" else getattr(world, viewer)
    )
    signed_in(api, user)
    assert_sees_nothing(api, approved)
    approved.refresh_from_db()
    assert approved.status == "approved"


def test_the_inspected_district_sees_the_issued_notice_without_the_review(
    api, world, issued, district_officer
):
    signed_in(api, district_officer)
    assert ids(api.get(URL)) == [issued.pk]
    assert ids(api.get(URL, {"status": "issued"})) == [issued.pk]
    detail = api.get(detail_url(issued))
    assert detail.status_code == 200
    body = detail.json()
    assert body["reference"] == "01/TB-UBND"
    assert [section["key"] for section in body["sections"]] == SECTION_KEYS
    assert body["rounds"] == []  # the reviewers' comments stay inside
    assert not any(body["can"].values())
    assert downloaded(api.get(detail_url(issued, "pdf/"))).startswith(b"%PDF")


@pytest.mark.parametrize("viewer", ["ward_officer", "dong_thap_officer"])
def test_units_not_addressed_never_see_the_issued_notice(api, world, issued, viewer):
    # The notice is addressed to quận Hoàn Kiếm: a ward under it or another province sees nothing.
    signed_in(api, getattr(world, viewer))
    assert_sees_nothing(api, issued)


# --- Lists, filters and ordering ------------------------------------------------------------------


@pytest.fixture
def two_conclusions(world, planning, issued):
    """The issued notice to quận Hoàn Kiếm (2023) and a draft for phường Hàng Trống (this year)."""
    ward_visit = reporting(world, planning.surprise)
    return issued, services.draft_conclusion(world.team_lead, ward_visit)


def test_conclusions_are_listed_filtered_and_ordered(api, world, planning, two_conclusions):
    district, ward = two_conclusions
    this_year = timezone.localdate().year
    signed_in(api, world.hanoi_head)
    assert ids(api.get(URL)) == [ward.pk, district.pk]  # not issued yet first, then newest
    cases = [
        ({"status": "issued"}, [district.pk]),
        ({"status": "draft"}, [ward.pk]),
        ({"status": "in_review"}, []),
        ({"year": 2023}, [district.pk]),
        ({"year": this_year}, [ward.pk]),
        ({"year": 2001}, []),
        ({"issuer": world.hanoi.pk}, [ward.pk, district.pk]),
        ({"issuer": world.dong_thap.pk}, []),
        ({"visit": planning.scheduled.pk}, [district.pk]),
        ({"visit": planning.dong_thap_visit.pk}, []),
        ({"inspected_subtree": world.hoan_kiem.pk}, [ward.pk, district.pk]),
        ({"inspected_subtree": world.hang_trong.pk}, [ward.pk]),
        ({"inspected_subtree": world.dong_thap.pk}, []),
        ({"inspected_subtree": 10**9}, []),
        ({"issued_from": "2023-06-15", "issued_to": "2023-06-15"}, [district.pk]),
        ({"issued_from": "2023-06-16"}, []),
        ({"issued_to": "2023-06-14"}, []),
        ({"ordering": "created_at"}, [district.pk, ward.pk]),
        ({"ordering": "-created_at"}, [ward.pk, district.pk]),
        ({"status": "issued", "year": 2023, "inspected_subtree": world.hanoi.pk}, [district.pk]),
    ]
    for params, expected in cases:
        assert ids(api.get(URL, params)) == expected, params
    row = results(api.get(URL, {"status": "issued"}))[0]
    assert row["inspected_organization_name"] == "UBND quận Hoàn Kiếm"
    assert row["issuer_name"] == "UBND thành phố Hà Nội"
    assert row["pdf_url"].endswith(f"/api/v1/conclusions/{district.pk}/pdf/")
    assert "sections" not in row  # the list carries headers; the detail carries the text


@pytest.mark.parametrize(
    "params",
    [
        {"status": "flying"},
        {"issuer": "abc"},
        {"issuer": "1.5"},
        {"visit": "-1"},
        {"visit": "1e9"},
        {"year": "2023.5"},
        {"year": "0"},
        {"year": "10000"},
        {"inspected_subtree": "x"},
        {"inspected_subtree": "0"},
        {"issued_from": "2023-02-30"},
        {"issued_to": "tomorrow"},
    ],
)
def test_malformed_filters_are_400_with_a_field_error(api, world, draft, params):
    response = signed_in(api, world.team_lead).get(URL, params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_malformed_date_filter_is_reported_in_vietnamese(api, world, draft):
    response = signed_in(api, world.team_lead).get(URL, {"issued_from": "2023-02-30"})
    assert response.status_code == 400
    assert response.json()["issued_from"][0].startswith("Nhập một ngày hợp lệ")


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", f"{URL}abc/"),
        ("get", f"{URL}0/"),
        ("get", f"{URL}99999999999999999999999/"),
        ("get", f"{URL}1.5/pdf/"),
        ("get", f"{URL}abc/pdf/"),
        ("post", f"{URL}abc/approve/"),
        ("post", f"{URL}99999999999999999999999/issue/"),
        ("post", f"{URL}x/sections/overview/"),
    ],
)
def test_malformed_ids_in_urls_are_404(api, world, draft, method, url):
    response = getattr(signed_in(api, world.team_lead), method)(url, {}, format="json")
    assert response.status_code == 404


# --- Constant query counts ------------------------------------------------------------------------


def add_conclusions(world, planning, count):
    """Conclusions of further visits to quận Hoàn Kiếm: drafts, and every third one issued."""
    numbered = Conclusion.objects.filter(number__isnull=False).count()
    for index in range(count):
        visit = VisitFactory(
            team=planning.team,
            plan=planning.plan,
            inspected_organization=world.hoan_kiem,
            created_by=world.team_lead,
            status="reporting",
        )
        fields = {}
        if index % 3 == 0:
            numbered += 1
            fields = {
                "status": "issued",
                "number": numbered,
                "year": 2023,
                "issued_on": datetime.date(2023, 6, 15),
                "pdf_status": "ready",
                "pdf": f"conclusions/{numbered}.pdf",
            }
        Conclusion.objects.create(
            visit=visit,
            issuer=world.hanoi,
            subject=f"Thông báo kết luận kiểm tra số {index}",
            symbol="TB-UBND",
            place="Hà Nội",
            created_by=world.team_lead,
            **fields,
        )


@pytest.mark.parametrize("viewer", ["team_lead", "hanoi_head", "analyst"])
def test_list_query_count_is_constant(api, world, planning, viewer):
    user = getattr(world, viewer)
    add_conclusions(world, planning, 5)
    assert len(results(signed_in(api, user).get(URL))) == 5
    few = api_queries_for(api, user, URL)
    add_conclusions(world, planning, 45)
    assert len(results(api.get(URL))) == 50
    assert api_queries_for(api, user, URL) == few


def test_list_query_count_is_constant_for_the_inspected_side(
    api, world, planning, district_officer
):
    add_conclusions(world, planning, 5)
    assert len(results(signed_in(api, district_officer).get(URL))) == 2  # the issued ones
    few = api_queries_for(api, district_officer, URL)
    add_conclusions(world, planning, 45)
    assert len(results(api.get(URL))) == 17
    assert api_queries_for(api, district_officer, URL) == few


def test_detail_query_count_is_constant_as_review_rounds_grow(api, world, draft):
    def review_round(number):
        services.submit_for_review(world.team_lead, draft)
        services.return_for_revision(
            world.hanoi_head,
            draft,
            comments={"overview": f"Ý kiến {number}", "results": "Bổ sung"},
            general="Chung",
        )

    url = detail_url(draft)
    review_round(0)  # with no round at all, there are no comments to fetch
    few = api_queries_for(api, world.team_lead, url)
    for number in range(1, 4):
        review_round(number)
    assert len(signed_in(api, world.team_lead).get(url).json()["rounds"]) == 4
    assert api_queries_for(api, world.team_lead, url) == few
