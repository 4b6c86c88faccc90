"""Who may do what with conclusions: small predicates used by services and pages."""

from accounts.enums import Role
from accounts.models import User
from inspections import rules as planning_rules
from inspections.enums import TEAM_LEADER_ROLES

from .enums import CONCLUSION_EDITABLE_STATES, ConclusionStatus, PdfStatus


def is_team_leader(user, visit) -> bool:
    return planning_rules.is_team_leader(user, visit.team)


def can_review(user, conclusion) -> bool:
    """A unit head of the issuing body (or of a body above it)."""
    return planning_rules.heads_unit_over(user, conclusion.issuer)


def can_edit(user, conclusion) -> bool:
    return conclusion.status in CONCLUSION_EDITABLE_STATES and is_team_leader(
        user, conclusion.visit
    )


def can_submit(user, conclusion) -> bool:
    return can_edit(user, conclusion)


def can_decide(user, conclusion) -> bool:
    """Approve or return."""
    return conclusion.status == ConclusionStatus.IN_REVIEW and can_review(user, conclusion)


def can_issue(user, conclusion) -> bool:
    return conclusion.status == ConclusionStatus.APPROVED and can_review(user, conclusion)


def can_retry_pdf(user, conclusion) -> bool:
    return (
        conclusion.status == ConclusionStatus.ISSUED
        and conclusion.pdf_status == PdfStatus.FAILED
        and (is_team_leader(user, conclusion.visit) or can_review(user, conclusion))
    )


def reviewers_of(conclusion):
    issuer = conclusion.issuer
    return User.objects.filter(
        is_active=True,
        groups__name=Role.UNIT_HEAD,
        organization__path__in=[*issuer.ancestor_paths(), issuer.path],
    ).distinct()


def team_leaders_of(conclusion):
    return User.objects.filter(
        is_active=True,
        team_memberships__team=conclusion.visit.team,
        team_memberships__role__in=TEAM_LEADER_ROLES,
    ).distinct()
