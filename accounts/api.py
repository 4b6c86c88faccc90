"""API of the accounts app: the organization directory and users, read-only.

Writes to organizations and users go through the admin; the API applies the same
`visible_to(user)` as the pages, so an object out of scope is a 404 here too.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .enums import OrganizationKind
from .models import Organization, User


class OrganizationSerializer(serializers.ModelSerializer):
    parent_name = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "short_name",
            "code",
            "kind",
            "is_national",
            "is_active",
            "depth",
            "parent_name",
        ]
        read_only_fields = fields


class UserSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()
    organization = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "title", "email", "organization", "roles"]
        read_only_fields = fields

    def get_roles(self, user: User) -> list[str]:
        # Uses the prefetched groups: no query per row.
        return sorted(group.name for group in user.groups.all())


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"), max_length=100)
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices)
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
    ordering_fields = ["name", "code", "path"]
    ordering = ["path"]

    def get_queryset(self):
        return Organization.objects.visible_to(self.request.user).with_parent_name()


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UserSerializer
    filterset_fields = ["organization"]
    ordering_fields = ["full_name", "username"]
    ordering = ["full_name"]

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
