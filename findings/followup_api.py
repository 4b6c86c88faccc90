"""API of the follow-up stage: remediation reports, their acceptance or rejection, cancelling a
recommendation (docs/design.md §4, §5).

Same conventions as `findings.api`: serializers only validate input; every write calls one
function of `followup.py`, which checks who may do it and the current state (ValidationError →
400, NotAllowed → 403, TransitionNotAllowed → 409, through `core.api_errors`). Querysets
start from `visible_to(request.user)`, so a recommendation out of sight — another province's, or
one whose conclusion is not issued yet — is a 404, and so are its reports and their evidence.

Routes:
- `recommendations/{id}/reports/` (GET: the reports of a recommendation; POST: the addressee
  reports, multipart with `text` and zero or more `files`) and `recommendations/{id}/cancel/`:
  `RecommendationFollowUpViewSet`, registered beside `findings.api.RecommendationViewSet` under
  the same prefix, with detail actions only (the list, detail and edits stay there);
- `reports/` and `reports/{id}/` (read), `reports/{id}/accept/`, `reports/{id}/reject/`:
  `RemediationReportViewSet`.
Report evidence is downloaded from `evidence/{id}/download/` after the same visibility check.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api import ServiceViewSet, WriteViewSet, id_filter
from core.errors import TransitionNotAllowed

from . import followup
from .api import (
    EvidenceSummarySerializer,
    RecommendationSerializer,
    RecommendationStatusField,
)
from .models import (
    Evidence,
    Recommendation,
    RemediationReport,
    RemediationReportQuerySet,
    ReportStatus,
)

# --- Serializers ----------------------------------------------------------------------------------


@extend_schema_field(
    serializers.ChoiceField(choices=ReportStatus.choices),
    component_name="RemediationReportStatusEnum",
)
class ReportStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ReportStatus.choices, **kwargs)


class RemediationReportSerializer(serializers.ModelSerializer):
    visit = serializers.IntegerField(source="recommendation.visit_id", read_only=True)
    recommendation_status = RecommendationStatusField(
        source="recommendation.status",
        read_only=True,
        help_text=_("The recommendation's status now (done once a report is accepted)."),
    )
    status = ReportStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    submitted_by_name = serializers.CharField(source="submitted_by.get_full_name", read_only=True)
    decided_by_name = serializers.CharField(
        source="decided_by.get_full_name", read_only=True, allow_null=True
    )
    evidence = EvidenceSummarySerializer(
        source="present_evidence", many=True, read_only=True, help_text=_("Evidence not removed.")
    )

    class Meta:
        model = RemediationReport
        fields = [
            "id",
            "recommendation",
            "recommendation_status",
            "visit",
            "text",
            "status",
            "status_display",
            "submitted_by",
            "submitted_by_name",
            "submitted_at",
            "decided_by",
            "decided_by_name",
            "decided_at",
            "rejection_reason",
            "evidence",
        ]
        read_only_fields = fields


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """An uploaded file (binary in the schema: without COMPONENT_SPLIT_REQUEST a FileField is
    described as a URI, the way it reads back)."""


class RemediationReportInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10000, help_text=_("What was done."))
    files = serializers.ListField(
        child=UploadField(),
        required=False,
        default=list,
        max_length=20,
        help_text=_("Evidence: photos (JPG, PNG, WebP), PDF, Word or Excel documents."),
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class RemediationReportFilter(django_filters.FilterSet):
    recommendation = id_filter("recommendation", _("recommendation"))
    visit = id_filter("recommendation__visit", _("visit"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices)

    class Meta:
        model = RemediationReport
        fields = ["recommendation", "visit", "status"]


def visible_reports(user):
    """The reports `user` may see, with what their serializer reads (no query per row)."""
    return (
        RemediationReport.objects.visible_to(user)
        .select_related("recommendation", "submitted_by", "decided_by")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.present(), to_attr="present_evidence")
        )
    )


# --- Viewsets -------------------------------------------------------------------------------------


class RecommendationFollowUpViewSet(viewsets.GenericViewSet):
    """Follow-up actions on one recommendation, beside `findings.api.RecommendationViewSet`.

    Detail actions only: the router makes no list or detail route of this viewset, so
    `recommendations/` and `recommendations/{id}/` stay with the recommendation viewset.
    """

    serializer_class = RecommendationSerializer
    validated = ServiceViewSet.validated
    respond = ServiceViewSet.respond
    respond_fresh = WriteViewSet.respond_fresh

    def get_queryset(self):
        return (
            Recommendation.objects.visible_to(self.request.user)
            .with_overdue()
            .select_related("addressee")
        )

    @extend_schema(
        methods=["GET"],
        request=None,
        responses=RemediationReportSerializer(many=True),
        description=_("The remediation reports of this recommendation, oldest first."),
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": RemediationReportInputSerializer},
        responses={201: RemediationReportSerializer},
        description=_(
            "The addressee reports what was done, with evidence files; the recommendation "
            "becomes reported and the team decides."
        ),
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser],
        filter_backends=[],
    )
    def reports(self, request, *args, **kwargs):
        recommendation = self.get_object()
        if request.method == "POST":
            return self._submit(recommendation)
        reports = visible_reports(request.user).filter(recommendation=recommendation)
        page = self.paginate_queryset(reports.order_by("submitted_at", "pk"))
        serializer = RemediationReportSerializer(
            page, many=True, context=self.get_serializer_context()
        )
        return self.get_paginated_response(serializer.data)

    def _submit(self, recommendation):
        data = self.validated(RemediationReportInputSerializer)
        try:
            report = followup.submit_report(
                self.request.user, recommendation, text=data["text"], files=data["files"]
            )
        except TransitionNotAllowed:
            raise
        except DjangoValidationError as error:
            # The upload check speaks about one of the files: attach its message to that field.
            if hasattr(error, "error_dict"):
                raise
            raise DjangoValidationError({"files": error.messages}) from None
        fresh = visible_reports(self.request.user).get(pk=report.pk)
        return self.respond_report(fresh, status.HTTP_201_CREATED)

    def respond_report(self, report, status_code=status.HTTP_200_OK) -> Response:
        serializer = RemediationReportSerializer(report, context=self.get_serializer_context())
        return Response(serializer.data, status=status_code)

    @extend_schema(request=ReasonSerializer, responses=RecommendationSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser, MultiPartParser])
    def cancel(self, request, *args, **kwargs):
        """The team's head or deputy cancels a recommendation, saying why."""
        recommendation = self.get_object()
        data = self.validated(ReasonSerializer)
        recommendation = followup.cancel_recommendation(request.user, recommendation, **data)
        return self.respond_fresh(recommendation)


class RemediationReportViewSet(WriteViewSet):
    """Remediation reports the user may see; the team accepts or rejects the pending one."""

    serializer_class = RemediationReportSerializer
    filterset_class = RemediationReportFilter
    search_fields = RemediationReportQuerySet.search_fields
    search_help = _("Searches the recommendation: what must be done and the addressee.")
    ordering_fields = ["submitted_at", "decided_at", "status"]
    ordering = ["submitted_at", "pk"]

    def get_queryset(self):
        return visible_reports(self.request.user)

    @extend_schema(request=None, responses=RemediationReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, *args, **kwargs):
        """A team member accepts the report: the recommendation is done (and, when it was the
        last one pending, the visit is closed)."""
        report = followup.accept_report(request.user, self.get_object())
        return self.respond_fresh(report)

    @extend_schema(request=ReasonSerializer, responses=RemediationReportSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser, MultiPartParser])
    def reject(self, request, *args, **kwargs):
        """A team member rejects the report with a reason: the recommendation is open again and
        the addressee is told why."""
        report = self.get_object()
        data = self.validated(ReasonSerializer)
        return self.respond_fresh(followup.reject_report(request.user, report, **data))
