"""Planning data: legal documents, content areas, plans, teams and visits.

Each model's queryset has `visible_to(user)`, the one place that decides who sees it
(docs/design.md §5). Writes and state changes live in `services.py`.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q, Subquery, Value
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.files import RandomUploadTo
from accounts.models import Organization
from accounts.scope import NOTHING, Scope
from core.memo import remembered
from core.text import FoldedSearchText, SearchableQuerySet, fold

from .enums import DocumentKind, PlanStatus, TeamRole, VisitKind, VisitStatus

# "26/CT-TTg", "968/CĐ-TTg", "94/QĐ-UBND.TL", "39/2022/NĐ-CP", "11/2022/QH15": a number, an
# optional year, then a symbol with at least one letter (Nghị định 30/2020/NĐ-CP, Điều 15).
DOCUMENT_NUMBER_PATTERN = r"^\d{1,6}(/\d{4})?/[0-9A-Za-zĐđ.&-]*[A-Za-zĐđ][0-9A-Za-zĐđ.&-]*$"
document_number_validator = RegexValidator(
    DOCUMENT_NUMBER_PATTERN,
    _("Enter a number and symbol such as 26/CT-TTg or 39/2022/NĐ-CP."),
)


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _working_links(user) -> tuple[list[int], list[int], list[int], list[int]]:
    """The teams and plans whose visits `user` works on or oversees, one or two small queries:
    (teams the user sits on, plans the user wrote, teams formed within the user's oversight,
    plans issued within it).

    Lists of ids, not joins or subqueries: the visibility condition becomes `team_id IN (…) OR
    plan_id IN (…)` on the visits themselves (two indexes), and an empty list drops its branch,
    so the planner never has to guess how many rows a subquery keeps (it once guessed half of a
    million-row table for an inspected unit that sits on no team, and walked it all).
    Read once per request (core.memo); outside a request, at every call.
    """
    return remembered(("working links", user.pk), lambda: _read_working_links(user))


def _read_working_links(user) -> tuple[list[int], list[int], list[int], list[int]]:
    teams = TeamMember.objects.filter(user_id=user.pk).values_list("team_id", Value(0))
    plans = InspectionPlan.objects.filter(created_by_id=user.pk).values_list(Value(0), "pk")
    member_teams, created_plans = set(), set()
    for team_id, plan_id in teams.order_by().union(plans.order_by(), all=True):
        if plan_id:
            created_plans.add(plan_id)
        else:
            member_teams.add(team_id)
    overseen_teams, overseen_plans = set(), set()
    oversight = user.oversight_scope
    if oversight.paths and not oversight.everything:
        teams = Team.objects.filter(oversight.q("organization__path")).values_list("pk", Value(0))
        plans = InspectionPlan.objects.filter(oversight.q("issuer__path")).values_list(
            Value(0), "pk"
        )
        for team_id, plan_id in teams.order_by().union(plans.order_by(), all=True):
            if plan_id:
                overseen_plans.add(plan_id)
            else:
                overseen_teams.add(team_id)
    return (
        sorted(member_teams),
        sorted(created_plans),
        sorted(overseen_teams),
        sorted(overseen_plans),
    )


def member_team_ids(user) -> list[int]:
    """Ids of the teams the user sits on."""
    return _working_links(user)[0]


def created_plan_ids(user) -> list[int]:
    """Ids of the plans the user created."""
    return _working_links(user)[1]


class ContentAreaQuerySet(SearchableQuerySet, models.QuerySet):
    # Short title and title, folded.
    search_fields = ("search_text",)


class ContentArea(FoldedSearchText, models.Model):
    """One of the five state-management content areas of the TTCP thematic plan (fixed data)."""

    search_sources = ("short_title", "title")

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short_title = models.CharField(_("short title"), max_length=120)
    title = models.TextField(_("title"))
    # Folded short title and title for accent-insensitive search (core.text.fold).
    search_text = models.TextField(editable=False, default="")

    objects = ContentAreaQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("content area")
        verbose_name_plural = _("content areas")

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"


class CriterionQuerySet(SearchableQuerySet, models.QuerySet):
    # Title and how to check, folded.
    search_fields = ("search_text",)


class Criterion(FoldedSearchText, models.Model):
    """A checklist item (tiêu chí) under a content area; data that administrators edit."""

    search_sources = ("title", "guidance")

    content_area = models.ForeignKey(
        ContentArea,
        verbose_name=_("content area"),
        on_delete=models.PROTECT,
        related_name="criteria",
    )
    title = models.CharField(_("title"), max_length=500)
    guidance = models.TextField(_("how to check"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # Folded title and guidance for accent-insensitive search (core.text.fold).
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = CriterionQuerySet.as_manager()

    class Meta:
        ordering = ["content_area__number", "order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["content_area", "title"], name="criterion_title_unique_per_area"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LegalDocumentQuerySet(SearchableQuerySet, models.QuerySet):
    # Number and title, folded.
    search_fields = ("search_text",)

    def visible_to(self, user) -> "LegalDocumentQuerySet":
        """Legal bases are public administrative documents: every signed-in user sees them."""
        return self.all() if _active(user) else self.none()


class LegalDocument(models.Model):
    """A directive, dispatch, plan, decision, law, decree or notice cited as a legal basis."""

    number = models.CharField(
        _("number and symbol"), max_length=64, validators=[document_number_validator]
    )
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    issuer = models.ForeignKey(
        Organization, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("date of issue"))
    title = models.TextField(_("title"))
    file = models.FileField(_("file"), upload_to=RandomUploadTo("legal"), blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
    )
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords()
    objects = LegalDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        constraints = [
            # Numbers restart every year (26/CT-TTg of 2016 and of 2023 are two directives).
            models.UniqueConstraint(
                "issuer",
                "number",
                ExtractYear("issued_on"),
                name="legal_document_number_unique_per_issuer_year",
                violation_error_message=_(
                    "This issuer already has a document with this number in that year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.number} {self.title}")
        super().save(*args, **kwargs)


class PlanQuerySet(SearchableQuerySet, models.QuerySet):
    # Number, title and theme, folded.
    search_fields = ("search_text",)

    def visible_to(self, user) -> "PlanQuerySet":
        """Plans organized within the user's oversight, or of a team the user sits on.

        Inspected units do not see plans: a plan's target list would reveal surprise visits.
        """
        if not _active(user):
            return self.none()
        return self.filter(
            user.oversight_scope.q("issuer__path")
            | Q(created_by_id=user.pk)
            | Q(pk__in=Subquery(Team.objects.filter(pk__in=member_team_ids(user)).values("plan")))
        )


class InspectionPlan(FoldedSearchText, models.Model):
    """An annual or thematic inspection plan issued by an organization."""

    search_sources = ("code", "title", "theme")

    # What a planner fills in (the page form and the API input share this list).
    EDITABLE_FIELDS = (
        "code",
        "title",
        "issuer",
        "issued_on",
        "year",
        "starts_on",
        "ends_on",
        "is_thematic",
        "theme",
        "legal_bases",
        "purposes",
        "requirements",
        "review_period_start",
        "review_period_end",
        "content_areas",
        "targets",
    )

    code = models.CharField(
        _("number and symbol"), max_length=64, validators=[document_number_validator]
    )
    title = models.CharField(_("title"), max_length=500)
    issuer = models.ForeignKey(
        Organization, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="plans"
    )
    issued_on = models.DateField(_("date of issue"))
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_thematic = models.BooleanField(_("thematic plan"), default=False)
    theme = models.CharField(_("theme"), max_length=500, blank=True)
    legal_bases = models.ManyToManyField(
        LegalDocument, verbose_name=_("legal bases"), related_name="plans", blank=True
    )
    purposes = models.TextField(_("purposes"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    review_period_start = models.DateField(_("period under review from"), null=True, blank=True)
    review_period_end = models.DateField(_("period under review to"), null=True, blank=True)
    content_areas = models.ManyToManyField(
        ContentArea, verbose_name=_("content areas in scope"), related_name="plans"
    )
    targets = models.ManyToManyField(
        Organization, verbose_name=_("organizations to inspect"), related_name="targeted_by"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Folded number, title and theme for accent-insensitive search (core.text.fold).
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-issued_on", "pk"]
        verbose_name = _("inspection plan")
        verbose_name_plural = _("inspection plans")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "code"],
                name="plan_code_unique_per_issuer",
                violation_error_message=_("This issuer already has a plan with this number."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="plan_ends_after_start",
                violation_error_message=_("The plan cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(review_period_start__isnull=True)
                | Q(review_period_end__isnull=True)
                | Q(review_period_end__gte=models.F("review_period_start")),
                name="plan_review_period_ordered",
                violation_error_message=_("The period under review cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class TeamQuerySet(SearchableQuerySet, models.QuerySet):
    # Name and decision number, folded.
    search_fields = ("search_text",)

    def visible_to(self, user) -> "TeamQuerySet":
        if not _active(user):
            return self.none()
        oversight = user.oversight_scope
        return self.filter(
            oversight.q("organization__path")
            | oversight.q("plan__issuer__path")
            | Q(created_by_id=user.pk)
            | Q(pk__in=member_team_ids(user))
        )


class Team(FoldedSearchText, models.Model):
    """An inspection team (đoàn / tổ kiểm tra) formed by a decision."""

    search_sources = ("name", "decision_number")

    name = models.CharField(_("name"), max_length=255)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("formed by"),
        on_delete=models.PROTECT,
        related_name="teams",
    )
    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
    )
    decision_number = models.CharField(
        _("decision number"), max_length=64, validators=[document_number_validator]
    )
    decision_date = models.DateField(_("decision date"))
    decision_signer = models.CharField(_("signed by"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Folded name and decision number for accent-insensitive search (core.text.fold).
    search_text = models.TextField(editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "pk"]
        verbose_name = _("inspection team")
        verbose_name_plural = _("inspection teams")

    def __str__(self) -> str:
        return self.name


class TeamMemberQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TeamMemberQuerySet":
        """Through the team: whoever sees the team sees who is on it."""
        return self.filter(team__in=Team.objects.visible_to(user).values("pk"))


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="team_memberships",
    )
    role = models.CharField(_("role in the team"), max_length=16, choices=TeamRole.choices)
    home_organization = models.ForeignKey(
        Organization,
        verbose_name=_("home organization"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Where the member works; may differ from the organization forming the team."),
    )

    history = HistoricalRecords()
    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["team", "role", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"],
                name="team_member_once",
                violation_error_message=_("This person is already on the team."),
            ),
            models.UniqueConstraint(
                fields=["team"],
                condition=Q(role=TeamRole.HEAD),
                name="team_one_head",
                violation_error_message=_("A team has exactly one head."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


def internal_q(user, prefix: str = "") -> Q:
    """The condition of `VisitQuerySet.internal_to`, on visits reached through `prefix`
    ("visit__" from a finding), so reports can filter large tables without a subquery."""
    if not _active(user):
        return Q(pk__in=[])
    if user.oversight_scope.everything:
        return Q()
    member_teams, created_plans, overseen_teams, overseen_plans = _working_links(user)
    return Q(**{f"{prefix}team_id__in": sorted({*member_teams, *overseen_teams})}) | Q(
        **{f"{prefix}plan_id__in": sorted({*created_plans, *overseen_plans})}
    )


def sees_all_working_material(user) -> bool:
    """National oversight: every visit's working material. Querysets then skip the visibility
    filter altogether (an `IN (SELECT id FROM every visit)` costs a scan on large tables)."""
    return _active(user) and user.oversight_scope.everything


def internal_visits(user):
    """Subquery of the ids of visits whose working material `user` sees (for `visit__in`)."""
    return Visit.objects.internal_to(user).values("pk")


class VisitQuerySet(SearchableQuerySet, models.QuerySet):
    # The inspected organization's name, short name and code (what the visit list searches).
    search_fields = ("inspected_organization__search_text",)

    def visible_to(self, user) -> "VisitQuerySet":
        """Who sees a visit (docs/design.md §5).

        - the team, and those with oversight of the organizer, see it from the start;
        - the inspected organization (and its subtree) sees it once it is announced: a surprise
          visit only after it has actually started.
        """
        if not _active(user):
            return self.none()
        if sees_all_working_material(user):
            return self.all()
        inspected_side = Scope.of(user.organization) if user.organization_id else NOTHING
        announced = ~Q(kind=VisitKind.SURPRISE) | Q(actual_start__isnull=False)
        # Conditions on the visit's own columns (team, plan, inspected organization): the
        # planner can combine their indexes instead of joining every visit to its organization.
        inspected = Organization.objects.filter(inspected_side.q()).values("pk")
        return self.filter(internal_q(user) | (Q(inspected_organization__in=inspected) & announced))

    def internal_to(self, user) -> "VisitQuerySet":
        """Visits whose working material (drafts, findings) the user may see: the team, the
        plan's author and those with oversight of the organizer — never the inspected side."""
        return self.filter(internal_q(user))

    def for_member(self, user) -> "VisitQuerySet":
        return self.filter(team_id__in=member_team_ids(user))


class Visit(models.Model):
    """One inspection of one organization (cuộc kiểm tra)."""

    plan = models.ForeignKey(
        InspectionPlan,
        verbose_name=_("plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="visits"
    )
    inspected_organization = models.ForeignKey(
        Organization,
        verbose_name=_("inspected organization"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    kind = models.CharField(_("kind of visit"), max_length=16, choices=VisitKind.choices)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateTimeField(_("actual start"), null=True, blank=True)
    actual_end = models.DateTimeField(_("end of field work"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["planned_start", "pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            models.Index(fields=["status", "planned_start"], name="visit_status_start"),
            # Lists and exports in date order; dashboard periods (seed_scale/bench measured).
            models.Index(fields=["planned_start", "id"], name="visit_planned_start"),
            # "My visits" on the overview: visits not yet concluded, in date order (a small
            # part of all; the load test's overview).
            models.Index(
                fields=["planned_start", "id"],
                condition=Q(
                    status__in=[VisitStatus.PLANNED, VisitStatus.IN_PROGRESS, VisitStatus.REPORTING]
                ),
                name="visit_open_by_start",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=models.F("planned_start")),
                name="visit_planned_end_after_start",
                violation_error_message=_("The visit cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status=VisitStatus.CANCELLED) | ~Q(cancel_reason=""),
                name="visit_cancel_needs_reason",
                violation_error_message=_("A cancelled visit needs a reason."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=False, actual_end__gte=models.F("actual_start")),
                name="visit_actual_end_after_start",
                violation_error_message=_("Field work cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.inspected_organization}"

    @property
    def is_secret(self) -> bool:
        """A surprise visit stays hidden from the inspected side until it starts."""
        return self.kind == VisitKind.SURPRISE and self.actual_start is None
