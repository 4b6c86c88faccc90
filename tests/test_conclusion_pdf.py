"""Conclusion notices as PDF: built by a real Celery worker, numbered under concurrency, rendered
without fetching anything, and built exactly once however often (or however badly) the job runs.

Worker tests use the session's `celery_worker` (tests/worker.py: Redis, the test database) and
`shared_media`, the MEDIA_ROOT the worker writes to, so they read back what the worker wrote.
"""

import datetime
import hashlib
import importlib
import io
import os
import queue
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection, connections
from PIL import Image
from pypdf import PdfReader

from accounts.models import User
from findings.services import add_recommendation, record_finding
from inspections.services import finish_fieldwork, start_visit
from reporting import services
from reporting.enums import PdfStatus
from reporting.models import Conclusion, NumberSequence
from reporting.pdf import BlockedResource, SafeFetcher, render_pdf, sha256
from reporting.tasks import build_conclusion_pdf
from reporting.templatetags.reporting_tags import vi_date_phrase

from .factories import OrganizationFactory, VisitFactory, content_area
from .worker import (
    KILL_QUEUE,
    ROOT,
    KillableWorker,
    acknowledged,
    quick_redelivery,
    unacked_task_ids,
)

# Worker tests and the concurrency test need committed rows: another process or thread reads them.
committed = pytest.mark.django_db(transaction=True)

# A date that shows both zero rules of Nghị định 30/2020 (day below 10, month 1 or 2).
ISSUED_ON = datetime.date(2026, 2, 5)
DATE_PHRASE = "Hà Nội, ngày 05 tháng 02 năm 2026"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TOP_MARGIN_PT = 20 * 72 / 25.4  # notice.css: @page margin-top 20mm; the page number sits in it
PASSWD_MARKER = "root:x:0:0"


# --- Fixtures and helpers -----------------------------------------------------------------


@pytest.fixture(autouse=True)
def reference_data(request):
    """The flush after each transactional test also empties what data migrations created (roles,
    the five content areas): put it back, as tests/browser/conftest.py does."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    for module, function in [
        ("accounts.migrations.0002_roles", "create_roles"),
        ("inspections.migrations.0002_content_areas", "create_areas"),
    ]:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def media(celery_worker, shared_media) -> Path:
    """The worker's MEDIA_ROOT (tests/worker.py gives it SHARED_MEDIA), which is now ours too.
    The folder outlives the run and other checkouts' test runs may write to it at the same time,
    so tests look only at new files with this notice's bytes (see `new_copies`)."""
    return shared_media


@pytest.fixture
def local_media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def no_queue():
    """Issue without queueing the PDF job, for tests that build it themselves."""
    with mock.patch.object(services, "_queue_pdf") as queue:
        yield queue


class RecordingHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server(png_bytes):
    """A live HTTP server on 127.0.0.1 that answers everything with a PNG and records requests:
    if the renderer fetched anything over HTTP, we would see it here."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    server.requests = []
    server.body = png_bytes
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 0, 0)).save(buffer, format="PNG")
    return buffer.getvalue()


def approved_conclusion(world, visit, *, findings=(), recommendations=(), shortcomings=None):
    """Walk a visit through field work, drafting and review to an approved conclusion."""
    start_visit(world.team_lead, visit)
    for title in findings:
        record_finding(
            world.inspector, visit, content_area=content_area(3), kind="shortcoming", title=title
        )
    for action in recommendations:
        add_recommendation(
            world.team_lead,
            visit,
            addressee=visit.inspected_organization,
            kind="remedy",
            action=action,
            due_date=datetime.date.today() + datetime.timedelta(days=30),
        )
    finish_fieldwork(world.team_lead, visit)
    conclusion = services.draft_conclusion(world.team_lead, visit)
    if shortcomings is not None:
        section = conclusion.sections.get(key="shortcomings")
        services.update_section(
            world.team_lead,
            conclusion,
            key="shortcomings",
            body=shortcomings,
            original=section.body,
        )
    conclusion = services.update_header(
        world.team_lead,
        conclusion,
        version=conclusion.version,
        signer_title="Chủ tịch",
        signer_name="Trần Sỹ Thanh",
    )
    services.submit_for_review(world.team_lead, conclusion)
    return services.approve(world.hanoi_head, conclusion)


def issued_conclusion(world, visit, **kwargs) -> Conclusion:
    conclusion = approved_conclusion(world, visit, **kwargs)
    return services.issue(world.hanoi_head, conclusion, issued_on=ISSUED_ON)


def long_text(items: int) -> str:
    item = (
        "Chưa niêm yết đầy đủ, kịp thời quy trình giải quyết thủ tục hành chính tại bộ phận "
        "một cửa; việc tiếp nhận và trả kết quả hồ sơ còn chậm so với quy định."
    )
    return "\n".join(f"- Tồn tại số {number}: {item}" for number in range(1, items + 1))


def wait_for_pdf(conclusion: Conclusion, timeout: float = 60) -> Conclusion:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = Conclusion.objects.get(pk=conclusion.pk)
        if current.pdf_status in (PdfStatus.READY, PdfStatus.FAILED):
            return current
        time.sleep(0.2)
    pytest.fail(f"No PDF after {timeout} s; see test-artifacts/celery-*.log")


def pdf_files(media: Path) -> set[Path]:
    return set((media / "conclusions").rglob("*.pdf"))


def new_copies(media: Path, before: set[Path], conclusion: Conclusion) -> set[Path]:
    """Files written since `before` that hold this notice's PDF (its bytes are deterministic,
    so a second build of it would be a second file with the same hash)."""
    return {
        path
        for path in pdf_files(media) - before
        if hashlib.sha256(path.read_bytes()).hexdigest() == conclusion.pdf_sha256
    }


def read_pdf(conclusion: Conclusion) -> bytes:
    with conclusion.pdf.open("rb") as handle:
        return handle.read()


def flat(text: str) -> str:
    """Whitespace folded: line breaks of the layout do not matter to the assertions."""
    return " ".join(text.split())


def pdf_text(data: bytes) -> str:
    return flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def base_fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        for font in (fonts.get_object() if fonts else {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def fonts_not_embedded(reader: PdfReader) -> list[str]:
    missing = []
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font")
        for font in (fonts.get_object() if fonts else {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants.get_object()[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font["/BaseFont"]))
    return missing


def text_in_top_margin(page) -> list[str]:
    """Text whose baseline lies inside the top page margin (where page numbers go)."""
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if height - y < TOP_MARGIN_PT:
                found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return found


def history_of_ready(conclusion: Conclusion) -> int:
    """How many times a build stored the PDF (each store is one audited save)."""
    return Conclusion.history.filter(id=conclusion.pk, pdf_status=PdfStatus.READY).count()


# --- The notice, built by the worker ----------------------------------------------------------


@pytest.mark.worker
@committed
def test_issue_makes_the_worker_build_the_notice(world, planning, media, celery_worker):
    recommendations = [
        "Niêm yết đầy đủ, kịp thời các thủ tục hành chính tại bộ phận một cửa.",
        "Kiểm điểm trách nhiệm cá nhân để xảy ra chậm trễ trong giải quyết hồ sơ.",
        "Rà soát, sửa đổi quy chế làm việc của Ủy ban nhân dân quận.",
    ]
    conclusion = approved_conclusion(world, planning.scheduled, recommendations=recommendations)
    before = pdf_files(media)

    services.issue(world.hanoi_head, conclusion, issued_on=ISSUED_ON)

    built = wait_for_pdf(conclusion)
    assert built.pdf_status == PdfStatus.READY, built.pdf_error
    data = read_pdf(built)
    assert built.pdf_sha256 == hashlib.sha256(data).hexdigest()
    assert new_copies(media, before, built) == {media / built.pdf.name}
    text = pdf_text(data)
    assert NATIONAL_TITLE in text
    assert MOTTO in text
    assert "Số: 01/TB-UBND" in text
    assert DATE_PHRASE in text
    assert "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" in text  # the issuer is named in full
    assert "THÔNG BÁO" in text
    for action in recommendations:  # the draft adds the deadline after each action
        assert flat(action).rstrip(".") in text
    assert "Nơi nhận:" in text
    for recipient in built.recipients.splitlines():
        assert flat(recipient) in text
    assert "CHỦ TỊCH" in text
    assert "Trần Sỹ Thanh" in text

    reader = PdfReader(io.BytesIO(data))
    fonts = base_fonts(reader)
    assert fonts
    for name in fonts:  # e.g. /SWSLVQ+Cong-Vu-Serif: a subset of the shipped Liberation Serif
        family = name.lstrip("/").split("+")[-1].replace("-", "")
        assert family.startswith("CongVuSerif"), fonts
    assert fonts_not_embedded(reader) == []


@pytest.mark.worker
@committed
def test_page_numbers_start_on_the_second_page(world, planning, media, celery_worker):
    conclusion = issued_conclusion(world, planning.scheduled, shortcomings=long_text(40))

    built = wait_for_pdf(conclusion)

    assert built.pdf_status == PdfStatus.READY, built.pdf_error
    reader = PdfReader(io.BytesIO(read_pdf(built)))
    assert len(reader.pages) >= 3
    assert text_in_top_margin(reader.pages[0]) == []
    assert text_in_top_margin(reader.pages[1]) == ["2"]
    assert text_in_top_margin(reader.pages[2]) == ["3"]


@pytest.mark.parametrize(
    ("day", "phrase"),
    [
        (datetime.date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (datetime.date(2026, 1, 31), "ngày 31 tháng 01 năm 2026"),
        (datetime.date(2019, 10, 18), "ngày 18 tháng 10 năm 2019"),
        (datetime.date(2026, 3, 9), "ngày 09 tháng 3 năm 2026"),
        (datetime.date(2026, 12, 1), "ngày 01 tháng 12 năm 2026"),
    ],
)
def test_date_phrase_follows_decree_30(day, phrase):
    assert vi_date_phrase(day) == phrase


# --- Numbers under concurrency --------------------------------------------------------------


# At most this many connections at once: the PostgreSQL server is shared with other test runs
# (and its max_connections is 100), so 20 threads with a connection each hit "too many clients".
PARALLEL_CONNECTIONS = 6
TEST_APPLICATION = "congvu-parallel-issues"


@committed
def test_twenty_parallel_issues_get_numbers_one_to_twenty(world, planning, no_queue):
    visits = [
        VisitFactory(
            team=planning.team,
            plan=planning.plan,
            inspected_organization=OrganizationFactory(parent=world.hoan_kiem),
            created_by=world.team_lead,
        )
        for _ in range(20)
    ]
    conclusions = [approved_conclusion(world, visit) for visit in visits]
    pending = queue.SimpleQueue()
    for conclusion in conclusions:
        pending.put(conclusion.pk)
    barrier = threading.Barrier(PARALLEL_CONNECTIONS)
    numbers: dict[int, int] = {}
    errors: list[BaseException] = []

    def issue_all() -> None:
        """Issue notices until none is left, each in its own transaction on this thread's own
        connection; the threads start together, so every issue races the others."""
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET application_name = %s", [TEST_APPLICATION])
            head = User.objects.get(pk=world.hanoi_head.pk)
            barrier.wait(timeout=60)
            while True:
                try:
                    pk = pending.get_nowait()
                except queue.Empty:
                    return
                conclusion = Conclusion.objects.get(pk=pk)
                numbers[pk] = services.issue(head, conclusion, issued_on=ISSUED_ON).number
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue_all) for _ in range(PARALLEL_CONNECTIONS)]
    for thread in threads:
        thread.start()
    peak = 0
    while any(thread.is_alive() for thread in threads):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
                [TEST_APPLICATION],
            )
            peak = max(peak, cursor.fetchone()[0])
        time.sleep(0.01)
    for thread in threads:
        thread.join(timeout=120)

    assert 1 < peak <= PARALLEL_CONNECTIONS  # parallel, and bounded
    assert not errors, errors
    assert sorted(numbers.values()) == list(range(1, 21))
    stored = Conclusion.objects.filter(issuer=world.hanoi, year=ISSUED_ON.year)
    assert sorted(stored.values_list("number", flat=True)) == list(range(1, 21))
    assert NumberSequence.objects.get(issuer=world.hanoi, year=ISSUED_ON.year).last_number == 20
    assert no_queue.call_count == 20


# --- Nothing is fetched by the renderer -----------------------------------------------------


@pytest.mark.worker
@committed
def test_html_in_a_finding_is_printed_as_text_and_nothing_is_fetched(
    world, planning, media, celery_worker, http_server
):
    payloads = [
        '<img src="file:///etc/passwd">',
        '<img src="http://127.0.0.1:9/x.png">',
        f'<img src="{http_server.url}/finding.png">',
    ]
    conclusion = issued_conclusion(
        world, planning.scheduled, findings=[f"Hồ sơ lưu trữ {payload}" for payload in payloads]
    )

    built = wait_for_pdf(conclusion)

    assert built.pdf_status == PdfStatus.READY, built.pdf_error
    data = read_pdf(built)
    text = pdf_text(data)
    for payload in payloads:
        assert payload in text
    assert PASSWD_MARKER not in text
    assert http_server.requests == []
    assert all(not page.images for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/logo.png",
        "ftp://127.0.0.1/x",
        "data:image/png;base64,iVBORw0KGgo=",
        "/etc/passwd",
        "congvu-static:/../../../../etc/passwd",
        "congvu-static:/does/not/exist.css",
    ],
)
def test_the_fetcher_refuses_everything_but_our_static_files(url):
    with pytest.raises(BlockedResource):
        SafeFetcher().fetch(url)


def test_the_fetcher_serves_our_static_files():
    response = SafeFetcher().fetch("congvu-static:/css/notice.css")
    assert b"Cong Vu Serif" in response.read()
    font = SafeFetcher().fetch("congvu-static:/fonts/LiberationSerif-Regular.ttf")
    assert font.read()[:4] == b"\x00\x01\x00\x00"  # a TrueType font


def test_a_template_with_real_resource_tags_renders_without_fetching(
    settings, tmp_path, http_server, png_bytes
):
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [*settings.TEMPLATES[0]["DIRS"], ROOT / "tests/templates"],
        }
    ]
    local_png = tmp_path / "local.png"
    local_png.write_bytes(png_bytes)
    local_css = tmp_path / "local.css"
    local_css.write_text('.marker::before { content: "LOCAL-CSS-WAS-READ "; }')
    attempts = []
    real_fetch = SafeFetcher.fetch

    def spy(self, url, headers=None):
        attempts.append(url)
        return real_fetch(self, url, headers)

    with mock.patch.object(SafeFetcher, "fetch", spy):
        data = render_pdf(
            "tests/pdf_external_resources.html",
            {
                "server": http_server.url,
                "local_png_url": local_png.as_uri(),
                "local_css_url": local_css.as_uri(),
            },
        )

    reader = PdfReader(io.BytesIO(data))
    text = pdf_text(data)
    assert "Tài liệu thử: không được tải tài nguyên nào." in text
    assert "LOCAL-CSS-WAS-READ" not in text
    assert PASSWD_MARKER not in text
    assert http_server.requests == []
    assert all(not page.images for page in reader.pages)
    assert not dict(reader.attachments)
    # the renderer did ask, and every request went to the fetcher, which refused all but the
    # fonts that ship with the project (static/fonts)
    foreign = [url for url in attempts if not url.startswith("congvu-static:/fonts/")]
    assert foreign
    for url in foreign:
        with pytest.raises(BlockedResource):
            SafeFetcher().fetch(url)


# --- Idempotency and duplicate delivery -----------------------------------------------------


@pytest.mark.django_db
def test_building_twice_leaves_one_file_and_the_same_bytes(world, planning, local_media, no_queue):
    conclusion = issued_conclusion(world, planning.scheduled)

    first = build_conclusion_pdf(conclusion_id=conclusion.pk)  # the task, run in-process
    stored = Conclusion.objects.get(pk=conclusion.pk)
    data = read_pdf(stored)
    second = build_conclusion_pdf(conclusion_id=conclusion.pk)
    services.build_pdf(conclusion.pk)

    again = Conclusion.objects.get(pk=conclusion.pk)
    assert first == second == again.pdf_sha256 == sha256(data)
    assert again.pdf.name == stored.pdf.name
    assert read_pdf(again) == data
    assert pdf_files(local_media) == {local_media / stored.pdf.name}
    assert history_of_ready(conclusion) == 1
    # Rendering again gives the very same bytes: a rebuild after a lost job changes nothing.
    rendered = render_pdf(
        "reporting/pdf/conclusion.html", services.pdf_context(again), created=again.issued_at
    )
    assert rendered == data


@pytest.mark.django_db
def test_the_pdf_is_dated_when_the_notice_was_issued(world, planning, local_media, no_queue):
    conclusion = issued_conclusion(world, planning.scheduled)
    services.build_pdf(conclusion.pk)
    built = Conclusion.objects.get(pk=conclusion.pk)

    metadata = PdfReader(io.BytesIO(read_pdf(built))).metadata

    issued_at = built.issued_at.replace(microsecond=0)
    assert metadata.creation_date == issued_at
    assert metadata.modification_date == issued_at


@pytest.mark.worker
@committed
def test_a_duplicate_delivery_yields_one_pdf(world, planning, media, celery_worker, no_queue):
    conclusion = issued_conclusion(world, planning.scheduled)
    before = pdf_files(media)

    # The worker runs two processes: both copies of the job run at the same time.
    results = [build_conclusion_pdf.delay(conclusion_id=conclusion.pk) for _ in range(2)]
    hashes = [result.get(timeout=60) for result in results]

    built = Conclusion.objects.get(pk=conclusion.pk)
    data = read_pdf(built)
    assert hashes == [built.pdf_sha256, built.pdf_sha256] == [sha256(data)] * 2
    assert new_copies(media, before, built) == {media / built.pdf.name}
    assert history_of_ready(conclusion) == 1
    # The worker's bytes are the bytes this process renders: the build is deterministic.
    rendered = render_pdf(
        "reporting/pdf/conclusion.html", services.pdf_context(built), created=built.issued_at
    )
    assert rendered == data


# --- A worker killed in the middle of a build -----------------------------------------------


def start_slow_build(world, visit, worker: KillableWorker, media: Path):
    """A long notice (about 100 pages: seconds of rendering) whose job the worker has taken."""
    with mock.patch.object(services, "_queue_pdf"):
        conclusion = issued_conclusion(world, visit, shortcomings=long_text(1200))
    before = pdf_files(media)
    result = build_conclusion_pdf.apply_async(
        kwargs={"conclusion_id": conclusion.pk}, queue=KILL_QUEUE
    )
    task = worker.wait_until_running(result.id)
    time.sleep(0.3)  # past loading the rows and into the rendering, which takes seconds
    return conclusion, result, task, before


@pytest.mark.worker
@committed
def test_a_worker_killed_mid_build_loses_no_job(
    world, planning, media, celery_worker, broker, kill_queue
):
    """acks_late keeps the message in Redis until the build has finished. A worker killed with
    SIGKILL never acknowledges it; Redis gives it to another worker once the message's
    visibility timeout has passed, and the build then runs to completion exactly once.

    The project's visibility timeout is 15 minutes (CELERY_VISIBILITY_TIMEOUT; in production
    beat's requeue_stuck_pdfs also queues the PDF again after 5 to 15 minutes), so the second
    worker here uses 15 s."""
    visibility = 15
    first = KillableWorker("kill-first", media)
    second = KillableWorker(
        "kill-second",
        media,
        quick_redelivery(visibility),
    )
    try:
        first.start()
        conclusion, result, _task, before = start_slow_build(
            world, planning.scheduled, first, media
        )
        first.kill()

        unfinished = "the build finished before the kill: make the notice longer"
        assert f"[{result.id}] succeeded" not in first.log(), unfinished
        assert Conclusion.objects.get(pk=conclusion.pk).pdf_status == PdfStatus.QUEUED, unfinished
        assert result.id in unacked_task_ids(broker)  # not lost: parked, unacknowledged

        second.start()
        built = wait_for_pdf(conclusion, timeout=visibility + 45)

        assert built.pdf_status == PdfStatus.READY, built.pdf_error
        assert result.get(timeout=10) == built.pdf_sha256
        assert new_copies(media, before, built) == {media / built.pdf.name}
        assert history_of_ready(conclusion) == 1
        assert acknowledged(broker, result.id)
        assert broker.llen(KILL_QUEUE) == 0
        assert f"Task reporting.build_conclusion_pdf[{result.id}] succeeded" in second.log()
    finally:
        first.stop()
        second.stop()


@pytest.mark.worker
@committed
def test_a_pool_process_killed_mid_build_is_retried(
    world, planning, media, celery_worker, broker, kill_queue
):
    """reject_on_worker_lost: when the process running the build dies, the worker puts the
    message back on the queue at once and builds the PDF in a new pool process."""
    worker = KillableWorker("kill-child", media)
    try:
        worker.start()
        conclusion, result, task, before = start_slow_build(
            world, planning.scheduled, worker, media
        )
        os.kill(task["worker_pid"], signal.SIGKILL)
        unfinished = "the build finished before the kill: make the notice longer"
        assert Conclusion.objects.get(pk=conclusion.pk).pdf_status == PdfStatus.QUEUED, unfinished

        built = wait_for_pdf(conclusion, timeout=60)

        assert built.pdf_status == PdfStatus.READY, built.pdf_error
        assert result.get(timeout=10) == built.pdf_sha256
        assert new_copies(media, before, built) == {media / built.pdf.name}
        assert history_of_ready(conclusion) == 1
        log = worker.log()
        assert "WorkerLostError" in log
        assert f"Task reporting.build_conclusion_pdf[{result.id}] succeeded" in log
        assert acknowledged(broker, result.id)
    finally:
        worker.stop()
