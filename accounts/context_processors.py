"""Navigation by role, shared by every page through the base layout."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import rules
from .enums import Role
from .models import Notification


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    planner = (
        rules.works_on_inspections(user)
        or rules.is_administrator(user)
        or (Role.MINISTRY_ANALYST in user.roles)
    )
    # (label, url, names of the pages that mark this item as current, shown)
    items = [
        (_("Overview"), reverse("home"), {"home"}, True),
        (
            _("Organizations"),
            reverse("accounts:organization_list"),
            {"organization_list", "organization_detail"},
            True,
        ),
        (_("My visits"), reverse("inspections:my_visits"), {"my_visits"}, planner),
        (
            _("Plans"),
            reverse("inspections:plan_list"),
            {
                "plan_list",
                "plan_detail",
                "plan_create",
                "plan_edit",
                "plan_generate_visits",
                "team_list",
                "team_detail",
                "team_create",
                "team_edit",
            },
            planner,
        ),
        (
            _("Visits"),
            reverse("inspections:visit_list"),
            {"visit_list", "visit_detail", "visit_create"},
            True,
        ),
        (
            _("Legal documents"),
            reverse("inspections:legal_document_list"),
            {"legal_document_list", "legal_document_create"},
            planner,
        ),
        (_("Reports"), reverse("reporting:report_dashboard"), {"report_dashboard"}, planner),
        (_("Good practices"), reverse("findings:good_practices"), {"good_practices"}, True),
        (
            _("Recommendations"),
            reverse("findings:tracker"),
            {"tracker", "recommendation_detail"},
            True,
        ),
        (
            _("Conclusions"),
            reverse("reporting:conclusion_list"),
            {"conclusion_list", "conclusion_detail", "visit_conclusion"},
            True,
        ),
        (
            _("To review"),
            reverse("reporting:review_queue"),
            {"review_queue"},
            Role.UNIT_HEAD in user.roles,
        ),
        (_("API"), reverse("api-docs"), {"api-docs"}, True),
    ]
    if rules.is_administrator(user) or user.is_staff:
        items.append((_("Administration"), reverse("admin:index"), set(), True))
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    role_labels = dict(Role.choices)
    return {
        "unread_notifications": Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count(),
        "user_role_labels": [role_labels.get(code, code) for code in sorted(user.roles)],
        "nav_items": [
            {"label": label, "url": url, "active": current in names}
            for label, url, names, shown in items
            if shown
        ],
    }
