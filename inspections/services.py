"""Writes and state transitions of planning: one function per action.

Each function checks who may do it and the current state, validates input (raising
ValidationError with field keys, so forms and the API show messages beside the right field),
writes an audit record and runs in a transaction. Views, the API and tasks call these; they
never set a status field themselves.
"""

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import rules as accounts_rules
from accounts.audit import save_audited
from accounts.models import Organization, User
from core.errors import NotAllowed, TransitionNotAllowed

from . import rules
from .enums import PLAN_OPEN_STATES, PlanStatus, TeamRole, VisitKind, VisitStatus
from .models import (
    ContentArea,
    Criterion,
    InspectionPlan,
    LegalDocument,
    Team,
    TeamMember,
    Visit,
)


@contextmanager
def unique_race_as_error():
    """full_clean checked uniqueness, but a concurrent insert may still win the race."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise ValidationError(_("This record was just created by someone else.")) from error


# --- Legal documents ----------------------------------------------------------------------------


@transaction.atomic
def create_legal_document(user: User, **fields) -> LegalDocument:
    if not (rules.can_create_plan(user)):
        raise NotAllowed(_("You may not register legal documents."))
    document = LegalDocument(**fields)
    document.full_clean()
    with unique_race_as_error():
        save_audited(document, user, "create")
    return document


# --- Checklist criteria -------------------------------------------------------------------------

CRITERION_FIELDS = ("content_area", "title", "guidance", "order", "is_active")


@transaction.atomic
def save_criterion(user: User, criterion: Criterion | None = None, **fields) -> Criterion:
    """Create a checklist criterion, or edit one: administrators only, each change kept in its
    history with its author. A criterion is never deleted (checklist results and findings keep
    pointing at it); it is switched off with `is_active`. Its content area is fixed once it
    exists, so past results stay counted under the area they were recorded in."""
    if not accounts_rules.is_administrator(user):
        raise NotAllowed(_("Only an administrator edits the checklist."))
    creating = criterion is None
    if creating:
        criterion = Criterion()
    else:
        criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
        area = fields.get("content_area")
        if area is not None and area.pk != criterion.content_area_id:
            raise ValidationError(
                {
                    "content_area": _(
                        "A criterion stays in its content area; switch it off and add a new "
                        "one under the other area."
                    )
                }
            )
    for name in CRITERION_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(criterion, name, value.strip() if isinstance(value, str) else value)
    if not criterion.title:
        raise ValidationError({"title": _("Give the criterion a title.")})
    if (
        criterion.content_area_id
        and Criterion.objects.filter(content_area_id=criterion.content_area_id)
        .filter(title__iexact=criterion.title)
        .exclude(pk=criterion.pk)
        .exists()
    ):
        raise ValidationError(
            {"title": _("This content area already has a criterion with this title.")}
        )
    criterion.full_clean(validate_unique=False)
    with unique_race_as_error():
        save_audited(criterion, user, "create" if creating else "edit")
    return criterion


# --- Plans --------------------------------------------------------------------------------------


def _check_plan_dates(starts_on: date, ends_on: date, review_start, review_end) -> None:
    errors = {}
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The plan cannot end before it starts.")
    if review_start and review_end and review_end < review_start:
        errors["review_period_end"] = _("The period under review cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


def _check_targets(issuer: Organization, targets: list[Organization]) -> None:
    """A plan inspects the issuer's own subtree; national bodies may inspect anywhere."""
    outside = [target for target in targets if not target.path.startswith(issuer.path)]
    if outside and not issuer.within_national_body():
        raise ValidationError(
            {
                "targets": _("%(names)s is not under %(issuer)s.")
                % {"names": ", ".join(target.name for target in outside), "issuer": issuer.name}
            }
        )


def _set_plan_relations(plan, legal_bases, content_areas, targets) -> None:
    if targets is not None:
        _check_targets(plan.issuer, targets)
    if legal_bases is not None:
        plan.legal_bases.set(legal_bases)
    if content_areas is not None:
        plan.content_areas.set(content_areas or ContentArea.objects.all())
    if targets is not None:
        plan.targets.set(targets)


PLAN_CODE_TAKEN = _("This issuer already has a plan with this number.")


def _check_plan_code_free(plan: InspectionPlan) -> None:
    """One code per issuer. The answer is the same whether or not the user may see the plan
    that holds the code (the serializer and form check visible plans first with the same
    words), so the refusal says nothing about plans out of sight."""
    taken = InspectionPlan.objects.filter(issuer_id=plan.issuer_id, code=plan.code)
    if plan.pk:
        taken = taken.exclude(pk=plan.pk)
    if taken.exists():
        raise ValidationError({"code": PLAN_CODE_TAKEN})


@transaction.atomic
def create_plan(
    user: User,
    *,
    legal_bases: Iterable[LegalDocument] = (),
    content_areas: Iterable[ContentArea] = (),
    targets: Iterable[Organization] = (),
    **fields,
) -> InspectionPlan:
    """Create a draft plan. Without content areas, all five are in scope (the TTCP default)."""
    issuer = fields["issuer"]
    if not rules.plans_for(user, issuer):
        raise NotAllowed(_("You may not issue plans for this organization."))
    _check_plan_dates(
        fields.get("starts_on"),
        fields.get("ends_on"),
        fields.get("review_period_start"),
        fields.get("review_period_end"),
    )
    plan = InspectionPlan(created_by=user, status=PlanStatus.DRAFT, **fields)
    _check_plan_code_free(plan)
    plan.full_clean()
    with unique_race_as_error():
        save_audited(plan, user, "create")
    _set_plan_relations(plan, list(legal_bases), list(content_areas), list(targets))
    return plan


@transaction.atomic
def update_plan(
    user: User,
    plan: InspectionPlan,
    *,
    legal_bases: Iterable[LegalDocument] | None = None,
    content_areas: Iterable[ContentArea] | None = None,
    targets: Iterable[Organization] | None = None,
    **fields,
) -> InspectionPlan:
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if not rules.can_edit_plan(user, plan):
        raise NotAllowed(_("You may not change this plan."))
    if (
        "issuer" in fields
        and fields["issuer"] != plan.issuer
        and not rules.plans_for(user, fields["issuer"])
    ):
        raise NotAllowed(_("You may not issue plans for this organization."))
    for name, value in fields.items():
        setattr(plan, name, value)
    _check_plan_dates(
        plan.starts_on, plan.ends_on, plan.review_period_start, plan.review_period_end
    )
    _check_plan_code_free(plan)
    plan.full_clean()
    save_audited(plan, user, "update")
    _set_plan_relations(
        plan,
        None if legal_bases is None else list(legal_bases),
        None if content_areas is None else list(content_areas),
        None if targets is None else list(targets),
    )
    return plan


@transaction.atomic
def approve_plan(user: User, plan: InspectionPlan) -> InspectionPlan:
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != PlanStatus.DRAFT:
        raise TransitionNotAllowed(_("Only a draft plan can be approved."))
    if not rules.can_approve_plan(user, plan):
        raise NotAllowed(_("Only a unit head of the issuing organization may approve this plan."))
    plan.status = PlanStatus.APPROVED
    plan.approved_by = user
    plan.approved_at = timezone.now()
    save_audited(plan, user, "approve", ["status", "approved_by", "approved_at"])
    return plan


@transaction.atomic
def close_plan(user: User, plan: InspectionPlan) -> InspectionPlan:
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in {PlanStatus.APPROVED, PlanStatus.IN_PROGRESS}:
        raise TransitionNotAllowed(_("Only an approved plan or one in progress can be closed."))
    if not rules.can_close_plan(user, plan):
        raise NotAllowed(_("Only a unit head of the issuing organization may close this plan."))
    if plan.visits.filter(status__in=[VisitStatus.PLANNED, VisitStatus.IN_PROGRESS]).exists():
        raise TransitionNotAllowed(
            _("Visits of this plan are still planned or in progress: finish or cancel them first.")
        )
    plan.status = PlanStatus.CLOSED
    save_audited(plan, user, "close", ["status"])
    return plan


# --- Teams --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberSpec:
    user: User
    role: str
    home_organization: Organization | None = None


def _check_members(members: Sequence[MemberSpec]) -> None:
    heads = [member for member in members if member.role == TeamRole.HEAD]
    if not heads:
        raise ValidationError({"members": _("A team needs a head of team.")})
    if len(heads) > 1:
        raise ValidationError(
            {
                "members": _("A team has exactly one head; %(count)d were given.")
                % {"count": len(heads)}
            }
        )
    seen = set()
    for member in members:
        if not member.user.is_active:
            raise ValidationError(
                {
                    "members": _("%(name)s is deactivated and cannot join a team.")
                    % {"name": member.user.get_full_name()}
                }
            )
        if member.user.pk in seen:
            raise ValidationError(
                {"members": _("%(name)s is listed twice.") % {"name": member.user.get_full_name()}}
            )
        seen.add(member.user.pk)


def _write_members(team: Team, members: Sequence[MemberSpec], user: User) -> None:
    team.members.all().delete()
    for member in members:
        row = TeamMember(
            team=team,
            user=member.user,
            role=member.role,
            home_organization=member.home_organization or member.user.organization,
        )
        if row.home_organization is None:
            raise ValidationError(
                {
                    "members": _("Give the home organization of %(name)s.")
                    % {"name": member.user.get_full_name()}
                }
            )
        save_audited(row, user, "add member")


@transaction.atomic
def create_team(user: User, *, members: Sequence[MemberSpec], **fields) -> Team:
    if not rules.plans_for(user, fields["organization"]):
        raise NotAllowed(_("You may not form teams for this organization."))
    plan = fields.get("plan")
    if plan is not None and plan.status not in PLAN_OPEN_STATES:
        raise TransitionNotAllowed(_("Teams cannot be added to a closed plan."))
    _check_members(members)
    team = Team(created_by=user, **fields)
    team.full_clean()
    save_audited(team, user, "create")
    _write_members(team, members, user)
    return team


@transaction.atomic
def update_team(
    user: User, team: Team, *, members: Sequence[MemberSpec] | None = None, **fields
) -> Team:
    team = Team.objects.select_for_update().get(pk=team.pk)
    if not rules.can_manage_team(user, team):
        raise NotAllowed(_("You may not change this team."))
    organization = fields.get("organization")
    changes_organization = organization is not None and organization != team.organization
    if changes_organization and not rules.plans_for(user, organization):
        raise NotAllowed(_("You may not form teams for this organization."))
    plan = fields.get("plan")
    if plan is not None and plan != team.plan and plan.status not in PLAN_OPEN_STATES:
        raise TransitionNotAllowed(_("Teams cannot be added to a closed plan."))
    for name, value in fields.items():
        setattr(team, name, value)
    team.full_clean()
    save_audited(team, user, "update")
    if members is not None:
        _check_members(members)
        _write_members(team, members, user)
    return team


# --- Visits -------------------------------------------------------------------------------------


def _check_visit(plan, team, organization, kind, planned_start, planned_end) -> None:
    errors: dict[str, str] = {}
    if planned_start and planned_end and planned_end < planned_start:
        errors["planned_end"] = _("The visit cannot end before it starts.")
    if plan is not None:
        if (planned_start and planned_start < plan.starts_on) or (
            planned_end and planned_end > plan.ends_on
        ):
            errors["planned_start"] = _(
                "The visit must lie within its plan (%(start)s – %(end)s)."
            ) % {"start": f"{plan.starts_on:%d/%m/%Y}", "end": f"{plan.ends_on:%d/%m/%Y}"}
        if team.plan_id is not None and team.plan_id != plan.pk:
            errors["team"] = _("This team belongs to another plan.")
        if kind != VisitKind.VERIFICATION and not plan.targets.filter(pk=organization.pk).exists():
            errors["inspected_organization"] = _(
                "This organization is not among the plan's targets; only a verification visit "
                "may go outside them."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_visit(
    user: User,
    *,
    team: Team,
    inspected_organization: Organization,
    kind: str,
    planned_start: date,
    planned_end: date,
    plan: InspectionPlan | None = None,
    subject: str = "",
) -> Visit:
    plan = plan or team.plan
    if plan is not None and plan.status not in PLAN_OPEN_STATES:
        raise TransitionNotAllowed(_("Visits cannot be added to a closed plan."))
    if not rules.can_add_visits(user, team, plan):
        raise NotAllowed(_("You may not add visits for this team."))
    _check_visit(plan, team, inspected_organization, kind, planned_start, planned_end)
    visit = Visit(
        plan=plan,
        team=team,
        inspected_organization=inspected_organization,
        kind=kind,
        subject=subject,
        planned_start=planned_start,
        planned_end=planned_end,
        created_by=user,
    )
    visit.full_clean()
    save_audited(visit, user, "create")
    return visit


@transaction.atomic
def generate_visits(
    user: User,
    plan: InspectionPlan,
    *,
    team: Team,
    kind: str,
    planned_start: date,
    planned_end: date,
) -> list[Visit]:
    """One visit per target of the plan that has no visit yet (cancelled ones do not count)."""
    plan = InspectionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in PLAN_OPEN_STATES:
        raise TransitionNotAllowed(_("Visits cannot be added to a closed plan."))
    if not rules.can_add_visits(user, team, plan):
        raise NotAllowed(_("You may not add visits for this team."))
    if planned_end < planned_start:
        raise ValidationError({"planned_end": _("The visit cannot end before it starts.")})
    covered = set(
        plan.visits.exclude(status=VisitStatus.CANCELLED).values_list(
            "inspected_organization_id", flat=True
        )
    )
    return [
        create_visit(
            user,
            team=team,
            plan=plan,
            inspected_organization=target,
            kind=kind,
            planned_start=planned_start,
            planned_end=planned_end,
        )
        for target in plan.targets.order_by("path")
        if target.pk not in covered
    ]


def _locked_visit(visit: Visit) -> Visit:
    return (
        Visit.objects.select_for_update(of=("self",))
        .select_related("team__organization", "plan")
        .get(pk=visit.pk)
    )


def _transition_error(visit: Visit, action: str) -> TransitionNotAllowed:
    labels = {
        "start": _("This visit cannot be started: it is %(status)s."),
        "finish_fieldwork": _("Field work cannot be finished: the visit is %(status)s."),
        "cancel": _("This visit cannot be cancelled: it is %(status)s."),
    }
    return TransitionNotAllowed(labels[action] % {"status": visit.get_status_display().lower()})


@transaction.atomic
def start_visit(user: User, visit: Visit, *, at: datetime | None = None) -> Visit:
    """Begin field work. A surprise visit becomes visible to the inspected unit from now on."""
    visit = _locked_visit(visit)
    if visit.status != VisitStatus.PLANNED:
        raise _transition_error(visit, "start")
    if not rules.can_run_visit(user, visit):
        raise NotAllowed(_("Only the team's head or deputy, or a unit head above, may do this."))
    visit.status = VisitStatus.IN_PROGRESS
    visit.actual_start = at or timezone.now()
    save_audited(visit, user, "start", ["status", "actual_start"])
    if visit.plan is not None and visit.plan.status == PlanStatus.APPROVED:
        visit.plan.status = PlanStatus.IN_PROGRESS
        save_audited(visit.plan, user, "first visit started", ["status"])
    return visit


@transaction.atomic
def finish_fieldwork(user: User, visit: Visit, *, at: datetime | None = None) -> Visit:
    visit = _locked_visit(visit)
    if visit.status != VisitStatus.IN_PROGRESS:
        raise _transition_error(visit, "finish_fieldwork")
    if not rules.can_run_visit(user, visit):
        raise NotAllowed(_("Only the team's head or deputy, or a unit head above, may do this."))
    visit.status = VisitStatus.REPORTING
    visit.actual_end = max(at or timezone.now(), visit.actual_start)
    save_audited(visit, user, "finish field work", ["status", "actual_end"])
    return visit


@transaction.atomic
def cancel_visit(user: User, visit: Visit, *, reason: str) -> Visit:
    visit = _locked_visit(visit)
    if visit.status not in {VisitStatus.PLANNED, VisitStatus.IN_PROGRESS}:
        raise _transition_error(visit, "cancel")
    if not rules.can_run_visit(user, visit):
        raise NotAllowed(_("Only the team's head or deputy, or a unit head above, may do this."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the visit.")})
    visit.status = VisitStatus.CANCELLED
    visit.cancel_reason = reason
    save_audited(visit, user, "cancel", ["status", "cancel_reason"])
    return visit


@transaction.atomic
def mark_concluded(user: User, visit: Visit) -> Visit:
    """Called by the reporting app when the visit's conclusion is issued: from now on the
    visit's findings are frozen (the findings app checks this state)."""
    visit = _locked_visit(visit)
    if visit.status not in {VisitStatus.REPORTING, VisitStatus.IN_PROGRESS}:
        raise TransitionNotAllowed(
            _("A conclusion can only be issued for a visit whose field work is done.")
        )
    if visit.actual_end is None:
        visit.actual_end = timezone.now()
    visit.status = VisitStatus.CONCLUDED
    save_audited(visit, user, "conclusion issued", ["status", "actual_end"])
    return visit


@transaction.atomic
def mark_following_up(user: User, visit: Visit) -> Visit:
    """The first remediation report arrived: the visit is now being followed up."""
    visit = _locked_visit(visit)
    if visit.status == VisitStatus.CONCLUDED:
        visit.status = VisitStatus.FOLLOWING_UP
        save_audited(visit, user, "follow-up started", ["status"])
    return visit


@transaction.atomic
def mark_closed(user: User, visit: Visit) -> Visit:
    """Every recommendation is done or cancelled: the follow-up app closes the visit."""
    visit = _locked_visit(visit)
    if visit.status not in {VisitStatus.CONCLUDED, VisitStatus.FOLLOWING_UP}:
        raise TransitionNotAllowed(_("Only a concluded visit can be closed."))
    visit.status = VisitStatus.CLOSED
    save_audited(visit, user, "closed", ["status"])
    return visit
