"""Navigation by role, shared by every page through the base layout."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import rules
from .enums import Role


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    # (label, url, names of the pages that mark this item as current)
    items = [
        (_("Overview"), reverse("accounts:dashboard"), {"dashboard"}),
        (
            _("Organizations"),
            reverse("accounts:organization_list"),
            {"organization_list", "organization_detail"},
        ),
        (_("API"), reverse("api-docs"), {"api-docs"}),
    ]
    if rules.is_administrator(user) or user.is_staff:
        items.append((_("Administration"), reverse("admin:index"), set()))
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    role_labels = dict(Role.choices)
    return {
        "user_role_labels": [role_labels.get(code, code) for code in sorted(user.roles)],
        "nav_items": [
            {"label": label, "url": url, "active": current in names} for label, url, names in items
        ],
    }
