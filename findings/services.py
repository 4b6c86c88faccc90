"""Writes of the findings app: checklist results, findings, evidence, recommendations.

Each function checks that the user is on the visit's team and that the visit is still being
recorded (in progress or reporting): once a conclusion is issued the visit is concluded and
everything here is frozen. Edits carry the version they started from (optimistic concurrency):
a stale edit raises EditConflict and changes nothing.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import save_audited
from accounts.models import Organization, User
from core.errors import EditConflict, NotAllowed, TransitionNotAllowed
from inspections.enums import VisitStatus
from inspections.models import ContentArea, Criterion, Visit

from . import rules
from .enums import VISIT_RECORDING_STATES, CheckResult, FindingKind, RecommendationStatus
from .models import CriterionCheck, Evidence, Finding, Recommendation
from .uploads import check_upload, make_thumbnail

FINDING_FIELDS = (
    "content_area",
    "criterion",
    "kind",
    "severity",
    "title",
    "description",
    "cause",
    "responsible_organization",
    "responsible_person",
    "responsible_position",
    "legal_reference",
    "replicate_nationwide",
)
RECOMMENDATION_FIELDS = ("finding", "addressee", "kind", "action", "due_date")


def guard_recording(user: User, visit: Visit) -> None:
    """Only the team edits, and only while the visit is being recorded."""
    if visit.status == VisitStatus.PLANNED:
        raise TransitionNotAllowed(_("Findings are recorded once the visit has started."))
    if visit.status not in VISIT_RECORDING_STATES:
        raise TransitionNotAllowed(
            _("The visit is %(status)s: its findings can no longer be changed.")
            % {"status": visit.get_status_display().lower()}
        )
    if not rules.is_on_team(user, visit):
        raise NotAllowed(_("Only members of the visit's team may record findings."))


def _locked_visit(visit: Visit) -> Visit:
    """Lock the visit row: issuing a conclusion (which freezes findings) waits for us."""
    return Visit.objects.select_for_update(of=("self",)).select_related("team").get(pk=visit.pk)


# --- Checklist ------------------------------------------------------------------------------


@transaction.atomic
def set_check(
    user: User, visit: Visit, criterion: Criterion, result: str, note: str = ""
) -> CriterionCheck:
    visit = _locked_visit(visit)
    guard_recording(user, visit)
    if result not in CheckResult.values:
        raise ValidationError({"result": _("Choose met, not met or not applicable.")})
    check = CriterionCheck.objects.filter(visit=visit, criterion=criterion).first()
    check = check or CriterionCheck(visit=visit, criterion=criterion)
    check.result, check.note, check.checked_by = result, note.strip(), user
    save_audited(check, user, "check")
    return check


# --- Findings -------------------------------------------------------------------------------


def _clean_finding(visit: Visit, data: dict, keep_criterion_id: int | None = None) -> dict:
    """Cross-field rules of a finding, with errors keyed by field for the form and the API."""
    errors = {}
    area: ContentArea | None = data.get("content_area")
    criterion: Criterion | None = data.get("criterion")
    kind = data.get("kind")
    if criterion is not None and area is not None and criterion.content_area_id != area.pk:
        errors["criterion"] = _("This criterion belongs to another content area.")
    if criterion is not None and not criterion.is_active and criterion.pk != keep_criterion_id:
        errors["criterion"] = _("This criterion is no longer in use.")
    if kind == FindingKind.VIOLATION and not data.get("severity"):
        errors["severity"] = _("Give the severity of the violation.")
    if kind != FindingKind.VIOLATION and data.get("severity"):
        errors["severity"] = _("Only a violation has a severity.")
    if data.get("replicate_nationwide") and kind != FindingKind.GOOD_PRACTICE:
        errors["replicate_nationwide"] = _("Only a good practice can be replicated nationwide.")
    if not (data.get("title") or "").strip():
        errors["title"] = _("Give the finding a title.")
    responsible = data.get("responsible_organization")
    if responsible is not None and not responsible.path.startswith(
        visit.inspected_organization.path
    ):
        errors["responsible_organization"] = _(
            "The responsible organization must be the inspected organization or one of its units."
        )
    if errors:
        raise ValidationError(errors)
    data = dict(data)
    data["title"] = data["title"].strip()
    data["severity"] = data.get("severity") or ""
    return data


@transaction.atomic
def record_finding(user: User, visit: Visit, **fields) -> Finding:
    visit = _locked_visit(visit)
    guard_recording(user, visit)
    data = _clean_finding(visit, {k: v for k, v in fields.items() if k in FINDING_FIELDS})
    finding = Finding(visit=visit, recorded_by=user, **data)
    finding.full_clean()
    save_audited(finding, user, "create")
    return finding


@transaction.atomic
def update_finding(user: User, finding: Finding, *, version: int, **fields) -> Finding:
    """Save an edit made from `version`; if someone saved since, raise EditConflict."""
    visit = _locked_visit(finding.visit)
    guard_recording(user, visit)
    current = Finding.objects.select_for_update().get(pk=finding.pk)
    if current.version != version:
        raise EditConflict(
            _("Someone else saved this finding while you were editing it."), current=current
        )
    merged = {name: getattr(current, name) for name in FINDING_FIELDS}
    merged.update({k: v for k, v in fields.items() if k in FINDING_FIELDS})
    data = _clean_finding(visit, merged, keep_criterion_id=current.criterion_id)
    for name, value in data.items():
        setattr(current, name, value)
    current.version += 1  # the row is locked (select_for_update): no lost increment
    current.full_clean()
    save_audited(current, user, "update")
    return current


@transaction.atomic
def delete_finding(user: User, finding: Finding) -> None:
    visit = _locked_visit(finding.visit)
    guard_recording(user, visit)
    if finding.recommendations.exists() or finding.evidence.exists():
        raise TransitionNotAllowed(
            _("Remove the finding's recommendations and evidence before deleting it.")
        )
    finding._history_user = user
    finding._change_reason = "delete"
    finding.delete()


# --- Evidence -------------------------------------------------------------------------------


@transaction.atomic
def attach_evidence(user: User, finding: Finding, upload, caption: str = "") -> Evidence:
    visit = _locked_visit(finding.visit)
    guard_recording(user, visit)
    checked = check_upload(upload)
    evidence = Evidence(
        finding=finding,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        caption=caption.strip()[:300],
        uploaded_by=user,
    )
    evidence.file.save("upload", upload, save=False)
    if checked.is_image:
        evidence.thumbnail.save("thumb.jpg", make_thumbnail(upload), save=False)
    try:
        save_audited(evidence, user, "upload")
    except Exception:
        # The files are on disk already: do not leave orphans behind a failed insert.
        for stored in (evidence.file, evidence.thumbnail):
            if stored:
                stored.storage.delete(stored.name)
        raise
    return evidence


@transaction.atomic
def remove_evidence(user: User, evidence: Evidence, reason: str) -> Evidence:
    if evidence.finding_id is None:
        raise TransitionNotAllowed(
            _("Evidence of a remediation report is part of the report and stays with it.")
        )
    visit = _locked_visit(evidence.finding.visit)
    guard_recording(user, visit)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the evidence is removed.")})
    if evidence.removed_at is not None:
        raise TransitionNotAllowed(_("This evidence was already removed."))
    evidence.removed_at = timezone.now()
    evidence.removed_by = user
    evidence.removal_reason = reason[:300]
    save_audited(evidence, user, "remove", ["removed_at", "removed_by", "removal_reason"])
    return evidence


# --- Recommendations ------------------------------------------------------------------------


def _clean_recommendation(visit: Visit, data: dict, *, today: datetime.date) -> dict:
    errors = {}
    addressee: Organization | None = data.get("addressee")
    if addressee is not None and not addressee.path.startswith(visit.inspected_organization.path):
        errors["addressee"] = _(
            "The addressee must be the inspected organization or one of its units."
        )
    due = data.get("due_date")
    if due is not None and due < today:
        errors["due_date"] = _("The due date cannot be in the past.")
    finding = data.get("finding")
    if finding is not None and finding.visit_id != visit.pk:
        errors["finding"] = _("This finding belongs to another visit.")
    if not (data.get("action") or "").strip():
        errors["action"] = _("Say what must be done.")
    if errors:
        raise ValidationError(errors)
    data = dict(data)
    data["action"] = data["action"].strip()
    return data


@transaction.atomic
def add_recommendation(user: User, visit: Visit, **fields) -> Recommendation:
    visit = _locked_visit(visit)
    guard_recording(user, visit)
    data = _clean_recommendation(
        visit,
        {k: v for k, v in fields.items() if k in RECOMMENDATION_FIELDS},
        today=timezone.localdate(),
    )
    recommendation = Recommendation(
        visit=visit, created_by=user, status=RecommendationStatus.OPEN, **data
    )
    recommendation.full_clean()
    save_audited(recommendation, user, "create")
    return recommendation


@transaction.atomic
def update_recommendation(
    user: User, recommendation: Recommendation, *, version: int, **fields
) -> Recommendation:
    visit = _locked_visit(recommendation.visit)
    guard_recording(user, visit)
    current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if current.version != version:
        raise EditConflict(
            _("Someone else saved this recommendation while you were editing it."),
            current=current,
        )
    merged = {name: getattr(current, name) for name in RECOMMENDATION_FIELDS}
    merged.update({k: v for k, v in fields.items() if k in RECOMMENDATION_FIELDS})
    # A due date already in the past may stay as it was; a new one must not be past.
    today = timezone.localdate()
    if merged.get("due_date") == current.due_date:
        today = min(today, current.due_date)
    data = _clean_recommendation(visit, merged, today=today)
    for name, value in data.items():
        setattr(current, name, value)
    current.version += 1  # the row is locked (select_for_update): no lost increment
    current.full_clean()
    save_audited(current, user, "update")
    return current


@transaction.atomic
def delete_recommendation(user: User, recommendation: Recommendation) -> None:
    visit = _locked_visit(recommendation.visit)
    guard_recording(user, visit)
    recommendation._history_user = user
    recommendation._change_reason = "delete"
    recommendation.delete()
