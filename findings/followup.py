"""Services of the follow-up stage: remediation reports, their acceptance, closing the visit.

Like services.py, one function per action, each checking who may act and the current state.
An addressee reports on a recommendation addressed to its organization (or a unit under the
user's organization) once the conclusion is issued; the team accepts (→ done) or rejects with a
reason (→ open again, and the addressee is told why). When every recommendation of the visit is
done or cancelled, the visit closes.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import save_audited
from accounts.models import User
from accounts.services import notify
from core.errors import NotAllowed, TransitionNotAllowed
from inspections import services as planning

from . import rules
from .enums import VISIT_PUBLISHED_STATES, RecommendationStatus
from .models import Evidence, Recommendation, RemediationReport, ReportStatus
from .uploads import check_upload, make_thumbnail


def is_addressee(user: User, recommendation: Recommendation) -> bool:
    organization = user.organization
    return organization is not None and recommendation.addressee.path.startswith(organization.path)


def _locked(recommendation: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update(of=("self",))
        .select_related("visit__team", "visit__inspected_organization", "addressee")
        .get(pk=recommendation.pk)
    )


def _addressee_users(recommendation: Recommendation, report: RemediationReport | None = None):
    """The addressee's people, and whoever submitted the report (possibly a unit above)."""
    condition = Q(organization=recommendation.addressee)
    if report is not None:
        condition |= Q(pk=report.submitted_by_id)
    return User.objects.filter(condition, is_active=True)


def _link(recommendation: Recommendation) -> str:
    return reverse("findings:recommendation_detail", args=[recommendation.pk])


@transaction.atomic
def submit_report(
    user: User, recommendation: Recommendation, *, text: str, files=()
) -> RemediationReport:
    recommendation = _locked(recommendation)
    if not is_addressee(user, recommendation):
        raise NotAllowed(_("Only the addressee reports on this recommendation."))
    if recommendation.visit.status not in VISIT_PUBLISHED_STATES:
        raise TransitionNotAllowed(_("The conclusion has not been issued yet."))
    if recommendation.status != RecommendationStatus.OPEN:
        raise TransitionNotAllowed(
            _("The recommendation is %(status)s: no report is expected now.")
            % {"status": recommendation.get_status_display().lower()}
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Describe what was done.")})
    checked = [(upload, check_upload(upload)) for upload in files]  # refuse before writing
    report = RemediationReport(recommendation=recommendation, text=text, submitted_by=user)
    save_audited(report, user, "submit")
    for upload, info in checked:
        evidence = Evidence(
            report=report,
            original_name=info.original_name,
            content_type=info.content_type,
            size=info.size,
            sha256=info.sha256,
            uploaded_by=user,
        )
        evidence.file.save("upload", upload, save=False)
        if info.is_image:
            evidence.thumbnail.save("thumb.jpg", make_thumbnail(upload), save=False)
        save_audited(evidence, user, "upload")
    recommendation.status = RecommendationStatus.REPORTED
    save_audited(recommendation, user, "reported", ["status"])
    planning.mark_following_up(user, recommendation.visit)
    notify(
        _team_deciders(recommendation),
        title=_("%(organization)s reported on a recommendation")
        % {"organization": recommendation.addressee.name},
        body=recommendation.action[:300],
        url=_link(recommendation),
    )
    return report


def _team_deciders(recommendation: Recommendation):
    return User.objects.filter(
        is_active=True, team_memberships__team=recommendation.visit.team
    ).distinct()


def _locked_report(report: RemediationReport) -> RemediationReport:
    return (
        RemediationReport.objects.select_for_update(of=("self",))
        .select_related("recommendation__visit__team")
        .get(pk=report.pk)
    )


def _guard_decision(user: User, report: RemediationReport) -> None:
    if report.status != ReportStatus.SUBMITTED:
        raise TransitionNotAllowed(_("This report was already decided."))
    if not rules.is_on_team(user, report.recommendation.visit):
        raise NotAllowed(_("Only members of the visit's team decide on reports."))


@transaction.atomic
def accept_report(user: User, report: RemediationReport) -> RemediationReport:
    report = _locked_report(report)
    _guard_decision(user, report)
    recommendation = _locked(report.recommendation)
    report.status = ReportStatus.ACCEPTED
    report.decided_by, report.decided_at = user, timezone.now()
    save_audited(report, user, "accept", ["status", "decided_by", "decided_at"])
    recommendation.status = RecommendationStatus.DONE
    save_audited(recommendation, user, "done", ["status"])
    notify(
        _addressee_users(recommendation, report),
        title=_("Your report was accepted: the recommendation is done."),
        body=recommendation.action[:300],
        url=_link(recommendation),
    )
    close_visit_if_finished(user, recommendation.visit)
    return report


@transaction.atomic
def reject_report(user: User, report: RemediationReport, *, reason: str) -> RemediationReport:
    report = _locked_report(report)
    _guard_decision(user, report)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is rejected.")})
    recommendation = _locked(report.recommendation)
    report.status = ReportStatus.REJECTED
    report.rejection_reason = reason
    report.decided_by, report.decided_at = user, timezone.now()
    save_audited(report, user, "reject", ["status", "rejection_reason", "decided_by", "decided_at"])
    recommendation.status = RecommendationStatus.OPEN
    save_audited(recommendation, user, "reopened", ["status"])
    notify(
        _addressee_users(recommendation, report),
        title=_("Your report was rejected: %(reason)s") % {"reason": reason[:200]},
        body=recommendation.action[:300],
        url=_link(recommendation),
    )
    return report


@transaction.atomic
def cancel_recommendation(
    user: User, recommendation: Recommendation, *, reason: str
) -> Recommendation:
    recommendation = _locked(recommendation)
    if recommendation.status in {RecommendationStatus.DONE, RecommendationStatus.CANCELLED}:
        raise TransitionNotAllowed(_("This recommendation is already finished."))
    if not rules.is_team_leader(user, recommendation.visit):
        raise NotAllowed(_("Only the team's head or deputy cancels a recommendation."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the recommendation is cancelled.")})
    recommendation.status = RecommendationStatus.CANCELLED
    recommendation.cancel_reason = reason
    save_audited(recommendation, user, "cancel", ["status", "cancel_reason"])
    if recommendation.visit.status in VISIT_PUBLISHED_STATES:
        close_visit_if_finished(user, recommendation.visit)
    return recommendation


def close_visit_if_finished(user: User, visit) -> bool:
    pending = visit.recommendations.exclude(
        status__in=[RecommendationStatus.DONE, RecommendationStatus.CANCELLED]
    )
    if pending.exists() or visit.status not in VISIT_PUBLISHED_STATES:
        return False
    if visit.status != "closed":
        planning.mark_closed(user, visit)
    return True
