"""Faults: a broker that does not answer never turns a committed action into an error page,
and work whose state is saved (a PDF marked "queued") is queued again by the sweeper."""

import datetime

import pytest
from celery import Celery
from django.utils import timezone

from accounts.tasks import enqueue
from inspections.services import finish_fieldwork, start_visit
from reporting import services
from reporting.models import Conclusion

pytestmark = pytest.mark.django_db


def test_queueing_to_a_dead_broker_is_logged_not_raised(monkeypatch):
    # Celery prefers CELERY_BROKER_URL from the environment over `broker=`: hide ours.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    dead = Celery("dead", broker="redis://127.0.0.1:1/0", set_as_current=False)
    dead.conf.broker_connection_retry = False
    dead.conf.broker_connection_max_retries = 0
    dead.conf.broker_transport_options = {"max_retries": 0}

    @dead.task(name="dead.noop")
    def noop(**kwargs):
        return kwargs

    assert enqueue(noop, value=1) is False


def test_a_pdf_left_queued_is_built_by_the_sweeper(world, planning, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_TASK_ALWAYS_EAGER = True
    visit = planning.scheduled
    start_visit(world.team_lead, visit)
    finish_fieldwork(world.team_lead, visit)
    conclusion = services.draft_conclusion(world.team_lead, visit)
    services.submit_for_review(world.team_lead, conclusion)
    services.approve(world.hanoi_head, conclusion)
    services.issue(world.hanoi_head, conclusion)  # its on-commit queueing never runs here
    Conclusion.objects.filter(pk=conclusion.pk).update(
        issued_at=timezone.now() - datetime.timedelta(minutes=30)
    )
    conclusion.refresh_from_db()
    assert conclusion.pdf_status == "queued"  # what the page shows meanwhile
    assert services.requeue_stuck_pdfs() == 1
    conclusion.refresh_from_db()
    assert conclusion.pdf_status == "ready"
    assert services.requeue_stuck_pdfs() == 0


@pytest.mark.django_db(transaction=True)
def test_losing_the_database_mid_request_shows_a_clear_page_and_writes_nothing(world, planning):
    """A trigger kills the request's own database session while it writes: the user gets our
    error page, and the transaction leaves no partial write (no status change, no history)."""
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from inspections.models import Visit

    visit = planning.scheduled
    history_before = visit.history.count()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            CREATE FUNCTION test_drop_connection() RETURNS trigger AS $$
            BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END;
            $$ LANGUAGE plpgsql;
            CREATE TRIGGER test_drop_connection BEFORE INSERT ON inspections_historicalvisit
            FOR EACH ROW EXECUTE FUNCTION test_drop_connection();
            """
        )
    try:
        client = Client(raise_request_exception=False)
        client.force_login(world.team_lead)
        response = client.post(reverse("inspections:visit_start", args=[visit.pk]))
        assert response.status_code == 500
        page = response.content.decode()
        assert "Hệ thống gặp sự cố" in page
        assert "không bị mất" in page
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TRIGGER IF EXISTS test_drop_connection ON inspections_historicalvisit;"
                "DROP FUNCTION IF EXISTS test_drop_connection();"
            )
    visit = Visit.objects.get(pk=visit.pk)
    assert visit.status == "planned"
    assert visit.actual_start is None
    assert visit.history.count() == history_before
