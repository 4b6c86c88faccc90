"""Conclusion notices (thông báo kết luận): their sections, review rounds and numbering.

An issued conclusion is final; a correction is a new conclusion that supersedes it. Numbers are
allocated per issuing body and year at issue time from `NumberSequence`, under a row lock, so
concurrent issues get consecutive numbers without gaps or duplicates (see services.issue).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.files import RandomUploadTo
from accounts.models import Organization
from accounts.scope import Scope
from core.text import SearchableQuerySet
from inspections.models import Visit, internal_visits, sees_all_working_material

from .enums import CONCLUSION_OPEN_STATES, ConclusionStatus, PdfStatus, Section, SigningAuthority


class ConclusionQuerySet(SearchableQuerySet, models.QuerySet):
    # The inspected organization and the issuing body (name, short name, code), folded.
    search_fields = ("visit__inspected_organization__search_text", "issuer__search_text")

    def visible_to(self, user) -> "ConclusionQuerySet":
        """The team and oversight at every stage; the inspected organization (and the units
        above it within the user's own subtree) only once issued."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_all_working_material(user):
            return self.all()
        inspected_side = Scope.of(user.organization) if user.organization_id else Scope()
        # Subqueries rather than joins: each conclusion is checked against two small sets.
        inspected = Visit.objects.filter(inspected_side.q("inspected_organization__path"))
        return self.filter(
            Q(visit__in=internal_visits(user))
            | Q(visit__in=inspected.values("pk"), status=ConclusionStatus.ISSUED)
        )


class Conclusion(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="conclusions")
    issuer = models.ForeignKey(
        Organization, verbose_name=_("issuing body"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ConclusionStatus.choices,
        default=ConclusionStatus.DRAFT,
    )
    subject = models.CharField(_("subject"), max_length=500)
    symbol = models.CharField(
        _("symbol"), max_length=40, help_text=_("The part after the number, e.g. TB-TTCP.")
    )
    place = models.CharField(_("place of issue"), max_length=100)
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_title = models.CharField(
        _("signer's position"),
        max_length=200,
        blank=True,
        help_text=_("One or two lines, e.g. PHÓ TỔNG THANH TRA."),
    )
    signing_authority = models.CharField(
        _("signing authority"),
        max_length=3,
        blank=True,
        default=SigningAuthority.HEAD,
        choices=SigningAuthority.choices,
    )
    signing_for = models.CharField(
        _("signs for"),
        max_length=200,
        blank=True,
        default="",
        help_text=_(
            "The body or head in whose name the signer signs, e.g. TỔNG THANH TRA after KT., "
            "ỦY BAN NHÂN DÂN after TM."
        ),
    )
    recipients = models.TextField(
        _("recipients"), blank=True, help_text=_("One recipient per line (Nơi nhận).")
    )
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to=RandomUploadTo("conclusions"), blank=True)
    pdf_status = models.CharField(max_length=8, choices=PdfStatus.choices, default=PdfStatus.NONE)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_error = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(excluded_fields=["pdf_error"])
    objects = ConclusionQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-created_at", "pk"]
        verbose_name = _("conclusion notice")
        verbose_name_plural = _("conclusion notices")
        # The conclusion list, newest issue first (seed_scale/bench measured).
        indexes = [models.Index(fields=["issued_on", "number"], name="conclusion_issued_number")]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "number"],
                condition=Q(number__isnull=False),
                name="conclusion_number_unique_per_issuer_year",
            ),
            models.UniqueConstraint(
                fields=["visit"],
                condition=Q(status__in=CONCLUSION_OPEN_STATES),
                name="one_open_conclusion_per_visit",
            ),
            models.CheckConstraint(
                condition=~Q(status=ConclusionStatus.ISSUED)
                | Q(number__isnull=False, year__isnull=False, issued_on__isnull=False),
                name="issued_conclusion_is_numbered",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or self.subject

    @property
    def reference(self) -> str:
        """Số: 12/TB-TTCP, once issued."""
        # Nghị định 30/2020/NĐ-CP: numbers below 10 are written with a leading zero (Số: 01/…).
        return f"{self.number:02d}/{self.symbol}" if self.number else ""

    @property
    def is_issued(self) -> bool:
        return self.status == ConclusionStatus.ISSUED

    @property
    def signature_lines(self) -> list[str]:
        """The signature block above the seal, in capitals: the authority line (KT. TỔNG THANH
        TRA) when the signer signs for someone, then the signer's title in one or two lines."""
        lines = []
        if self.signing_authority:
            lines.append(f"{self.signing_authority}. {self.signing_for}".strip())
        lines += [line.strip() for line in self.signer_title.splitlines() if line.strip()]
        return [line.upper() for line in lines]


class ConclusionSectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ConclusionSectionQuerySet":
        """Through the conclusion: the inspected side reads the sections of issued notices only
        (Conclusion.visible_to already keeps drafts inside the team)."""
        if sees_all_working_material(user):
            return self.all()
        return self.filter(conclusion__in=Conclusion.objects.visible_to(user).values("pk"))


class InternalToConclusionQuerySet(models.QuerySet):
    """Review rounds and comments are working material of the team and its oversight, at
    every stage, issued or not: never the inspected side's (docs/design.md §5)."""

    conclusion_path = "conclusion"

    def visible_to(self, user):
        if sees_all_working_material(user):
            return self.all()
        return self.filter(**{f"{self.conclusion_path}__visit__in": internal_visits(user)})


class ReviewRoundQuerySet(InternalToConclusionQuerySet):
    conclusion_path = "conclusion"


class ReviewCommentQuerySet(InternalToConclusionQuerySet):
    conclusion_path = "review_round__conclusion"


class ConclusionSection(models.Model):
    """One part of the notice's body, as plain structured text (paragraphs and "- " lists)."""

    conclusion = models.ForeignKey(Conclusion, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=32, choices=Section.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()
    objects = ConclusionSectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conclusion", "key"], name="one_section_per_key")
        ]

    def __str__(self) -> str:
        return self.title


class ReviewRound(models.Model):
    """What the reviewer received at one submission: a snapshot to diff the next round with."""

    conclusion = models.ForeignKey(Conclusion, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    snapshot = models.JSONField(help_text="{section key: text} as submitted")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=16, blank=True)  # returned / approved, once decided

    objects = ReviewRoundQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["conclusion", "number"], name="one_round_number")
        ]

    def __str__(self) -> str:
        return f"{self.conclusion_id}#{self.number}"


class ReviewComment(models.Model):
    """A reviewer's comment on one section (or on the whole notice) in one round."""

    review_round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="comments")
    section_key = models.CharField(max_length=32, blank=True)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class NumberSequence(models.Model):
    """The last number given to a conclusion of one issuing body in one year."""

    issuer = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="one_sequence_per_issuer_year")
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.year}: {self.last_number}"


# --- Consolidated report exports ----------------------------------------------------------------


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"
    PDF = "pdf", "PDF"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


# Jobs that a worker has yet to finish (the page keeps polling them).
EXPORT_PENDING_STATES = frozenset({ExportStatus.QUEUED, ExportStatus.RUNNING})


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ExportJobQuerySet":
        """An export is its owner's alone: it may hold what nobody else may see."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(owner_id=user.pk)


class ExportJob(models.Model):
    """A consolidated report built by a Celery worker because it is too big for a request.

    The filters are stored as given; visibility is applied again, as the owner, when the worker
    runs. The file is deleted `EXPORT_KEEP_HOURS` after it is ready (`services.delete_expired`).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    format = models.CharField(_("format"), max_length=8, choices=ExportFormat.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    language = models.CharField(max_length=8, default="vi")
    status = models.CharField(
        _("status"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file = models.FileField(upload_to=RandomUploadTo("exports"), blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="export_owner_created"),
            models.Index(fields=["expires_at"], name="export_expires"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="export_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status in EXPORT_PENDING_STATES

    @property
    def is_ready(self) -> bool:
        return self.status == ExportStatus.READY and bool(self.file)
