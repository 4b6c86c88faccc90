"""Read-only lists over findings: the findings list behind the dashboard's figures, and the
good-practice library (cách làm hay, sáng tạo) that makes good practices findable nationwide."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.enums import OrganizationKind
from accounts.models import Organization
from inspections.enums import VisitKind
from inspections.models import ContentArea, Visit, internal_q, sees_all_working_material

from .enums import VISIT_PUBLISHED_STATES, FindingKind, Severity
from .models import Finding

PAGE_SIZE = 50


class FindingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    area = forms.IntegerField(
        label=_("Content area"),
        required=False,
        min_value=1,
        max_value=5,
        widget=forms.Select(choices=[("", _("All"))] + [(n, str(n)) for n in range(1, 6)]),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *FindingKind.choices]
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("All")), *Severity.choices]
    )
    organization_kind = forms.ChoiceField(
        label=_("Kind of organization"),
        required=False,
        choices=[("", _("All")), *OrganizationKind.choices],
    )
    visit_kind = forms.ChoiceField(
        label=_("Kind of visit"), required=False, choices=[("", _("All")), *VisitKind.choices]
    )
    organization = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def apply(self, findings):
        data = self.cleaned_data
        if data.get("q"):
            findings = findings.search(data["q"])
        if data.get("year"):
            findings = findings.filter(visit__planned_start__year=data["year"])
        if data.get("area"):
            findings = findings.filter(content_area__number=data["area"])
        for field, lookup in (
            ("kind", "kind"),
            ("severity", "severity"),
            ("organization_kind", "visit__inspected_organization__kind"),
            ("visit_kind", "visit__kind"),
        ):
            if data.get(field):
                findings = findings.filter(**{lookup: data[field]})
        if data.get("organization"):
            root = Organization.objects.filter(pk=data["organization"]).only("path").first()
            findings = (
                findings.filter(visit__inspected_organization__path__startswith=root.path)
                if root
                else findings.none()
            )
        return findings


def _listing(request, findings, template, extra=None):
    form = FindingFilterForm(request.GET or None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            findings = form.apply(findings)
        else:
            findings, status = findings.none(), 400
    findings = findings.select_related(
        "content_area", "visit__inspected_organization", "visit__plan"
    ).order_by("-visit__planned_start", "-pk")
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template, {"form": form, "page": page, **(extra or {})}, status=status)


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    return _listing(request, Finding.objects.visible_to(request.user), "findings/finding_list.html")


@login_required
def good_practices(request: HttpRequest) -> HttpResponse:
    """Good practices flagged for replication: the team's own, and every published one."""
    practices = Finding.objects.filter(kind=FindingKind.GOOD_PRACTICE, replicate_nationwide=True)
    if not sees_all_working_material(request.user):
        published_or_own = Visit.objects.filter(
            internal_q(request.user) | Q(status__in=VISIT_PUBLISHED_STATES)
        )
        practices = practices.filter(visit__in=published_or_own.values("pk"))
    return _listing(
        request, practices, "findings/good_practices.html", {"areas": ContentArea.objects.all()}
    )
