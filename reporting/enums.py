"""Statuses of conclusions and of their PDF files."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConclusionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")
    ISSUED = "issued", _("Issued")


# Conclusions whose text the team may still edit.
CONCLUSION_EDITABLE_STATES = frozenset({ConclusionStatus.DRAFT, ConclusionStatus.RETURNED})
# Conclusions that are still being worked on (at most one per visit).
CONCLUSION_OPEN_STATES = frozenset(
    {
        ConclusionStatus.DRAFT,
        ConclusionStatus.IN_REVIEW,
        ConclusionStatus.RETURNED,
        ConclusionStatus.APPROVED,
    }
)


class SigningAuthority(models.TextChoices):
    """How the signer signs (Nghị định 30/2020/NĐ-CP, Điều 13): directly as head, or for a
    collective (TM.), for the head (KT.), by order (TL.), by delegation (TUQ.), as acting head
    (Q.)."""

    HEAD = "", _("Signs as the head")
    ON_BEHALF = "TM", _("TM. (on behalf of the collective)")
    FOR_HEAD = "KT", _("KT. (signs for the head)")
    BY_ORDER = "TL", _("TL. (by order)")
    BY_DELEGATION = "TUQ", _("TUQ. (by delegation)")
    ACTING = "Q", _("Q. (acting head)")


class PdfStatus(models.TextChoices):
    NONE = "none", _("Not built")
    QUEUED = "queued", _("Queued")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class Section(models.TextChoices):
    """The parts of a conclusion notice, in the order they are printed."""

    OVERVIEW = "overview", _("Overview of the visit")
    RESULTS = "results", _("Results by content area")
    GOOD_PRACTICES = "good_practices", _("Good practices")
    SHORTCOMINGS = "shortcomings", _("Shortcomings and violations")
    RECOMMENDATIONS = "recommendations", _("Recommendations")
    IMPLEMENTATION = "implementation", _("Implementation")
