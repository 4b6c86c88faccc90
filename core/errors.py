"""Errors raised by services: views and the API turn them into 4xx answers, never 500."""

from django.core.exceptions import PermissionDenied, ValidationError


class NotAllowed(PermissionDenied):
    """The user may see the object but may not do this to it (403)."""


class TransitionNotAllowed(ValidationError):
    """The object's current state does not allow this action (409)."""


class EditConflict(ValidationError):
    """Someone else saved the object since this edit began (409). `current` is their version."""

    def __init__(self, message, current):
        super().__init__(message)
        self.current = current
