"""Security headers and cookie settings on every page."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_pages_send_a_strict_content_security_policy(client):
    csp = client.get("/dang-nhap/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_pages_deny_framing_and_sniffing_and_limit_the_referrer(client):
    response = client.get("/dang-nhap/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_tls(client):
    response = client.get("/dang-nhap/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_base_layout_has_no_inline_script(client, world):
    client.force_login(world.hanoi_head)
    page = client.get("/").content.decode()
    import re

    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag, tag


def test_health_endpoint_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
