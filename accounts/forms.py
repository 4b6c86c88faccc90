from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import OrganizationKind


class OrganizationSearchForm(forms.Form):
    """Filters of the organization directory. Invalid values give a form error, not a 500."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *OrganizationKind.choices],
    )
