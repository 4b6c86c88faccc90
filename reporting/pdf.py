"""Rendering conclusion notices to PDF with WeasyPrint.

User text reaches the renderer only as escaped text, and the renderer may fetch nothing but
our own static files: `SafeFetcher` refuses file://, http(s):// and every other scheme, so a
payload such as <img src="file:///etc/passwd"> can neither be read nor reach another host.
"""

import datetime
import hashlib
import logging
import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STATIC_SCHEME = "congvu-static:"
NOTICE_CSS = Path(settings.BASE_DIR) / "static" / "css" / "notice.css"
# The typeface of every document (notice.css names it): Liberation Serif from static/fonts.
FONT_FACES = "\n".join(
    f'@font-face {{ font-family: "Cong Vu Serif"; {style} '
    f'src: url("{STATIC_SCHEME}/fonts/LiberationSerif-{name}.ttf"); }}'
    for name, style in [
        ("Regular", ""),
        ("Bold", "font-weight: bold;"),
        ("Italic", "font-style: italic;"),
        ("BoldItalic", "font-weight: bold; font-style: italic;"),
    ]
)


class BlockedResource(ValueError):
    """A document asked for something outside our static files."""


class SafeFetcher(URLFetcher):
    """Serves `congvu-static:/path` from our static files and refuses everything else."""

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_SCHEME):
            logger.warning("PDF renderer refused to fetch %s", url[:200])
            raise BlockedResource(f"blocked: {url[:200]}")
        relative = url[len(STATIC_SCHEME) :].lstrip("/")
        if ".." in Path(relative).parts:
            raise BlockedResource(f"blocked: {url[:200]}")
        found = finders.find(relative)
        if not found:
            raise BlockedResource(f"not found: {relative}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=Path(found).read_bytes(), headers={"Content-Type": content_type}
        )


def render_pdf(template: str, context: dict, *, created=None) -> bytes:
    """Render a template to PDF bytes, in Vietnamese, with fixed metadata.

    The creation date is the document's own date, so the same conclusion always yields the same
    bytes (a retried or duplicated job changes nothing).
    """
    with translation.override("vi"):
        html = render_to_string(template, context)
    # One font configuration for the stylesheet and the render: without it WeasyPrint ignores
    # the @font-face rules and falls back to whatever fonts the host has.
    fonts = FontConfiguration()
    stylesheets = [
        CSS(string=FONT_FACES, url_fetcher=SafeFetcher(), font_config=fonts),
        CSS(filename=str(NOTICE_CSS), url_fetcher=SafeFetcher(), font_config=fonts),
    ]
    document = HTML(string=html, base_url=f"{STATIC_SCHEME}/", url_fetcher=SafeFetcher()).render(
        stylesheets=stylesheets, font_config=fonts
    )
    if created is not None:
        stamp = f"{created.astimezone(datetime.UTC):%Y-%m-%dT%H:%M:%SZ}"
        document.metadata.created = stamp
        document.metadata.modified = stamp
    return document.write_pdf()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
