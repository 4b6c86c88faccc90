"""What a visit found: checklist results, findings, evidence and recommendations.

Drafts stay inside the team (docs/design.md §5): findings are visible only to those who see the
visit's working material (`Visit.objects.internal_to`). Recommendations also reach their
addressee once the visit's conclusion is issued (the visit is then concluded or later).
Writes live in `services.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.files import RandomUploadTo
from accounts.models import Organization
from accounts.scope import Scope
from core.text import FoldedSearchText, SearchableQuerySet, fold
from inspections.models import (
    ContentArea,
    Criterion,
    Visit,
    internal_visits,
    sees_all_working_material,
)

from .enums import (
    RECOMMENDATION_PENDING_STATES,
    VISIT_PUBLISHED_STATES,
    CheckResult,
    FindingKind,
    RecommendationKind,
    RecommendationStatus,
    Severity,
)


class CriterionCheckQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CriterionCheckQuerySet":
        """The checklist is working material: the team and its oversight, never the inspected
        side."""
        if sees_all_working_material(user):
            return self.all()
        return self.filter(visit__in=internal_visits(user))


class CriterionCheck(models.Model):
    """The team's answer to one criterion of the checklist during one visit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="criterion_checks")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("result"), max_length=16, choices=CheckResult.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = CriterionCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist result")
        verbose_name_plural = _("checklist results")
        constraints = [
            models.UniqueConstraint(fields=["visit", "criterion"], name="one_check_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_result_display()}"


class FindingQuerySet(SearchableQuerySet, models.QuerySet):
    # Title and description, and the inspected organization (the finding library's search).
    search_fields = ("search_text", "visit__inspected_organization__search_text")

    def visible_to(self, user) -> "FindingQuerySet":
        """Only the team and those with oversight of the organizer: never the inspected side."""
        if sees_all_working_material(user):
            return self.all()
        return self.filter(visit__in=internal_visits(user))


class Finding(models.Model):
    """Kết quả kiểm tra: a good practice, a shortcoming or a violation found during a visit."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="findings")
    content_area = models.ForeignKey(
        ContentArea, verbose_name=_("content area"), on_delete=models.PROTECT, related_name="+"
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FindingKind.choices)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    cause = models.TextField(_("cause"), blank=True)
    responsible_organization = models.ForeignKey(
        Organization,
        verbose_name=_("responsible organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    responsible_person = models.CharField(_("responsible person"), max_length=150, blank=True)
    responsible_position = models.CharField(_("their position"), max_length=150, blank=True)
    legal_reference = models.CharField(_("legal reference"), max_length=300, blank=True)
    replicate_nationwide = models.BooleanField(_("replicate nationwide"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1)
    # Folded title and description for accent-insensitive search (core.text.fold).
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["content_area__number", "recorded_at", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        indexes = [
            models.Index(fields=["visit", "content_area"], name="finding_visit_area"),
            # The API's default order, newest first (bench: findings list endpoint).
            models.Index(fields=["recorded_at", "id"], name="finding_recorded"),
            # The good-practice library: the few findings flagged for replication.
            models.Index(
                fields=["visit", "id"],
                condition=Q(kind=FindingKind.GOOD_PRACTICE, replicate_nationwide=True),
                name="finding_replicable",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=FindingKind.VIOLATION, severity__in=Severity.values)
                | (~Q(kind=FindingKind.VIOLATION) & Q(severity="")),
                name="finding_severity_only_for_violations",
                violation_error_message=_("Only a violation has a severity, and it must have one."),
            ),
            models.CheckConstraint(
                condition=Q(replicate_nationwide=False) | Q(kind=FindingKind.GOOD_PRACTICE),
                name="finding_replicate_only_good_practice",
                violation_error_message=_("Only a good practice can be replicated nationwide."),
            ),
            models.CheckConstraint(condition=~Q(title=""), name="finding_title_not_empty"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.title} {self.description}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "description"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)


class EvidenceQuerySet(SearchableQuerySet, models.QuerySet):
    # File name and caption, folded.
    search_fields = ("search_text",)

    def visible_to(self, user) -> "EvidenceQuerySet":
        """Evidence of findings: the team and oversight. Evidence of a remediation report:
        also the addressee side that may see the report's recommendation."""
        if sees_all_working_material(user):
            return self.all()
        return self.filter(
            Q(finding__visit__in=internal_visits(user))
            | Q(report__recommendation__in=Recommendation.objects.visible_to(user).values("pk"))
        )

    def present(self) -> "EvidenceQuerySet":
        return self.filter(removed_at__isnull=True)


class Evidence(FoldedSearchText, models.Model):
    """Minh chứng: a file attached to a finding, stored under a random name.

    Files are never served from a public media URL; `views.evidence_download` checks who may
    see the finding first. Removal keeps the row (who, when, why): it is never silent.
    """

    search_sources = ("original_name", "caption")

    finding = models.ForeignKey(
        Finding, on_delete=models.PROTECT, related_name="evidence", null=True, blank=True
    )
    report = models.ForeignKey(
        "RemediationReport",
        on_delete=models.PROTECT,
        related_name="evidence",
        null=True,
        blank=True,
    )
    file = models.FileField(upload_to=RandomUploadTo("evidence"))
    thumbnail = models.FileField(upload_to=RandomUploadTo("thumbnails"), blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    removal_reason = models.CharField(_("reason for removal"), max_length=300, blank=True)
    # Folded file name and caption for accent-insensitive search (core.text.fold).
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(finding__isnull=False, report__isnull=True)
                | Q(finding__isnull=True, report__isnull=False),
                name="evidence_belongs_to_a_finding_or_a_report",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class RecommendationQuerySet(SearchableQuerySet, models.QuerySet):
    # What must be done, and the addressee's name. Not the finding: the addressee side sees
    # recommendations, never the finding behind them.
    search_fields = ("search_text", "addressee__search_text")

    def visible_to(self, user) -> "RecommendationQuerySet":
        """The team and oversight always; the addressee (and the units above it in its own
        subtree) once the visit's conclusion has been issued."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_all_working_material(user):
            return self.all()
        addressee_side = Scope.of(user.organization) if user.organization_id else Scope()
        # Subqueries rather than joins: the recommendations table is read once, each row
        # checked against three small hashed sets (a third faster at national scale).
        published = Visit.objects.filter(status__in=VISIT_PUBLISHED_STATES).values("pk")
        return self.filter(
            Q(visit__in=internal_visits(user))
            | Q(addressee__in=Organization.objects.filter(addressee_side.q()).values("pk"))
            & Q(visit__in=published)
        )

    def with_overdue(self, today=None) -> "RecommendationQuerySet":
        """Annotate `is_overdue`, derived from the due date and status (never stored)."""
        today = today or timezone.localdate()
        return self.annotate(
            is_overdue=Case(
                When(
                    status__in=RECOMMENDATION_PENDING_STATES, due_date__lt=today, then=Value(True)
                ),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def overdue(self, today=None) -> "RecommendationQuerySet":
        today = today or timezone.localdate()
        return self.filter(status__in=RECOMMENDATION_PENDING_STATES, due_date__lt=today)


class Recommendation(FoldedSearchText, models.Model):
    """Kiến nghị: what an addressee must do, by a due date."""

    search_sources = ("action",)

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="recommendations")
    finding = models.ForeignKey(
        Finding,
        verbose_name=_("finding"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    addressee = models.ForeignKey(
        Organization, verbose_name=_("addressee"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=RecommendationKind.choices)
    action = models.TextField(_("what must be done"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
    )
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    # Folded action for accent-insensitive search (core.text.fold).
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        indexes = [
            models.Index(fields=["status", "due_date"], name="recommendation_status_due"),
            # The tracker and the API list in due-date order (seed_scale/bench measured).
            models.Index(fields=["due_date", "id"], name="recommendation_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(action=""), name="recommendation_action_needed"),
        ]

    def __str__(self) -> str:
        return self.action[:80]


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting the team's decision")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class RemediationReportQuerySet(SearchableQuerySet, models.QuerySet):
    # Through its recommendation: what must be done, and the addressee's name.
    search_fields = ("recommendation__search_text", "recommendation__addressee__search_text")

    def visible_to(self, user) -> "RemediationReportQuerySet":
        return self.filter(recommendation__in=Recommendation.objects.visible_to(user).values("pk"))


class RemediationReport(models.Model):
    """Báo cáo khắc phục: the addressee's account of what it did, accepted or rejected."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="reports"
    )
    text = models.TextField(_("what was done"))
    status = models.CharField(
        _("status"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    history = HistoricalRecords()
    objects = RemediationReportQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("remediation report")
        verbose_name_plural = _("remediation reports")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.REJECTED) | ~Q(rejection_reason=""),
                name="rejected_report_has_reason",
            ),
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=Q(status=ReportStatus.SUBMITTED),
                name="one_pending_report_per_recommendation",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]
