from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import RecommendationStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )
    files = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        widget=MultipleFileInput(
            attrs={"multiple": True, "accept": ".jpg,.jpeg,.png,.webp,.pdf,.doc,.docx,.xls,.xlsx"}
        ),
        help_text=_("Photos, PDF, Word or Excel documents."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 2})
    )


class CancelRecommendationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancellation"), widget=forms.Textarea(attrs={"rows": 2})
    )


class TrackerFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *RecommendationStatus.choices, ("overdue", _("Overdue"))],
    )
    visit = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    plan = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    team = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
