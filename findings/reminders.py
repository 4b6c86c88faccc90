"""The daily reminder schedule of recommendations (one job, driven by the due date).

For a recommendation still open (a reported one waits for the team, not the addressee), on a
visit whose conclusion is issued:
- N days before the due date (settings.REMINDER_DAYS_BEFORE, default 7 and 1): the addressee;
- on the due date: the addressee;
- the day after the due date and then every 7 days while overdue: the addressee, and from the
  second overdue week on also the addressee's unit head (escalation).
Reminders only concern issued conclusions, so a surprise visit is never revealed early.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import Organization, User
from accounts.services import send_once

from .enums import VISIT_PUBLISHED_STATES, RecommendationStatus
from .models import Recommendation


@dataclass(frozen=True)
class Due:
    kind: str
    to_unit_head: bool = False


def reminders_for(due_date: datetime.date, today: datetime.date) -> list[Due]:
    """Which reminders a recommendation due on `due_date` gets on `today` (pure function)."""
    days_left = (due_date - today).days
    if days_left > 0:
        return [Due(f"before_{days_left}")] if days_left in settings.REMINDER_DAYS_BEFORE else []
    if days_left == 0:
        return [Due("due")]
    overdue = -days_left
    if (overdue - 1) % 7:
        return []
    week = (overdue - 1) // 7 + 1
    reminders = [Due(f"overdue_week_{week}")]
    if week >= 2:
        reminders.append(Due(f"escalated_week_{week}", to_unit_head=True))
    return reminders


def unit_heads_of(organization: Organization):
    """The nearest unit heads: of the organization itself, else of the closest body above."""
    for path in [organization.path, *reversed(organization.ancestor_paths())]:
        heads = User.objects.filter(
            is_active=True, organization__path=path, groups__name=Role.UNIT_HEAD
        )
        if heads.exists():
            return heads
    return User.objects.none()


def _message(recommendation: Recommendation, due: Due, today: datetime.date) -> str:
    days_left = (recommendation.due_date - today).days
    if days_left > 0:
        return _("%(days)d days left for a recommendation to %(organization)s") % {
            "days": days_left,
            "organization": recommendation.addressee.name,
        }
    if days_left == 0:
        return _("A recommendation to %(organization)s is due today") % {
            "organization": recommendation.addressee.name
        }
    return _("A recommendation to %(organization)s is %(days)d days overdue") % {
        "organization": recommendation.addressee.name,
        "days": -days_left,
    }


def send_recommendation_reminders(today: datetime.date | None = None) -> int:
    """Send every reminder due today; returns how many were sent (0 on a second run)."""
    today = today or timezone.localdate()
    pending = (
        Recommendation.objects.filter(
            status=RecommendationStatus.OPEN,
            visit__status__in=VISIT_PUBLISHED_STATES,
        )
        .select_related("addressee")
        .order_by("pk")
    )
    sent = 0
    for recommendation in pending.iterator(chunk_size=500):
        for due in reminders_for(recommendation.due_date, today):
            addressee_users = User.objects.filter(
                is_active=True, organization=recommendation.addressee
            )
            # A unit head who works in the addressee organization already got the reminder.
            users = (
                unit_heads_of(recommendation.addressee).exclude(pk__in=addressee_users)
                if due.to_unit_head
                else addressee_users
            )
            sent += send_once(
                subject=f"recommendation:{recommendation.pk}",
                kind=due.kind,
                day=today,
                users=users,
                title=_message(recommendation, due, today),
                body=f"{recommendation.action[:300]} ({recommendation.due_date:%d/%m/%Y})",
                url=reverse("findings:recommendation_detail", args=[recommendation.pk]),
            )
    return sent
