"""Reminding unit heads of conclusions that wait too long for review.

A conclusion in review for REVIEW_REMINDER_WORKING_DAYS working days (Monday–Friday) or more
reminds its reviewers on that day and then every 5 working days, once per day at most.
"""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import send_once

from . import rules
from .enums import ConclusionStatus
from .models import Conclusion


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after `start` up to and including `end`."""
    days, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def send_review_reminders(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    threshold = settings.REVIEW_REMINDER_WORKING_DAYS
    sent = 0
    waiting = Conclusion.objects.filter(
        status=ConclusionStatus.IN_REVIEW, submitted_at__isnull=False
    ).select_related("issuer")
    for conclusion in waiting:
        waited = working_days_between(timezone.localtime(conclusion.submitted_at).date(), today)
        if waited < threshold or (waited - threshold) % 5 or today.weekday() >= 5:
            continue
        sent += send_once(
            subject=f"conclusion:{conclusion.pk}",
            kind="review_waiting",
            day=today,
            users=rules.reviewers_of(conclusion),
            title=_("A conclusion has waited %(days)d working days for your review")
            % {"days": waited},
            body=conclusion.subject,
            url=reverse("reporting:conclusion_detail", args=[conclusion.pk]),
        )
    return sent
