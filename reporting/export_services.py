"""Writes of consolidated report exports: create a job, run it (the Celery task), delete the
expired ones.

An export with more rows than `EXPORT_ASYNC_ROWS` is built by a worker: `create_export_job`
stores the owner, the format and the filters, and queues `reporting.run_export` once the
transaction commits; `run_export_job` builds the file as the owner (visibility is applied when it
runs), reporting progress as it goes. Files are kept `EXPORT_KEEP_HOURS`, then a daily task
deletes them with their job.

The job's row, not the broker's message, is the truth: a message may be delivered twice (acks_late
after a killed worker, or the sweeper's copy) or never (Redis restarted without persistence, or
down when the job was created). `run_export_job` builds only while it holds the job's build lock,
so two deliveries never build at once, and `requeue_stuck_exports` (beat) sends the jobs still
waiting after `EXPORT_REQUEUE_MINUTES` again.
"""

import datetime
import logging
import tempfile
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.tasks import enqueue
from core.errors import NotAllowed

from .dashboard import ReportFilterForm, ReportFilters
from .exports import (
    count_rows,
    filters_from_json,
    filters_to_json,
    render_report_pdf,
    write_csv,
    write_xlsx,
)
from .models import EXPORT_PENDING_STATES, ExportFormat, ExportJob, ExportStatus

logger = logging.getLogger(__name__)

# Jobs one person may have waiting at once: a worker is shared by everyone.
MAX_PENDING_JOBS = 5


def parse_filters(user, data) -> ReportFilters:
    """The dashboard's filters from request data, validated as the dashboard validates them
    (organizations out of the user's sight are invalid). Raises ValidationError by field."""
    form = ReportFilterForm(data, user=user)
    if not form.is_valid():
        raise ValidationError(
            {field: [str(error) for error in errors] for field, errors in form.errors.items()}
        )
    return form.filters()


def runs_in_background(user, filters: ReportFilters) -> bool:
    """Too many rows to build within a request (one COUNT query)."""
    return count_rows(user, filters) > settings.EXPORT_ASYNC_ROWS


def _keep() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS)


def create_export_job(
    user, *, format: str, filters: ReportFilters, language: str | None = None
) -> ExportJob:
    """Queue an export of what `user` may see with `filters`; the worker builds it."""
    if user is None or not user.is_authenticated or not user.is_active:
        raise NotAllowed(_("Sign in to export reports."))
    if format not in ExportFormat.values:
        raise ValidationError({"format": [_("Choose XLSX, CSV or PDF.")]})
    pending = ExportJob.objects.filter(owner=user, status__in=EXPORT_PENDING_STATES).count()
    if pending >= MAX_PENDING_JOBS:
        raise ValidationError(
            _("You already have %(count)d exports being prepared. Wait until one is ready.")
            % {"count": pending}
        )
    job = ExportJob.objects.create(
        owner=user,
        format=format,
        filters=filters_to_json(filters),
        language=(language or translation.get_language() or settings.LANGUAGE_CODE)[:8],
        expires_at=timezone.now() + _keep(),
    )
    transaction.on_commit(lambda: _queue_export(job.pk))
    return job


def _queue_export(job_id: int) -> bool:
    """Send the job to a worker. A broker that is down is logged, not raised: the job is saved
    as queued, and `requeue_stuck_exports` sends it again later."""
    from .tasks import run_export

    return enqueue(run_export, job_id=job_id)


def _requeue_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.EXPORT_REQUEUE_MINUTES)


def is_late(job: ExportJob, now: datetime.datetime | None = None) -> bool:
    """Still pending `EXPORT_REQUEUE_MINUTES` after it was queued (or started): its page says
    that it is late but kept, and the sweeper sends it again."""
    if not job.is_pending:
        return False
    since = job.started_at if job.status == ExportStatus.RUNNING else job.created_at
    return since is not None and since < (now or timezone.now()) - _requeue_after()


def requeue_stuck_exports(older_than: datetime.timedelta | None = None) -> int:
    """Queue again the jobs still queued `older_than` after they were created, or running since
    before then with nobody building them (their worker died and the broker lost or parked its
    message). Returns how many were sent. A job sent twice is built once: see `run_export_job`.

    Stops at the first message the broker refuses (it is down): the next run tries again."""
    cutoff = timezone.now() - (older_than if older_than is not None else _requeue_after())
    stuck = (
        ExportJob.objects.filter(
            Q(status=ExportStatus.QUEUED, created_at__lt=cutoff)
            | Q(status=ExportStatus.RUNNING, started_at__lt=cutoff)
        )
        .order_by("pk")
        .values_list("pk", "status")
    )
    being_built = _jobs_being_built()
    sent = 0
    for pk, status in stuck:
        if status == ExportStatus.RUNNING and _lock_key(pk) in being_built:
            continue  # a live worker is on it: a long export, not a lost one
        if not _queue_export(pk):
            break
        sent += 1
    if sent:
        logger.info("requeued %s stuck export job(s)", sent)
    return sent


# --- Building, once -------------------------------------------------------------------------

# The build lock is a PostgreSQL session advisory lock (namespace, job id): held by the database
# session of the process that builds the job, and released when that process dies and its
# connection closes, so a job whose worker was killed can be taken over at once.
_BUILD_LOCK_NAMESPACE = 0x45585054  # "EXPT"


def _lock_key(job_id: int) -> int:
    return int(job_id) & 0x7FFFFFFF  # the two-key form takes int4 keys


@contextmanager
def _build_lock(job_id: int):
    """Yield True while this process holds the job's build lock, False if another holds it.
    Without PostgreSQL (the demo: tasks run in-process, one at a time) there is no lock."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = [_BUILD_LOCK_NAMESPACE, _lock_key(job_id)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        (acquired,) = cursor.fetchone()
    if not acquired:
        yield False
        return
    try:
        yield True
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)
        except DatabaseError:  # the session is gone, and its lock with it
            logger.warning("could not release the build lock of export %s", job_id, exc_info=True)


def _jobs_being_built() -> set[int]:
    """Lock keys of the jobs whose build lock a live database session holds."""
    if connection.vendor != "postgresql":
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = %s AND objsubid = 2"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [_BUILD_LOCK_NAMESPACE],
        )
        return {int(objid) for (objid,) in cursor.fetchall()}


class _ProgressWriter:
    """Stores the job's progress when its percentage moves (one UPDATE per step)."""

    def __init__(self, job_id: int, total: int):
        self.job_id, self.total, self.last = job_id, total, -1

    def __call__(self, rows: int) -> None:
        percent = min(99, rows * 100 // self.total) if self.total else 99
        if percent != self.last:
            self.last = percent
            ExportJob.objects.filter(pk=self.job_id).update(progress=percent)


def run_export_job(job_id: int) -> ExportJob | None:
    """Build the file of one job as its owner. Safe to deliver twice: a ready job is left
    alone, and a job that another live process is building is left to it."""
    with _build_lock(job_id) as mine:
        if not mine:
            logger.info("export %s is being built by another worker: left to it", job_id)
            return ExportJob.objects.filter(pk=job_id).first()
        return _build(job_id)


def _build(job_id: int) -> ExportJob | None:
    job = ExportJob.objects.select_related("owner__organization").filter(pk=job_id).first()
    if job is None or (job.status == ExportStatus.READY and job.file):
        if job is not None:
            logger.info("export %s is ready already: nothing to build", job_id)
        return job
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.RUNNING, started_at=timezone.now(), progress=0, error=""
    )
    user = job.owner
    filters = filters_from_json(job.filters)
    if not user.is_active:
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, error="owner disabled", finished_at=timezone.now()
        )
        return None
    try:
        total = count_rows(user, filters)
        progress = _ProgressWriter(job.pk, total)
        with translation.override(job.language), tempfile.TemporaryFile() as handle:
            if job.format == ExportFormat.CSV:
                rows = write_csv(user, filters, handle, progress=progress)
            elif job.format == ExportFormat.XLSX:
                rows = write_xlsx(user, filters, handle, progress=progress)
            else:
                handle.write(render_report_pdf(user, filters))
                rows = total
            handle.seek(0)
            return _store(job, handle, rows)
    except Exception as error:
        logger.exception("export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).exclude(status=ExportStatus.READY).update(
            status=ExportStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise


def _store(job: ExportJob, handle, rows: int) -> ExportJob | None:
    with transaction.atomic():
        locked = ExportJob.objects.select_for_update().filter(pk=job.pk).first()
        if locked is None:
            return None  # deleted while it ran (expired): nothing to keep
        if locked.status == ExportStatus.READY and locked.file:
            return locked  # a duplicate delivery finished first
        now = timezone.now()
        locked.file.save(f"report.{locked.format}", File(handle), save=False)
        locked.status = ExportStatus.READY
        locked.progress = 100
        locked.rows = rows
        locked.error = ""
        locked.finished_at = now
        locked.expires_at = now + _keep()
        locked.save(
            update_fields=[
                "file",
                "status",
                "progress",
                "rows",
                "error",
                "finished_at",
                "expires_at",
            ]
        )
    return locked


def delete_expired(now: datetime.datetime | None = None) -> int:
    """Delete the jobs kept past their time, and their files. Returns how many."""
    now = now or timezone.now()
    deleted = 0
    expired = ExportJob.objects.filter(expires_at__lt=now).only("pk", "file").order_by("pk")
    while batch := list(expired[:500]):
        for job in batch:
            if job.file:
                job.file.delete(save=False)
        deleted += ExportJob.objects.filter(pk__in=[job.pk for job in batch]).delete()[0]
    return deleted
