"""A real Celery worker, in its own process, on the real Redis and the test database.

Tests that use the `celery_worker` fixture must also use `transactional_db`: the worker is another
process and sees only committed rows. The broker is CELERY_BROKER_URL (a Redis database of its own
in `make test`); the queue is purged before the worker starts.

Fault tests start workers of their own that they may kill (`KillableWorker`), on a queue of their
own (`KILL_QUEUE`, emptied by the `kill_queue` fixture) so the session's worker never takes their
jobs; `broker` is a Redis client on CELERY_BROKER_URL, to look at what Redis holds.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
KILL_QUEUE = "congvu-test-kill"


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


@pytest.fixture
def broker():
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    yield client
    client.close()


# --- Workers that tests may kill ------------------------------------------------------------


def quick_redelivery(visibility_timeout: int) -> dict:
    """Transport options under which Redis hands an unacknowledged message to another worker
    `visibility_timeout` seconds after it was taken (kombu's default is an hour)."""
    return {
        "visibility_timeout": visibility_timeout,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }


class KillableWorker:
    """A worker of our own, in its own process group, on a queue of its own (so the session's
    worker never takes these jobs), with the project's Celery app and settings.

    `transport_options` overrides the app's broker transport options in that process only;
    `env` adds to its environment (e.g. CELERY_BROKER_URL for a broker of the test's own: this
    process's Celery app must then use that broker too, since `start` pings the worker with it);
    `queues` replaces KILL_QUEUE (comma-separated names)."""

    def __init__(
        self,
        name: str,
        media: Path,
        transport_options: dict | None = None,
        *,
        queues: str = KILL_QUEUE,
        env: dict | None = None,
    ):
        self.hostname = f"{name}@{socket.gethostname()}"
        self.media = media
        self.transport_options = transport_options
        self.queues = queues
        self.env = env or {}
        self.log_path = ROOT / "test-artifacts" / f"celery-{name}.log"
        self.process = None

    def start(self) -> "KillableWorker":
        from config.celery import app

        code = "import sys\nfrom config.celery import app\n"
        if self.transport_options:
            code += f"app.conf.broker_transport_options = {self.transport_options!r}\n"
        code += "app.worker_main(sys.argv[1:])\n"
        env = {
            **os.environ,
            "DATABASE_URL": _test_database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "MEDIA_ROOT": str(self.media),
            **self.env,
        }
        self.log_path.parent.mkdir(exist_ok=True)
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    code,
                    "worker",
                    "--loglevel=INFO",
                    "--concurrency=1",
                    f"--queues={self.queues}",
                    f"--hostname={self.hostname}",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: we can kill it with its pool
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"worker {self.hostname} exited; see {self.log_path}")
            if app.control.ping(destination=[self.hostname], timeout=0.5):
                return self
        pytest.fail(f"worker {self.hostname} did not answer a ping; see {self.log_path}")

    def wait_until_running(self, task_id: str, timeout: float = 30) -> dict:
        """The task's entry in `celery inspect active`, once a pool process has taken it."""
        from config.celery import app

        inspector = app.control.inspect(destination=[self.hostname], timeout=0.5)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for task in (inspector.active() or {}).get(self.hostname, []):
                if task["id"] == task_id:
                    return task
            time.sleep(0.05)
        pytest.fail(f"worker {self.hostname} did not start task {task_id}; see {self.log_path}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the whole worker, pool included: no shutdown, no ack, no requeue."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def unacked_task_ids(broker) -> set[str]:
    """Ids of the messages Redis holds as delivered but not acknowledged (kombu's 'unacked')."""
    ids = set()
    for raw in broker.hvals("unacked"):
        message = json.loads(raw)[0]
        ids.add(message.get("headers", {}).get("id"))
    return ids


def acknowledged(broker, task_id: str, timeout: float = 10) -> bool:
    """The worker acknowledges just after storing the result: give it a moment."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if task_id not in unacked_task_ids(broker):
            return True
        time.sleep(0.2)
    return False


def forget_kill_queue(broker) -> None:
    broker.delete(KILL_QUEUE)
    for tag, raw in broker.hgetall("unacked").items():
        if json.loads(raw)[2] == KILL_QUEUE:
            broker.hdel("unacked", tag)
            broker.zrem("unacked_index", tag)


@pytest.fixture
def kill_queue(broker):
    forget_kill_queue(broker)
    yield KILL_QUEUE
    forget_kill_queue(broker)
