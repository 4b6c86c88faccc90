from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .enums import Section
from .models import Conclusion

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HeaderForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Conclusion
        fields = list(services.HEADER_FIELDS)
        widgets = {
            "recipients": forms.Textarea(attrs={"rows": 4}),
            # One or two lines (PHÓ CHỦ TỊCH, or KT. CHỦ TỊCH over PHÓ CHỦ TỊCH).
            "signer_title": forms.Textarea(attrs={"rows": 2}),
        }


class SectionForm(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Paragraphs are separated by an empty line; a line starting with “- ” is a list item."
        ),
    )
    original = forms.CharField(widget=forms.HiddenInput, required=False)


class ReturnForm(forms.Form):
    """One optional comment per section, and one on the notice as a whole."""

    general = forms.CharField(
        label=_("Comment on the whole notice"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in Section.choices:
            self.fields[f"comment_{key}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def comments(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"comment_{key}", "") for key in Section.values}


class IssueForm(forms.Form):
    issued_on = forms.DateField(label=_("Date of issue"), widget=DATE_INPUT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issued_on"].initial = timezone.localdate()
