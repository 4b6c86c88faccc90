"""Writes of consolidated report exports: create a job, run it (the Celery task), delete the
expired ones.

An export with more rows than `EXPORT_ASYNC_ROWS` is built by a worker: `create_export_job`
stores the owner, the format and the filters, and queues `reporting.run_export` once the
transaction commits; `run_export_job` builds the file as the owner (visibility is applied when it
runs), reporting progress as it goes. Files are kept `EXPORT_KEEP_HOURS`, then a daily task
deletes them with their job.
"""

import datetime
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.errors import NotAllowed

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
    from .tasks import run_export

    transaction.on_commit(lambda: run_export.delay(job_id=job.pk))
    return job


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
    """Build the file of one job as its owner. Safe to run twice: a ready job is left alone."""
    job = ExportJob.objects.select_related("owner__organization").filter(pk=job_id).first()
    if job is None or (job.status == ExportStatus.READY and job.file):
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
