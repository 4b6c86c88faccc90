"""Turning service errors into form errors, so a page shows them beside the right field."""

from django.core.exceptions import ValidationError


def attach_errors(form, error: ValidationError) -> None:
    """Add a service's ValidationError to `form`: known fields get theirs, the rest go on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
