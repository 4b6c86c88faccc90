"""Consolidated report exports: XLSX, CSV and PDF files, background jobs, the API and the page.

The files carry what the dashboard shows, for the same user and filters: the figures must match
`summary`, and nobody may find in a file a row they could not see on the page.
"""

import csv
import datetime
import io
import time
import tracemalloc
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from accounts.enums import Role
from accounts.models import User
from findings.models import Finding
from findings.services import record_finding
from inspections.services import start_visit
from reporting import export_services
from reporting.dashboard import ReportFilters, summary
from reporting.exports import (
    CHUNK_SIZE,
    count_rows,
    neutralise,
    render_report_pdf,
    write_csv,
    write_xlsx,
)
from reporting.models import ExportJob, ExportStatus

from .conftest import count_queries
from .factories import (
    FindingFactory,
    RecommendationFactory,
    UserFactory,
    VisitFactory,
    bulk_findings,
    content_area,
)

pytestmark = pytest.mark.django_db

BOM = "\ufeff"
SHEETS = [
    "Báo cáo tổng hợp",
    "Cuộc kiểm tra",
    "Cơ quan, đơn vị",
    "Nội dung kiểm tra",
    "Vi phạm theo mức độ",
    "Kiến nghị",
    "Kết quả kiểm tra",
]
INJECTIONS = [
    '=HYPERLINK("http://evil.example/","Bấm vào đây")',
    "+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
]
SECRET = "Bí mật của tỉnh Đồng Tháp"
# The analyst's body has a parent: two lines of issuing body, the report's name, period,
# filters, units, when and by whom, then an empty row.
TITLE_BLOCK_HEADER_ROW = 9
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def seed_findings(world, planning) -> dict:
    """Hà Nội's scheduled visit with seven findings (four with formula-like titles) and two
    recommendations; Đồng Tháp's own visit with one finding Hà Nội people must never see."""
    visit = start_visit(world.team_lead, planning.scheduled)
    shortcoming = record_finding(
        world.inspector,
        visit,
        content_area=content_area(3),
        kind="shortcoming",
        title="Chưa niêm yết đầy đủ quy trình",
    )
    violation = record_finding(
        world.inspector,
        visit,
        content_area=content_area(1),
        kind="violation",
        severity="serious",
        title="Vắng mặt trong giờ làm việc",
    )
    record_finding(
        world.inspector,
        visit,
        content_area=content_area(5),
        kind="good_practice",
        title="Tự kiểm tra công vụ các đơn vị trực thuộc",
    )
    for title in INJECTIONS:
        record_finding(
            world.inspector, visit, content_area=content_area(2), kind="shortcoming", title=title
        )
    RecommendationFactory(
        visit=visit,
        finding=violation,
        created_by=world.team_lead,
        due_date=datetime.date(2023, 4, 1),  # long past and still open: overdue
    )
    RecommendationFactory(visit=visit, finding=violation, created_by=world.team_lead, status="done")
    FindingFactory(
        visit=planning.dong_thap_visit, title=SECRET, recorded_by=world.dong_thap_officer
    )
    return {"visit": visit, "shortcoming": shortcoming, "violation": violation}


@pytest.fixture
def seeded(world, planning):
    return seed_findings(world, planning)


@pytest.fixture
def dong_thap_head(world):
    return UserFactory(username="dt_head", organization=world.dong_thap, role=Role.UNIT_HEAD)


def fresh(user) -> User:
    """The user as a request would load it (no cached roles or scope)."""
    return User.objects.get(pk=user.pk)


def xlsx_of(user, filters=None):
    stream = io.BytesIO()
    write_xlsx(fresh(user), filters or ReportFilters(), stream)
    stream.seek(0)
    return load_workbook(stream)


def csv_of(user, filters=None) -> list[list[str]]:
    stream = io.StringIO()
    write_csv(fresh(user), filters or ReportFilters(), stream)
    text = stream.getvalue()
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:])))


def header_row(worksheet) -> int:
    """The number of a sheet's header row: the last row above the frozen pane (the first
    sheet has its title block above the header)."""
    return int(worksheet.freeze_panes.lstrip("A")) - 1


def sheet_rows(worksheet) -> list[tuple]:
    """A sheet's table, header row first (what is above it left out)."""
    return list(worksheet.iter_rows(min_row=header_row(worksheet), values_only=True))


def titles_in(rows: list, column: int = 1) -> set:
    return {row[column] for row in rows[1:]}


# --- XLSX -----------------------------------------------------------------------------------------


def test_xlsx_has_the_expected_sheets_headers_types_and_frozen_header(world, seeded):
    workbook = xlsx_of(world.analyst, ReportFilters(year=2023))
    assert workbook.sheetnames[: len(SHEETS)] == SHEETS
    assert len(workbook.sheetnames) == len(SHEETS) + 1  # the filters, who and when
    for worksheet in workbook.worksheets:
        # The first sheet's header is under its title block (7 lines and an empty row).
        header = TITLE_BLOCK_HEADER_ROW if worksheet is workbook.worksheets[0] else 1
        assert worksheet.freeze_panes == f"A{header + 1}", worksheet.title
        assert worksheet.cell(row=header, column=1).value is not None, worksheet.title
        assert all(cell.font.bold for cell in worksheet[header] if cell.value is not None)
    assert [cell.value for cell in workbook.worksheets[0][TITLE_BLOCK_HEADER_ROW]] == [
        "Chỉ tiêu",
        "Số lượng",
    ]

    findings = workbook["Kết quả kiểm tra"]
    headers = [cell.value for cell in findings[1]]
    for header in [
        "Tiêu đề",
        "Nội dung kiểm tra",
        "Loại",
        "Mức độ",
        "Hình thức kiểm tra",
        "Ngày bắt đầu dự kiến",
        "Kế hoạch",
        "Đoàn kiểm tra",
        "Đơn vị được kiểm tra",
        "Loại cơ quan, đơn vị",
        "Thời điểm ghi nhận",
        "Kiến nghị",
    ]:
        assert header in headers
    column = {header: index for index, header in enumerate(headers)}
    assert findings.column_dimensions["B"].width >= 40  # the title column is wide enough

    rows = {row[column["Tiêu đề"]]: row for row in sheet_rows(findings)[1:]}
    violation = rows["Vắng mặt trong giờ làm việc"]
    assert isinstance(violation[0], int)
    assert violation[column["Loại"]] == "Vi phạm"
    assert violation[column["Mức độ"]] == "Nghiêm trọng"
    assert violation[column["Kế hoạch"]] == "12/KH-UBND"
    assert violation[column["Đơn vị được kiểm tra"]] == "UBND quận Hoàn Kiếm"
    assert "UBND thành phố Hà Nội" in violation  # the province above the inspected district
    assert violation[column["Kiến nghị"]] == 2
    assert "Quá hạn" in violation  # the worst state of its recommendations
    start = violation[column["Ngày bắt đầu dự kiến"]]
    assert isinstance(start, datetime.datetime) and start.date() == datetime.date(2023, 3, 1)
    start_cell = findings.cell(row=2, column=column["Ngày bắt đầu dự kiến"] + 1)
    assert start_cell.is_date and start_cell.number_format == "dd/mm/yyyy"
    recorded = findings.cell(row=2, column=column["Thời điểm ghi nhận"] + 1)
    assert recorded.is_date
    assert isinstance(violation[column["Thời điểm ghi nhận"]], datetime.datetime)


def test_xlsx_figures_match_the_summary(world, seeded):
    filters = ReportFilters(year=2023, organization=world.hanoi.pk)
    figures = summary(fresh(world.analyst), filters)
    workbook = xlsx_of(world.analyst, filters)

    headline = {row[0]: row[1] for row in sheet_rows(workbook["Báo cáo tổng hợp"])[1:]}
    assert headline["Cuộc kiểm tra"] == figures["visits"]["total"] == 2
    assert headline["Kết quả kiểm tra"] == figures["findings"]["total"] == 7
    assert headline["Kiến nghị"] == figures["recommendations"]["total"] == 2
    assert headline["Kết luận đã ban hành"] == figures["conclusions"]["issued"]
    assert all(isinstance(value, int | float | type(None)) for value in headline.values())

    visits = sheet_rows(workbook["Cuộc kiểm tra"])
    by_kind = {row["label"]: row for row in figures["visits"]["by_kind"]}
    for row in visits[1:-1]:
        expected = by_kind[row[0]]
        assert list(row[1:-1]) == [status["count"] for status in expected["by_status"]]
        assert row[-1] == expected["total"]
    assert visits[-1][0] == "Tổng số" and visits[-1][-1] == figures["visits"]["total"]

    areas = sheet_rows(workbook["Nội dung kiểm tra"])
    for row, expected in zip(areas[1:], figures["findings"]["by_area"], strict=False):
        assert row[0] == expected["number"]
        assert list(row[2:-1]) == [kind["count"] for kind in expected["by_kind"]]
    assert areas[-1][-1] == figures["findings"]["total"]

    severity = {row[0]: row[1] for row in sheet_rows(workbook["Vi phạm theo mức độ"])[1:]}
    for row in figures["violations_by_severity"]:
        assert severity[row["label"]] == row["count"]

    organizations = {row[0]: row[1] for row in sheet_rows(workbook["Cơ quan, đơn vị"])[1:]}
    for row in figures["organizations_by_kind"]:
        assert organizations[row["label"]] == row["count"]

    recommendations = {row[0]: row[1] for row in sheet_rows(workbook["Kiến nghị"])[1:]}
    assert recommendations["Tổng số"] == 2
    assert recommendations["Quá hạn"] == figures["recommendations"]["overdue"] == 1
    assert recommendations["Đã xong"] == figures["recommendations"]["done"] == 1

    assert len(sheet_rows(workbook["Kết quả kiểm tra"])) - 1 == figures["findings"]["total"]

    described = sheet_rows(workbook.worksheets[-1])
    flat = [value for row in described for value in row]
    assert 2023 in flat and "UBND thành phố Hà Nội" in flat
    assert world.analyst.full_name in flat
    exported_at = next(row[1] for row in described if isinstance(row[1], datetime.datetime))
    now_in_hanoi = timezone.localtime(
        timezone.now(), datetime.timezone(datetime.timedelta(hours=7))
    )
    assert abs(exported_at - now_in_hanoi.replace(tzinfo=None)) < datetime.timedelta(minutes=5)


def test_xlsx_first_sheet_opens_with_a_title_block_for_the_analyst(world, seeded):
    filters = ReportFilters(
        year=2023, quarter=1, organization=world.hanoi.pk, visit_kind="scheduled"
    )
    now = datetime.datetime(2024, 1, 15, 2, 30, tzinfo=datetime.UTC)  # 09:30 in Hà Nội
    stream = io.BytesIO()
    write_xlsx(fresh(world.analyst), filters, stream, now=now)
    workbook = load_workbook(stream)
    first = workbook.worksheets[0]
    block = [row[0] for row in first.iter_rows(max_row=TITLE_BLOCK_HEADER_ROW, values_only=True)]
    assert block == [
        "THANH TRA CHÍNH PHỦ",
        "VỤ KẾ HOẠCH - TỔNG HỢP",  # the issuing body: the analyst's organization
        "BÁO CÁO TỔNG HỢP KẾT QUẢ KIỂM TRA CÔNG VỤ",
        "Kỳ báo cáo: quý I năm 2023 (theo ngày bắt đầu dự kiến của cuộc kiểm tra)",
        "Điều kiện lọc: Cơ quan, đơn vị và các đơn vị trực thuộc: UBND thành phố Hà Nội; "
        "Hình thức kiểm tra: Theo kế hoạch",
        "Đơn vị tính: số lượng (cuộc kiểm tra, cơ quan/đơn vị, kết quả kiểm tra, kiến nghị); "
        "tỷ lệ: %; thời gian: ngày",
        "Lập lúc 09:30 ngày 15/01/2024 (giờ Việt Nam, UTC+7), "
        f"người lập: {world.analyst.full_name}",
        None,
        "Chỉ tiêu",
    ]
    assert first["A3"].font.bold and first["A3"].font.size == 14
    assert "A3:B3" in {str(merged) for merged in first.merged_cells.ranges}
    assert first.auto_filter.ref == f"A{TITLE_BLOCK_HEADER_ROW}:B{TITLE_BLOCK_HEADER_ROW + 10}"

    stream = io.BytesIO()
    write_xlsx(fresh(world.analyst), ReportFilters(date_from=datetime.date(2023, 2, 1)), stream)
    block = [row[0] for row in load_workbook(stream).worksheets[0].iter_rows(values_only=True)]
    assert block[3:5] == [
        "Kỳ báo cáo: từ ngày 01/02/2023 (theo ngày bắt đầu dự kiến của cuộc kiểm tra)",
        "Điều kiện lọc: không (toàn bộ số liệu trong phạm vi được xem)",
    ]


@pytest.mark.parametrize(
    ("filters", "period"),
    [
        (ReportFilters(), "toàn bộ thời gian"),
        (ReportFilters(year=2023), "năm 2023"),
        (ReportFilters(year=2023, quarter=4), "quý IV năm 2023"),
        (ReportFilters(quarter=2), "toàn bộ thời gian"),  # a quarter counts only within a year
        (
            ReportFilters(
                year=2023, date_from=datetime.date(2023, 3, 1), date_to=datetime.date(2023, 6, 30)
            ),
            "năm 2023, từ ngày 01/03/2023 đến ngày 30/06/2023",
        ),
        (ReportFilters(date_to=datetime.date(2023, 6, 30)), "đến ngày 30/06/2023"),
    ],
)
def test_the_period_in_words(filters, period):
    from reporting.exports import describe_period

    assert describe_period(filters) == period


def test_xlsx_sheets_filter_print_on_a4_landscape_and_repeat_their_header(world, seeded):
    workbook = xlsx_of(world.analyst, ReportFilters(year=2023))
    findings = workbook["Kết quả kiểm tra"]
    assert findings.auto_filter.ref == "A1:V9"  # the header and the eight findings of 2023
    visits = workbook["Cuộc kiểm tra"]
    kinds = len(sheet_rows(visits)) - 2  # less the header and the total row
    last = visits.cell(row=1, column=visits.max_column).column_letter
    assert visits.auto_filter.ref == f"A1:{last}{1 + kinds}"  # the total row stays out
    assert workbook["Báo cáo tổng hợp"].auto_filter.ref == "A9:B19"
    assert workbook.worksheets[-1].auto_filter.ref is None  # what was exported: not data
    for worksheet in workbook.worksheets:
        header = header_row(worksheet)
        setup = worksheet.page_setup
        assert setup.orientation == "landscape", worksheet.title
        assert setup.paperSize == int(worksheet.PAPERSIZE_A4) == 9
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0)
        assert worksheet.sheet_properties.pageSetUpPr.fitToPage
        assert worksheet.print_title_rows == f"${header}:${header}"
        assert worksheet.freeze_panes == f"A{header + 1}"
        assert worksheet.oddFooter.center.text == "Trang &P/&N"


# --- CSV ------------------------------------------------------------------------------------------


def test_csv_starts_with_a_bom_and_has_one_row_per_finding(world, seeded):
    binary = io.BytesIO()
    rows_written = write_csv(fresh(world.analyst), ReportFilters(), binary)
    assert binary.getvalue().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(binary.getvalue().decode("utf-8-sig"))))
    assert rows_written == len(rows) - 1 == Finding.objects.count() == 8
    headers = rows[0]
    assert "Tiêu đề" in headers and "Đơn vị được kiểm tra" in headers
    assert len({row[0] for row in rows[1:]}) == 8  # one row per finding, no duplicates
    by_title = {row[headers.index("Tiêu đề")]: row for row in rows[1:]}
    violation = by_title["Vắng mặt trong giờ làm việc"]
    assert violation[headers.index("Ngày bắt đầu dự kiến")] == "2023-03-01"
    assert violation[headers.index("Kế hoạch")] == "12/KH-UBND"
    assert violation[headers.index("Kiến nghị")] == "2"


def test_postgresql_copy_writes_the_same_rows_as_python(world, seeded, planning):
    """The CSV is written by PostgreSQL's COPY here and by Python's csv module on SQLite (the
    demo): the same rows, value for value (labels, dates, local times, neutralised formulas,
    empty cells, recommendation figures, the province)."""
    from reporting.exports import _copied_rows, _python_rows

    RecommendationFactory(
        visit=seeded["visit"],
        finding=seeded["shortcoming"],
        created_by=world.team_lead,
        status="cancelled",
    )
    no_plan = VisitFactory(team=planning.team, plan=None, inspected_organization=world.hoan_kiem)
    FindingFactory(visit=no_plan, recorded_by=world.inspector, title="Không thuộc\rkế hoạch")
    user, today = fresh(world.analyst), datetime.date(2024, 1, 15)

    def parsed(chunks) -> list[list[str]]:
        return list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8"))))

    copied = parsed(_copied_rows(user, ReportFilters(), today, None))
    written = parsed(_python_rows(user, ReportFilters(), today, None))
    assert len(copied) == Finding.objects.count() == 9
    assert copied == written
    assert any(row[1].startswith("'=HYPERLINK") for row in copied)
    assert any(row[1] == "Không thuộc\rkế hoạch" for row in copied)  # a lone CR stays in its cell


# Titles that put each path's quoting and line ends to the test.
AWKWARD_TITLES = [
    "Hai dòng\nmột ô",  # LF inside a field
    "Xuống dòng\r\nkiểu Windows",  # CRLF inside a field
    "Không thuộc\rkế hoạch",  # a lone CR: quoted, kept
    'Có "ngoặc kép", dấu phẩy',
    "Kết thúc bằng xuống dòng\n",
    "\n",
]


def test_csv_is_the_same_bytes_through_copy_and_python_with_crlf_rows(world, seeded, monkeypatch):
    """The same export once through PostgreSQL's COPY and once through Python's csv module (the
    SQLite path): identical bytes, every row ending with CRLF (RFC 4180), line breaks inside a
    field kept as stored, the BOM and the apostrophe before formulas in both."""
    from reporting import exports

    for title in AWKWARD_TITLES:
        FindingFactory(visit=seeded["visit"], recorded_by=world.inspector, title=title)

    def exported(through_copy: bool) -> bytes:
        monkeypatch.setattr(exports, "copies_with_postgresql", lambda: through_copy)
        binary = io.BytesIO()
        rows = write_csv(fresh(world.analyst), ReportFilters(), binary)
        assert rows == Finding.objects.count() == 8 + len(AWKWARD_TITLES)
        return binary.getvalue()

    copied, written = exported(True), exported(False)
    assert copied == written
    assert copied.startswith(b"\xef\xbb\xbf")
    text = copied.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 1 + Finding.objects.count()
    titles = {row[1] for row in rows[1:]}
    assert set(AWKWARD_TITLES) <= titles  # each comes back exactly as stored
    assert "'" + INJECTIONS[0] in titles
    # Every row ends with CRLF; the only other line breaks are the ones inside the titles.
    assert text.endswith("\r\n")
    assert text.count("\r\n") == len(rows) + 1  # the Windows-style title holds one
    assert text.count("\n") == len(rows) + sum(title.count("\n") for title in AWKWARD_TITLES)
    assert '"Hai dòng\nmột ô"' in text and '"Không thuộc\rkế hoạch"' in text


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 64])
def test_copy_blocks_get_crlf_row_ends_wherever_a_block_ends(size):
    """A COPY block may end anywhere, inside a quoted field too: only the LFs that end a row
    become CRLF, the line breaks inside quotes stay as they are."""
    from reporting.csv_copy import crlf_line_ends

    copied = 'a,"b\nc",d\n"""x""\r\ny",,"z"\n1,"Đã\rxong",\n'.encode()
    expected = 'a,"b\nc",d\r\n"""x""\r\ny",,"z"\r\n1,"Đã\rxong",\r\n'.encode()
    blocks = [copied[start : start + size] for start in range(0, len(copied), size)]
    assert b"".join(crlf_line_ends(blocks)) == expected


def test_csv_rows_and_recommendation_figures_come_from_one_statement(world, seeded):
    """One COPY, whatever the number of rows: the recommendation figures are one aggregate
    per finding inside it (not a query per row), and Django runs nothing else but the
    savepoint around it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting import csv_copy
    from reporting.exports import _worst_labels, findings_queryset

    for _ in range(30):
        finding = FindingFactory(visit=seeded["visit"], recorded_by=world.inspector)
        RecommendationFactory(visit=seeded["visit"], finding=finding, created_by=world.inspector)
    user = fresh(world.analyst)
    _ = user.roles, user.oversight_scope
    with CaptureQueriesContext(connection) as captured:
        assert write_csv(user, ReportFilters(), io.StringIO()) == 38
    others = [q["sql"] for q in captured if "SAVEPOINT" not in q["sql"]]
    assert others == []
    statement = csv_copy.copy_statement(
        findings_queryset(user, ReportFilters()),
        today=datetime.date(2024, 1, 1),
        zone="Asia/Ho_Chi_Minh",
        worst_labels=_worst_labels(),
    )
    assert statement.text.startswith("COPY (SELECT")
    assert statement.text.count("findings_recommendation") == 1


def test_xlsx_query_count_does_not_grow_with_the_data(world, seeded):
    def queries() -> int:
        user = fresh(world.analyst)
        _ = user.roles, user.oversight_scope
        with count_queries() as captured:
            write_xlsx(user, ReportFilters(year=2023, organization=world.hanoi.pk), io.BytesIO())
        return len(captured)

    few = queries()
    for _ in range(30):
        finding = FindingFactory(visit=seeded["visit"], recorded_by=world.inspector)
        RecommendationFactory(visit=seeded["visit"], finding=finding, created_by=world.inspector)
    assert queries() == few


# --- Formula injection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Bình thường", "Bình thường"),
        (-5, -5),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_formula_injection_is_neutralised_in_csv(world, seeded):
    rows = csv_of(world.analyst)
    titles = titles_in(rows)
    for title in INJECTIONS:
        assert "'" + title in titles
        assert title not in titles


def test_formula_like_text_is_exactly_the_text_in_xlsx_and_never_a_formula(world, seeded):
    """No apostrophe shows in XLSX: the cell holds the text as entered, as a string cell that
    Excel never evaluates (and keeps as text when edited: quotePrefix, Excel's own mark)."""
    stream = io.BytesIO()
    write_xlsx(fresh(world.analyst), ReportFilters(), stream)
    stream.seek(0)
    workbook = load_workbook(stream)
    cells = [row[1] for row in workbook["Kết quả kiểm tra"].iter_rows(min_row=2)]
    by_value = {cell.value: cell for cell in cells}
    for title in INJECTIONS:
        cell = by_value[title]
        assert cell.value == title
        assert cell.data_type == "s"  # text, never a formula
        assert cell.quotePrefix
        assert "'" + title not in by_value
    assert not any(cell.data_type == "f" for cell in cells)
    assert by_value["Vắng mặt trong giờ làm việc"].quotePrefix is False  # plain text as it was
    with zipfile.ZipFile(stream) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name)
                assert b"<f>" not in xml and b"<f " not in xml, name


# --- Visibility -----------------------------------------------------------------------------------


def test_the_inspected_side_exports_no_finding(world, seeded):
    assert csv_of(world.ward_officer)[1:] == []
    workbook = xlsx_of(world.ward_officer)
    assert sheet_rows(workbook["Kết quả kiểm tra"])[1:] == []
    headline = {row[0]: row[1] for row in sheet_rows(workbook["Báo cáo tổng hợp"])[1:]}
    assert headline["Kết quả kiểm tra"] == 0


def test_another_province_sees_only_its_own_rows(world, seeded, dong_thap_head):
    rows = csv_of(dong_thap_head)
    assert titles_in(rows) == {SECRET}
    workbook = xlsx_of(dong_thap_head)
    assert titles_in(sheet_rows(workbook["Kết quả kiểm tra"])) == {SECRET}

    hanoi = csv_of(world.hanoi_head)
    assert SECRET not in titles_in(hanoi) and len(hanoi) - 1 == 7
    text = "".join(
        page.extract_text()
        for page in PdfReader(
            io.BytesIO(render_report_pdf(fresh(world.hanoi_head), ReportFilters()))
        ).pages
    )
    assert SECRET not in text


def test_a_hand_typed_plan_id_reveals_nothing(world, seeded, planning, dong_thap_head):
    workbook = xlsx_of(dong_thap_head, ReportFilters(plan=planning.plan.pk))
    assert sheet_rows(workbook["Kết quả kiểm tra"])[1:] == []
    flat = [value for row in sheet_rows(workbook.worksheets[-1]) for value in row]
    assert not any(isinstance(value, str) and planning.plan.title in value for value in flat)


# --- PDF ------------------------------------------------------------------------------------------


def test_pdf_is_an_administrative_document_with_figures_and_charts(world, seeded):
    data = render_report_pdf(fresh(world.analyst), ReportFilters(year=2023))
    assert data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for phrase in [
        "BÁO CÁO TỔNG HỢP KẾT QUẢ KIỂM TRA CÔNG VỤ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "VỤ KẾ HOẠCH - TỔNG HỢP",  # the issuing body: the analyst's organization
        "THANH TRA CHÍNH PHỦ",
        "Cuộc kiểm tra theo hình thức và trạng thái",  # a chart's title (inline SVG)
        "Năm: 2023",
    ]:
        assert phrase in text, phrase


# --- Pages ----------------------------------------------------------------------------------------


def test_the_dashboard_offers_the_three_downloads(client, world, seeded):
    client.force_login(world.analyst)
    text = client.get(reverse("reporting:report_dashboard"), {"year": "2023"}).content.decode()
    for format in ("xlsx", "csv", "pdf"):
        assert f'id="export-{format}"' in text
        assert reverse("reporting:report_export", args=[format]) + "?year=2023" in text


def test_small_exports_download_at_once(client, world, seeded):
    client.force_login(world.analyst)
    url = reverse("reporting:report_export", args=["xlsx"]) + "?year=2023"
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(sheet_rows(workbook["Kết quả kiểm tra"])) == 1 + 8

    response = client.post(reverse("reporting:report_export", args=["csv"]) + "?year=2023")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith(BOM) and len(list(csv.reader(io.StringIO(body[1:])))) == 1 + 8

    response = client.post(reverse("reporting:report_export", args=["pdf"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert not ExportJob.objects.exists()


def test_malformed_filters_give_a_form_error_on_the_page(client, world, seeded):
    client.force_login(world.hanoi_head)
    for query in ("year=abc", "quarter=9", f"organization={world.dong_thap.pk}"):
        response = client.post(reverse("reporting:report_export", args=["xlsx"]) + f"?{query}")
        assert response.status_code == 400, query
        assert "field-error" in response.content.decode()
    assert client.post(reverse("reporting:report_export", args=["doc"])).status_code == 404
    assert client.get(reverse("reporting:report_export", args=["csv"])).status_code == 405


def test_a_big_export_becomes_a_job_with_a_page(client, world, seeded, settings, media):
    settings.EXPORT_ASYNC_ROWS = 2
    client.force_login(world.analyst)
    response = client.post(reverse("reporting:report_export", args=["xlsx"]) + "?year=2023")
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:export_job", args=[job.pk])
    assert job.owner_id == world.analyst.pk and job.filters == {"year": 2023}
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page and "export-download" not in page

    export_services.run_export_job(job.pk)  # what the worker does
    job.refresh_from_db()
    assert (job.status, job.progress, job.rows) == (ExportStatus.READY, 100, 8)
    fragment = client.get(reverse("reporting:export_status", args=[job.pk])).content.decode()
    assert "every 2s" not in fragment and "export-download" in fragment
    response = client.get(reverse("reporting:export_download", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(sheet_rows(workbook["Kết quả kiểm tra"])) == 1 + 8
    assert (
        reverse("reporting:export_job", args=[job.pk])
        in client.get(reverse("reporting:export_list")).content.decode()
    )


def test_another_users_job_is_a_404(client, world, seeded, media):
    job = export_services.create_export_job(
        fresh(world.analyst), format="csv", filters=ReportFilters()
    )
    export_services.run_export_job(job.pk)
    client.force_login(world.hanoi_head)
    for name in ("export_job", "export_status", "export_download"):
        assert client.get(reverse(f"reporting:{name}", args=[job.pk])).status_code == 404, name
    api = APIClient()
    api.force_authenticate(fresh(world.hanoi_head))
    assert api.get(f"/api/v1/reports/exports/{job.pk}/").status_code == 404
    assert api.get(f"/api/v1/reports/exports/{job.pk}/download/").status_code == 404
    assert api.get("/api/v1/reports/exports/").json()["results"] == []
    client.force_login(world.analyst)
    assert client.get(reverse("reporting:export_download", args=[job.pk])).status_code == 200


def test_expired_exports_are_deleted_with_their_files(world, seeded, media):
    job = export_services.create_export_job(
        fresh(world.analyst), format="csv", filters=ReportFilters()
    )
    export_services.run_export_job(job.pk)
    job.refresh_from_db()
    path = media / job.file.name
    assert path.exists()
    assert export_services.delete_expired() == 0
    later = timezone.now() + datetime.timedelta(hours=73)
    assert export_services.delete_expired(now=later) == 1
    assert not path.exists() and not ExportJob.objects.exists()


# --- API ------------------------------------------------------------------------------------------


@pytest.fixture
def api():
    return APIClient()


def test_api_summary_gives_the_dashboard_figures(api, world, seeded):
    api.force_authenticate(fresh(world.analyst))
    response = api.get("/api/v1/reports/summary/", {"year": 2023, "organization": world.hanoi.pk})
    assert response.status_code == 200, response.content
    body = response.json()
    expected = summary(fresh(world.analyst), ReportFilters(year=2023, organization=world.hanoi.pk))
    assert body["findings"]["total"] == expected["findings"]["total"] == 7
    assert body["visits"]["total"] == 2
    assert body["filters"] == {"year": 2023, "organization": world.hanoi.pk}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "abc"}, "year"),
        ({"date_from": "2023-13-01"}, "date_from"),
        ({"quarter": "7"}, "quarter"),
        ({"visit_kind": "secret"}, "visit_kind"),
        ({"date_from": "2023-05-01", "date_to": "2023-01-01"}, "date_to"),
    ],
)
def test_api_malformed_filters_are_a_400_with_field_errors(api, world, params, field):
    api.force_authenticate(fresh(world.analyst))
    response = api.get("/api/v1/reports/summary/", params)
    assert response.status_code == 400
    assert field in response.json()
    response = api.post("/api/v1/reports/exports/", {"format": "xlsx", **params}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ExportJob.objects.exists()


def test_api_rejects_an_organization_out_of_sight(api, world, seeded):
    api.force_authenticate(fresh(world.hanoi_head))
    response = api.get("/api/v1/reports/summary/", {"organization": world.dong_thap.pk})
    assert response.status_code == 400 and "organization" in response.json()
    response = api.post("/api/v1/reports/exports/", {"format": "pdf"}, format="json")
    assert response.status_code == 201
    response = api.post("/api/v1/reports/exports/", {"format": "doc"}, format="json")
    assert response.status_code == 400 and "format" in response.json()


def test_api_creates_lists_and_downloads_own_jobs(api, world, seeded, media):
    api.force_authenticate(fresh(world.analyst))
    response = api.post(
        "/api/v1/reports/exports/",
        {"format": "csv", "filters": {"year": 2023, "organization": world.hanoi.pk}},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "queued" and body["progress"] == 0 and body["download_url"] is None
    assert body["filters"] == {"year": 2023, "organization": world.hanoi.pk}
    export_services.run_export_job(body["id"])
    listed = api.get("/api/v1/reports/exports/").json()["results"]
    assert [job["id"] for job in listed] == [body["id"]]
    job = api.get(f"/api/v1/reports/exports/{body['id']}/").json()
    assert (job["status"], job["progress"], job["rows"]) == ("ready", 100, 7)
    response = api.get(job["download_url"])
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith(BOM)
    assert len(list(csv.reader(io.StringIO(text[1:])))) == 1 + 7


# --- Constant memory ------------------------------------------------------------------------------


class Sink:
    """A stream that keeps nothing (the size only)."""

    size = 0

    def write(self, data):
        self.size += len(data)


def peak_memory(user, filters) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        write_csv(user, filters, Sink())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_write_csv_runs_in_constant_memory(world, planning):
    few = CHUNK_SIZE // 2
    small = VisitFactory(
        team=planning.team, plan=planning.plan, inspected_organization=world.hoan_kiem
    )
    large = VisitFactory(
        team=planning.team,
        plan=planning.plan,
        inspected_organization=world.hoan_kiem,
        planned_start=datetime.date(2024, 3, 1),
        planned_end=datetime.date(2024, 3, 2),
    )
    bulk_findings(small, world.inspector, few)
    bulk_findings(large, world.inspector, 10 * few)
    user = fresh(world.analyst)
    assert count_rows(user, ReportFilters(year=2023)) == few
    assert count_rows(user, ReportFilters(year=2024)) == 10 * few
    peak_memory(user, ReportFilters(year=2023))  # warm up: imports, catalogues, caches
    small_peak = peak_memory(user, ReportFilters(year=2023))
    large_peak = peak_memory(user, ReportFilters(year=2024))
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)


# --- A real worker --------------------------------------------------------------------------------


def wait_for(predicate, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_big_export_is_built_by_a_real_worker(
    client, world, planning, settings, celery_worker, shared_media
):
    seed_findings(world, planning)
    settings.EXPORT_ASYNC_ROWS = 2
    client.force_login(world.analyst)
    response = client.post(reverse("reporting:report_export", args=["xlsx"]) + "?year=2023")
    assert response.status_code == 302
    job = ExportJob.objects.get()
    status_url = reverse("reporting:export_status", args=[job.pk])

    fragment = wait_for(
        lambda: (
            (text := client.get(status_url).content.decode()) and "export-download" in text and text
        )
    )
    assert 'hx-trigger="every 2s"' not in fragment
    job.refresh_from_db()
    assert (job.status, job.progress, job.rows) == (ExportStatus.READY, 100, 8)
    response = client.get(reverse("reporting:export_download", args=[job.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames[: len(SHEETS)] == SHEETS
    assert len(sheet_rows(workbook["Kết quả kiểm tra"])) == 1 + 8

    api = APIClient()
    api.force_authenticate(fresh(world.analyst))
    created = api.post("/api/v1/reports/exports/", {"format": "pdf", "year": 2023}, format="json")
    assert created.status_code == 201
    url = f"/api/v1/reports/exports/{created.json()['id']}/"
    ready = wait_for(lambda: (body := api.get(url).json())["status"] == "ready" and body)
    assert ready["progress"] == 100
    response = api.get(ready["download_url"])
    assert b"".join(response.streaming_content).startswith(b"%PDF")
