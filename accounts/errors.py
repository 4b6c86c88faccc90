"""Errors raised by services: views and the API turn them into 4xx answers, never 500."""

from django.core.exceptions import PermissionDenied, ValidationError


class NotAllowed(PermissionDenied):
    """The user may see the object but may not do this to it (403)."""


class TransitionNotAllowed(ValidationError):
    """The object's current state does not allow this action (409)."""
