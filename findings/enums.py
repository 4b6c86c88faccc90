"""Kinds and statuses of findings and recommendations."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from inspections.enums import VisitStatus


class CheckResult(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class FindingKind(models.TextChoices):
    GOOD_PRACTICE = "good_practice", _("Good practice")
    SHORTCOMING = "shortcoming", _("Shortcoming")
    VIOLATION = "violation", _("Violation")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    SERIOUS = "serious", _("Serious")
    VERY_SERIOUS = "very_serious", _("Very serious")


class RecommendationKind(models.TextChoices):
    REMEDY = "remedy", _("Remedy the shortcoming")
    DISCIPLINE = "discipline", _("Consider discipline")
    AMEND_RULES = "amend_rules", _("Amend rules or procedures")
    REPLICATE = "replicate", _("Replicate the good practice")
    OTHER = "other", _("Other")


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REPORTED = "reported", _("Reported")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# Recommendations someone still has to act on (the ones that can be overdue).
RECOMMENDATION_PENDING_STATES = frozenset(
    {RecommendationStatus.OPEN, RecommendationStatus.REPORTED}
)

# Visit states in which the team records and edits findings.
VISIT_RECORDING_STATES = frozenset({VisitStatus.IN_PROGRESS, VisitStatus.REPORTING})
# Visit states after a conclusion is issued: findings are frozen, recommendations published.
VISIT_PUBLISHED_STATES = frozenset(
    {VisitStatus.CONCLUDED, VisitStatus.FOLLOWING_UP, VisitStatus.CLOSED}
)
