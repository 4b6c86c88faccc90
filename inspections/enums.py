"""Kinds and statuses of the planning app, with named groups so queries agree on meaning."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    LAW = "law", _("Law")
    DECREE = "decree", _("Decree")
    DIRECTIVE = "directive", _("Directive")
    OFFICIAL_DISPATCH = "official_dispatch", _("Official dispatch")
    PLAN = "plan", _("Plan")
    DECISION = "decision", _("Decision")
    NOTICE = "notice", _("Notice")
    CIRCULAR = "circular", _("Circular")
    OTHER = "other", _("Other")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


# Plans to which visits may still be added.
PLAN_OPEN_STATES = frozenset({PlanStatus.DRAFT, PlanStatus.APPROVED, PlanStatus.IN_PROGRESS})


class TeamRole(models.TextChoices):
    HEAD = "head", _("Head of team")
    DEPUTY = "deputy", _("Deputy head")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


# Members who lead the team's work: start and cancel visits, draft conclusions.
TEAM_LEADER_ROLES = frozenset({TeamRole.HEAD, TeamRole.DEPUTY})


class VisitKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    SURPRISE = "surprise", _("Surprise (unannounced)")
    VERIFICATION = "verification", _("Verification of a case")
    DESK_REVIEW = "desk_review", _("Desk review through reports")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTING = "reporting", _("Reporting")
    CONCLUDED = "concluded", _("Concluded")
    FOLLOWING_UP = "following_up", _("Following up")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# Visits whose field work has not begun or is going on.
VISIT_ACTIVE_STATES = frozenset(
    {VisitStatus.PLANNED, VisitStatus.IN_PROGRESS, VisitStatus.REPORTING}
)
# Visits whose field work is over (for progress figures).
VISIT_DONE_STATES = frozenset({VisitStatus.CONCLUDED, VisitStatus.FOLLOWING_UP, VisitStatus.CLOSED})
# Which transitions exist; services check them, pages show only the allowed buttons.
VISIT_TRANSITIONS = {
    "start": ({VisitStatus.PLANNED}, VisitStatus.IN_PROGRESS),
    "finish_fieldwork": ({VisitStatus.IN_PROGRESS}, VisitStatus.REPORTING),
    "cancel": ({VisitStatus.PLANNED, VisitStatus.IN_PROGRESS}, VisitStatus.CANCELLED),
}
