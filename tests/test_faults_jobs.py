"""Faults of background export jobs: a Celery worker killed in the middle of an export, and Redis
restarted (or down) while jobs wait for a worker.

The job's row is the truth, not the broker's message: a message may come twice (acks_late after a
killed worker, the sweeper's copy) or never (our Redis keeps nothing across a restart). Whatever
happens, a job the user was told about is finished exactly once: one READY row, one file.

These tests start workers of their own (tests/worker.py: `KillableWorker`), on the test database,
writing to this test's own MEDIA_ROOT, so "no second file" means the folder holds one file per
job. The Redis tests run a private `redis-server` on a free port, never the machine's shared one.
"""

import csv
import datetime
import io
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from unittest import mock

import pytest
import redis
from django.conf import settings as django_settings
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone
from kombu import pools
from kombu.utils.collections import eqhash
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts import services as accounts_services
from accounts.models import Notification, User
from accounts.services import notify
from config.celery import app
from reporting import export_services
from reporting.dashboard import ReportFilters
from reporting.models import ExportJob, ExportStatus
from reporting.tasks import run_export

from .factories import bulk_findings
from .worker import KILL_QUEUE, KillableWorker, acknowledged, quick_redelivery, unacked_task_ids

# A worker is another process: it sees committed rows only.
committed = pytest.mark.django_db(transaction=True)

FINDINGS_SHEET = "Kết quả kiểm tra"
# Enough findings for an XLSX export to take seconds in a worker (openpyxl writes a few thousand
# rows a second), so that it can be killed half-way; the progress bar tells us when.
SLOW_ROWS = 8_000


# --- Helpers ---------------------------------------------------------------------------------


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


def queue_export(user, format: str) -> ExportJob:
    return export_services.create_export_job(
        fresh(user), format=format, filters=ReportFilters(), language="vi"
    )


def export_files(media: Path) -> list[Path]:
    return sorted(path for path in (media / "exports").rglob("*") if path.is_file())


def wait_for(predicate, timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout} s waiting for {what}; see test-artifacts/celery-*.log")


def finished(jobs: list[ExportJob], timeout: float) -> list[ExportJob]:
    pks = [job.pk for job in jobs]

    def all_done():
        current = list(ExportJob.objects.filter(pk__in=pks).order_by("pk"))
        pending = [job for job in current if job.is_pending]
        return not pending and current

    return wait_for(all_done, timeout, f"export jobs {pks} to finish", interval=0.2)


def xlsx_finding_ids(path: Path) -> list[int]:
    workbook = load_workbook(path, read_only=True)
    try:
        rows = workbook[FINDINGS_SHEET].iter_rows(values_only=True)
        next(rows)  # the header
        return [row[0] for row in rows]
    finally:
        workbook.close()


def csv_finding_ids(path: Path) -> list[int]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    return [int(row[0]) for row in rows[1:]]


def runs_succeeded(worker: KillableWorker) -> int:
    return sum(
        1
        for line in worker.log().splitlines()
        if "Task reporting.run_export[" in line and "] succeeded" in line
    )


@pytest.fixture
def media(settings) -> Path:
    """This test's own MEDIA_ROOT (conftest's `isolated_media`), which its workers write to."""
    return Path(settings.MEDIA_ROOT)


# --- A worker killed in the middle of an export --------------------------------------------


@pytest.mark.worker
@committed
def test_a_worker_killed_mid_export_finishes_the_job_once(
    world, planning, media, broker, kill_queue
):
    """acks_late keeps the message in Redis until the export is stored. A worker killed with
    SIGKILL half-way never acknowledges it; Redis hands it to the next worker once its
    visibility timeout has passed (900 s in production, 8 s for the second worker here), and
    the job, found RUNNING with nobody holding its build lock, is built again from the start
    and stored once."""
    ids = bulk_findings(planning.scheduled, world.inspector, SLOW_ROWS)
    with mock.patch.object(export_services, "_queue_export"):  # sent below, to our own queue
        job = queue_export(world.analyst, "xlsx")
    visibility = 8
    first = KillableWorker("export-kill-first", media)
    second = KillableWorker(
        "export-kill-second",
        media,
        quick_redelivery(visibility),
    )
    try:
        first.start()
        result = run_export.apply_async(kwargs={"job_id": job.pk}, queue=KILL_QUEUE)
        first.wait_until_running(result.id)
        # Half-way: rows are being written (the progress bar moved) and nothing is stored yet.
        wait_for(
            lambda: ExportJob.objects.filter(
                pk=job.pk, status=ExportStatus.RUNNING, progress__gte=1
            ).exists(),
            timeout=30,
            what="the export to be under way",
        )
        first.kill()

        killed = ExportJob.objects.get(pk=job.pk)
        unfinished = "the export finished before the kill: add findings"
        assert (killed.status, bool(killed.file)) == (ExportStatus.RUNNING, False), unfinished
        assert killed.progress < 100, unfinished
        assert f"[{result.id}] succeeded" not in first.log(), unfinished
        assert export_files(media) == []
        assert result.id in unacked_task_ids(broker)  # not lost: parked, unacknowledged
        # The dead worker's database session went with it, and its build lock too.
        wait_for(
            lambda: export_services._lock_key(job.pk) not in export_services._jobs_being_built(),
            timeout=10,
            what="the dead worker's build lock to be released",
        )

        second.start()
        (done,) = finished([job], timeout=visibility + 45)

        assert done.status == ExportStatus.READY, done.error
        assert (done.progress, done.rows) == (100, SLOW_ROWS)
        assert export_files(media) == [media / done.file.name]
        exported = xlsx_finding_ids(media / done.file.name)
        assert len(exported) == SLOW_ROWS and set(exported) == ids
        assert acknowledged(broker, result.id)
        assert broker.llen(KILL_QUEUE) == 0
        assert runs_succeeded(second) == 1
        assert f"Task reporting.run_export[{result.id}] succeeded" in second.log()
    finally:
        first.stop()
        second.stop()


# --- Two deliveries at once ----------------------------------------------------------------


@pytest.fixture
def other_session(db):
    """A second database session, as another worker process would have."""
    other = connections.create_connection("default")
    yield other
    other.close()


def hold_build_lock(session, job: ExportJob) -> None:
    with session.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_lock(%s, %s)",
            [export_services._BUILD_LOCK_NAMESPACE, export_services._lock_key(job.pk)],
        )


@pytest.mark.django_db
def test_a_second_delivery_leaves_a_job_being_built_alone(world, planning, other_session, caplog):
    bulk_findings(planning.scheduled, world.inspector, 3)
    with mock.patch.object(export_services, "_queue_export"):
        job = queue_export(world.analyst, "csv")
    hold_build_lock(other_session, job)  # another worker is building it

    with caplog.at_level(logging.INFO, logger="reporting.export_services"):
        assert export_services.run_export_job(job.pk).status == ExportStatus.QUEUED
    assert "being built by another worker" in caplog.text
    job.refresh_from_db()
    assert (job.status, job.started_at, bool(job.file)) == (ExportStatus.QUEUED, None, False)

    other_session.close()  # that worker died: its lock goes with its session
    wait_for(
        lambda: export_services._lock_key(job.pk) not in export_services._jobs_being_built(),
        timeout=10,
        what="the closed session's lock to be released",
    )
    built = export_services.run_export_job(job.pk)
    assert (built.status, built.rows) == (ExportStatus.READY, 3)
    assert export_services.run_export_job(job.pk).file == built.file  # ready: left alone


@pytest.mark.django_db
def test_the_sweeper_sends_late_jobs_again_but_not_one_a_live_worker_builds(
    world, planning, settings, other_session
):
    settings.EXPORT_REQUEUE_MINUTES = 10
    bulk_findings(planning.scheduled, world.inspector, 3)
    with mock.patch.object(export_services, "_queue_export"):
        fresh_job, lost, orphan, long_one, done = (
            queue_export(world.analyst, "csv") for _ in range(5)
        )
    export_services.run_export_job(done.pk)
    long_ago = timezone.now() - datetime.timedelta(minutes=11)
    ExportJob.objects.filter(pk__in=[lost.pk, orphan.pk, long_one.pk, done.pk]).update(
        created_at=long_ago
    )
    ExportJob.objects.filter(pk__in=[orphan.pk, long_one.pk]).update(
        status=ExportStatus.RUNNING, started_at=long_ago, progress=40
    )
    hold_build_lock(other_session, long_one)  # a live worker on a long export

    with mock.patch.object(export_services, "_queue_export", return_value=True) as send:
        assert export_services.requeue_stuck_exports() == 2
    assert [call.args[0] for call in send.call_args_list] == [lost.pk, orphan.pk]

    # Sent for real (tasks in-process here): each late job is built once.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert export_services.requeue_stuck_exports() == 2
    states = dict(ExportJob.objects.values_list("pk", "status"))
    assert states == {
        fresh_job.pk: ExportStatus.QUEUED,
        lost.pk: ExportStatus.READY,
        orphan.pk: ExportStatus.READY,
        long_one.pk: ExportStatus.RUNNING,
        done.pk: ExportStatus.READY,
    }
    assert export_services.requeue_stuck_exports() == 0


def test_beat_runs_the_export_sweeper():
    entry = django_settings.CELERY_BEAT_SCHEDULE["requeue-stuck-exports"]
    assert entry["task"] == "reporting.requeue_stuck_exports"
    assert entry["task"] in app.tasks


# --- Redis restarted, or down -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A private redis-server, configured as ours is (no persistence: a restart empties it)."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.folder = folder
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.client = redis.Redis(port=self.port, socket_timeout=5)
        self.process = None

    def start(self) -> "RedisServer":
        self.folder.mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )

        def answers():
            try:
                return self.client.ping()
            except redis.ConnectionError:
                return False

        wait_for(answers, timeout=10, what=f"redis-server on port {self.port}")
        return self

    def kill(self) -> None:
        """SIGKILL: what a crash or an out-of-memory kill does; nothing is saved."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        self.client.connection_pool.disconnect()

    def restart(self) -> None:
        self.kill()
        self.start()

    def queued(self, queue: str = "celery") -> int:
        return self.client.llen(queue)


CELERY_URLS = ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")


def _forget_celery_connections() -> None:
    """Let go of this process's broker pool and result store: the next message opens them to
    what CELERY_BROKER_URL and CELERY_RESULT_BACKEND name now (Celery reads these variables
    before its settings). Pools stay in kombu's registry, by URL, to be found again."""
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


def _close_current_pools() -> None:
    """Close the pools of the broker in use and take them out of kombu's registry."""
    key = eqhash(app.connection_for_write())
    for group in (pools.producers, pools.connections):
        pool = dict.pop(group, key, None)
        if pool is not None:
            pool.force_close_all()


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test's own, broker and result store of this process's Celery app
    meanwhile (one Redis for both, as in production)."""
    server = RedisServer(tmp_path / "redis")
    previous = {name: os.environ.get(name) for name in CELERY_URLS}
    try:
        server.start()
        os.environ.update({name: server.url for name in CELERY_URLS})
        _forget_celery_connections()
        yield server
    finally:
        server.kill()
        _close_current_pools()
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        _forget_celery_connections()


def worker_on(server: RedisServer, name: str, media: Path, env: dict | None = None):
    return KillableWorker(
        name,
        media,
        queues="celery",
        env={"CELERY_BROKER_URL": server.url, "CELERY_RESULT_BACKEND": server.url, **(env or {})},
    )


def owner_sees_waiting(client, api, job: ExportJob, *, late: bool) -> None:
    """The owner's page and the API answer, and say the job waits (and whether it is late)."""
    response = client.get(reverse("reporting:export_status", args=[job.pk]))
    assert response.status_code == 200
    fragment = response.content.decode()
    assert 'data-status="queued"' in fragment
    assert 'hx-trigger="every 2s"' in fragment  # the page keeps asking
    assert ('id="export-late"' in fragment) is late
    page = client.get(reverse("reporting:export_job", args=[job.pk]))
    assert page.status_code == 200 and ('id="export-late"' in page.content.decode()) is late
    body = api.get(f"/api/v1/reports/exports/{job.pk}/").json()
    assert (body["status"], body["download_url"]) == ("queued", None)


def make_late(jobs: list[ExportJob]) -> None:
    minutes = django_settings.EXPORT_REQUEUE_MINUTES + 1
    ExportJob.objects.filter(pk__in=[job.pk for job in jobs]).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def assert_built_once(jobs: list[ExportJob], media: Path, ids: set[int]) -> None:
    done = finished(jobs, timeout=60)
    assert [job.status for job in done] == [ExportStatus.READY] * len(jobs), [
        job.error for job in done
    ]
    assert export_files(media) == sorted(media / job.file.name for job in done)
    for job in done:
        path = media / job.file.name
        exported = csv_finding_ids(path) if job.format == "csv" else xlsx_finding_ids(path)
        assert job.rows == len(exported) == len(ids) and set(exported) == ids


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(fresh(world.analyst))
    return client


@pytest.mark.worker
@committed
def test_jobs_queued_when_redis_restarts_are_built_once_by_the_sweeper(
    client, api, world, planning, media, private_redis
):
    ids = bulk_findings(planning.scheduled, world.inspector, 30)
    jobs = [queue_export(world.analyst, "csv"), queue_export(world.analyst, "xlsx")]
    assert private_redis.queued() == 2  # saved, and handed to the broker

    private_redis.restart()
    assert private_redis.queued() == 0  # the messages are gone; the rows are not

    client.force_login(world.analyst)
    for job in jobs:
        owner_sees_waiting(client, api, job, late=False)
    assert export_services.requeue_stuck_exports() == 0  # not late yet: nothing to send

    make_late(jobs)
    for job in jobs:
        owner_sees_waiting(client, api, job, late=True)
    # Beat's sweeper runs twice before any worker comes: two messages for each job.
    assert export_services.requeue_stuck_exports() == 2
    assert export_services.requeue_stuck_exports() == 2
    assert private_redis.queued() == 4

    worker = worker_on(private_redis, "export-redis-restart", media)
    try:
        worker.start()
        assert_built_once(jobs, media, ids)
        wait_for(lambda: runs_succeeded(worker) == 4, 30, "the duplicate messages to be taken")
        assert private_redis.queued() == 0
        log = worker.log()
        for job in jobs:  # each job's second message found it ready and left it
            assert log.count(f"export {job.pk} is ready already") == 1, log
        assert export_services.requeue_stuck_exports() == 0
    finally:
        worker.stop()


@pytest.mark.worker
@committed
def test_an_export_asked_for_while_redis_is_down_is_saved_and_built_later(
    client, api, world, planning, media, settings, private_redis, caplog
):
    ids = bulk_findings(planning.scheduled, world.inspector, 30)
    settings.EXPORT_ASYNC_ROWS = 2  # a background job, not a download
    private_redis.kill()
    client.force_login(world.analyst)

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="accounts.tasks"):
        response = client.post(reverse("reporting:report_export", args=["csv"]))
        created = api.post("/api/v1/reports/exports/", {"format": "xlsx"}, format="json")
    answered_in = time.monotonic() - started

    # The user is answered with the saved job, as when Redis is up, and at once: queueing
    # gives up after the broker's few quick retries and never waits on the result store.
    assert answered_in < 5, answered_in
    assert response.status_code == 302
    from_page = ExportJob.objects.get(format="csv")
    assert response["Location"] == reverse("reporting:export_job", args=[from_page.pk])
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "queued"
    from_api = ExportJob.objects.get(pk=created.json()["id"])
    assert caplog.text.count("could not queue reporting.run_export") == 2
    jobs = [from_page, from_api]
    for job in jobs:
        owner_sees_waiting(client, api, job, late=False)

    make_late(jobs)
    assert export_services.requeue_stuck_exports() == 0  # still down: nothing sent, no error
    private_redis.start()
    assert export_services.requeue_stuck_exports() == 2

    worker = worker_on(private_redis, "export-redis-down", media)
    try:
        worker.start()
        assert_built_once(jobs, media, ids)
    finally:
        worker.stop()


# --- Notification e-mails when the broker is down -------------------------------------------------


def test_beat_runs_the_email_sweeper():
    entry = django_settings.CELERY_BEAT_SCHEDULE["requeue-unsent-emails"]
    assert entry["task"] == "accounts.requeue_unsent_emails"
    assert entry["task"] in app.tasks


@committed
def test_an_email_lost_while_redis_is_down_is_sent_once_by_the_sweeper(
    world, media, private_redis, tmp_path, caplog
):
    recipient = User.objects.get(pk=world.ward_officer.pk)
    recipient.email = "phuong.hangtrong@example.vn"
    recipient.save(update_fields=["email"])
    bystander = User.objects.get(pk=world.inspector.pk)  # no address on file: nothing to send
    bystander.email = ""
    bystander.save(update_fields=["email"])
    private_redis.kill()

    with caplog.at_level(logging.WARNING, logger="accounts.tasks"), transaction.atomic():
        notifications = notify(
            [recipient, bystander], title="Thông báo kết luận số 01/TB-UBND đã ban hành"
        )
    assert caplog.text.count("could not queue accounts.tasks.send_notification_email") == 1
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 0  # saved, unsent

    assert accounts_services.requeue_unsent_emails() == 0  # too recent for the sweeper
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=6))
    assert accounts_services.requeue_unsent_emails() == 0  # the broker is still down
    private_redis.start()
    assert accounts_services.requeue_unsent_emails() == 1
    assert accounts_services.requeue_unsent_emails() == 1  # a second message for the same e-mail
    assert private_redis.queued() == 2

    mailbox = tmp_path / "mail"
    worker = worker_on(
        private_redis,
        "email-redis-down",
        media,
        env={
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mailbox),
        },
    )
    try:
        worker.start()
        wait_for(lambda: private_redis.queued() == 0, 60, "the two messages handled")
        wait_for(
            lambda: Notification.objects.filter(
                pk=notifications[0].pk, emailed_at__isnull=False
            ).exists(),
            60,
            "the e-mail sent",
        )
    finally:
        worker.stop()
    sent = sorted(mailbox.glob("*.log"))
    assert len(sent) == 1, sent
    message = sent[0].read_text()
    assert "To: phuong.hangtrong@example.vn" in message
    assert Notification.objects.get(pk=notifications[1].pk).emailed_at is None
    assert accounts_services.requeue_unsent_emails() == 0  # nothing left to send
