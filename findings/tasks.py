"""Celery tasks of the findings app: thin wrappers around services."""

import datetime

from celery import shared_task

from . import reminders


@shared_task(name="findings.send_recommendation_reminders", acks_late=True)
def send_recommendation_reminders(*, day: str | None = None) -> int:
    """The daily job (Celery beat). `day` (ISO date) lets an operator replay a given day."""
    today = datetime.date.fromisoformat(day) if day else None
    return reminders.send_recommendation_reminders(today)
