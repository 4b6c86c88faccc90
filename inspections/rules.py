"""Who may do what in planning: small predicates, used by services and to show buttons.

Predicates assume the object is already visible to the user (views fetch with visible_to).
"""

from accounts.enums import Role
from accounts.rules import is_administrator
from accounts.scope import EVERYTHING, NOTHING, Scope

from .enums import PLAN_OPEN_STATES, TEAM_LEADER_ROLES, PlanStatus, VisitStatus
from .models import TeamMember


def team_role(user, team) -> str | None:
    """The user's role on the team, memoised on the team object (one query per page)."""
    cache = team.__dict__.setdefault("_member_roles", {})
    if user.pk not in cache:
        cache[user.pk] = (
            TeamMember.objects.filter(team=team, user_id=user.pk)
            .values_list("role", flat=True)
            .first()
        )
    return cache[user.pk]


def is_team_leader(user, team) -> bool:
    return team_role(user, team) in TEAM_LEADER_ROLES


def heads_unit_over(user, organization) -> bool:
    """A unit head of this organization or of one above it."""
    if is_administrator(user):
        return True
    own = user.organization
    return (
        Role.UNIT_HEAD in user.roles and own is not None and organization.path.startswith(own.path)
    )


def planning_scope(user) -> Scope:
    """Organizations in whose name the user may issue plans and form teams.

    A unit head plans for their organization and its subtree. A team lead also drafts for the
    body their organization advises, its parent (Sở Nội vụ drafts the city's plan for approval
    by the city's unit head), and everything under it.
    """
    if is_administrator(user):
        return EVERYTHING
    own = user.organization
    if own is None or not user.is_active:
        return NOTHING
    if Role.UNIT_HEAD in user.roles and Role.TEAM_LEAD not in user.roles:
        return Scope.of(own)
    if Role.TEAM_LEAD in user.roles:
        parent_path = own.path[: -own.steplen] or own.path
        return Scope(paths=(parent_path,))
    return NOTHING


def plans_for(user, organization) -> bool:
    """May issue plans and form teams in the name of this organization."""
    return planning_scope(user).covers(organization.path)


def can_create_plan(user) -> bool:
    return is_administrator(user) or bool({Role.TEAM_LEAD, Role.UNIT_HEAD} & user.roles)


def can_edit_plan(user, plan) -> bool:
    return plan.status in PLAN_OPEN_STATES and plans_for(user, plan.issuer)


def can_approve_plan(user, plan) -> bool:
    return plan.status == PlanStatus.DRAFT and heads_unit_over(user, plan.issuer)


def can_close_plan(user, plan) -> bool:
    return plan.status in {PlanStatus.APPROVED, PlanStatus.IN_PROGRESS} and heads_unit_over(
        user, plan.issuer
    )


def can_manage_team(user, team) -> bool:
    return is_team_leader(user, team) or plans_for(user, team.organization)


def can_add_visits(user, team, plan=None) -> bool:
    if plan is not None and plan.status not in PLAN_OPEN_STATES:
        return False
    return can_manage_team(user, team)


def can_run_visit(user, visit) -> bool:
    """Start, finish field work or cancel: the team's head or deputy, or a unit head above."""
    return is_team_leader(user, visit.team) or heads_unit_over(user, visit.team.organization)


def can_start_visit(user, visit) -> bool:
    return visit.status == VisitStatus.PLANNED and can_run_visit(user, visit)


def can_finish_fieldwork(user, visit) -> bool:
    return visit.status == VisitStatus.IN_PROGRESS and can_run_visit(user, visit)


def can_cancel_visit(user, visit) -> bool:
    return visit.status in {VisitStatus.PLANNED, VisitStatus.IN_PROGRESS} and can_run_visit(
        user, visit
    )
