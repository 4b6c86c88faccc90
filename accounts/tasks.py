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


@shared_task(name="accounts.tasks.heartbeat")
def heartbeat() -> None:
    """Daily beat entry that shows in the logs that beat and worker run together."""
    logger.info("heartbeat: beat schedule reached the worker")
