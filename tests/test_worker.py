"""A task runs on a real Celery worker through the real Redis broker."""

import pytest

from accounts.tasks import ping

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_health_task_runs_on_a_real_worker_and_reaches_the_database(celery_worker):
    result = ping.delay()
    assert result.get(timeout=30) == {"pong": True, "database": True}
    assert result.successful()
