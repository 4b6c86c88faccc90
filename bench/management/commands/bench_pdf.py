"""`python manage.py bench_pdf`: how long conclusion PDFs take to build, and how many a minute.

Prints the median build time of a 3-page and a 30-page conclusion notice, each also as a ratio to
a baseline measured in the same run (a minimal one-page WeasyPrint document), so figures from
different machines can be compared. Then PDFs per minute (3-page notices) with the worker's
default concurrency: through the Celery worker if CELERY_BROKER_URL is set and a worker answers a
ping, otherwise in-process with a pool of os.cpu_count() processes (the output says which).

Timings use synthetic notices held in memory (unsaved model instances, the context
`services.pdf_context` builds) and `reporting.pdf.render_pdf`, the renderer the worker uses:
nothing is written. Only the measurement through a worker needs rows the worker can read; those
are committed, and deleted again (with their history rows and PDF files) when it ends.
"""

import datetime
import hashlib
import logging
import os
import platform
import statistics
import time
import uuid
from concurrent.futures import ProcessPoolExecutor, wait
from multiprocessing import get_context

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

BASELINE_HTML = (
    '<!DOCTYPE html><html lang="vi"><body style="font-family: \'Liberation Serif\'">'
    "<p>Một trang tối thiểu.</p></body></html>"
)
ITEM = (
    "Chưa niêm yết đầy đủ, kịp thời quy trình giải quyết thủ tục hành chính tại bộ phận một cửa; "
    "việc tiếp nhận và trả kết quả hồ sơ còn chậm so với quy định, chưa mở sổ theo dõi."
)
ISSUED_AT = datetime.datetime(2026, 2, 5, 8, 30, tzinfo=datetime.UTC)


def quiet_logs() -> None:
    """WeasyPrint logs every step of every page at INFO: that would drown the figures."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)


# --- Synthetic notices ----------------------------------------------------------------------


def section_texts(items: int) -> dict[str, str]:
    """The six sections of a notice; `items` list entries spread over the long ones."""
    results = max(1, items // 3)
    shortcomings = max(1, items // 2)
    recommendations = max(1, items - results - shortcomings)
    return {
        "overview": (
            "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2026 của UBND thành phố Hà Nội về kiểm "
            "tra công vụ năm 2026, từ ngày 02/03/2026 đến ngày 06/03/2026, Đoàn kiểm tra công vụ "
            "đã tiến hành kiểm tra theo kế hoạch tại UBND quận Hoàn Kiếm."
        ),
        "results": "\n".join(
            f"- Tiêu chí {number}: đạt yêu cầu; ghi nhận {ITEM[:90].lower()}"
            for number in range(1, results + 1)
        ),
        "good_practices": "- Ứng dụng công nghệ thông tin trong tiếp nhận hồ sơ trực tuyến.",
        "shortcomings": "\n".join(
            f"- Tồn tại số {number}: {ITEM}" for number in range(1, shortcomings + 1)
        ),
        "recommendations": "\n".join(
            f"- UBND quận Hoàn Kiếm: khắc phục tồn tại số {number} (thời hạn: 31/03/2026)."
            for number in range(1, recommendations + 1)
        ),
        "implementation": (
            "Đề nghị UBND quận Hoàn Kiếm nghiêm túc thực hiện các kiến nghị nêu trên và báo cáo "
            "kết quả thực hiện, kèm minh chứng, trên hệ thống Công Vụ đúng thời hạn."
        ),
    }


def notice_fields() -> dict:
    return {
        "subject": "Thông báo kết luận kiểm tra công vụ tại UBND quận Hoàn Kiếm",
        "symbol": "TB-BENCH",
        "place": "Hà Nội",
        "signer_title": "Chủ tịch",
        "signer_name": "Nguyễn Văn Thử",
        "recipients": "- UBND quận Hoàn Kiếm;\n- Thanh tra Chính phủ (để báo cáo);\n- Lưu: VT.",
        "status": "issued",
        "year": ISSUED_AT.year,
        "issued_on": ISSUED_AT.date(),
        "issued_at": ISSUED_AT,
    }


def synthetic_context(items: int) -> dict:
    """What services.pdf_context returns, from unsaved instances: no database involved."""
    from accounts.models import Organization
    from reporting.enums import Section
    from reporting.models import Conclusion, ConclusionSection

    parent = Organization(name="UBND thành phố Hà Nội", code="BENCH-HN", path="0001", depth=1)
    issuer = Organization(name="Sở Nội vụ", code="BENCH-SNV", path="00010001", depth=2)
    conclusion = Conclusion(issuer=issuer, number=1, **notice_fields())
    texts = section_texts(items)
    with translation.override("vi"):
        sections = [
            ConclusionSection(key=key, title=str(label), body=texts[key], order=index)
            for index, (key, label) in enumerate(Section.choices)
        ]
    return {
        "conclusion": conclusion,
        "parent": parent,
        "sections": sections,
        "recipients": [line for line in conclusion.recipients.splitlines() if line.strip()],
    }


def baseline() -> bytes:
    import weasyprint

    return weasyprint.HTML(string=BASELINE_HTML).write_pdf()


def build(items: int) -> str:
    """One build as the worker does it, minus the database and the file: render, hash."""
    from reporting.pdf import render_pdf

    data = render_pdf("reporting/pdf/conclusion.html", synthetic_context(items), created=ISSUED_AT)
    return hashlib.sha256(data).hexdigest()


def page_count(items: int) -> int:
    from django.template.loader import render_to_string
    from weasyprint import CSS, HTML

    from reporting.pdf import NOTICE_CSS, STATIC_SCHEME, SafeFetcher

    with translation.override("vi"):
        html = render_to_string("reporting/pdf/conclusion.html", synthetic_context(items))
    document = HTML(string=html, base_url=f"{STATIC_SCHEME}/", url_fetcher=SafeFetcher()).render(
        stylesheets=[CSS(filename=str(NOTICE_CSS), url_fetcher=SafeFetcher())]
    )
    return len(document.pages)


def items_for(pages: int, guess: int = 10) -> int:
    """A list length whose notice has exactly `pages` pages (page count grows about linearly
    with the list, so a few proportional steps find one)."""
    items, tried = max(1, guess * pages), {}
    for _ in range(30):
        count = tried[items] = page_count(items)
        if count == pages:
            return items
        step = round(items * pages / count) - items
        if step == 0 or items + step in tried:
            step = 1 if count < pages else -1
        items = max(1, items + step)
    raise CommandError(f"Could not make a notice of exactly {pages} pages.")


def median_seconds(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# --- Throughput in-process ------------------------------------------------------------------


def _pool_init() -> None:
    import django

    django.setup()
    quiet_logs()
    build(1)  # load fonts and templates before the clock starts


def _pool_ready(_: int) -> int:
    return os.getpid()


def in_process_throughput(items: int, pdfs: int) -> tuple[float, int]:
    processes = os.cpu_count() or 1
    with ProcessPoolExecutor(
        processes, mp_context=get_context("spawn"), initializer=_pool_init
    ) as pool:
        # Wait until every process has started and warmed up.
        seen = set()
        while len(seen) < processes:
            seen.update(pool.map(_pool_ready, range(processes * 4)))
            if len(seen) < processes:
                time.sleep(0.1)
        started = time.perf_counter()
        futures = [pool.submit(build, items) for _ in range(pdfs)]
        wait(futures)
        elapsed = time.perf_counter() - started
        for future in futures:
            future.result()
    return pdfs / elapsed * 60, processes


# --- Throughput through a Celery worker -----------------------------------------------------


def responding_workers(timeout: float = 1.5) -> dict[str, int]:
    """{worker name: pool size} of the workers that answer on CELERY_BROKER_URL."""
    from django.conf import settings

    if not settings.CELERY_BROKER_URL:
        return {}
    from config.celery import app

    try:
        replies = app.control.ping(timeout=timeout)
        if not replies:
            return {}
        stats = app.control.inspect(timeout=timeout).stats() or {}
    except Exception:  # no broker, or it does not answer: measure in-process instead
        return {}
    names = [name for reply in replies for name in reply]
    return {name: stats.get(name, {}).get("pool", {}).get("max-concurrency", 1) for name in names}


class BenchData:
    """Issued conclusions that only the benchmark uses, committed so the worker can read them,
    and removed again (rows, history rows, files) by `remove()`."""

    def __init__(self, items: int, count: int):
        from accounts.models import Organization, User
        from inspections.models import Team, Visit
        from reporting.enums import PdfStatus, Section
        from reporting.models import Conclusion, ConclusionSection

        tag = uuid.uuid4().hex[:10].upper()
        self.organization = Organization.objects.add_root(
            create_kwargs={
                "name": f"Đơn vị đo hiệu năng {tag}",
                "code": f"BENCH-{tag}",
                "kind": "department",
            }
        )
        self.user = User(username=f"bench-{tag.lower()}", full_name="Đo hiệu năng", is_active=False)
        self.user.set_unusable_password()
        self.user.save()
        self.team = Team.objects.create(
            name="Đoàn kiểm tra đo hiệu năng",
            organization=self.organization,
            decision_number="1/QĐ-BENCH",
            decision_date=ISSUED_AT.date(),
        )
        self.visit = Visit.objects.create(
            team=self.team,
            inspected_organization=self.organization,
            kind="scheduled",
            planned_start=ISSUED_AT.date(),
            planned_end=ISSUED_AT.date(),
            status="concluded",
            created_by=self.user,
        )
        # bulk_create: no history rows for the creation; the worker's save adds one each.
        self.conclusions = Conclusion.objects.bulk_create(
            Conclusion(
                visit=self.visit,
                issuer=self.organization,
                created_by=self.user,
                number=number,
                pdf_status=PdfStatus.QUEUED,
                **notice_fields(),
            )
            for number in range(1, count + 1)
        )
        texts = section_texts(items)
        with translation.override("vi"):
            ConclusionSection.objects.bulk_create(
                ConclusionSection(
                    conclusion=conclusion, key=key, title=str(label), body=texts[key], order=index
                )
                for conclusion in self.conclusions
                for index, (key, label) in enumerate(Section.choices)
            )

    def remove(self) -> int:
        """Delete everything created here, in one transaction; then the PDF files. Returns how
        many files were not found (the worker stores them under its own MEDIA_ROOT, which may
        not be ours)."""
        from django.db import transaction

        from accounts.models import Organization, User
        from inspections.models import Team, Visit
        from reporting.models import Conclusion, ConclusionSection

        ids = [conclusion.pk for conclusion in self.conclusions]
        try:
            with transaction.atomic():
                files = [
                    conclusion.pdf
                    for conclusion in Conclusion.objects.filter(pk__in=ids)
                    if conclusion.pdf
                ]
                section_ids = list(
                    ConclusionSection.objects.filter(conclusion_id__in=ids).values_list(
                        "pk", flat=True
                    )
                )
                created = [
                    (ConclusionSection, section_ids),
                    (Conclusion, ids),
                    (Visit, [self.visit.pk]),
                    (Team, [self.team.pk]),
                    (User, [self.user.pk]),
                    (Organization, [self.organization.pk]),
                ]
                for model, pks in created[1:]:  # sections go with their conclusions
                    model.objects.filter(pk__in=pks).delete()
                for model, pks in created:  # deleting adds history rows: remove all of them
                    model.history.model.objects.filter(id__in=pks).delete()
        except Exception as error:
            raise CommandError(
                f"could not remove the benchmark's rows (organization {self.organization.code}, "
                f"user {self.user.username}): {error}"
            ) from error
        missing = 0
        for file in files:
            if file.storage.exists(file.name):
                file.storage.delete(file.name)
            else:
                missing += 1
        return missing


def worker_throughput(items: int, pdfs: int, concurrency: int) -> tuple[float, int]:
    """PDFs per minute through the worker; returns (rate, files not removed)."""
    from reporting.tasks import build_conclusion_pdf

    warm = concurrency
    data = BenchData(items, warm + pdfs)
    try:
        ids = [conclusion.pk for conclusion in data.conclusions]
        warm_up = [build_conclusion_pdf.delay(conclusion_id=pk) for pk in ids[:warm]]
        if any(result.get(timeout=300) is None for result in warm_up):
            raise CommandError("the worker cannot see this database (DATABASE_URL differs)")
        started = time.perf_counter()
        results = [build_conclusion_pdf.delay(conclusion_id=pk) for pk in ids[warm:]]
        hashes = [result.get(timeout=600) for result in results]
        elapsed = time.perf_counter() - started
        if None in hashes:
            raise CommandError("the worker did not build every PDF")
    finally:
        missing = data.remove()
    return pdfs / elapsed * 60, missing


# --- The command ----------------------------------------------------------------------------


class Command(BaseCommand):
    help = (
        "Median build time of 3- and 30-page conclusion PDFs against a one-page WeasyPrint "
        "baseline, and PDFs per minute with the worker's default concurrency."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=9, help="builds per median (default 9)")
        parser.add_argument(
            "--pdfs", type=int, default=40, help="3-page PDFs for the throughput (default 40)"
        )
        parser.add_argument(
            "--in-process", action="store_true", help="never measure through a Celery worker"
        )

    def handle(self, *args, repeat, pdfs, in_process, **options):
        if repeat < 1 or pdfs < 1:
            raise CommandError("--repeat and --pdfs must be at least 1.")
        quiet_logs()  # before WeasyPrint is imported: it logs while loading its stylesheets
        import weasyprint

        out = self.stdout.write
        out(
            f"Conclusion PDF benchmark — WeasyPrint {weasyprint.__version__}, "
            f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
            f"{timezone.localtime():%Y-%m-%d %H:%M}"
        )
        out("Sizing the synthetic notices…")
        three = items_for(3)
        thirty = items_for(30, guess=max(1, three // 3))

        # Warm up: fonts, templates and WeasyPrint's caches load on first use.
        baseline()
        build(three)
        reference = median_seconds(baseline, max(repeat, 31))
        rows = [
            ("baseline: minimal 1-page WeasyPrint document", reference, max(repeat, 31)),
            ("conclusion notice, 3 pages", median_seconds(lambda: build(three), repeat), repeat),
            (
                "conclusion notice, 30 pages",
                median_seconds(lambda: build(thirty), max(3, repeat // 2 + 1)),
                max(3, repeat // 2 + 1),
            ),
        ]
        out("")
        out(f"{'document':<46} {'median':>9} {'runs':>5} {'× baseline':>11}")
        for label, seconds, runs in rows:
            out(f"{label:<46} {seconds * 1000:>7.1f}ms {runs:>5} {seconds / reference:>10.1f}×")
        out("")

        workers = {} if in_process else responding_workers()
        if workers:
            concurrency = sum(workers.values())
            names = ", ".join(f"{name} ({size})" for name, size in workers.items())
            try:
                rate, missing = worker_throughput(three, pdfs, concurrency)
            except Exception as error:
                out(f"Measuring through the worker failed ({error}); measuring in-process.")
            else:
                out(
                    f"Throughput: {rate:.0f} PDFs per minute (3-page notices, {pdfs} PDFs) "
                    f"through the Celery worker(s) {names}: {concurrency} processes in all."
                )
                if missing:
                    out(
                        f"Note: {missing} PDF files the worker wrote are not under this "
                        "MEDIA_ROOT and were left where the worker put them."
                    )
                return
        else:
            reason = (
                "--in-process given"
                if in_process
                else "CELERY_BROKER_URL is not set"
                if not os.environ.get("CELERY_BROKER_URL")
                else "no Celery worker answered a ping"
            )
            out(f"No Celery worker used ({reason}).")
        rate, processes = in_process_throughput(three, pdfs)
        out(
            f"Throughput: {rate:.0f} PDFs per minute (3-page notices, {pdfs} PDFs), measured "
            f"in-process with a pool of os.cpu_count() = {processes} processes — a Celery "
            "worker's default concurrency on this machine — not through a worker."
        )
