"""The overview page: what needs this user's attention today, by role.

It lives in `reporting`, the last app, because it gathers a little from every app before it.
Each block is one query; the page's query count does not grow with the data.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.enums import OrganizationKind, Role
from accounts.models import Organization
from findings.enums import RecommendationStatus
from findings.models import Recommendation
from inspections import rules as planning_rules
from inspections.enums import PlanStatus, VisitStatus
from inspections.models import InspectionPlan, Visit

from . import rules
from .dashboard import kept_figures
from .enums import ConclusionStatus
from .models import Conclusion


def _counters(user, today) -> dict:
    """The overview's counters: organizations in scope by kind, open and overdue
    recommendations (kept a short while: `dashboard.kept_figures`)."""
    organizations = (
        Organization.objects.visible_to(user)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    recommendations = (
        Recommendation.objects.visible_to(user)
        .filter(status=RecommendationStatus.OPEN)
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    )
    return {"organizations_by_kind": list(organizations), "recommendations": recommendations}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    kind_labels = dict(OrganizationKind.choices)
    counters, counted_at = kept_figures("overview", user, None, lambda: _counters(user, today))
    organizations = [
        {"kind": kind, "label": kind_labels.get(kind, kind), "n": n}
        for kind, n in counters["organizations_by_kind"]
    ]
    my_visits = (
        Visit.objects.for_member(user)
        .filter(status__in=[VisitStatus.PLANNED, VisitStatus.IN_PROGRESS, VisitStatus.REPORTING])
        .select_related("inspected_organization")
        .order_by("planned_start", "pk")[:8]
    )
    to_review = []
    plans_to_approve = []
    if Role.UNIT_HEAD in user.roles:
        to_review = [
            conclusion
            for conclusion in Conclusion.objects.visible_to(user)
            .filter(status=ConclusionStatus.IN_REVIEW)
            .select_related("issuer", "visit__inspected_organization")
            .order_by("submitted_at")[:20]
            if rules.can_review(user, conclusion)
        ][:8]
        plans_to_approve = [
            plan
            for plan in InspectionPlan.objects.visible_to(user)
            .filter(status=PlanStatus.DRAFT)
            .select_related("issuer")[:20]
            if planning_rules.can_approve_plan(user, plan)
        ][:8]
    due = (
        Recommendation.objects.visible_to(user)
        .filter(status=RecommendationStatus.OPEN)
        .select_related("addressee")
        .order_by("due_date", "pk")[:8]
    )
    notices = (
        Conclusion.objects.visible_to(user)
        .filter(status=ConclusionStatus.ISSUED)
        .select_related("visit__inspected_organization")
        .order_by("-issued_on", "-pk")[:5]
    )
    return render(
        request,
        "reporting/home.html",
        {
            "organizations_by_kind": organizations,
            "organization_count": sum(row["n"] for row in organizations),
            "my_visits": my_visits,
            "to_review": to_review,
            "plans_to_approve": plans_to_approve,
            "due_recommendations": due,
            "recommendation_counts": counters["recommendations"],
            "counted_at": counted_at,
            "cache_minutes": max(1, settings.REPORT_CACHE_SECONDS // 60),
            "notices": notices,
            "today": today,
        },
    )
