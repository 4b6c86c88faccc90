"""Celery tasks of the reporting app: thin wrappers around services."""

import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    name="reporting.build_conclusion_pdf",
    acks_late=True,  # a worker killed mid-build leaves the job in the queue
    reject_on_worker_lost=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
)
def build_conclusion_pdf(*, conclusion_id: int) -> str | None:
    conclusion = services.build_pdf(conclusion_id)
    if conclusion is None:
        logger.info("conclusion %s is gone or not issued: nothing to build", conclusion_id)
        return None
    return conclusion.pdf_sha256


@shared_task(name="reporting.send_review_reminders", acks_late=True)
def send_review_reminders(*, day: str | None = None) -> int:
    import datetime

    from . import reminders

    return reminders.send_review_reminders(datetime.date.fromisoformat(day) if day else None)


@shared_task(
    name="reporting.run_export",
    acks_late=True,  # a worker killed mid-export leaves the job in the queue
    reject_on_worker_lost=True,
    # The job's row holds the outcome; queueing never waits on the result store (with Redis
    # down, that wait lasts about 20 s before the broker's own error).
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=120,
    max_retries=3,
)
def run_export(*, job_id: int) -> int | None:
    from . import export_services

    job = export_services.run_export_job(job_id)
    if job is None:
        logger.info("export %s is gone or its owner is disabled: nothing to build", job_id)
        return None
    return job.rows


@shared_task(name="reporting.delete_expired_exports", acks_late=True)
def delete_expired_exports() -> int:
    from . import export_services

    return export_services.delete_expired()


@shared_task(name="reporting.requeue_stuck_pdfs")
def requeue_stuck_pdfs() -> int:
    """Beat, every 10 minutes: PDFs that waited too long are queued again."""
    return services.requeue_stuck_pdfs()


@shared_task(name="reporting.requeue_stuck_exports")
def requeue_stuck_exports() -> int:
    """Beat, every 10 minutes: exports still waiting after EXPORT_REQUEUE_MINUTES (the broker
    lost their message, or their worker died) are queued again."""
    from . import export_services

    return export_services.requeue_stuck_exports()
