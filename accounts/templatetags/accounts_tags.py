from django import template

from accounts.enums import Role

register = template.Library()

_ROLE_LABELS = dict(Role.choices)


@register.filter
def role_label(code: str) -> str:
    """The translated name of a role group ("unit_head" → "Thủ trưởng đơn vị")."""
    return _ROLE_LABELS.get(code, code)
