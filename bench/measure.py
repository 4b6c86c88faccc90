"""`python manage.py bench`: how the reports hold up on the synthetic country of `seed_scale`.

One table, every figure next to a baseline measured in the same run on the same data:
- the dashboard summary (whole country, one province) against the same figures as bare SQL
  aggregates run with psycopg — the ratio is what the ORM and Python add;
- the findings list page and API list, through Django's test client signed in as the national
  analyst, against a bare Django view that returns a constant through the same middleware;
- the CSV and XLSX exports in rows per second against a bare streaming SELECT of the findings,
  and their peak Python memory (tracemalloc) on about 10 % and on 100 % of the rows: flat memory
  means the two peaks are close.

Timings are medians and 95th percentiles over `runs` (after one warm-up), taken with
time.perf_counter; nothing here asserts a time. The dashboard and exports are imported lazily
(`reporting.dashboard.summary`, `reporting.exports.write_csv` / `write_xlsx`): a piece that does
not exist yet prints "not available yet" instead of failing.
"""

import importlib
import math
import statistics
import tempfile
import time
import tracemalloc
import zipfile
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import override_settings
from django.urls import NoReverseMatch, include, path, reverse

from accounts.enums import OrganizationKind
from accounts.models import Organization, User

from .scale import (
    ANALYST_USERNAME,
    CODE_PREFIX,
    ScaleError,
    raw_cursor,
    require_postgresql,
    synthetic_counts,
)

NOT_YET = "not available yet"


def constant_view(request):
    """The baseline page: Django's whole request path (middleware, session, auth), no work."""
    return HttpResponse("ok", content_type="text/plain")


# The bench serves the project's URLs plus the constant view (ROOT_URLCONF during the bench).
urlpatterns = [
    path("__bench__/constant/", constant_view, name="bench-constant"),
    path("", include("config.urls")),
]


# --- Measuring ------------------------------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 20 runs is the 19th fastest)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass
class Timing:
    p50: float
    p95: float

    @classmethod
    def of(cls, function, runs: int) -> "Timing":
        function()  # warm-up: caches, connection, buffers
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            function()
            samples.append(time.perf_counter() - started)
        return cls(statistics.median(samples), percentile(samples, 0.95))

    def __str__(self) -> str:
        return f"p50 {ms(self.p50)} · p95 {ms(self.p95)}"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


@dataclass
class Row:
    name: str
    result: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    verdict: str = ""


def render(rows: list[Row]) -> str:
    header = Row("measurement", "result", "baseline (same run)", "ratio", "target", "verdict")
    table = [header, *rows]
    columns = ["name", "result", "baseline", "ratio", "target", "verdict"]
    widths = {c: max(len(getattr(row, c)) for row in table) for c in columns}

    def line(row: Row) -> str:
        return " | ".join(getattr(row, c).ljust(widths[c]) for c in columns).rstrip()

    rule = "-+-".join("-" * widths[c] for c in columns)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def optional(module: str, name: str):
    """`module.name`, or None while someone is still writing it."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


# --- Bare SQL baselines ---------------------------------------------------------------------------

DASHBOARD_SQL = [
    "SELECT v.kind, v.status, count(*) FROM inspections_visit v {join} WHERE {where} GROUP BY 1, 2",
    "SELECT o.kind, count(DISTINCT v.inspected_organization_id) FROM inspections_visit v "
    "JOIN accounts_organization o ON o.id = v.inspected_organization_id WHERE {where} "
    "GROUP BY 1",
    "SELECT a.number, f.kind, count(*) FROM findings_finding f "
    "JOIN inspections_contentarea a ON a.id = f.content_area_id {visit_join} WHERE {where} "
    "GROUP BY 1, 2",
    "SELECT f.severity, count(*) FROM findings_finding f {visit_join} "
    "WHERE f.kind = 'violation' AND {where} GROUP BY 1",
    "SELECT count(*), count(*) FILTER (WHERE r.status = 'done'), "
    "count(*) FILTER (WHERE r.status = 'cancelled'), "
    "count(*) FILTER (WHERE r.status IN ('open', 'reported') AND r.due_date < current_date) "
    "FROM findings_recommendation r {rec_join} WHERE {where}",
    "SELECT count(*), avg(c.issued_on - v.actual_end::date) FROM reporting_conclusion c "
    "JOIN inspections_visit v ON v.id = c.visit_id {join} WHERE c.status = 'issued' AND {where}",
]


def dashboard_sql(prefix: str | None) -> list[tuple[str, list]]:
    """The dashboard's figures as hand-written SQL: whole country, or one subtree by path."""
    org_join = "JOIN accounts_organization o ON o.id = v.inspected_organization_id"
    if prefix is None:
        parts = {"join": "", "visit_join": "", "rec_join": "", "where": "TRUE"}
        params = []
    else:
        parts = {
            "join": org_join,
            "visit_join": f"JOIN inspections_visit v ON v.id = f.visit_id {org_join}",
            "rec_join": f"JOIN inspections_visit v ON v.id = r.visit_id {org_join}",
            "where": "o.path LIKE %s",
        }
        params = [prefix + "%"]
    return [(template.format(**parts), params) for template in DASHBOARD_SQL]


def run_sql(statements) -> None:
    cursor = raw_cursor()
    for sql, params in statements:
        cursor.execute(sql, params)
        cursor.fetchall()


EXPORT_SQL = (
    "SELECT f.id, a.number, f.kind, f.severity, f.title, f.description, f.cause, "
    "f.responsible_person, f.legal_reference, v.id, v.kind, v.planned_start, o.code, o.name "
    "FROM findings_finding f JOIN inspections_visit v ON v.id = f.visit_id "
    "JOIN inspections_contentarea a ON a.id = f.content_area_id "
    "JOIN accounts_organization o ON o.id = v.inspected_organization_id"
)


def bare_select_rate() -> tuple[int, float]:
    """Rows per second of a streaming SELECT of every finding with what an export shows."""
    with transaction.atomic(), raw_cursor().connection.cursor(name="bench_export") as cursor:
        cursor.itersize = 10_000
        started = time.perf_counter()
        cursor.execute(EXPORT_SQL)
        count = sum(1 for _ in cursor)
        seconds = time.perf_counter() - started
    return count, count / seconds if seconds else 0.0


# --- Export sinks ---------------------------------------------------------------------------------


class CountingSink:
    """A write-only stream that keeps nothing: it counts characters and line ends."""

    def __init__(self):
        self.size = 0
        self.lines = 0

    def write(self, data):
        self.size += len(data)
        self.lines += data.count("\n" if isinstance(data, str) else b"\n")
        return len(data)

    def flush(self):
        pass


def rows_in_xlsx(handle) -> int:
    """Data rows of every sheet of an XLSX file (its `<row` elements, less one header each)."""
    handle.seek(0)
    total = 0
    with zipfile.ZipFile(handle) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with archive.open(name) as sheet:
                    rows, tail = 0, b""
                    while chunk := sheet.read(1 << 20):
                        data = tail + chunk
                        rows += data.count(b"<row ") + data.count(b"<row>")
                        tail = data[-5:]
                        rows -= tail.count(b"<row ") + tail.count(b"<row>")
                    rows += tail.count(b"<row ") + tail.count(b"<row>")
                    total += max(0, rows - 1)
    return total


def export_once(kind: str, writer, user, filters) -> int:
    """Run one export into a sink and return the number of data rows it produced."""
    if kind == "csv":
        sink = CountingSink()
        returned = writer(user, filters, sink)
        return returned if isinstance(returned, int) else max(0, sink.lines - 1)
    with tempfile.TemporaryFile() as handle:
        returned = writer(user, filters, handle)
        return returned if isinstance(returned, int) else rows_in_xlsx(handle)


def peak_memory(function) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- The bench ------------------------------------------------------------------------------------


class Bench:
    def __init__(self, runs: int = 20, *, full_xlsx: bool = False, log=print):
        require_postgresql("bench")
        self.runs = runs
        self.full_xlsx = full_xlsx
        self.log = log
        self.analyst = User.objects.filter(username=ANALYST_USERNAME).first()
        if self.analyst is None:
            raise ScaleError("No synthetic data: run `python manage.py seed_scale` first.")
        self.province = (
            Organization.objects.filter(
                code__startswith=CODE_PREFIX, kind=OrganizationKind.PROVINCE
            )
            .order_by("-numchild", "path")
            .first()
        )

    def describe_data(self) -> str:
        counts = synthetic_counts()
        return (
            f"Data: {counts['organizations']:,} organizations, {counts['visits']:,} visits, "
            f"{counts['findings']:,} findings, {counts['recommendations']:,} recommendations "
            f"(seed_scale); timings over {self.runs} runs after one warm-up, DEBUG off."
        )

    def fresh_user(self) -> User:
        """The analyst as a request would load it (roles and scope not cached yet)."""
        return User.objects.select_related("organization").get(pk=self.analyst.pk)

    def run(self) -> list[Row]:
        rows: list[Row] = []
        with override_settings(DEBUG=False, ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
            rows += self.dashboard()
            rows += self.pages()
            rows += self.exports()
        return rows

    # -- dashboard --

    def dashboard(self) -> list[Row]:
        summary = optional("reporting.dashboard", "summary")
        filters_class = optional("reporting.dashboard", "ReportFilters")
        cases = [("dashboard summary, whole country", None)]
        if self.province is not None:
            cases.append((f"dashboard summary, one province ({self.province.short_name})",
                          self.province))  # fmt: skip
        rows = []
        for name, province in cases:
            if summary is None or filters_class is None:
                rows.append(Row(name, NOT_YET, target="≤ 3× bare SQL"))
                continue
            self.log(f"  {name}…")
            filters = filters_class(organization=province.pk if province else None)
            statements = dashboard_sql(province.path if province else None)
            measured = Timing.of(lambda f=filters: summary(self.fresh_user(), f), self.runs)
            bare = Timing.of(lambda s=statements: run_sql(s), self.runs)
            ratio = measured.p50 / bare.p50 if bare.p50 else math.inf
            target_ok = ratio <= 3 if province is None else None
            rows.append(Row(
                name, str(measured), f"bare SQL aggregates {bare}", f"{ratio:.2f}× SQL",
                "≤ 3× bare SQL" if province is None else "",
                verdict(target_ok) if target_ok is not None else "",
            ))  # fmt: skip
        return rows

    # -- pages --

    def pages(self) -> list[Row]:
        client = Client()
        client.force_login(self.analyst)
        constant = Timing.of(lambda: client.get("/__bench__/constant/"), self.runs)
        try:
            page_url = reverse("findings:finding_list")
        except NoReverseMatch:
            page_url = None
        cases = [
            (f"findings list page {page_url or ''}".rstrip(), page_url),
            ("findings list API /api/v1/findings/", "/api/v1/findings/"),
        ]
        rows = []
        for name, url in cases:
            if url is None:
                rows.append(Row(name, NOT_YET, target="p95 < 100 ms"))
                continue
            self.log(f"  {name}…")
            status = client.get(url).status_code
            if status != 200:
                rows.append(Row(name, f"HTTP {status}", target="p95 < 100 ms",
                                verdict="MISSED"))  # fmt: skip
                continue
            measured = Timing.of(lambda u=url: client.get(u), self.runs)
            rows.append(Row(
                name, str(measured), f"constant Django view {constant}",
                f"{measured.p50 / constant.p50:.1f}× view", "p95 < 100 ms",
                verdict(measured.p95 < 0.1),
            ))  # fmt: skip
        return rows

    # -- exports --

    def subsets(self, filters_class) -> dict[float, tuple]:
        """For 1 % and 10 %: the year, quarter or quarter of one province whose findings come
        closest to that share of all, as (filters, label)."""
        cursor = raw_cursor()
        cursor.execute(
            "SELECT extract(year FROM v.planned_start)::int, "
            "extract(quarter FROM v.planned_start)::int, o.path, count(*) "
            "FROM findings_finding f JOIN inspections_visit v ON v.id = f.visit_id "
            "JOIN accounts_organization o ON o.id = v.inspected_organization_id "
            "GROUP BY 1, 2, 3"
        )
        step = Organization.steplen
        counts: dict[tuple, int] = {}
        for year, quarter, top, n in cursor.fetchall():
            for key in ((year, None, None), (year, quarter, None), (year, quarter, top[:step])):
                counts[key] = counts.get(key, 0) + n
        total = sum(n for (_, quarter, _), n in counts.items() if quarter is None) or 1
        roots = dict(
            Organization.objects.filter(depth=1).values_list("path", "pk")
        )  # fmt: skip
        names = dict(Organization.objects.filter(depth=1).values_list("pk", "short_name"))
        chosen = {}
        for fraction in (0.01, 0.1):
            (year, quarter, root), _ = min(
                counts.items(), key=lambda item: abs(item[1] / total - fraction)
            )
            organization = roots.get(root)
            label = f"{year}" + (f" Q{quarter}" if quarter else "")
            if organization:
                label += f" {names[organization]}"
            chosen[fraction] = (
                filters_class(year=year, quarter=quarter, organization=organization),
                label,
            )
        return chosen

    def exports(self) -> list[Row]:
        filters_class = optional("reporting.dashboard", "ReportFilters")
        writers = [
            ("CSV export", "csv", optional("reporting.exports", "write_csv")),
            ("XLSX export", "xlsx", optional("reporting.exports", "write_xlsx")),
        ]
        if filters_class is None or all(writer is None for *_, writer in writers):
            return [Row(name, NOT_YET, target=self.export_target(kind))
                    for name, kind, _ in writers]  # fmt: skip
        self.log("  bare SELECT of the findings…")
        _, bare_rate = bare_select_rate()
        subsets = self.subsets(filters_class)
        everything = (filters_class(), "all")
        rows = []
        for name, kind, writer in writers:
            if writer is None:
                rows.append(Row(name, NOT_YET, target=self.export_target(kind)))
                continue
            # XLSX is an order of magnitude slower than CSV (and a sheet holds 1,048,576 rows at
            # most): unless --full-xlsx, it is timed on the 10 % subset and its memory compared
            # between 1 % and 10 %. CSV always runs on everything and 10 %.
            if kind == "csv" or self.full_xlsx:
                large, small = everything, subsets[0.1]
            else:
                large, small = subsets[0.1], subsets[0.01]
            self.log(f"  {name} ({large[1]}, then memory for {small[1]} and {large[1]})…")
            try:
                rows.append(self.export_row(name, kind, writer, large, small, bare_rate))
            except Exception as error:  # a half-written export must not stop the table
                rows.append(Row(name, f"failed: {type(error).__name__}: {error}"[:120],
                                target=self.export_target(kind), verdict="MISSED"))  # fmt: skip
        return rows

    @staticmethod
    def export_target(kind: str) -> str:
        return "≥ 100,000 rows/s, flat memory" if kind == "csv" else "flat memory"

    def export_row(self, name, kind, writer, large, small, bare_rate) -> Row:
        (large_filters, large_label), (small_filters, small_label) = large, small
        started = time.perf_counter()
        count = export_once(kind, writer, self.fresh_user(), large_filters)
        seconds = time.perf_counter() - started
        rate = count / seconds if seconds else 0.0
        counted = {}

        def traced(filters, key):
            def export():
                counted[key] = export_once(kind, writer, self.fresh_user(), filters)

            return peak_memory(export)

        small_peak = traced(small_filters, "small")
        large_peak = traced(large_filters, "large")
        # Flat: ten times the rows may cost at most half as much memory again (+1 MB).
        flat = large_peak <= small_peak * 1.5 + 1_048_576
        fast = rate >= 100_000 if kind == "csv" else True
        return Row(
            name,
            f"{rate:,.0f} rows/s ({count:,} rows, {large_label}, in {seconds:.1f} s); peak "
            f"memory {megabytes(small_peak)} for {counted['small']:,} rows ({small_label}), "
            f"{megabytes(large_peak)} for {counted['large']:,} ({large_label})",
            f"bare SELECT {bare_rate:,.0f} rows/s",
            f"{bare_rate / rate:.1f}× slower" if rate else "",
            self.export_target(kind),
            verdict(fast and flat),
        )


def run(runs: int = 20, *, full_xlsx: bool = False, log=print) -> str:
    """Measure everything and return the data size and the table as text."""
    measuring = Bench(runs=runs, full_xlsx=full_xlsx, log=log)
    rows = measuring.run()
    return f"{measuring.describe_data()}\n\n{render(rows)}"
