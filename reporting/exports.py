"""Consolidated report exports: XLSX, CSV and PDF of what the dashboard shows.

Same visibility and filters as the dashboard (`dashboard.visit_q`), same figures
(`dashboard.summary`), plus one row per finding with its visit, plan, organizations and the
state of its recommendations. The finding rows come from one query (`values_list` over the joins,
recommendation figures as correlated subqueries) read with a server-side cursor in chunks, and
are written as they arrive: memory stays the same for a hundred rows or a million.

Text that a spreadsheet would take for a formula (=, +, -, @, tab, CR at the start) gets a
leading apostrophe in CSV (`neutralise`), where nothing else can say "this is text". In XLSX it
stays exactly as entered, in a string cell (never a formula) marked the way Excel marks text
typed after an apostrophe (`quotePrefix`), so editing the cell does not turn it into one either.
"""

import codecs
import csv
import dataclasses
import datetime
import io
import math
import re
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Case, Count, IntegerField, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.enums import OrganizationKind
from accounts.models import Organization
from findings.enums import (
    RECOMMENDATION_PENDING_STATES,
    FindingKind,
    RecommendationStatus,
    Severity,
)
from findings.models import Finding, Recommendation
from inspections.enums import VisitKind, VisitStatus
from inspections.models import ContentArea, InspectionPlan, Visit

from . import csv_copy
from .dashboard import ReportFilterForm, ReportFilters, summary, visit_q

# Vietnam's legal time, whatever the server runs on.
REPORT_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# Rows fetched from the server-side cursor at a time: what is held in memory, whatever the
# number of rows (about a megabyte).
CHUNK_SIZE = 2000
# Progress is reported every this many rows.
PROGRESS_ROWS = 2000
# CSV text is handed to the stream in pieces of about this many characters.
CSV_PIECE = 32 * 1024
# RFC 4180 line end, whichever database writes the rows.
CSV_LINE_END = "\r\n"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Progress = Callable[[int], None] | None


def neutralise(value):
    """A CSV field that a spreadsheet would run as a formula gets a leading apostrophe (CSV
    injection, OWASP); every other value is returned unchanged."""
    if is_formula_like(value):
        return "'" + value
    return value


def local_datetime(value: datetime.datetime | None) -> datetime.datetime | None:
    """A stored (UTC) moment as the wall-clock time in Vietnam, without zone (spreadsheets
    know no zones)."""
    if value is None:
        return None
    return value.astimezone(REPORT_TIME_ZONE).replace(tzinfo=None, microsecond=0)


def filters_to_json(filters: ReportFilters) -> dict:
    return {
        key: value.isoformat() if isinstance(value, datetime.date) else value
        for key, value in filters.as_dict().items()
    }


def filters_from_json(data: dict) -> ReportFilters:
    values = dict(data or {})
    for key in ("date_from", "date_to"):
        if values.get(key):
            values[key] = datetime.date.fromisoformat(values[key])
    known = ReportFilters.__dataclass_fields__
    return ReportFilters(**{key: value for key, value in values.items() if key in known})


# --- One row per finding ----------------------------------------------------------------------


def findings_queryset(user, filters: ReportFilters):
    """The findings the dashboard counts: visible visits, filters, content area."""
    condition = visit_q(user, filters, "visit__")
    if filters.content_area:
        condition &= Q(content_area_id=filters.content_area)
    return Finding.objects.filter(condition)


def count_rows(user, filters: ReportFilters) -> int:
    """Rows of an export (one per finding): one COUNT query."""
    return findings_queryset(user, filters).order_by().count()


def finding_headers() -> list[str]:
    visit_field = Visit._meta.get_field
    headers = [
        _("Finding ID"),
        capfirst(Finding._meta.get_field("title").verbose_name),
        _("Content area"),
        _("Kind"),
        _("Severity"),
        _("Visit ID"),
        _("Kind of visit"),
        _("Visit status"),
        capfirst(visit_field("planned_start").verbose_name),
        capfirst(visit_field("planned_end").verbose_name),
        capfirst(visit_field("actual_start").verbose_name),
        capfirst(visit_field("actual_end").verbose_name),
        _("Plan"),
        _("Team"),
        _("Inspected organization"),
        _("Kind of organization"),
        _("Province or top-level body"),
        capfirst(Finding._meta.get_field("recorded_at").verbose_name),
        _("Recommendations"),
        _("Recommendations done"),
        _("Overdue recommendations"),
        _("Worst recommendation status"),
    ]
    return [str(header) for header in headers]


# Kind of each column (for XLSX number formats) and a width that fits its usual content.
FINDING_COLUMNS = [
    ("int", 10),
    ("text", 60),
    ("text", 42),
    ("text", 22),
    ("text", 14),
    ("int", 12),
    ("text", 24),
    ("text", 22),
    ("date", 14),
    ("date", 14),
    ("datetime", 18),
    ("datetime", 18),
    ("text", 20),
    ("text", 40),
    ("text", 40),
    ("text", 30),
    ("text", 32),
    ("datetime", 18),
    ("int", 12),
    ("int", 12),
    ("int", 12),
    ("text", 24),
]

# Worst state first: one overdue recommendation makes the finding's follow-up overdue.
_OVERDUE, _OPEN, _REPORTED, _DONE, _CANCELLED = range(5)


def _worst_labels() -> dict[int, str]:
    return {
        _OVERDUE: _("Overdue"),
        _OPEN: str(RecommendationStatus.OPEN.label),
        _REPORTED: str(RecommendationStatus.REPORTED.label),
        _DONE: str(RecommendationStatus.DONE.label),
        _CANCELLED: str(RecommendationStatus.CANCELLED.label),
    }


def _finding_values(user, filters: ReportFilters, today: datetime.date):
    pending = list(RECOMMENDATION_PENDING_STATES)
    recommendations = (
        Recommendation.objects.filter(finding_id=OuterRef("pk")).order_by().values("finding_id")
    )

    def per_finding(expression):
        return Subquery(
            recommendations.annotate(value=expression).values("value")[:1],
            output_field=IntegerField(),
        )

    rank = Case(
        When(status__in=pending, due_date__lt=today, then=Value(_OVERDUE)),
        When(status=RecommendationStatus.OPEN, then=Value(_OPEN)),
        When(status=RecommendationStatus.REPORTED, then=Value(_REPORTED)),
        When(status=RecommendationStatus.DONE, then=Value(_DONE)),
        default=Value(_CANCELLED),
        output_field=IntegerField(),
    )
    # The top of the tree above the inspected organization: its province (or ministry).
    top = Organization.objects.filter(
        path=Substr(OuterRef("visit__inspected_organization__path"), 1, Organization.steplen)
    ).values("name")[:1]
    return (
        findings_queryset(user, filters)
        .annotate(
            top_name=Subquery(top),
            rec_total=Coalesce(per_finding(Count("pk")), 0),
            rec_done=Coalesce(
                per_finding(Count("pk", filter=Q(status=RecommendationStatus.DONE))), 0
            ),
            rec_overdue=Coalesce(
                per_finding(Count("pk", filter=Q(status__in=pending, due_date__lt=today))), 0
            ),
            rec_worst=per_finding(Min(rank)),
        )
        .order_by("visit__planned_start", "visit_id", "content_area__number", "pk")
        .values_list(
            "pk",
            "title",
            "content_area__number",
            "content_area__short_title",
            "kind",
            "severity",
            "visit_id",
            "visit__kind",
            "visit__status",
            "visit__planned_start",
            "visit__planned_end",
            "visit__actual_start",
            "visit__actual_end",
            "visit__plan__code",
            "visit__team__name",
            "visit__inspected_organization__name",
            "visit__inspected_organization__kind",
            "top_name",
            "recorded_at",
            "rec_total",
            "rec_done",
            "rec_overdue",
            "rec_worst",
        )
    )


def _labels(choices) -> dict[str, str]:
    """Code → label in the active language, translated once (not once per row)."""
    return {code: str(label) for code, label in choices.choices}


def finding_rows(
    user, filters: ReportFilters, *, today: datetime.date | None = None
) -> Iterator[list]:
    """One list of plain values per finding, in the order of `finding_headers()`: numbers as
    int, dates as date, moments as Vietnamese wall-clock datetimes, labels translated."""
    today = today or timezone.localdate(timezone=REPORT_TIME_ZONE)
    finding_kinds, severities = _labels(FindingKind), _labels(Severity)
    visit_kinds, visit_statuses = _labels(VisitKind), _labels(VisitStatus)
    organization_kinds, worst = _labels(OrganizationKind), _worst_labels()
    rows = _finding_values(user, filters, today).iterator(chunk_size=CHUNK_SIZE)
    for (
        pk,
        title,
        area_number,
        area_title,
        kind,
        severity,
        visit_id,
        visit_kind,
        visit_status,
        planned_start,
        planned_end,
        actual_start,
        actual_end,
        plan_code,
        team_name,
        organization_name,
        organization_kind,
        top_name,
        recorded_at,
        rec_total,
        rec_done,
        rec_overdue,
        rec_worst,
    ) in rows:
        yield [
            pk,
            title,
            f"{area_number}. {area_title}",
            finding_kinds.get(kind, kind),
            severities[severity] if severity else None,
            visit_id,
            visit_kinds.get(visit_kind, visit_kind),
            visit_statuses.get(visit_status, visit_status),
            planned_start,
            planned_end,
            local_datetime(actual_start),
            local_datetime(actual_end),
            plan_code,
            team_name,
            organization_name,
            organization_kinds.get(organization_kind, organization_kind),
            top_name,
            local_datetime(recorded_at),
            rec_total,
            rec_done,
            rec_overdue,
            worst.get(rec_worst) if rec_worst is not None else None,
        ]


# --- CSV ------------------------------------------------------------------------------------------


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(value)


def _csv_header() -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=CSV_LINE_END).writerow(
        [neutralise(header) for header in finding_headers()]
    )
    return "\ufeff" + buffer.getvalue()


def copies_with_postgresql() -> bool:
    """The rows are written by PostgreSQL's COPY (`csv_copy`) on PostgreSQL, by Python's csv
    module elsewhere (SQLite, the demo)."""
    return connection.vendor == "postgresql"


def csv_chunks(
    user, filters: ReportFilters, *, progress: Progress = None, today=None
) -> Iterator[bytes]:
    """The CSV in UTF-8 pieces, a BOM first (so Excel reads UTF-8), then a header and one row
    per finding. PostgreSQL writes the rows itself (`csv_copy`); other databases through
    Python's csv module, with the same values and the same bytes.

    Every row ends with CRLF (RFC 4180) in both; a line break inside a field stays as it was
    stored, inside the field's quotes, and a field holding a CR is quoted.

    `progress(rows_so_far)` is called as rows go out and once at the end with the total.
    """
    today = today or timezone.localdate(timezone=REPORT_TIME_ZONE)
    yield _csv_header().encode("utf-8")
    if copies_with_postgresql():
        yield from _copied_rows(user, filters, today, progress)
    else:
        yield from _python_rows(user, filters, today, progress)


def _copied_rows(user, filters, today, progress: Progress) -> Iterator[bytes]:
    statement = csv_copy.copy_statement(
        findings_queryset(user, filters),
        today=today,
        zone=REPORT_TIME_ZONE.key,
        worst_labels=_worst_labels(),
    )
    if statement is None:
        if progress:
            progress(0)
        return
    counter, lines, reported = [0], 0, 0
    blocks = csv_copy.copy_csv_blocks(statement, counter)
    for block in csv_copy.crlf_line_ends(blocks):
        yield block
        if progress:
            # Lines, not rows (a title may hold a line break): close enough for a progress bar.
            lines += block.count(b"\n")
            if lines - reported >= PROGRESS_ROWS:
                reported = lines
                progress(lines)
    if progress:
        progress(counter[0])


def _python_rows(user, filters, today, progress: Progress) -> Iterator[bytes]:
    buffer = io.StringIO()
    # CRLF also makes the csv module quote a field holding a lone CR, as COPY does.
    writer = csv.writer(buffer, lineterminator=CSV_LINE_END)
    written = 0
    for written, row in enumerate(finding_rows(user, filters, today=today), 1):
        writer.writerow([_csv_value(value) for value in row])
        if buffer.tell() >= CSV_PIECE:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
        if progress and written % PROGRESS_ROWS == 0:
            progress(written)
    tail = buffer.getvalue()
    if tail:
        yield tail.encode("utf-8")
    if progress:
        progress(written)


def _is_binary(stream) -> bool:
    if isinstance(stream, io.TextIOBase):
        return False
    if isinstance(stream, io.RawIOBase | io.BufferedIOBase):
        return True
    return "b" in getattr(stream, "mode", "")


def write_csv(user, filters: ReportFilters, stream, *, progress: Progress = None) -> int:
    """Write the CSV (UTF-8 with BOM, one row per finding) to a text or binary stream; return
    the number of rows."""
    rows = 0

    def counted(value: int) -> None:
        nonlocal rows
        rows = value
        if progress:
            progress(value)

    chunks = csv_chunks(user, filters, progress=counted)
    if _is_binary(stream):
        for chunk in chunks:
            stream.write(chunk)
    else:
        # A block may end inside a character of several bytes: decode incrementally.
        decoder = codecs.getincrementaldecoder("utf-8")()
        for chunk in chunks:
            stream.write(decoder.decode(chunk))
        stream.write(decoder.decode(b"", final=True))
    return rows


# --- Filters in words -----------------------------------------------------------------------------


def describe_filters(user, filters: ReportFilters) -> list[tuple[str, object]]:
    """(label, value) for each filter used; names are looked up among what the user may see,
    so an id typed by hand reveals nothing."""
    fields = ReportFilterForm.base_fields
    rows: list[tuple[str, object]] = []

    def label(name):
        return str(fields[name].label)

    if filters.year:
        rows.append((label("year"), filters.year))
    if filters.quarter:
        rows.append((label("quarter"), ["I", "II", "III", "IV"][filters.quarter - 1]))
    if filters.date_from:
        rows.append((label("date_from"), filters.date_from))
    if filters.date_to:
        rows.append((label("date_to"), filters.date_to))
    if filters.plan:
        plan = InspectionPlan.objects.visible_to(user).filter(pk=filters.plan).first()
        rows.append((_("Plan"), f"{plan.code} — {plan.title}" if plan else f"#{filters.plan}"))
    if filters.organization:
        organization = Organization.objects.visible_to(user).filter(pk=filters.organization).first()
        name = organization.name if organization else f"#{filters.organization}"
        rows.append((label("organization"), name))
    if filters.organization_kind:
        kinds = dict(OrganizationKind.choices)
        rows.append((label("organization_kind"), str(kinds.get(filters.organization_kind, ""))))
    if filters.visit_kind:
        rows.append((label("visit_kind"), str(dict(VisitKind.choices).get(filters.visit_kind, ""))))
    if filters.content_area:
        area = ContentArea.objects.filter(pk=filters.content_area).first()
        rows.append((label("content_area"), str(area) if area else f"#{filters.content_area}"))
    return rows


def describe_period(filters: ReportFilters) -> str:
    """The period of a report in words, as `dashboard.visit_q` reads it (a quarter only
    within a year)."""
    parts = []
    if filters.year and filters.quarter:
        quarter = ["I", "II", "III", "IV"][filters.quarter - 1]
        values = {"quarter": quarter, "year": filters.year}
        parts.append(_("quarter %(quarter)s of %(year)s") % values)
    elif filters.year:
        parts.append(_("year %(year)s") % {"year": filters.year})
    dates = []
    if filters.date_from:
        dates.append(_("from %(date)s") % {"date": f"{filters.date_from:%d/%m/%Y}"})
    if filters.date_to:
        dates.append(_("to %(date)s") % {"date": f"{filters.date_to:%d/%m/%Y}"})
    if dates:
        parts.append(" ".join(dates))
    return ", ".join(parts) or _("all time")


def _parent_of(organization):
    if organization is None or organization.depth <= 1:
        return None
    return Organization.objects.filter(path=organization.path[: -organization.steplen]).first()


def title_block(user, filters: ReportFilters, now: datetime.datetime) -> list[tuple[str, str]]:
    """The lines above the first sheet's table, as (kind, text): the issuing body (the
    user's organization under its parent, as on an administrative document), the report's
    name, its period, the other filters, the units, when and by whom it was made."""
    organization = getattr(user, "organization", None)
    lines = []
    parent = _parent_of(organization)
    if parent is not None:
        lines.append(("body", parent.name.upper()))
    if organization is not None:
        lines.append(("organization", organization.name.upper()))
    lines.append(("title", _("CONSOLIDATED REPORT ON PUBLIC-DUTY INSPECTIONS")))
    period = describe_period(filters)
    lines.append(
        ("body", _("Period: %(period)s (by the planned start of the visits)") % {"period": period})
    )
    others = dataclasses.replace(filters, year=None, quarter=None, date_from=None, date_to=None)
    described = "; ".join(f"{label}: {value}" for label, value in describe_filters(user, others))
    described = described or _("none (all the figures within the user's sight)")
    lines.append(("body", _("Filters applied: %(filters)s") % {"filters": described}))
    units = _(
        "Units: number (visits, organizations, findings, recommendations); rate: %; time: days"
    )
    lines.append(("body", units))
    made = local_datetime(now)
    lines.append(
        (
            "body",
            _("Made at %(time)s on %(date)s (Vietnam time, UTC+7) by %(name)s")
            % {
                "time": f"{made:%H:%M}",
                "date": f"{made:%d/%m/%Y}",
                "name": user.get_full_name() or user.get_username(),
            },
        )
    )
    return lines


# --- XLSX -----------------------------------------------------------------------------------------

_INVALID_SHEET_CHARACTERS = str.maketrans({char: " " for char in "[]:*?/\\"})
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


class _Sheets:
    """Write-only workbook helpers: a title block, a bold header row frozen in place and
    repeated on every printed page, an autofilter over the header and the data, A4 landscape
    fitted to the width of a page, widths, typed cells.

    Write-only worksheets (rows streamed to disk, memory flat) take all of these, as long as
    what openpyxl writes before the rows is set before the first row: column widths, the
    frozen pane, fit-to-page, row heights. The autofilter, page setup, footer and print titles
    are written after the rows, so the autofilter can be set once the last row is known.
    """

    # Points per line of text in the title block, and characters per unit of column width.
    LINE_HEIGHT = {"body": 15, "organization": 15, "title": 21}

    def __init__(self):
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        self.workbook = Workbook(write_only=True)
        self.bold = Font(bold=True)
        self.heading_fonts = {
            "body": Font(),
            "organization": Font(bold=True),
            "title": Font(bold=True, size=14),
        }
        self.heading_alignments = {
            "body": Alignment(wrap_text=True, vertical="top"),
            "organization": Alignment(wrap_text=True, vertical="top"),
            "title": Alignment(wrap_text=True, vertical="center", horizontal="center"),
        }
        self.titles: set[str] = set()

    def title(self, text: str) -> str:
        title = str(text).translate(_INVALID_SHEET_CHARACTERS).strip("' ")[:31] or "Sheet"
        base, number = title, 2
        while title.lower() in self.titles:
            suffix = f" ({number})"
            title, number = base[: 31 - len(suffix)] + suffix, number + 1
        self.titles.add(title.lower())
        return title

    def sheet(self, title: str, headers: list[str], widths: list[int], *, heading=()):
        """A new sheet up to its header row: `heading`, a list of (kind, text) with kind
        "organization", "title" or "body", goes above the header, one merged row each, then
        an empty row. Returns the worksheet and the number of its header row."""
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.worksheet import Worksheet

        worksheet = self.workbook.create_sheet(self.title(title))
        header_row = len(heading) + 2 if heading else 1
        # Everything openpyxl writes before the rows must be set before the first row.
        for index, width in enumerate(widths, 1):
            worksheet.column_dimensions[get_column_letter(index)].width = width
        worksheet.freeze_panes = f"A{header_row + 1}"
        worksheet.sheet_properties.pageSetUpPr.fitToPage = True
        last_column = get_column_letter(len(headers))
        characters = sum(widths)
        for number, (kind, text) in enumerate(heading, 1):
            lines = sum(
                max(1, math.ceil(len(line) * 1.1 / characters)) for line in text.split("\n")
            )
            worksheet.row_dimensions[number].height = lines * self.LINE_HEIGHT[kind]
            if len(headers) > 1:
                worksheet.merged_cells.add(f"A{number}:{last_column}{number}")
        # Printed: A4 landscape, as wide as one page, as many pages long as it takes, the
        # header row on top of every page, page numbers at the foot.
        worksheet.page_setup.orientation = "landscape"
        worksheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        worksheet.page_setup.fitToWidth = 1
        worksheet.page_setup.fitToHeight = 0
        worksheet.print_title_rows = f"{header_row}:{header_row}"
        worksheet.oddFooter.center.text = _("Page &P of &N")

        for kind, text in heading:
            cell = self.cell(worksheet, text)
            cell.font = self.heading_fonts[kind]
            cell.alignment = self.heading_alignments[kind]
            worksheet.append([cell])
        if heading:
            worksheet.append([])
        worksheet.append([self.cell(worksheet, header, bold=True) for header in headers])
        return worksheet, header_row

    @staticmethod
    def filter(worksheet, header_row: int, columns: int, data_rows: int) -> None:
        """An autofilter over the header row and the `data_rows` rows under it (a total row
        stays out: sorting must not move it)."""
        from openpyxl.utils import get_column_letter

        last = f"{get_column_letter(columns)}{header_row + data_rows}"
        worksheet.auto_filter.ref = f"A{header_row}:{last}"

    def cell(self, worksheet, value, *, bold=False, number_format=None):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(worksheet)
        if number_format:
            cell.number_format = number_format
        elif isinstance(value, datetime.datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
        if bold:
            cell.font = self.bold
        cell.value = value = clean_text(value)
        if is_formula_like(value):
            # openpyxl takes text starting with "=" for a formula: it is text, and stays text
            # when someone edits the cell in Excel.
            cell.data_type = "s"
            cell.quotePrefix = True
        return cell

    def value(self, worksheet, value):
        """A plain value, or a cell for dates (a Vietnamese date format) and for text that a
        spreadsheet would take for a formula (a string cell)."""
        value = clean_text(value)
        if isinstance(value, datetime.date) or is_formula_like(value):
            return self.cell(worksheet, value)
        return value

    def table(
        self,
        title: str,
        headers: list[str],
        rows: list[list],
        *,
        total_row=None,
        heading=(),
        data=True,
    ):
        """A small sheet whose rows are all known: widths fit the longest value. A data sheet
        gets an autofilter; `heading` is the title block (`sheet`)."""
        all_rows = [*rows, *([total_row] if total_row else [])]
        widths = [
            min(max(len(_display(value)) for value in column) + 3, 70)
            for column in zip(headers, *all_rows, strict=False)
        ]
        worksheet, header_row = self.sheet(
            title, headers, [max(width, 9) for width in widths], heading=heading
        )
        for row in rows:
            worksheet.append([self.value(worksheet, value) for value in row])
        if total_row:
            worksheet.append([self.cell(worksheet, value, bold=True) for value in total_row])
        if data:
            self.filter(worksheet, header_row, len(headers), len(rows))
        return worksheet


def clean_text(value):
    """Text as an XLSX cell may hold it: no control characters (it is never a formula:
    `_Sheets.cell` writes text that looks like one as a string cell)."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def is_formula_like(value) -> bool:
    """Text a spreadsheet would run as a formula, if it were typed in."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return "00/00/0000 00:00"
    if isinstance(value, datetime.date):
        return "00/00/0000"
    return str(value)


def _total(values) -> int:
    return sum(value for value in values if isinstance(value, int))


def write_xlsx(
    user,
    filters: ReportFilters,
    stream,
    *,
    progress: Progress = None,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> int:
    """Write the XLSX workbook (write-only, constant memory) to a binary stream or a path;
    return the number of finding rows."""
    today = today or timezone.localdate(timezone=REPORT_TIME_ZONE)
    now = now or timezone.now()
    figures = summary(user, filters, today=today)
    sheets = _Sheets()

    # The headline figures, under the title block.
    recommendations = figures["recommendations"]
    sheets.table(
        _("Consolidated report"),
        [_("Indicator"), _("Number")],
        heading=title_block(user, filters, now),
        rows=[
            [_("Visits"), figures["visits"]["total"]],
            [
                _("Organizations inspected"),
                _total(row["count"] for row in figures["organizations_by_kind"]),
            ],
            [_("Findings"), figures["findings"]["total"]],
            [
                _("Violations"),
                _total(row["count"] for row in figures["violations_by_severity"]),
            ],
            [_("Recommendations"), recommendations["total"]],
            [_("Recommendations done"), recommendations["done"]],
            [_("Overdue recommendations"), recommendations["overdue"]],
            [_("Completion rate (%)"), recommendations["completion_rate"]],
            [_("Conclusions issued"), figures["conclusions"]["issued"]],
            [
                _("Average days from field work to issue"),
                figures["conclusions"]["average_days_to_issue"],
            ],
        ],
    )

    # Visits by kind × status.
    by_kind = figures["visits"]["by_kind"]
    statuses = [status["label"] for status in by_kind[0]["by_status"]] if by_kind else []
    sheets.table(
        _("Visits"),
        [_("Kind of visit"), *statuses, _("Total")],
        [
            [row["label"], *(status["count"] for status in row["by_status"]), row["total"]]
            for row in by_kind
        ],
        total_row=[
            _("Total"),
            *(
                sum(row["by_status"][index]["count"] for row in by_kind)
                for index in range(len(statuses))
            ),
            figures["visits"]["total"],
        ],
    )

    # Organizations inspected, by kind.
    organizations = figures["organizations_by_kind"]
    sheets.table(
        _("Organizations"),
        [_("Kind of organization"), _("Number")],
        [[row["label"], row["count"]] for row in organizations],
        total_row=[_("Total"), _total(row["count"] for row in organizations)],
    )

    # Findings by content area × kind.
    areas = figures["findings"]["by_area"]
    kinds = [kind["label"] for kind in areas[0]["by_kind"]] if areas else []
    sheets.table(
        _("Content areas"),
        [
            capfirst(ContentArea._meta.get_field("number").verbose_name),
            _("Content area"),
            *kinds,
            _("Total"),
        ],
        [
            [
                row["number"],
                row["label"],
                *(kind["count"] for kind in row["by_kind"]),
                sum(kind["count"] for kind in row["by_kind"]),
            ]
            for row in areas
        ],
        total_row=[
            None,
            _("Total"),
            *(sum(row["by_kind"][index]["count"] for row in areas) for index in range(len(kinds))),
            figures["findings"]["total"],
        ],
    )

    # Violations by severity.
    severities = figures["violations_by_severity"]
    sheets.table(
        _("Violations by severity"),
        [_("Severity"), _("Number")],
        [[row["label"], row["count"]] for row in severities],
        total_row=[_("Total"), _total(row["count"] for row in severities)],
    )

    # Recommendations.
    sheets.table(
        _("Recommendations"),
        [_("Indicator"), _("Number")],
        [
            [_("Total"), recommendations["total"]],
            [str(RecommendationStatus.DONE.label), recommendations["done"]],
            [str(RecommendationStatus.CANCELLED.label), recommendations["cancelled"]],
            [_("Overdue"), recommendations["overdue"]],
            [_("Completion rate (%)"), recommendations["completion_rate"]],
        ],
    )

    # One row per finding, streamed.
    headers = finding_headers()
    worksheet, header_row = sheets.sheet(
        _("Findings"),
        headers,
        [
            max(width, min(len(header) + 3, 40))
            for header, (_kind, width) in zip(headers, FINDING_COLUMNS, strict=True)
        ],
    )
    rows = 0
    for rows, row in enumerate(finding_rows(user, filters, today=today), 1):
        worksheet.append([sheets.value(worksheet, value) for value in row])
        if progress and rows % PROGRESS_ROWS == 0:
            progress(rows)
    sheets.filter(worksheet, header_row, len(headers), rows)

    # What was exported, by whom, when.
    exported_at = local_datetime(now)
    described = describe_filters(user, filters) or [(_("Filters"), _("All"))]
    organization = user.organization.name if getattr(user, "organization", None) else ""
    sheets.table(
        _("Filters used"),
        [_("Filter"), _("Value")],
        [
            *[[label, value] for label, value in described],
            [None, None],
            [_("Exported by"), user.get_full_name()],
            [_("Organization"), organization],
            [_("Exported at"), exported_at],
            [_("Time zone"), "Asia/Ho_Chi_Minh"],
            [_("Rows in the findings sheet"), rows],
        ],
        data=False,
    )
    sheets.workbook.save(stream)
    if progress:
        progress(rows)
    return rows


# --- PDF ------------------------------------------------------------------------------------------


_VIEW_BOX = re.compile(r'viewBox="0 0 (\d+) (\d+)"')


def printable_chart(chart: str) -> SafeString:
    """A dashboard chart for WeasyPrint: a named font that covers Vietnamese (the renderer's
    default sans is wider than a browser's) and a margin for long labels and legends."""
    left, right = 50, 110

    def widen(match) -> str:
        width, height = int(match[1]), int(match[2])
        return f'viewBox="-{left} 0 {width + left + right} {height}" font-family="Cong Vu Serif"'

    # Only our own attribute changes; the labels stay as charts.py escaped them.
    return mark_safe(_VIEW_BOX.sub(widen, str(chart), count=1))


def pdf_context(user, filters: ReportFilters, *, now=None, today=None) -> dict:
    from .charts import dashboard_charts

    now = now or timezone.now()
    figures = summary(user, filters, today=today)
    organization = getattr(user, "organization", None)
    parent = _parent_of(organization)
    issued_on = timezone.localtime(now, REPORT_TIME_ZONE).date()
    described = [
        (label, f"{value:%d/%m/%Y}" if isinstance(value, datetime.date) else value)
        for label, value in describe_filters(user, filters)
    ]
    return {
        "organization": organization,
        "parent": parent,
        "symbol": f"BC-{organization.symbol_part()}" if organization else "BC",
        "place": organization.place_of_issue() if organization else "Hà Nội",
        "issued_on": issued_on,
        "exported_at": local_datetime(now),
        "user": user,
        "filters": described,
        "figures": figures,
        "charts": {
            name: printable_chart(chart) for name, chart in dashboard_charts(figures).items()
        },
        "organizations_total": _total(row["count"] for row in figures["organizations_by_kind"]),
        "violations_total": _total(row["count"] for row in figures["violations_by_severity"]),
    }


def render_report_pdf(user, filters: ReportFilters, *, now=None, today=None) -> bytes:
    """The consolidated report as an administrative document (Nghị định 30/2020/NĐ-CP), in
    Vietnamese, with the dashboard's figures and charts."""
    from .pdf import render_pdf

    now = now or timezone.now()
    with translation.override("vi"):
        context = pdf_context(user, filters, now=now, today=today)
        return render_pdf("reporting/pdf/report.html", context, created=now)


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def download_name(format: str, moment: datetime.datetime | None = None) -> str:
    """bao-cao-tong-hop-20231231-0930.xlsx (Vietnamese wall-clock time)."""
    moment = local_datetime(moment or timezone.now())
    return f"bao-cao-tong-hop-{moment:%Y%m%d-%H%M}.{format}"
