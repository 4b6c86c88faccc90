"""Forms of the planning pages. Choices are limited to what the user may see and use;
services re-check everything, so a crafted POST gets the same answer as the API.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, User

from . import rules
from .enums import PLAN_OPEN_STATES, DocumentKind, PlanStatus, TeamRole, VisitKind, VisitStatus
from .models import ContentArea, InspectionPlan, LegalDocument, Team

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def planning_organizations(user):
    """Organizations the user may plan for or inspect, in Vietnamese alphabetical order."""
    return Organization.objects.filter(
        rules.planning_scope(user).q("path"), is_active=True
    ).alphabetical()


def issuer_organizations(user):
    """Issuers of legal documents: national bodies, the user's own branch and what they plan for."""
    own = user.organization
    ancestors = [*own.ancestor_paths(), own.path] if own else []
    return Organization.objects.filter(
        Q(is_national=True, depth=1)
        | Q(path__in=ancestors)
        | rules.planning_scope(user).q("path")
        | user.scope.q("path")
    ).alphabetical()


class DateRangeMixin:
    """Add a field error when an end date precedes its start date."""

    date_ranges: tuple[tuple[str, str, str], ...] = ()

    def clean(self):
        cleaned = super().clean()
        for start, end, message in self.date_ranges:
            if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
                self.add_error(end, message)
        return cleaned


class LegalDocumentForm(forms.ModelForm):
    class Meta:
        model = LegalDocument
        fields = ["number", "kind", "issuer", "issued_on", "title", "effective_from", "file"]
        widgets = {
            "issued_on": DATE_INPUT,
            "effective_from": DATE_INPUT,
            "title": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = issuer_organizations(user)
        self.fields["number"].help_text = _("For example 26/CT-TTg or 39/2022/NĐ-CP.")


class PlanForm(DateRangeMixin, forms.ModelForm):
    date_ranges = (
        ("starts_on", "ends_on", _("The plan cannot end before it starts.")),
        (
            "review_period_start",
            "review_period_end",
            _("The period under review cannot end before it starts."),
        ),
    )

    class Meta:
        model = InspectionPlan
        fields = list(InspectionPlan.EDITABLE_FIELDS)
        widgets = {
            "issued_on": DATE_INPUT,
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "review_period_start": DATE_INPUT,
            "review_period_end": DATE_INPUT,
            "purposes": forms.Textarea(attrs={"rows": 4}),
            "requirements": forms.Textarea(attrs={"rows": 3}),
            "legal_bases": forms.CheckboxSelectMultiple,
            "content_areas": forms.CheckboxSelectMultiple,
            "targets": forms.SelectMultiple(attrs={"size": 10}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = planning_organizations(user)
        self.fields["issuer"].queryset = organizations
        self.fields["targets"].queryset = organizations
        self.fields["legal_bases"].queryset = LegalDocument.objects.select_related("issuer")
        self.fields["content_areas"].queryset = ContentArea.objects.all()
        self.fields["content_areas"].required = False
        self.fields["content_areas"].help_text = _("Leave empty to include all five areas.")
        if not self.instance.pk:
            self.initial.setdefault("content_areas", list(ContentArea.objects.all()))
        self.fields["year"].widget.attrs.update(min=2000, max=2100)


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = [
            "name",
            "organization",
            "plan",
            "decision_number",
            "decision_date",
            "decision_signer",
        ]
        widgets = {"decision_date": DATE_INPUT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = planning_organizations(user)
        self.fields["plan"].queryset = InspectionPlan.objects.visible_to(user).filter(
            status__in=PLAN_OPEN_STATES
        )
        self.fields["decision_number"].help_text = _("For example 94/QĐ-UBND.TL.")


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    # A blank first choice keeps an untouched extra row "unchanged", so the formset skips it.
    role = forms.ChoiceField(
        label=_("Role in the team"), choices=[("", "---------"), *TeamRole.choices]
    )
    home_organization = forms.ModelChoiceField(
        label=_("Home organization"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Empty: the person's own organization."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = planning_organizations(user)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, organization__in=organizations)
            .select_related("organization")
            .alphabetical()
        )
        self.fields["home_organization"].queryset = organizations


class BaseMemberFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        heads = [row for row in rows if row["role"] == TeamRole.HEAD]
        if not heads:
            raise forms.ValidationError(_("A team needs a head of team."))
        if len(heads) > 1:
            raise forms.ValidationError(_("A team has exactly one head."))
        people = [row["user"].pk for row in rows]
        if len(people) != len(set(people)):
            raise forms.ValidationError(_("A person is listed twice."))


MemberFormSet = forms.formset_factory(
    MemberForm, formset=BaseMemberFormSet, extra=3, can_delete=True, max_num=40, validate_max=True
)


class VisitForm(DateRangeMixin, forms.Form):
    date_ranges = (("planned_start", "planned_end", _("The visit cannot end before it starts.")),)

    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=InspectionPlan.objects.none(),
        required=False,
        help_text=_("Empty for an ad-hoc verification visit."),
    )
    inspected_organization = forms.ModelChoiceField(
        label=_("Inspected organization"), queryset=Organization.objects.none()
    )
    kind = forms.ChoiceField(label=_("Kind of visit"), choices=VisitKind.choices)
    subject = forms.CharField(label=_("Subject"), max_length=500, required=False)
    planned_start = forms.DateField(label=_("Planned start"), widget=DATE_INPUT)
    planned_end = forms.DateField(label=_("Planned end"), widget=DATE_INPUT)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.visible_to(user).select_related("organization")
        self.fields["plan"].queryset = InspectionPlan.objects.visible_to(user).filter(
            status__in=PLAN_OPEN_STATES
        )
        self.fields["inspected_organization"].queryset = (
            Organization.objects.filter(
                rules.planning_scope(user).q("path")
                | Q(
                    pk__in=InspectionPlan.targets.through.objects.filter(
                        inspectionplan__in=self.fields["plan"].queryset
                    ).values("organization_id")
                )
            )
            .filter(is_active=True)
            .alphabetical()
        )


class GenerateVisitsForm(DateRangeMixin, forms.Form):
    date_ranges = (("planned_start", "planned_end", _("The visit cannot end before it starts.")),)

    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    kind = forms.ChoiceField(
        label=_("Kind of visit"),
        choices=[(k, label) for k, label in VisitKind.choices if k != VisitKind.VERIFICATION],
    )
    planned_start = forms.DateField(label=_("Planned start"), widget=DATE_INPUT)
    planned_end = forms.DateField(label=_("Planned end"), widget=DATE_INPUT)

    def __init__(self, *args, user, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.visible_to(user).filter(
            Q(plan=plan) | Q(plan__isnull=True)
        )


class CancelVisitForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancellation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *PlanStatus.choices]
    )


class VisitFilterForm(forms.Form):
    q = forms.CharField(label=_("Inspected organization"), required=False, max_length=100)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *VisitKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *VisitStatus.choices]
    )


class LegalDocumentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *DocumentKind.choices]
    )


class MonthForm(forms.Form):
    month = forms.RegexField(
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        error_messages={"invalid": _("Give the month as YYYY-MM.")},
    )
