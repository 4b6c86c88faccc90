"""A real Celery worker, in its own process, on the real Redis and the test database.

Tests that use the `celery_worker` fixture must also use `transactional_db`: the worker is another
process and sees only committed rows. The broker is CELERY_BROKER_URL (a Redis database of its own
in `make test`); the queue is purged before the worker starts.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def _test_database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture(scope="session")
def worker_media(tmp_path_factory) -> Path:
    """Files written by the worker (PDFs, exports) and read by the tests: one folder for both,
    private to this test session."""
    return tmp_path_factory.mktemp("worker-media")


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, worker_media):
    if not settings.CELERY_BROKER_URL or connection.vendor != "postgresql":
        pytest.fail(
            "Worker tests need CELERY_BROKER_URL (Redis) and DATABASE_URL (PostgreSQL): "
            "run them through `make test`."
        )
    from config.celery import app

    with django_db_blocker.unblock():
        database_url = _test_database_url()
    app.control.purge()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(worker_media),
    }
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    log = open(ROOT / "test-artifacts" / "celery-worker.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=INFO",
            "--concurrency=2",
            "--hostname=test-worker@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Celery worker exited with {process.returncode}; see {log.name}")
        if app.control.ping(timeout=0.5):
            break
    else:
        process.terminate()
        pytest.fail("Celery worker did not answer a ping within 60 s")
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


@pytest.fixture
def shared_media(settings, worker_media):
    """Point this process's MEDIA_ROOT at the worker's, to read what the worker wrote."""
    settings.MEDIA_ROOT = worker_media
    return worker_media
