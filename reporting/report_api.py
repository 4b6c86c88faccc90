"""API of consolidated reports: the dashboard's figures, and export jobs (docs/design.md §5, §6).

- `GET reports/summary/` answers `dashboard.summary` with the dashboard's filters as query
  parameters, validated by the dashboard's own form: a malformed filter, or an organization out of
  the user's sight, is a 400 with field errors.
- `reports/exports/`: POST queues an export (XLSX, CSV or PDF) built by a worker as the
  requesting user; GET lists and retrieves the user's own jobs with their progress;
  `{id}/download/` streams the file once ready. Jobs are their owner's alone: anyone else's is a
  404, like every object out of sight.
"""

from django.http import FileResponse, Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.reverse import reverse

from accounts.enums import OrganizationKind
from core.api import ServiceViewSet
from inspections.api import VisitKindField

from . import export_services
from .dashboard import cached_summary
from .exports import CONTENT_TYPES, download_name, filters_to_json
from .models import ExportFormat, ExportJob, ExportStatus

FILTER_FIELDS = (
    "year",
    "quarter",
    "date_from",
    "date_to",
    "plan",
    "organization",
    "organization_kind",
    "visit_kind",
    "content_area",
)


@extend_schema_field(
    serializers.ChoiceField(choices=ExportFormat.choices), component_name="ExportFormatEnum"
)
class ExportFormatField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ExportFormat.choices, **kwargs)


@extend_schema_field(
    serializers.ChoiceField(choices=ExportStatus.choices), component_name="ExportStatusEnum"
)
class ExportStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ExportStatus.choices, **kwargs)


@extend_schema_field(
    serializers.ChoiceField(choices=OrganizationKind.choices),
    component_name="OrganizationKindFilterEnum",
)
class OrganizationKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=OrganizationKind.choices, **kwargs)


class ReportFilterParamsSerializer(serializers.Serializer):
    """The dashboard's filters (all optional). Validation is the dashboard form's."""

    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text=_("Year of the planned start.")
    )
    quarter = serializers.IntegerField(
        required=False, min_value=1, max_value=4, help_text=_("Quarter of that year (1–4).")
    )
    date_from = serializers.DateField(required=False, help_text=_("Planned start from."))
    date_to = serializers.DateField(required=False, help_text=_("Planned start until."))
    plan = serializers.IntegerField(required=False, min_value=1, help_text=_("Plan (id)."))
    organization = serializers.IntegerField(
        required=False,
        help_text=_("Inspected organizations within the subtree of this organization (id)."),
    )
    organization_kind = OrganizationKindField(
        required=False, help_text=_("Kind of the inspected organization.")
    )
    visit_kind = VisitKindField(required=False)
    content_area = serializers.IntegerField(required=False, help_text=_("Content area (id)."))


# --- Figures --------------------------------------------------------------------------------------


class StatusCountSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class VisitKindRowSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    by_status = StatusCountSerializer(many=True)
    total = serializers.IntegerField()


class VisitFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_kind = VisitKindRowSerializer(many=True)


class KindCountSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class AreaRowSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    label = serializers.CharField()
    by_kind = KindCountSerializer(many=True)


class FindingFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_area = AreaRowSerializer(many=True)


class SeverityCountSerializer(serializers.Serializer):
    severity = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class RecommendationFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    overdue = serializers.IntegerField()
    completion_rate = serializers.FloatField(
        allow_null=True, help_text=_("Done out of those not cancelled, in %; null when none.")
    )


class ConclusionFiguresSerializer(serializers.Serializer):
    issued = serializers.IntegerField()
    average_days_to_issue = serializers.FloatField(
        allow_null=True, help_text=_("Average days from the end of field work to issue.")
    )


class ReportSummarySerializer(serializers.Serializer):
    filters = serializers.DictField(help_text=_("The filters applied."))
    visits = VisitFiguresSerializer()
    organizations_by_kind = KindCountSerializer(many=True)
    findings = FindingFiguresSerializer()
    violations_by_severity = SeverityCountSerializer(many=True)
    recommendations = RecommendationFiguresSerializer()
    conclusions = ConclusionFiguresSerializer()
    computed_at = serializers.DateTimeField(
        help_text=_("When these figures were computed (they are kept for a few minutes).")
    )


class ReportViewSet(viewsets.ViewSet):
    """Consolidated figures over what the user may see."""

    throttle_scopes = {"summary": "summary"}

    @extend_schema(parameters=[ReportFilterParamsSerializer], responses=ReportSummarySerializer)
    @action(detail=False, methods=["get"])
    def summary(self, request, *args, **kwargs):
        """The dashboard's figures with the dashboard's filters."""
        filters = _filters(request.user, request.query_params)
        figures, computed_at = cached_summary(request.user, filters)
        figures = {**figures, "filters": filters_to_json(filters), "computed_at": computed_at}
        return Response(figures)


# --- Export jobs ----------------------------------------------------------------------------------


def _filters(user, data):
    """Validate filters with the dashboard's form; errors are a 400 by field."""
    from django.core.exceptions import ValidationError

    try:
        return export_services.parse_filters(user, data)
    except ValidationError as error:
        raise ApiValidationError(
            {
                ("non_field_errors" if field == "__all__" else field): messages
                for field, messages in error.message_dict.items()
            }
        ) from None


class ExportJobSerializer(serializers.ModelSerializer):
    format = ExportFormatField(read_only=True)
    status = ExportStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    progress = serializers.IntegerField(read_only=True, help_text=_("Percent done (0–100)."))
    rows = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Finding rows written, once ready.")
    )
    filters = serializers.DictField(read_only=True, help_text=_("The filters of the export."))
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "format",
            "status",
            "status_display",
            "progress",
            "rows",
            "filters",
            "created_at",
            "started_at",
            "finished_at",
            "expires_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True, read_only=True))
    def get_download_url(self, job: ExportJob) -> str | None:
        if job.status != ExportStatus.READY or not job.file:
            return None
        return reverse(
            "export-job-download", kwargs={"pk": job.pk}, request=self.context.get("request")
        )


class ExportJobInputSerializer(ReportFilterParamsSerializer):
    """The format, and the dashboard's filters at the top level (or inside `filters`)."""

    format = ExportFormatField()
    filters = ReportFilterParamsSerializer(
        required=False, help_text=_("The filters, as an alternative to giving them at the top.")
    )


DOWNLOAD = OpenApiResponse(OpenApiTypes.BINARY, description=_("The exported file."))


class ExportJobViewSet(ServiceViewSet):
    """Consolidated report exports built by a worker; each user sees only their own."""

    throttle_scopes = {"create": "exports"}

    serializer_class = ExportJobSerializer
    lookup_value_regex = r"\d+"
    ordering_fields = ["created_at", "status", "format"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        return ExportJob.objects.visible_to(self.request.user)

    def perform_content_negotiation(self, request, force=False):
        # A file answers whatever the client accepts; its errors are JSON.
        force = force or getattr(self, "action", None) == "download"
        return super().perform_content_negotiation(request, force=force)

    @extend_schema(request=ExportJobInputSerializer, responses={201: ExportJobSerializer})
    def create(self, request, *args, **kwargs):
        # Types first (a clear 400 for "year": "abc"), then the dashboard's own rules.
        format = self.validated(ExportJobInputSerializer)["format"]
        data = request.data
        raw = {name: data[name] for name in FILTER_FIELDS if name in data}
        nested = data.get("filters")
        if isinstance(nested, dict):
            raw.update({name: nested[name] for name in FILTER_FIELDS if name in nested})
        filters = _filters(request.user, raw)
        job = export_services.create_export_job(
            request.user, format=format, filters=filters, language=get_language()
        )
        return self.respond(self.get_queryset().get(pk=job.pk), status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            (200, CONTENT_TYPES["xlsx"]): DOWNLOAD,
            (200, "text/csv"): DOWNLOAD,
            (200, CONTENT_TYPES["pdf"]): DOWNLOAD,
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        """The file of a ready export (404 before it is ready, or once it has expired)."""
        job = self.get_object()
        if job.status != ExportStatus.READY or not job.file:
            raise Http404
        try:
            handle = job.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=download_name(job.format, job.created_at),
            content_type=CONTENT_TYPES[job.format],
        )
        response["Cache-Control"] = "private, no-store"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
