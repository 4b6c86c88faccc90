"""The findings CSV written by PostgreSQL itself (`COPY (SELECT …) TO STDOUT WITH CSV`).

A million findings go out at the speed of the database instead of Python's: PostgreSQL formats
every value (labels, dates, Vietnamese wall-clock times, formula neutralisation) and the CSV
arrives in blocks that are written on as they come, so memory stays flat. The bytes are the same
as `exports.finding_rows` writes through Python's csv module on other databases (SQLite, the
demo), CRLF line ends included (`crlf_line_ends`); tests/test_exports.py compares the two on the
same data.

Which findings: `exports.findings_queryset` (the dashboard's visibility and filters), compiled by
the ORM and used as a subquery; only the recommendation figures (one LATERAL aggregate per
finding instead of four correlated subqueries) and the province lookup are written here.
"""

from collections.abc import Iterable, Iterator

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import F

from accounts.enums import OrganizationKind
from accounts.models import Organization
from findings.enums import (
    RECOMMENDATION_PENDING_STATES,
    FindingKind,
    RecommendationStatus,
    Severity,
)
from inspections.enums import VisitKind, VisitStatus

# The columns the ORM selects, as alias → path from the finding.
SOURCE_COLUMNS = {
    "x_id": "pk",
    "x_title": "title",
    "x_area_number": "content_area__number",
    "x_area_title": "content_area__short_title",
    "x_kind": "kind",
    "x_severity": "severity",
    "x_visit_id": "visit_id",
    "x_visit_kind": "visit__kind",
    "x_visit_status": "visit__status",
    "x_planned_start": "visit__planned_start",
    "x_planned_end": "visit__planned_end",
    "x_actual_start": "visit__actual_start",
    "x_actual_end": "visit__actual_end",
    "x_plan_code": "visit__plan__code",
    "x_team_name": "visit__team__name",
    "x_organization_name": "visit__inspected_organization__name",
    "x_organization_kind": "visit__inspected_organization__kind",
    "x_organization_path": "visit__inspected_organization__path",
    "x_recorded_at": "recorded_at",
}

# Each rank's label is `exports._worst_labels()`; overdue is the worst.
RANK_OVERDUE, RANK_OPEN, RANK_REPORTED, RANK_DONE, RANK_CANCELLED = range(5)


class _Sql:
    """SQL text and its parameters, built piece by piece in the order they appear."""

    def __init__(self):
        self.parts: list[str] = []
        self.params: list = []

    def add(self, text: str, *params) -> "_Sql":
        self.parts.append(text)
        self.params.extend(params)
        return self

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _neutralised(column: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe (`neutralise`)."""
    return (
        f"CASE WHEN left({column}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') "
        f"THEN '''' || {column} ELSE NULLIF({column}, '') END"
    )


def _labelled(sql: _Sql, column: str, labels: dict, *, keep_unknown: bool = True) -> None:
    """CASE column WHEN code THEN label …: the translated label of a stored code."""
    sql.add(f"CASE {column}")
    for code, label in labels.items():
        sql.add(" WHEN %s THEN %s", code, str(label))
    sql.add(f" ELSE {column} END" if keep_unknown else " END")


def _local_minute(sql: _Sql, column: str, zone: str) -> None:
    sql.add(f"to_char({column} AT TIME ZONE %s, 'YYYY-MM-DD HH24:MI')", zone)


def copy_statement(source_queryset, *, today, zone: str, worst_labels: dict) -> _Sql | None:
    """The COPY statement for the findings of `source_queryset` (a Finding queryset), or None
    when the ORM knows it selects nothing (a user who may see no visit)."""
    source = source_queryset.order_by().values(
        **{alias: F(path) for alias, path in SOURCE_COLUMNS.items()}
    )
    try:
        source_sql, source_params = source.query.sql_with_params()
    except EmptyResultSet:
        return None
    pending = list(RECOMMENDATION_PENDING_STATES)
    pending_list = ", ".join(["%s"] * len(pending))

    sql = _Sql().add("COPY (SELECT s.x_id, ")
    sql.add(_neutralised("s.x_title") + ", ")
    sql.add("concat(s.x_area_number, '. ', s.x_area_title), ")
    _labelled(sql, "s.x_kind", dict(FindingKind.choices))
    sql.add(", ")
    _labelled(sql, "NULLIF(s.x_severity, '')", dict(Severity.choices))
    sql.add(", s.x_visit_id, ")
    _labelled(sql, "s.x_visit_kind", dict(VisitKind.choices))
    sql.add(", ")
    _labelled(sql, "s.x_visit_status", dict(VisitStatus.choices))
    sql.add(", to_char(s.x_planned_start, 'YYYY-MM-DD'), to_char(s.x_planned_end, 'YYYY-MM-DD'), ")
    _local_minute(sql, "s.x_actual_start", zone)
    sql.add(", ")
    _local_minute(sql, "s.x_actual_end", zone)
    sql.add(", " + _neutralised("s.x_plan_code"))
    sql.add(", " + _neutralised("s.x_team_name"))
    sql.add(", " + _neutralised("s.x_organization_name") + ", ")
    _labelled(sql, "s.x_organization_kind", dict(OrganizationKind.choices))
    sql.add(", " + _neutralised("top.name") + ", ")
    _local_minute(sql, "s.x_recorded_at", zone)
    sql.add(", r.total, r.done, r.overdue, ")
    _labelled(sql, "r.worst", worst_labels, keep_unknown=False)
    sql.add(f" FROM ({source_sql}) AS s", *source_params)
    sql.add(
        " LEFT JOIN accounts_organization AS top ON top.path = left(s.x_organization_path, %s)",
        Organization.steplen,
    )
    sql.add(
        " CROSS JOIN LATERAL (SELECT count(*) AS total,"
        " count(*) FILTER (WHERE rec.status = %s) AS done,"
        f" count(*) FILTER (WHERE rec.status IN ({pending_list}) AND rec.due_date < %s) AS overdue,"
        f" min(CASE WHEN rec.status IN ({pending_list}) AND rec.due_date < %s THEN {RANK_OVERDUE}"
        f" WHEN rec.status = %s THEN {RANK_OPEN} WHEN rec.status = %s THEN {RANK_REPORTED}"
        f" WHEN rec.status = %s THEN {RANK_DONE} ELSE {RANK_CANCELLED} END) AS worst"
        " FROM findings_recommendation AS rec WHERE rec.finding_id = s.x_id) AS r",
        RecommendationStatus.DONE,
        *pending,
        today,
        *pending,
        today,
        RecommendationStatus.OPEN,
        RecommendationStatus.REPORTED,
        RecommendationStatus.DONE,
    )
    sql.add(
        " ORDER BY s.x_planned_start, s.x_visit_id, s.x_area_number, s.x_id)"
        " TO STDOUT WITH (FORMAT csv)"
    )
    return sql


# COPY hands over one row at a time: rows are joined into pieces of about this many bytes, so
# what follows (line ends, the stream's writes) runs once per piece, not once per row.
PIECE_BYTES = 64 * 1024


def copy_csv_blocks(statement: _Sql, counter: list[int]) -> Iterator[bytes]:
    """Run the COPY and yield its CSV in pieces of about `PIECE_BYTES`, whole rows each;
    `counter[0]` ends as the number of rows.

    In a transaction of its own, with settings that last only as long as it (SET LOCAL): JIT
    compilation off (PostgreSQL would spend seconds compiling this plan's expressions for a
    gain smaller than that) and two parallel workers (web requests run without them:
    config/settings.py). A client that hangs up, or an error, rolls them back with the rest.
    """
    with transaction.atomic(), connection.cursor() as wrapper:
        cursor = wrapper.cursor  # psycopg's own cursor: Django's wrapper has no copy()
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 2")
        with cursor.copy(statement.text, statement.params) as copy:
            pending, size = [], 0
            for block in copy:  # a memoryview that keeps its buffer alive until joined
                pending.append(block)
                size += len(block)
                if size >= PIECE_BYTES:
                    yield b"".join(pending)
                    pending, size = [], 0
            if pending:
                yield b"".join(pending)
        counter[0] = cursor.rowcount


def crlf_line_ends(blocks: Iterable[bytes]) -> Iterator[bytes]:
    """COPY's blocks with every row ending in CRLF (RFC 4180), as Python's csv module ends them.

    COPY ends a row with LF, and writes a line break inside a field as it is stored, within the
    quotes it then puts around the field: only the LFs outside quotes end a row. A quote opens or
    closes a quoted field (an escaped quote is two of them, so the count's parity holds), and a
    block may end inside a quoted field, so the state carries over to the next block. The work
    stays in C, a few calls per block: a block whose quoted fields hold no line break (nearly
    every one) is replaced at once, any other piece by piece outside the quotes.
    """
    quoted = False
    for block in blocks:
        parts = block.split(b'"')
        outside = 1 if quoted else 0  # the index of the first piece outside quotes
        if len(parts) % 2 == 0:  # an odd number of quotes: the block ends on the other side
            quoted = not quoted
        if b"\n" not in b"".join(parts[1 - outside :: 2]):  # no line break inside quotes
            yield block.replace(b"\n", b"\r\n")
        else:
            parts[outside::2] = [part.replace(b"\n", b"\r\n") for part in parts[outside::2]]
            yield b'"'.join(parts)
