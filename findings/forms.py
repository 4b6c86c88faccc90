"""Forms of the visit workspace. Services re-check everything they validate."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from inspections.models import ContentArea, Criterion

from .enums import CheckResult
from .models import Finding, Recommendation

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def inspected_units(visit):
    """The inspected organization and its units: who can be responsible or an addressee."""
    return Organization.objects.filter(
        path__startswith=visit.inspected_organization.path
    ).alphabetical()


class CheckForm(forms.Form):
    result = forms.ChoiceField(choices=CheckResult.choices)
    note = forms.CharField(max_length=500, required=False)


class FindingForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Finding
        fields = [
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
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit = visit
        self.fields["content_area"].queryset = ContentArea.objects.all()
        self.fields["criterion"].queryset = Criterion.objects.filter(is_active=True).select_related(
            "content_area"
        )
        self.fields["criterion"].label_from_instance = lambda c: c.title
        self.fields["responsible_organization"].queryset = inspected_units(visit)
        self.fields["severity"].help_text = _("Only for a violation.")
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def _get_validation_exclusions(self):
        # The model's kind/severity constraints are checked by the service, which names the
        # field at fault; excluding "kind" here skips their less precise whole-form message.
        exclude = super()._get_validation_exclusions()
        exclude.add("kind")
        return exclude

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("Photo, PDF, Word or Excel document."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf,.doc,.docx,.xls,.xlsx"}
        ),
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)


class RemoveEvidenceForm(forms.Form):
    reason = forms.CharField(label=_("Reason for removal"), max_length=300)


class RecommendationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Recommendation
        fields = ["addressee", "kind", "action", "due_date"]
        widgets = {"due_date": DATE_INPUT, "action": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = inspected_units(visit)
        self.fields["addressee"].initial = visit.inspected_organization_id
        self.fields["due_date"].widget.attrs["min"] = f"{timezone.localdate():%Y-%m-%d}"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data
