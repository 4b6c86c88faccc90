"""Thin Celery tasks of the accounts app."""

import logging

from celery import shared_task
from django.db import connection

logger = logging.getLogger(__name__)


@shared_task(name="accounts.tasks.ping")
def ping() -> dict:
    """Prove a worker is alive and reaches the database (used by the health check and tests)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (value,) = cursor.fetchone()
    return {"pong": True, "database": value == 1}


@shared_task(
    name="accounts.tasks.send_notification_email",
    acks_late=True,
    max_retries=3,
    autoretry_for=(OSError,),
    retry_backoff=30,
)
def send_notification_email(*, notification_id: int) -> None:
    """E-mail one notification; sent at most once (emailed_at is set in the same step)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.db import transaction
    from django.utils import timezone

    from .models import Notification

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            logger.info("notification %s already e-mailed or gone", notification_id)
            return
        link = f"{settings.SITE_URL}{notification.url}" if notification.url else ""
        send_mail(
            subject=f"[Công Vụ] {notification.title}",
            message="\n\n".join(part for part in (notification.body, link) if part),
            from_email=None,
            recipient_list=[notification.recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])


@shared_task(name="accounts.requeue_unsent_emails")
def requeue_unsent_emails() -> int:
    """Beat, every 10 minutes: e-mails of notifications that could not be queued (or whose
    message was lost) are queued again; each is still sent once."""
    from . import services

    return services.requeue_unsent_emails()


def enqueue(task, **kwargs) -> bool:
    """Queue a task; if the broker is down, log it and carry on.

    Callers only queue work whose state is saved in the database (a PDF marked "queued", an
    e-mail not yet sent), and a periodic sweeper queues it again: an outage delays the work
    but never turns a committed action into an error page.
    """
    try:
        task.apply_async(kwargs=kwargs)
    except Exception:  # kombu raises many kinds of connection errors
        logger.warning(
            "could not queue %s %s: broker unavailable", task.name, kwargs, exc_info=True
        )
        return False
    return True
