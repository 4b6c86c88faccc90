"""Bar and stacked-bar charts drawn on the server as SVG: the same markup in the page and the
PDF, no JavaScript, nothing fetched. Labels are escaped."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PALETTE = ["#1b7f3b", "#9a6700", "#b3261e", "#0b4fa8", "#6b4fa8", "#5b6170", "#00838f"]


def _number(value) -> str:
    return f"{value:,}".replace(",", ".")


def bar_chart(
    items: list[tuple[str, int]], *, title: str, color: str = "#0b4fa8", width: int = 560
) -> SafeString:
    """Horizontal bars, one per (label, value)."""
    row, label_width, pad = 26, 210, 8
    height = pad * 2 + row * max(len(items), 1) + 20
    top = max((value for _, value in items), default=0) or 1
    bar_space = width - label_width - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for index, (label, value) in enumerate(items):
        y = pad + 20 + index * row
        length = round(bar_space * value / top)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(label[:34])}</text>"
            f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="16" fill="{color}"/>'
            f'<text x="{label_width + length + 5}" y="{y + 15}" font-size="12">'
            f"{_number(value)}</text>"
        )
    parts.append(f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every label and title is escaped above


def _legend_rows(series: list[str], width: int) -> list[list[tuple[int, str, int]]]:
    """Legend entries (series, name, x) in rows that fit the chart's width: a long legend
    wraps instead of running off the page."""
    rows: list[list[tuple[int, str, int]]] = [[]]
    x = 0
    for serie, name in enumerate(series):
        item = 24 + 7 * len(name)
        if rows[-1] and x + item > width:
            rows.append([])
            x = 0
        rows[-1].append((serie, name, x))
        x += item
    return rows


def stacked_bar_chart(
    rows: list[tuple[str, list[int]]], series: list[str], *, title: str, width: int = 560
) -> SafeString:
    """Horizontal stacked bars: one row per label, one colour per series, with a legend."""
    row, label_width, pad = 26, 210, 8
    legend_rows = _legend_rows(series, width)
    legend = 22 * len(legend_rows)
    height = pad * 2 + 20 + row * max(len(rows), 1) + legend
    top = max((sum(values) for _, values in rows), default=0) or 1
    bar_space = width - label_width - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for index, (label, values) in enumerate(rows):
        y = pad + 20 + index * row
        x = label_width
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="12">'
            f"{escape(label[:34])}</text>"
        )
        for serie, value in enumerate(values):
            length = round(bar_space * value / top)
            if length:
                parts.append(
                    f'<rect x="{x}" y="{y + 3}" width="{length}" height="16" '
                    f'fill="{PALETTE[serie % len(PALETTE)]}"><title>{escape(series[serie])}: '
                    f"{_number(value)}</title></rect>"
                )
            x += length
        parts.append(f'<text x="{x + 5}" y="{y + 15}" font-size="12">{_number(sum(values))}</text>')
    for line, items in enumerate(legend_rows):
        y = height - legend + 6 + 22 * line
        for serie, name, x in items:
            parts.append(
                f'<rect x="{x}" y="{y}" width="12" height="12" '
                f'fill="{PALETTE[serie % len(PALETTE)]}"/>'
                f'<text x="{x + 16}" y="{y + 11}" font-size="12">{escape(name)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every label and title is escaped above


def dashboard_charts(figures: dict) -> dict[str, SafeString]:
    """The dashboard's charts from `dashboard.summary` figures."""
    visit_rows = figures["visits"]["by_kind"]
    statuses = [status["label"] for status in visit_rows[0]["by_status"]] if visit_rows else []
    area_rows = figures["findings"]["by_area"]
    kinds = [kind["label"] for kind in area_rows[0]["by_kind"]] if area_rows else []
    return {
        "visits": stacked_bar_chart(
            [(row["label"], [s["count"] for s in row["by_status"]]) for row in visit_rows],
            statuses,
            title=str(_("Visits by kind and status")),
        ),
        "findings": stacked_bar_chart(
            [
                (f"{row['number']}. {row['label']}", [k["count"] for k in row["by_kind"]])
                for row in area_rows
            ],
            kinds,
            title=str(_("Findings by content area and kind")),
        ),
        "severity": bar_chart(
            [(row["label"], row["count"]) for row in figures["violations_by_severity"]],
            title=str(_("Violations by severity")),
            color="#b3261e",
        ),
        "organizations": bar_chart(
            [(row["label"], row["count"]) for row in figures["organizations_by_kind"]],
            title=str(_("Organizations inspected, by kind")),
        ),
    }
