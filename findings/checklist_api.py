"""API of the checklist: criteria (read by everyone signed in, kept by administrators, with
their history) and the team's checklist results per visit (working material: the team and its
oversight only, like findings)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import VisibleIdField, WriteViewSet, id_filter
from inspections import services as inspection_services
from inspections.models import ContentArea, Criterion, Visit

from . import services
from .api import CriterionSerializer
from .api import CriterionViewSet as CriterionReadViewSet
from .enums import CheckResult
from .models import CriterionCheck

# --- Criteria ---------------------------------------------------------------------------------


class CriterionInputSerializer(serializers.Serializer):
    content_area = serializers.PrimaryKeyRelatedField(
        queryset=ContentArea.objects.all(), help_text=_("Fixed once the criterion exists.")
    )
    title = serializers.CharField(max_length=500)
    guidance = serializers.CharField(allow_blank=True, required=False, default="")
    order = serializers.IntegerField(min_value=0, max_value=32767, required=False, default=0)
    is_active = serializers.BooleanField(required=False, default=True)


class CriterionChangeSerializer(serializers.Serializer):
    """One saved version of a criterion, newest first."""

    at = serializers.DateTimeField(source="history_date")
    by = serializers.CharField(source="history_user.get_full_name", allow_null=True)
    reason = serializers.CharField(source="history_change_reason", allow_null=True)
    kind = serializers.SerializerMethodField(help_text=_("created, changed or deleted"))
    title = serializers.CharField()
    guidance = serializers.CharField()
    order = serializers.IntegerField()
    is_active = serializers.BooleanField()

    def get_kind(self, record) -> str:
        return {"+": "created", "~": "changed", "-": "deleted"}[record.history_type]


class CriterionViewSet(WriteViewSet, CriterionReadViewSet):
    """The checklist under the content areas: every signed-in user reads it; administrators add
    and edit criteria (never delete them: switch one off with `is_active`)."""

    @extend_schema(request=CriterionInputSerializer, responses={201: CriterionSerializer})
    def create(self, request, *args, **kwargs):
        data = self.validated(CriterionInputSerializer)
        criterion = inspection_services.save_criterion(request.user, **data)
        return self.respond_fresh(criterion, status.HTTP_201_CREATED)

    @extend_schema(request=CriterionInputSerializer(partial=True), responses=CriterionSerializer)
    def partial_update(self, request, *args, **kwargs):
        criterion = self.get_object()
        data = self.validated(CriterionInputSerializer, partial=True)
        criterion = inspection_services.save_criterion(request.user, criterion, **data)
        return self.respond_fresh(criterion)

    @extend_schema(responses=CriterionChangeSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None, **kwargs):
        """Every saved version of the criterion, with who saved it and when."""
        criterion = self.get_object()
        records = criterion.history.select_related("history_user").order_by("-history_date")
        return Response(CriterionChangeSerializer(records, many=True).data)


# --- Checklist results ------------------------------------------------------------------------


class CriterionCheckSerializer(serializers.ModelSerializer):
    criterion_title = serializers.CharField(source="criterion.title", read_only=True)
    checked_by_name = serializers.CharField(source="checked_by.get_full_name", read_only=True)

    class Meta:
        model = CriterionCheck
        fields = [
            "id",
            "visit",
            "criterion",
            "criterion_title",
            "result",
            "note",
            "checked_by",
            "checked_by_name",
            "checked_at",
        ]
        read_only_fields = fields


class CriterionCheckInputSerializer(serializers.Serializer):
    visit = VisibleIdField(lambda user: Visit.objects.visible_to(user), queryset=Visit.objects)
    criterion = serializers.PrimaryKeyRelatedField(
        queryset=Criterion.objects.filter(is_active=True),
        error_messages={"does_not_exist": _("This criterion does not exist or is switched off.")},
    )
    result = serializers.ChoiceField(choices=CheckResult.choices)
    note = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")


class CriterionCheckFilter(django_filters.FilterSet):
    visit = id_filter("visit", _("visit"))
    criterion = id_filter("criterion", _("criterion"))
    result = django_filters.ChoiceFilter(choices=CheckResult.choices, label=_("result"))

    class Meta:
        model = CriterionCheck
        fields = ["visit", "criterion", "result"]


class CriterionCheckViewSet(WriteViewSet):
    """The team's checklist results. Posting a result for a visit and criterion records it, or
    replaces the earlier one (one result per criterion and visit), as the checklist page does."""

    serializer_class = CriterionCheckSerializer
    filterset_class = CriterionCheckFilter
    ordering_fields = ["checked_at", "criterion__order"]
    ordering = ["visit", "criterion__content_area__number", "criterion__order", "pk"]

    def get_queryset(self):
        return CriterionCheck.objects.visible_to(self.request.user).select_related(
            "criterion", "checked_by"
        )

    @extend_schema(
        request=CriterionCheckInputSerializer,
        responses={200: CriterionCheckSerializer, 201: CriterionCheckSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = self.validated(CriterionCheckInputSerializer)
        existed = CriterionCheck.objects.filter(
            visit=data["visit"], criterion=data["criterion"]
        ).exists()
        check = services.set_check(
            request.user, data["visit"], data["criterion"], data["result"], data["note"]
        )
        return self.respond_fresh(check, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)
