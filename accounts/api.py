"""API of the accounts app: the organization directory and users, read-only; each user's own
notifications.

Writes to organizations and users go through the admin; the API applies the same
`visible_to(user)` as the pages, so an object out of scope is a 404 here too. Notifications are
visible to their recipient only: anyone else's is a 404.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from core.api import StrictBooleanFilter

from . import services
from .enums import OrganizationKind
from .models import (
    Notification,
    NotificationQuerySet,
    Organization,
    OrganizationQuerySet,
    User,
    UserQuerySet,
)


class OrganizationSerializer(serializers.ModelSerializer):
    parent_name = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "short_name",
            "code",
            "abbreviation",
            "place_name",
            "kind",
            "is_national",
            "is_active",
            "depth",
            "parent_name",
        ]
        read_only_fields = fields


class UserSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    # Not `format: email` in the schema: many accounts have none on file, and "" is no address.
    email = serializers.CharField(read_only=True, help_text=_("E-mail address; empty if none."))
    organization = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "title", "email", "organization", "roles"]
        read_only_fields = fields

    def get_roles(self, user: User) -> list[str]:
        # Uses the prefetched groups: no query per row.
        return sorted(group.name for group in user.groups.all())


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search, the same as `search` (kept for older clients)"),
        max_length=100,
    )
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices)
    is_national = StrictBooleanFilter(field_name="is_national", label=_("national body"))
    is_active = StrictBooleanFilter(field_name="is_active", label=_("active"))
    subtree = django_filters.NumberFilter(
        method="filter_subtree", label=_("Within the subtree of this organization (id)")
    )

    class Meta:
        model = Organization
        fields = ["kind", "is_national", "is_active"]

    def filter_q(self, queryset, name, value):
        return queryset.search(value)

    def filter_subtree(self, queryset, name, value):
        # The queryset is already limited to what the user sees: a subtree filter on a root out
        # of scope yields only the visible part of it (often nothing), never someone else's data.
        root = Organization.objects.filter(pk=value).only("path").first()
        return queryset.subtree_of(root) if root else queryset.none()


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    search_fields = OrganizationQuerySet.search_fields
    search_help = _("Searches name, short name and code.")
    ordering_fields = ["name", "code", "path"]
    # Vietnamese alphabetical order (the ordering filter collates text); `?ordering=path` gives
    # the tree order.
    ordering = ["name", "pk"]

    def get_queryset(self):
        return Organization.objects.visible_to(self.request.user).with_parent_name()


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UserSerializer
    filterset_fields = ["organization"]
    search_fields = UserQuerySet.search_fields
    search_help = _("Searches full name, user name and position.")
    ordering_fields = ["full_name", "username"]
    ordering = ["full_name", "username"]

    def get_queryset(self):
        return (
            User.objects.visible_to(self.request.user)
            .filter(is_active=True)
            .prefetch_related("groups")
        )

    @extend_schema(responses=UserSerializer)
    @action(detail=False, methods=["get"])
    def me(self, request, *args, **kwargs):
        user = User.objects.prefetch_related("groups").get(pk=request.user.pk)
        return Response(self.get_serializer(user).data)


# --- Notifications --------------------------------------------------------------------------------


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_is_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("How many notifications were marked read."))
    unread_count = serializers.IntegerField(help_text=_("Unread notifications left."))


class NotificationFilter(django_filters.FilterSet):
    unread = StrictBooleanFilter(method="filter_unread", label=_("unread"))

    class Meta:
        model = Notification
        fields = ["unread"]

    def filter_unread(self, queryset, name, value: bool):
        return queryset.filter(read_at__isnull=value)


class NotificationPagination(PageNumberPagination):
    """A page of notifications, with the user's unread count (for the bell), whatever the
    filter."""

    def paginate_queryset(self, queryset, request, view=None):
        self.unread_count = Notification.objects.visible_to(request.user).unread().count()
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["unread_count"] = self.unread_count
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["unread_count"] = {
            "type": "integer",
            "description": str(_("The user's unread notifications, whatever the filter.")),
        }
        paginated["required"] = [*paginated.get("required", []), "unread_count"]
        return paginated


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The signed-in user's own notifications, newest first."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    pagination_class = NotificationPagination
    search_fields = NotificationQuerySet.search_fields
    search_help = _("Searches title and message.")
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        return Notification.objects.visible_to(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, *args, **kwargs):
        notification = services.mark_read(request.user, self.get_object())
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=ReadAllSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request, *args, **kwargs):
        marked = services.mark_all_read(request.user)
        unread = Notification.objects.visible_to(request.user).unread().count()
        return Response(ReadAllSerializer({"marked": marked, "unread_count": unread}).data)


# --- Filters other apps use ---------------------------------------------------------------------


def within_subtree(queryset, path_field: str, root_pk: int):
    """Rows of `queryset` whose organization (at `path_field`) lies under organization
    `root_pk`. The queryset is already limited to what the user sees: a root out of sight
    yields only the visible part of its subtree (often nothing), never anyone else's data."""
    root = Organization.objects.filter(pk=root_pk).only("path").first()
    if root is None:
        return queryset.none()
    return queryset.filter(**{f"{path_field}__startswith": root.path})
