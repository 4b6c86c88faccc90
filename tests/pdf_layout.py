"""Where text lands on a PDF page, read back with poppler's `pdftotext -bbox-layout`.

Layout rules of Nghị định 30/2020/NĐ-CP (one-line national title, margins) are about positions,
which a text extractor alone cannot tell.
"""

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass

MM = 72 / 25.4  # PDF points per millimetre
_NS = {"x": "http://www.w3.org/1999/xhtml"}


@dataclass(frozen=True)
class Line:
    page: int
    text: str
    x_min: float
    x_max: float
    y_min: float
    page_width: float


# Words further apart than this on one line belong to different columns (the header's two).
COLUMN_GAP = 12.0


def pdf_lines(data: bytes) -> list[Line]:
    """Every line of text with its box, page by page, top to bottom; a line that spans the
    header's two columns is split into one line per column."""
    result = subprocess.run(
        ["pdftotext", "-bbox-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    root = ET.fromstring(result.stdout)
    lines = []
    for number, page in enumerate(root.iter(f"{{{_NS['x']}}}page"), start=1):
        width = float(page.get("width"))
        for line in page.iter(f"{{{_NS['x']}}}line"):
            run: list = []
            for word in line.iter(f"{{{_NS['x']}}}word"):
                if run and float(word.get("xMin")) - float(run[-1].get("xMax")) > COLUMN_GAP:
                    lines.append(_line(number, width, run))
                    run = []
                run.append(word)
            if run:
                lines.append(_line(number, width, run))
    return lines


def _line(page: int, width: float, words: list) -> Line:
    return Line(
        page=page,
        text=" ".join(word.text or "" for word in words),
        x_min=min(float(word.get("xMin")) for word in words),
        x_max=max(float(word.get("xMax")) for word in words),
        y_min=min(float(word.get("yMin")) for word in words),
        page_width=width,
    )


def right_margin_mm(lines: list[Line]) -> float:
    """The narrowest distance from any text to the right edge of its page."""
    return round(min((line.page_width - line.x_max) / MM for line in lines), 1)


def left_margin_mm(lines: list[Line]) -> float:
    return round(min(line.x_min / MM for line in lines), 1)
