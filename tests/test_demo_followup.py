"""seed_demo follows up the issued notices: recommendations in every state, idempotently."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, User
from demo import followup as demo_followup
from findings.enums import VISIT_PUBLISHED_STATES, RecommendationStatus
from findings.models import Evidence, Recommendation, RemediationReport, ReportStatus
from findings.rules import is_on_team
from inspections.enums import VisitStatus
from inspections.models import Visit
from reporting import pdf

pytestmark = pytest.mark.django_db

FINISHED = {RecommendationStatus.DONE, RecommendationStatus.CANCELLED}


@pytest.fixture(autouse=True)
def in_process_tasks(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture(autouse=True)
def quick_notice_pdfs(monkeypatch):
    """The notices' PDFs are test_demo_conclusions' business: a stand-in keeps seeding fast."""
    monkeypatch.setattr(pdf, "render_pdf", lambda *args, **kwargs: b"%PDF-1.4\n%%EOF\n")


def seed() -> None:
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())


@pytest.fixture
def seeded():
    seed()


def published():
    return Recommendation.objects.filter(visit__status__in=VISIT_PUBLISHED_STATES)


def follow_up_rows() -> dict[str, int]:
    models = [Recommendation, RemediationReport, Evidence]
    counts = {model._meta.label: model.objects.count() for model in models}
    counts |= {f"{model._meta.label} history": model.history.count() for model in models}
    counts["Visit history"] = Visit.history.count()
    counts["Notification"] = Notification.objects.count()
    return counts


def states() -> list[tuple]:
    return list(published().order_by("pk").values_list("pk", "status", "due_date", "version"))


def test_seeding_twice_gives_the_same_rows_and_sends_no_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed()
    first, first_states = follow_up_rows(), states()
    assert first["findings.RemediationReport"] >= 4
    assert first["findings.Evidence"] >= 1

    with django_capture_on_commit_callbacks(execute=True):
        seed()
    assert follow_up_rows() == first
    assert states() == first_states
    # Every notification of the demo counts as e-mailed when it was sent: nothing goes out.
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert mail.outbox == []


def test_recommendations_in_every_state(seeded):
    today = timezone.localdate()
    recommendations = published()
    assert set(recommendations.values_list("status", flat=True)) == set(RecommendationStatus.values)
    # Overdue is derived: past due and still pending, the 2019 and 2022 cases among them.
    overdue = recommendations.overdue()
    assert overdue.filter(status=RecommendationStatus.OPEN).exists()
    assert overdue.filter(status=RecommendationStatus.REPORTED).exists()
    assert overdue.filter(due_date__year=2019).exists()
    # One case is kept current: open and due a few days from now.
    assert recommendations.filter(
        status=RecommendationStatus.OPEN,
        due_date__gt=today,
        due_date__lte=today + datetime.timedelta(days=7),
    ).exists()
    cancelled = recommendations.filter(status=RecommendationStatus.CANCELLED)
    assert all(recommendation.cancel_reason for recommendation in cancelled)
    # A report awaits the team's decision on every reported recommendation.
    for recommendation in recommendations.filter(status=RecommendationStatus.REPORTED):
        assert recommendation.reports.filter(status=ReportStatus.SUBMITTED).count() == 1


def test_a_rejected_report_then_an_accepted_one(seeded):
    rejected = RemediationReport.objects.filter(status=ReportStatus.REJECTED).exclude(
        rejection_reason=""
    )
    accepted_after_rejection = RemediationReport.objects.filter(
        status=ReportStatus.ACCEPTED, recommendation__reports__in=rejected
    ).select_related("recommendation")
    assert accepted_after_rejection.exists()
    accepted = accepted_after_rejection.first()
    recommendation = accepted.recommendation
    assert recommendation.status == RecommendationStatus.DONE
    first, second = recommendation.reports.order_by("submitted_at")
    assert (first.status, second) == (ReportStatus.REJECTED, accepted)
    assert first.decided_at <= second.submitted_at <= second.decided_at
    assert second.evidence.present().exists()

    for report in RemediationReport.objects.select_related(
        "recommendation__addressee", "recommendation__visit__team", "submitted_by__organization"
    ):
        # Reported by the addressee's people, decided by the visit's team, back-dated.
        addressee = report.recommendation.addressee
        assert addressee.path.startswith(report.submitted_by.organization.path)
        assert report.submitted_at >= report.recommendation.visit.actual_end
        if report.decided_by is not None:
            assert is_on_team(report.decided_by, report.recommendation.visit)
            assert report.submitted_at < report.decided_at < timezone.now()
    # The historical stories happened when they happened, not on the day of the seed.
    assert RemediationReport.objects.filter(submitted_at__year__lte=2024).count() >= 3


def test_a_visit_closes_when_all_its_recommendations_are_finished(seeded):
    closed = Visit.objects.filter(status=VisitStatus.CLOSED, recommendations__isnull=False)
    assert closed.exists()
    for visit in closed.distinct():
        assert set(visit.recommendations.values_list("status", flat=True)) <= FINISHED
    assert Visit.objects.filter(
        status=VisitStatus.CLOSED,
        recommendations__status=RecommendationStatus.CANCELLED,
    ).exists()
    # Visits with pending recommendations stay open for follow-up.
    for recommendation in published().exclude(status__in=FINISHED).select_related("visit"):
        assert recommendation.visit.status != VisitStatus.CLOSED


def test_the_ward_sees_only_its_own_recommendations(seeded):
    today = timezone.localdate()
    donvi = User.objects.get(username="donvi")
    ward = donvi.organization
    visible = Recommendation.objects.visible_to(donvi)
    assert visible.exists()
    assert not visible.exclude(addressee=ward).exists()
    assert set(visible) == set(published().filter(addressee=ward))
    # Other organizations' published recommendations exist and stay out of sight.
    others = published().exclude(addressee=ward)
    assert others.exists()
    assert not visible.filter(pk__in=others.values("pk")).exists()
    # One open and due in a few days (the reminders fire), one open and overdue.
    assert visible.filter(
        status=RecommendationStatus.OPEN,
        due_date__gt=today,
        due_date__lte=today + datetime.timedelta(days=demo_followup.days_ahead()),
    ).exists()
    assert visible.overdue().filter(status=RecommendationStatus.OPEN).exists()
    # Its reports are its own; the rejected one, with its reason, waits unread in the inbox.
    reports = RemediationReport.objects.visible_to(donvi)
    assert set(reports.values_list("submitted_by__username", flat=True)) == {"donvi"}
    rejected = reports.filter(status=ReportStatus.REJECTED).exclude(rejection_reason="").first()
    assert rejected is not None
    assert Notification.objects.filter(
        recipient=donvi,
        read_at__isnull=True,
        url=reverse("findings:recommendation_detail", args=[rejected.recommendation_id]),
    ).exists()
