"""DRF exception handler: service errors become 4xx JSON answers, never 500.

Services raise Django's ValidationError (bad input → 400 with field errors),
TransitionNotAllowed (wrong state → 409) and NotAllowed (→ 403).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

from .errors import EditConflict, TransitionNotAllowed


def _detail(error: DjangoValidationError):
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): [
                str(message) for message in messages
            ]
            for field, messages in error.message_dict.items()
        }
    return {"detail": [str(message) for message in error.messages]}


def api_exception_handler(exc, context):
    if isinstance(exc, EditConflict):
        body = _detail(exc)
        body["current_version"] = getattr(exc.current, "version", None)
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, TransitionNotAllowed):
        return Response(_detail(exc), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, Throttled):
        seconds = max(1, round(exc.wait or 1))
        message = _("Too many requests. Please wait %(seconds)d seconds and try again.")
        return Response(
            {"detail": message % {"seconds": seconds}},
            status=status.HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": str(seconds)},
        )
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(_detail(exc))
    return exception_handler(exc, context)
