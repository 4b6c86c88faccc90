"""Headless Chromium from Debian, driven by Playwright (never `playwright install`)."""

import os

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from test code are
# still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.makedirs("test-artifacts", exist_ok=True)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, request):
    """A tablet-sized page (768 px). A failing test leaves a screenshot in test-artifacts/."""
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)  # generous: CI shares two cores with the worker
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        page.screenshot(path=f"test-artifacts/failed-{request.node.name}.png", full_page=True)
    context.close()


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Browser tests commit for real, and the flush after each transactional test also empties
    what data migrations created (roles, the five content areas): put it back."""
    from ..conftest import ensure_reference_data

    ensure_reference_data()
