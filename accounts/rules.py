"""Who may do what in the accounts app: small predicates, checked by views and services."""

from .enums import INSPECTING_ROLES, Role


def is_administrator(user) -> bool:
    return user.is_authenticated and (user.is_superuser or Role.ADMINISTRATOR in user.roles)


def works_on_inspections(user) -> bool:
    return user.is_authenticated and bool(INSPECTING_ROLES & user.roles)


def can_browse_directory(user) -> bool:
    """The organization directory is for everyone signed in; each sees only their scope."""
    return user.is_authenticated and user.is_active
