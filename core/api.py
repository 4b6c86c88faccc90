"""What every app's API is built from.

Serializers only validate input; every write calls one function of a `services.py`, which
checks who may do it and the current state (ValidationError → 400, NotAllowed → 403,
TransitionNotAllowed → 409, EditConflict → 409 with `current_version`, answered by
`core.api_errors`). Querysets start from `visible_to(request.user)`, so an object the user may
not see is a 404, and ids in a payload are looked up among what the user may name
(`VisibleIdField`): any other id "does not exist", exactly like a missing one.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

# --- Who is asking, what they may name ------------------------------------------------------------


def is_active_user(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def visible(model):
    """The lookup of a `VisibleIdField`: the objects of `model` the user may see."""
    return lambda user: model.objects.visible_to(user)


class VisibleIdField(serializers.PrimaryKeyRelatedField):
    """The id of an object looked up in `lookup(request.user)`.

    `queryset` names the model (for the schema); the lookup decides what the user may name.
    """

    def __init__(self, lookup, **kwargs):
        self.lookup = lookup
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.lookup(getattr(request, "user", None))


# --- Edits that name their version ----------------------------------------------------------------


class VersionedEditSerializer(serializers.Serializer):
    """A PATCH names the version it started from: a stale one is a 409 from the service."""

    version = serializers.IntegerField(
        min_value=1, help_text=_("The version this edit started from (required).")
    )

    def validate(self, data):
        # A partial update skips required fields: the version is required all the same.
        if "version" not in data:
            raise serializers.ValidationError(
                {"version": [serializers.Field.default_error_messages["required"]]}
            )
        return super().validate(data)


class VersionedEditSchema(OpenApiSerializerExtension):
    """In the schema, every field of a PATCH body is optional except `version`."""

    target_class = VersionedEditSerializer
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        schema["required"] = ["version"]
        return schema


# --- Filters that refuse what they cannot read ----------------------------------------------------


class StrictBooleanField(forms.Field):
    """`true`/`false` (or `1`/`0`); anything else is a 400, not silently ignored."""

    default_error_messages = {"invalid": _("Enter true or false.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in {"true", "1"}:
            return True
        if text in {"false", "0"}:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class IntegerFilter(django_filters.NumberFilter):
    """A whole number: "abc" or "1.5" is a 400 with a field error, never a 500."""

    field_class = forms.IntegerField

    def get_max_validator(self):
        return None


def id_filter(field_name: str, label) -> IntegerFilter:
    # Applied to a queryset already limited to what the user sees: an id out of sight filters
    # down to nothing, exactly like a missing one.
    return IntegerFilter(field_name=field_name, label=label, min_value=1)


def year_filter(field_name: str) -> IntegerFilter:
    # Bounded: a year lookup beyond 9999 cannot build its date range.
    year = IntegerFilter(field_name=field_name, label=_("year"), min_value=1, max_value=9999)
    return extend_schema_field(OpenApiTypes.INT)(year)


def subtree_filter(label) -> IntegerFilter:
    """An organization id whose subtree the FilterSet's `filter_subtree` method keeps."""
    return IntegerFilter(method="filter_subtree", label=label, min_value=1)


# --- Viewsets -------------------------------------------------------------------------------------


class ServiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reads go through `get_queryset`; writes validate an input serializer, then call a service."""

    def validated(self, serializer_class, **kwargs):
        serializer = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def respond(self, instance, status_code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(instance).data, status=status_code)


class WriteViewSet(ServiceViewSet):
    """Answers a write with the object as a read would show it (annotations, prefetches)."""

    def respond_fresh(self, instance, status_code=status.HTTP_200_OK) -> Response:
        return self.respond(self.get_queryset().get(pk=instance.pk), status_code)
