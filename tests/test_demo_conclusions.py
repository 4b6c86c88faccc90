"""seed_demo issues the conclusion notices of the source cases, with their PDFs, idempotently."""

import datetime
import io
import unicodedata

import pytest
from django.apps import apps
from django.core.management import call_command
from pypdf import PdfReader

from accounts.models import Notification, User
from findings.models import Recommendation
from inspections.enums import VisitStatus
from reporting import pdf
from reporting.enums import ConclusionStatus, PdfStatus
from reporting.models import Conclusion, NumberSequence

pytestmark = pytest.mark.django_db

TTCP_UNITS = [
    "Cục IV",
    "Vụ III",
    "Vụ Giám sát, Thẩm định và Xử lý sau thanh tra",
    "Vụ Hợp tác quốc tế",
    "Vụ Kế hoạch - Tổng hợp",
    "Tạp chí Thanh tra",
    "Trung tâm Thông tin",
    "Vụ Pháp chế",
]


@pytest.fixture(autouse=True)
def in_process_tasks(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path


def seed() -> None:
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def seeded():
    seed()


def reporting_counts() -> dict[str, int]:
    """Every reporting model, history tables included, and the notifications."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("reporting").get_models()
    }
    counts["accounts.Notification"] = Notification.objects.count()
    return counts


def pdf_text(conclusion: Conclusion) -> str:
    with conclusion.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", text)


def assert_pdf_ready(conclusion: Conclusion) -> None:
    assert conclusion.pdf_status == PdfStatus.READY, conclusion.pdf_error
    assert conclusion.pdf and conclusion.pdf_sha256
    with conclusion.pdf.open("rb") as handle:
        assert pdf.sha256(handle.read()) == conclusion.pdf_sha256


def test_seeding_twice_gives_the_same_rows_and_renders_each_pdf_once(
    monkeypatch, django_capture_on_commit_callbacks
):
    renders = []
    render = pdf.render_pdf

    def counting_render(*args, **kwargs):
        renders.append(args[1]["conclusion"].pk)
        return render(*args, **kwargs)

    monkeypatch.setattr(pdf, "render_pdf", counting_render)
    # The queued tasks run (eagerly) once the transaction commits, after the seed has built
    # the PDFs in-process: they must find them ready and leave them alone.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        seed()
    assert callbacks
    issued = Conclusion.objects.filter(status=ConclusionStatus.ISSUED)
    assert issued.count() >= 3
    assert sorted(renders) == sorted(issued.values_list("pk", flat=True))
    first = reporting_counts()
    files = dict(issued.values_list("pk", "pdf"))

    seed()
    assert reporting_counts() == first
    assert dict(issued.values_list("pk", "pdf")) == files
    assert len(renders) == issued.count()  # nothing rendered again
    assert set(Conclusion.objects.values_list("status", flat=True)) == set(ConclusionStatus.values)
    sequence = NumberSequence.objects.get(issuer__code="TTCP", year=2019)
    assert sequence.last_number == 1865


def test_notice_1865_of_18_october_2019(seeded):
    notice = Conclusion.objects.select_related("visit__plan", "issuer").get(
        issuer__code="TTCP", year=2019, number=1865
    )
    assert notice.reference == "1865/TB-TTCP"
    assert notice.status == ConclusionStatus.ISSUED
    assert notice.issued_on == datetime.date(2019, 10, 18)
    assert (notice.signer_name, notice.signer_title, notice.place) == (
        "Trần Ngọc Liêm",
        "Phó Tổng Thanh tra",
        "Hà Nội",
    )
    assert notice.signature_lines == ["KT. TỔNG THANH TRA", "PHÓ TỔNG THANH TRA"]
    assert "cải cách hành chính năm 2019" in notice.subject
    # Drafted by the check team's head, approved and issued by the Deputy Inspector General.
    assert notice.created_by.username == "ttcp_totruong"
    assert notice.approved_by.username == notice.issued_by.username == "ttcp_lanhdao"
    assert notice.visit.plan.code == "1436/KH-TTCP"
    assert notice.visit.status == VisitStatus.CONCLUDED
    # Back-dated: the whole workflow happened in October 2019.
    assert notice.created_at.date() < notice.submitted_at.date() < notice.approved_at.date()
    assert notice.issued_at.year == 2019
    assert all(row.history_date.year == 2019 for row in notice.history.all())

    sections = {section.key: section.body for section in notice.sections.all()}
    for unit in TTCP_UNITS:
        assert unit in sections["overview"], unit
    assert "Thiếu sự đồng bộ trong phối hợp triển khai công việc" in sections["shortcomings"]
    assert "V.office" in sections["shortcomings"]
    assert "đề nghị các đơn vị" in sections["recommendations"]
    assert "không để nợ đọng văn bản" in sections["recommendations"]
    assert "Quyết định số 1030/QĐ-TTCP ngày 06/12/2018" in sections["implementation"]

    assert_pdf_ready(notice)
    text = pdf_text(notice)
    for needle in (
        "Số: 1865/TB-TTCP",
        "Hà Nội, ngày 18 tháng 10 năm 2019",
        "Trần Ngọc Liêm",
        "THANH TRA CHÍNH PHỦ",
    ):
        assert needle in text, needle


def test_lap_vo_notices_issued_in_december_2023(seeded):
    notices = Conclusion.objects.filter(issuer__code="DT-LV", status=ConclusionStatus.ISSUED)
    assert notices.filter(visit__inspected_organization__name="UBND xã Mỹ An Hưng B").exists()
    for notice in notices:
        assert (notice.issued_on.year, notice.issued_on.month) == (2023, 12)
        assert notice.issued_by.username == "lapvo_lanhdao"
        assert notice.visit.team.decision_number == "94/QĐ-UBND.TL"
        assert notice.place == "Lấp Vò"
        assert_pdf_ready(notice)
        text = pdf_text(notice)
        assert f"Số: {notice.reference}" in text
        assert f"Lấp Vò, ngày {notice.issued_on.day:02d} tháng 12 năm 2023" in text
        assert "ỦY BAN NHÂN DÂN HUYỆN LẤP VÒ" in " ".join(text.split())  # the issuer in full
        assert "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH" in text
        shortcomings = notice.sections.get(key="shortcomings").body
        assert "Chỉ thị số 06/CT-TTg" in shortcomings


def test_ward_user_reads_its_issued_notice_and_nothing_in_preparation(seeded):
    hanoi = Conclusion.objects.filter(issuer__code="HN")
    in_review = hanoi.filter(status=ConclusionStatus.IN_REVIEW)
    drafts = hanoi.filter(status=ConclusionStatus.DRAFT)
    assert in_review.exists() and drafts.exists()
    assert hanoi.filter(status=ConclusionStatus.RETURNED, rounds__comments__isnull=False).exists()

    donvi = User.objects.get(username="donvi")
    notice = hanoi.get(
        status=ConclusionStatus.ISSUED, visit__inspected_organization=donvi.organization
    )
    assert_pdf_ready(notice)
    visible = Conclusion.objects.visible_to(donvi)
    assert list(visible) == [notice]
    assert not visible.filter(status__in=[ConclusionStatus.IN_REVIEW, ConclusionStatus.DRAFT])
    # Its recommendations are published with it, and the notice waits unread in the inbox.
    recommendations = Recommendation.objects.visible_to(donvi)
    assert recommendations.count() >= 3
    assert set(recommendations.values_list("visit", flat=True)) == {notice.visit_id}
    assert Notification.objects.filter(
        recipient=donvi, read_at__isnull=True, title__contains=notice.reference
    ).exists()

    # The city's unit head sees every state, and has the one in review waiting.
    head = User.objects.get(username="thutruong")
    assert set(hanoi) <= set(Conclusion.objects.visible_to(head))
    assert Notification.objects.filter(recipient=head, read_at__isnull=True).exists()
