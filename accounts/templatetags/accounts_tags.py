from django import template
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role

register = template.Library()

_ROLE_LABELS = dict(Role.choices)


@register.filter
def role_label(code: str) -> str:
    """The translated name of a role group ("unit_head" → "Thủ trưởng đơn vị")."""
    return _ROLE_LABELS.get(code, code)


_CHANGE_REASONS = {
    "create": _("created"),
    "update": _("changed"),
    "delete": _("deleted"),
    "approve": _("approved"),
    "close": _("closed"),
    "closed": _("closed"),
    "first visit started": _("first visit started"),
    "add member": _("member added"),
    "start": _("started"),
    "finish field work": _("field work finished"),
    "cancel": _("cancelled"),
    "conclusion issued": _("conclusion issued"),
    "follow-up started": _("follow-up started"),
    "check": _("checklist marked"),
    "upload": _("evidence uploaded"),
    "remove": _("evidence removed"),
    "draft": _("drafted"),
    "edit": _("edited"),
    "edit section": _("section edited"),
    "submit": _("submitted for review"),
    "return": _("returned with comments"),
    "issue": _("issued"),
    "retry pdf": _("PDF rebuilt"),
    "reported": _("reported on"),
    "done": _("done"),
    "reopened": _("reopened"),
    "accept": _("report accepted"),
    "reject": _("report rejected"),
}


@register.filter
def change_reason(record) -> str:
    """A history row's reason ("approve") as words in the user's language."""
    reason = getattr(record, "history_change_reason", "") or ""
    if reason in _CHANGE_REASONS:
        return _CHANGE_REASONS[reason]
    return reason or record.get_history_type_display()
