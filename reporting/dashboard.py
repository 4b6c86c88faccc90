"""Consolidated figures over what a user may see, with the dashboard's filters.

Every figure is one aggregate query on the table it counts, filtered by a Q built from the
filters and the user's visibility (`inspections.models.internal_q`), so it stays one indexed
query at national scale (no per-row work, no IN over a million ids).
"""

import datetime
import hashlib
import json
import logging
from dataclasses import asdict, dataclass

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.enums import OrganizationKind
from accounts.models import Organization
from findings.enums import (
    RECOMMENDATION_PENDING_STATES,
    FindingKind,
    RecommendationStatus,
    Severity,
)
from findings.models import Finding, Recommendation
from inspections.enums import VisitKind, VisitStatus
from inspections.models import ContentArea, InspectionPlan, Visit, internal_q

from .enums import ConclusionStatus
from .models import Conclusion

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportFilters:
    year: int | None = None
    quarter: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    plan: int | None = None
    organization: int | None = None
    organization_kind: str | None = None
    visit_kind: str | None = None
    content_area: int | None = None

    def as_dict(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value not in (None, "")}


class ReportFilterForm(forms.Form):
    """The dashboard's filters. Invalid values give form errors (400), never a 500."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All")), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    plan = forms.IntegerField(
        label=_("Plan (id)"), required=False, min_value=1, widget=forms.HiddenInput
    )
    organization = forms.ModelChoiceField(
        label=_("Organization and its units"),
        required=False,
        queryset=Organization.objects.none(),
    )
    organization_kind = forms.ChoiceField(
        label=_("Kind of organization"),
        required=False,
        choices=[("", _("All")), *OrganizationKind.choices],
    )
    visit_kind = forms.ChoiceField(
        label=_("Kind of visit"), required=False, choices=[("", _("All")), *VisitKind.choices]
    )
    content_area = forms.ModelChoiceField(
        label=_("Content area"), required=False, queryset=ContentArea.objects.all()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only organizations the user may see: a filter on another branch is simply invalid.
        self.fields["organization"].queryset = Organization.objects.visible_to(user).filter(
            kind__in=[
                OrganizationKind.PROVINCE,
                OrganizationKind.MINISTRY,
                OrganizationKind.DISTRICT,
                OrganizationKind.INSPECTORATE,
                OrganizationKind.DEPARTMENT,
            ]
        ) | Organization.objects.visible_to(user).filter(depth__lte=2)
        self.fields["organization"].queryset = self.fields["organization"].queryset.alphabetical()

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("date_from")
            and cleaned.get("date_to")
            and (cleaned["date_to"] < cleaned["date_from"])
        ):
            self.add_error("date_to", _("The end of the period cannot precede its start."))
        return cleaned

    def filters(self) -> ReportFilters:
        data = self.cleaned_data
        return ReportFilters(
            year=data.get("year"),
            quarter=data.get("quarter"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            plan=data.get("plan"),
            organization=data["organization"].pk if data.get("organization") else None,
            organization_kind=data.get("organization_kind") or None,
            visit_kind=data.get("visit_kind") or None,
            content_area=data["content_area"].pk if data.get("content_area") else None,
        )


def visit_q(user, filters: ReportFilters, prefix: str = "") -> Q:
    """Visibility and filters as one condition on visits reached through `prefix`."""
    q = internal_q(user, prefix)
    p = prefix
    if filters.year:
        q &= Q(**{f"{p}planned_start__year": filters.year})
        if filters.quarter:
            first_month = 3 * (filters.quarter - 1) + 1
            q &= Q(
                **{
                    f"{p}planned_start__month__gte": first_month,
                    f"{p}planned_start__month__lte": first_month + 2,
                }
            )
    if filters.date_from:
        q &= Q(**{f"{p}planned_start__gte": filters.date_from})
    if filters.date_to:
        q &= Q(**{f"{p}planned_start__lte": filters.date_to})
    if filters.plan:
        q &= Q(**{f"{p}plan_id": filters.plan})
    if filters.organization:
        root = Organization.objects.filter(pk=filters.organization).only("path").first()
        q &= (
            Q(**{f"{p}inspected_organization__path__startswith": root.path})
            if root
            else Q(pk__in=[])
        )
    if filters.organization_kind:
        q &= Q(**{f"{p}inspected_organization__kind": filters.organization_kind})
    if filters.visit_kind:
        q &= Q(**{f"{p}kind": filters.visit_kind})
    return q


def _area_q(filters: ReportFilters, prefix: str = "") -> Q:
    return Q(**{f"{prefix}content_area_id": filters.content_area}) if filters.content_area else Q()


def kept_figures(name: str, user, parts, compute) -> tuple[object, datetime.datetime]:
    """`compute()` and the moment it ran, kept REPORT_CACHE_SECONDS per figure name, user,
    `parts` (e.g. the filters), language and day. Aggregates over hundreds of thousands of rows
    are asked for again and again (the dashboard, the overview's counters), and they cost far
    more than a page may; the pages say how fresh their figures are. A cache that does not
    answer only costs the computation."""
    seconds = settings.REPORT_CACHE_SECONDS
    if seconds <= 0:
        return compute(), timezone.now()
    identity = json.dumps(
        [name, user.pk, translation.get_language(), str(timezone.localdate()), parts],
        default=str,
        sort_keys=True,
    )
    # The version changes with the shape of what is kept (a deploy never reads old shapes).
    key = "figures:v1:" + hashlib.sha256(identity.encode()).hexdigest()
    try:
        kept = cache.get(key)
    except Exception:  # Redis restarting, say
        logger.warning("figure cache unavailable", exc_info=True)
        kept = None
    if kept is None:
        kept = (compute(), timezone.now())
        try:
            cache.set(key, kept, seconds)
        except Exception:
            logger.warning("figure cache unavailable", exc_info=True)
    return kept


def cached_summary(user, filters: ReportFilters) -> tuple[dict, datetime.datetime]:
    """`summary` as kept figures (the dashboard page and its API; exports compute anew)."""
    return kept_figures("summary", user, filters.as_dict(), lambda: summary(user, filters))


def summary(user, filters: ReportFilters, *, today: datetime.date | None = None) -> dict:
    """All the dashboard's figures (plain data: the page, the API, the exports use it)."""
    today = today or timezone.localdate()
    visits = Visit.objects.filter(visit_q(user, filters))
    findings = Finding.objects.filter(visit_q(user, filters, "visit__") & _area_q(filters))
    recommendations = Recommendation.objects.filter(
        visit_q(user, filters, "visit__")
        & (_area_q(filters, "finding__") if filters.content_area else Q())
    )
    kind_labels, status_labels = dict(VisitKind.choices), dict(VisitStatus.choices)
    visit_rows = list(visits.order_by().values("kind", "status").annotate(n=Count("pk")))
    by_kind = {kind: {status: 0 for status in VisitStatus.values} for kind in VisitKind.values}
    for row in visit_rows:
        by_kind[row["kind"]][row["status"]] = row["n"]

    org_labels = dict(OrganizationKind.choices)
    organizations = [
        {
            "kind": row["inspected_organization__kind"],
            "label": str(org_labels.get(row["inspected_organization__kind"], "")),
            "count": row["n"],
        }
        for row in visits.order_by()
        .values("inspected_organization__kind")
        .annotate(n=Count("inspected_organization", distinct=True))
        .order_by("-n")
    ]

    areas = list(ContentArea.objects.all())
    area_table = {area.number: {kind: 0 for kind in FindingKind.values} for area in areas}
    for row in findings.order_by().values("content_area__number", "kind").annotate(n=Count("pk")):
        area_table[row["content_area__number"]][row["kind"]] = row["n"]
    severity = {value: 0 for value in Severity.values}
    for row in (
        findings.filter(kind=FindingKind.VIOLATION)
        .order_by()
        .values("severity")
        .annotate(n=Count("pk"))
    ):
        severity[row["severity"]] = row["n"]

    rec = recommendations.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=RecommendationStatus.DONE)),
        cancelled=Count("pk", filter=Q(status=RecommendationStatus.CANCELLED)),
        overdue=Count("pk", filter=Q(status__in=RECOMMENDATION_PENDING_STATES, due_date__lt=today)),
    )
    countable = rec["total"] - rec["cancelled"]
    rec["completion_rate"] = round(100 * rec["done"] / countable, 1) if countable else None

    issued = Conclusion.objects.filter(
        visit_q(user, filters, "visit__"), status=ConclusionStatus.ISSUED
    ).aggregate(
        issued=Count("pk"),
        average_days=Avg(
            ExpressionWrapper(
                F("issued_on") - TruncDate("visit__actual_end"), output_field=DurationField()
            )
        ),
    )
    average = issued["average_days"]
    return {
        "filters": filters.as_dict(),
        "visits": {
            "total": sum(row["n"] for row in visit_rows),
            "by_kind": [
                {
                    "kind": kind,
                    "label": str(kind_labels[kind]),
                    "by_status": [
                        {"status": status, "label": str(status_labels[status]), "count": count}
                        for status, count in statuses.items()
                    ],
                    "total": sum(statuses.values()),
                }
                for kind, statuses in by_kind.items()
            ],
        },
        "organizations_by_kind": organizations,
        "findings": {
            "total": sum(sum(row.values()) for row in area_table.values()),
            "by_area": [
                {
                    "number": area.number,
                    "label": area.short_title,
                    "by_kind": [
                        {
                            "kind": kind,
                            "label": str(FindingKind(kind).label),
                            "count": area_table[area.number][kind],
                        }
                        for kind in FindingKind.values
                    ],
                }
                for area in areas
            ],
        },
        "violations_by_severity": [
            {"severity": value, "label": str(Severity(value).label), "count": count}
            for value, count in severity.items()
        ],
        "recommendations": rec,
        "conclusions": {
            "issued": issued["issued"],
            "average_days_to_issue": round(average.days + average.seconds / 86400, 1)
            if average is not None
            else None,
        },
    }


def visible_plans(user):
    return InspectionPlan.objects.visible_to(user)
