"""API of the findings app: content areas, criteria, findings, evidence and recommendations.

Same conventions as `inspections.api`: serializers only validate input; every write calls one
function of `services.py`, which checks who may do it and the current state (ValidationError →
400, NotAllowed → 403, TransitionNotAllowed → 409, EditConflict → 409 with `current_version`,
through `core.api_errors`). Querysets start from `visible_to(request.user)`, so a draft
finding is a 404 for the inspected side, and ids in a payload are looked up among what the user
may name. Evidence files are streamed by `evidence/{id}/download/` after that same check, never
from a public media URL.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Length, Substr
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from accounts.api import within_subtree
from accounts.models import Organization
from core.api import (
    ServiceViewSet,
    StrictBooleanFilter,
    VersionedEditSerializer,
    VisibleIdField,
    WriteViewSet,
    id_filter,
    is_active_user,
    subtree_filter,
    visible,
    year_filter,
)
from core.errors import TransitionNotAllowed
from inspections.models import ContentArea, ContentAreaQuerySet, Criterion, CriterionQuerySet, Visit

from . import services
from .enums import FindingKind, RecommendationKind, RecommendationStatus, Severity
from .models import (
    Evidence,
    EvidenceQuerySet,
    Finding,
    FindingQuerySet,
    Recommendation,
    RecommendationQuerySet,
)
from .uploads import ALLOWED

# --- What a user may name in a payload ------------------------------------------------------------


def addressable_organizations(user):
    """Organizations a user may name as responsible for a finding or addressee of a recommendation.

    Those of their directory scope and, for every visit whose working material they see, the
    inspected organization and its units (an inspector of Sở Nội vụ names a ward of the district
    the team inspects). The service then checks the one visit at hand.
    """
    if not is_active_user(user):
        return Organization.objects.none()
    inspected_above = Visit.objects.internal_to(user).filter(
        inspected_organization__path=Substr(
            OuterRef("path"), 1, Length("inspected_organization__path")
        )
    )
    return Organization.objects.filter(user.scope.q("path") | Q(Exists(inspected_above)))


def addressable_organization_id(**kwargs) -> VisibleIdField:
    return VisibleIdField(addressable_organizations, queryset=Organization.objects.all(), **kwargs)


# Several models have a `kind` or a `status`: each choice set gets its own schema component.
@extend_schema_field(
    serializers.ChoiceField(choices=FindingKind.choices), component_name="FindingKindEnum"
)
class FindingKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=FindingKind.choices, **kwargs)


@extend_schema_field(
    serializers.ChoiceField(choices=Severity.choices), component_name="SeverityEnum"
)
class SeverityField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Severity.choices, **kwargs)


@extend_schema_field(
    serializers.ChoiceField(choices=[*Severity.choices, ("", "")]),
    component_name="SeverityOrBlankEnum",
)
class BlankableSeverityField(SeverityField):
    """A finding's severity as read: blank unless the finding is a violation."""


@extend_schema_field(
    serializers.ChoiceField(choices=RecommendationKind.choices),
    component_name="RecommendationKindEnum",
)
class RecommendationKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=RecommendationKind.choices, **kwargs)


@extend_schema_field(
    serializers.ChoiceField(choices=RecommendationStatus.choices),
    component_name="RecommendationStatusEnum",
)
class RecommendationStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=RecommendationStatus.choices, **kwargs)


# --- Filters --------------------------------------------------------------------------------------


# --- Content areas and criteria -------------------------------------------------------------------


class ContentAreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContentArea
        fields = ["id", "number", "short_title", "title"]
        read_only_fields = fields


class CriterionSerializer(serializers.ModelSerializer):
    content_area_number = serializers.IntegerField(source="content_area.number", read_only=True)

    class Meta:
        model = Criterion
        fields = [
            "id",
            "content_area",
            "content_area_number",
            "title",
            "guidance",
            "order",
            "is_active",
        ]
        read_only_fields = fields


class CriterionFilter(django_filters.FilterSet):
    content_area = id_filter("content_area", _("content area"))
    is_active = StrictBooleanFilter(field_name="is_active", label=_("active"))

    class Meta:
        model = Criterion
        fields = ["content_area", "is_active"]


class ContentAreaViewSet(viewsets.ReadOnlyModelViewSet):
    """The five content areas: fixed public data, for every signed-in user."""

    serializer_class = ContentAreaSerializer
    queryset = ContentArea.objects.all()
    search_fields = ContentAreaQuerySet.search_fields
    search_help = _("Searches short title and title.")
    ordering_fields = ["number"]
    ordering = ["number"]


class CriterionViewSet(ServiceViewSet):
    """The checklist under the content areas: public data, for every signed-in user."""

    serializer_class = CriterionSerializer
    queryset = Criterion.objects.select_related("content_area")
    filterset_class = CriterionFilter
    search_fields = CriterionQuerySet.search_fields
    search_help = _("Searches title and how to check.")
    ordering_fields = ["order", "title"]
    ordering = ["content_area__number", "order", "pk"]


# --- Evidence (read side, nested in findings too) -------------------------------------------------


class EvidenceSummarySerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "original_name",
            "content_type",
            "size",
            "caption",
            "is_image",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, evidence: Evidence) -> str:
        return reverse(
            "evidence-download", kwargs={"pk": evidence.pk}, request=self.context.get("request")
        )


class EvidenceSerializer(EvidenceSummarySerializer):
    visit = serializers.IntegerField(
        source="finding.visit_id",
        read_only=True,
        allow_null=True,
        help_text=_("The visit of the finding; null for the evidence of a remediation report."),
    )
    uploaded_by_name = serializers.CharField(source="uploaded_by.get_full_name", read_only=True)
    is_removed = serializers.SerializerMethodField()

    class Meta(EvidenceSummarySerializer.Meta):
        fields = [
            "id",
            "finding",
            "visit",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "caption",
            "is_image",
            "uploaded_by",
            "uploaded_by_name",
            "uploaded_at",
            "is_removed",
            "removed_at",
            "removed_by",
            "removal_reason",
            "download_url",
        ]
        read_only_fields = fields

    def get_is_removed(self, evidence: Evidence) -> bool:
        return evidence.removed_at is not None


class EvidenceInputSerializer(serializers.Serializer):
    finding = VisibleIdField(visible(Finding), queryset=Finding.objects.all())
    file = serializers.FileField()
    caption = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RemoveEvidenceSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class EvidenceFilter(django_filters.FilterSet):
    finding = id_filter("finding", _("finding"))
    visit = id_filter("finding__visit", _("visit"))
    removed = StrictBooleanFilter(method="filter_removed", label=_("removed"))

    class Meta:
        model = Evidence
        fields = ["finding", "visit", "removed"]

    def filter_removed(self, queryset, name, value: bool):
        return queryset.filter(removed_at__isnull=not value)


# --- Findings -------------------------------------------------------------------------------------


class FindingSerializer(serializers.ModelSerializer):
    kind = FindingKindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    severity = BlankableSeverityField(read_only=True, allow_blank=True)
    severity_display = serializers.CharField(source="get_severity_display", read_only=True)
    content_area_number = serializers.IntegerField(source="content_area.number", read_only=True)
    criterion_title = serializers.CharField(
        source="criterion.title", read_only=True, allow_null=True
    )
    responsible_organization_name = serializers.CharField(
        source="responsible_organization.name", read_only=True, allow_null=True
    )
    recorded_by_name = serializers.CharField(source="recorded_by.get_full_name", read_only=True)
    evidence = EvidenceSummarySerializer(
        source="present_evidence", many=True, read_only=True, help_text=_("Evidence not removed.")
    )
    recommendations = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = [
            "id",
            "visit",
            "content_area",
            "content_area_number",
            "criterion",
            "criterion_title",
            "kind",
            "kind_display",
            "severity",
            "severity_display",
            "title",
            "description",
            "cause",
            "responsible_organization",
            "responsible_organization_name",
            "responsible_person",
            "responsible_position",
            "legal_reference",
            "replicate_nationwide",
            "recorded_by",
            "recorded_by_name",
            "recorded_at",
            "updated_at",
            "version",
            "evidence",
            "recommendations",
        ]
        read_only_fields = fields

    def get_recommendations(self, finding: Finding) -> list[int]:
        # Uses the prefetched recommendations: no query per row.
        return [recommendation.pk for recommendation in finding.recommendations.all()]


class FindingFieldsSerializer(serializers.ModelSerializer):
    """The fields of a finding a team member writes (the service checks them together)."""

    content_area = serializers.PrimaryKeyRelatedField(queryset=ContentArea.objects.all())
    criterion = serializers.PrimaryKeyRelatedField(
        queryset=Criterion.objects.all(), required=False, allow_null=True
    )
    kind = FindingKindField()
    severity = SeverityField(required=False, allow_blank=True)
    responsible_organization = addressable_organization_id(required=False, allow_null=True)

    class Meta:
        model = Finding
        fields = [
            "content_area",
            "criterion",
            "kind",
            "severity",
            "title",
            "description",
            "cause",
            "responsible_organization",
            "responsible_person",
            "responsible_position",
            "legal_reference",
            "replicate_nationwide",
        ]

    def validate_criterion(self, criterion: Criterion | None) -> Criterion | None:
        # A retired criterion may stay on the findings recorded against it, but no new one.
        keeps_current = self.instance is not None and self.instance.criterion_id == getattr(
            criterion, "pk", None
        )
        if criterion is not None and not criterion.is_active and not keeps_current:
            raise serializers.ValidationError(_("This criterion is no longer in use."))
        return criterion


class FindingInputSerializer(FindingFieldsSerializer):
    visit = VisibleIdField(visible(Visit), queryset=Visit.objects.all())

    class Meta(FindingFieldsSerializer.Meta):
        fields = ["visit", *FindingFieldsSerializer.Meta.fields]


class FindingUpdateSerializer(VersionedEditSerializer, FindingFieldsSerializer):
    class Meta(FindingFieldsSerializer.Meta):
        fields = [*FindingFieldsSerializer.Meta.fields, "version"]


class FindingFilter(django_filters.FilterSet):
    visit = id_filter("visit", _("visit"))
    content_area = id_filter("content_area", _("content area"))
    criterion = id_filter("criterion", _("criterion"))
    kind = django_filters.ChoiceFilter(choices=FindingKind.choices)
    severity = django_filters.ChoiceFilter(choices=Severity.choices)
    organization_subtree = subtree_filter(
        _("Inspected organization within the subtree of this organization (id)")
    )
    year = year_filter("visit__planned_start__year")
    replicate_nationwide = StrictBooleanFilter(
        field_name="replicate_nationwide", label=_("replicate nationwide")
    )

    class Meta:
        model = Finding
        fields = ["visit", "content_area", "criterion", "kind", "severity"]

    def filter_subtree(self, queryset, name, value: int):
        return within_subtree(queryset, "visit__inspected_organization__path", value)


# --- Recommendations ------------------------------------------------------------------------------


class RecommendationSerializer(serializers.ModelSerializer):
    kind = RecommendationKindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status = RecommendationStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    addressee_name = serializers.CharField(source="addressee.name", read_only=True)
    is_overdue = serializers.BooleanField(
        read_only=True, help_text=_("Still pending after the due date (derived, never stored).")
    )

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "visit",
            "finding",
            "addressee",
            "addressee_name",
            "kind",
            "kind_display",
            "action",
            "due_date",
            "status",
            "status_display",
            "is_overdue",
            "cancel_reason",
            "created_by",
            "created_at",
            "version",
        ]
        read_only_fields = fields


class RecommendationFieldsSerializer(serializers.ModelSerializer):
    finding = VisibleIdField(
        visible(Finding), queryset=Finding.objects.all(), required=False, allow_null=True
    )
    addressee = addressable_organization_id()
    kind = RecommendationKindField()

    class Meta:
        model = Recommendation
        fields = ["finding", "addressee", "kind", "action", "due_date"]


class RecommendationInputSerializer(RecommendationFieldsSerializer):
    visit = VisibleIdField(visible(Visit), queryset=Visit.objects.all())

    class Meta(RecommendationFieldsSerializer.Meta):
        fields = ["visit", *RecommendationFieldsSerializer.Meta.fields]


class RecommendationUpdateSerializer(VersionedEditSerializer, RecommendationFieldsSerializer):
    class Meta(RecommendationFieldsSerializer.Meta):
        fields = [*RecommendationFieldsSerializer.Meta.fields, "version"]


class RecommendationFilter(django_filters.FilterSet):
    visit = id_filter("visit", _("visit"))
    finding = id_filter("finding", _("finding"))
    status = django_filters.ChoiceFilter(choices=RecommendationStatus.choices)
    kind = django_filters.ChoiceFilter(choices=RecommendationKind.choices)
    addressee = id_filter("addressee", _("addressee"))
    addressee_subtree = subtree_filter(_("Addressee within the subtree of this organization (id)"))
    overdue = StrictBooleanFilter(method="filter_overdue", label=_("overdue"))
    due_from = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label=_("Due from")
    )
    due_to = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("Due until")
    )

    class Meta:
        model = Recommendation
        fields = ["visit", "finding", "status", "kind", "addressee"]

    def filter_subtree(self, queryset, name, value: int):
        return within_subtree(queryset, "addressee__path", value)

    def filter_overdue(self, queryset, name, value: bool):
        if value:
            return queryset.overdue()
        return queryset.exclude(pk__in=Recommendation.objects.overdue().values("pk"))


# --- Viewsets -------------------------------------------------------------------------------------


class FindingViewSet(WriteViewSet):
    serializer_class = FindingSerializer
    filterset_class = FindingFilter
    search_fields = FindingQuerySet.search_fields
    search_help = _("Searches title, description and the inspected organization.")
    ordering_fields = ["recorded_at", "updated_at", "kind", "severity", "content_area__number"]
    # Newest first, along the (recorded_at, id) index: a national list of a million findings
    # answers from the index instead of sorting them all.
    ordering = ["-recorded_at", "-pk"]

    def get_queryset(self):
        return (
            Finding.objects.visible_to(self.request.user)
            .select_related("visit", "content_area", "criterion", "responsible_organization")
            .select_related("recorded_by")
            .prefetch_related(
                Prefetch(
                    "evidence", queryset=Evidence.objects.present(), to_attr="present_evidence"
                ),
                Prefetch("recommendations", queryset=Recommendation.objects.only("pk", "finding")),
            )
        )

    @extend_schema(request=FindingInputSerializer, responses={201: FindingSerializer})
    def create(self, request, *args, **kwargs):
        data = dict(self.validated(FindingInputSerializer))
        finding = services.record_finding(request.user, data.pop("visit"), **data)
        return self.respond_fresh(finding, status.HTTP_201_CREATED)

    @extend_schema(request=FindingUpdateSerializer, responses=FindingSerializer)
    def partial_update(self, request, *args, **kwargs):
        finding = self.get_object()
        data = dict(self.validated(FindingUpdateSerializer, instance=finding, partial=True))
        finding = services.update_finding(request.user, finding, **data)
        return self.respond_fresh(finding)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        services.delete_finding(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


FILE_ACTIONS = frozenset({"download", "thumbnail"})
# A file is served with the content type stored at upload (uploads.ALLOWED).
EVIDENCE_TYPES = sorted({stored for _, stored in ALLOWED.values()})
BINARY = OpenApiResponse(OpenApiTypes.BINARY, description=_("The file."))


class EvidenceViewSet(WriteViewSet):
    serializer_class = EvidenceSerializer
    filterset_class = EvidenceFilter
    search_fields = EvidenceQuerySet.search_fields
    search_help = _("Searches file name and caption.")
    parser_classes = [MultiPartParser, FormParser]
    ordering_fields = ["uploaded_at", "original_name", "size"]
    ordering = ["uploaded_at", "pk"]

    def get_queryset(self):
        return Evidence.objects.visible_to(self.request.user).select_related(
            "finding", "uploaded_by"
        )

    def perform_content_negotiation(self, request, force=False):
        # A file answers whatever the client accepts; its errors are JSON.
        force = force or getattr(self, "action", None) in FILE_ACTIONS
        return super().perform_content_negotiation(request, force=force)

    @extend_schema(request=EvidenceInputSerializer, responses={201: EvidenceSerializer})
    def create(self, request, *args, **kwargs):
        data = self.validated(EvidenceInputSerializer)
        try:
            evidence = services.attach_evidence(
                request.user, data["finding"], data["file"], data["caption"]
            )
        except TransitionNotAllowed:
            raise
        except DjangoValidationError as error:
            # The upload check speaks about the file: attach its message to that field.
            if hasattr(error, "error_dict"):
                raise
            raise DjangoValidationError({"file": error.messages}) from None
        return self.respond_fresh(evidence, status.HTTP_201_CREATED)

    @extend_schema(request=RemoveEvidenceSerializer, responses=EvidenceSerializer)
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser, MultiPartParser])
    def remove(self, request, *args, **kwargs):
        evidence = self.get_object()
        data = self.validated(RemoveEvidenceSerializer)
        return self.respond_fresh(services.remove_evidence(request.user, evidence, **data))

    @extend_schema(responses={(200, content_type): BINARY for content_type in EVIDENCE_TYPES})
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        evidence = self.get_object()
        if evidence.removed_at is not None:
            raise Http404  # removed evidence is withdrawn; its row stays for the record
        return _file_response(
            evidence.file, evidence.original_name, evidence.content_type, as_attachment=True
        )

    @extend_schema(responses={(200, "image/jpeg"): BINARY})
    @action(detail=True, methods=["get"])
    def thumbnail(self, request, *args, **kwargs):
        evidence = self.get_object()
        if evidence.removed_at is not None:
            raise Http404
        return _file_response(
            evidence.thumbnail, "thumbnail.jpg", "image/jpeg", as_attachment=False
        )


def _file_response(stored, filename: str, content_type: str, *, as_attachment: bool):
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


class RecommendationViewSet(WriteViewSet):
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilter
    search_fields = RecommendationQuerySet.search_fields
    search_help = _("Searches what must be done and the addressee.")
    ordering_fields = ["due_date", "created_at", "status"]
    ordering = ["due_date", "pk"]

    def get_queryset(self):
        return (
            Recommendation.objects.visible_to(self.request.user)
            .with_overdue()
            .select_related("addressee")
        )

    @extend_schema(request=RecommendationInputSerializer, responses={201: RecommendationSerializer})
    def create(self, request, *args, **kwargs):
        data = dict(self.validated(RecommendationInputSerializer))
        recommendation = services.add_recommendation(request.user, data.pop("visit"), **data)
        return self.respond_fresh(recommendation, status.HTTP_201_CREATED)

    @extend_schema(request=RecommendationUpdateSerializer, responses=RecommendationSerializer)
    def partial_update(self, request, *args, **kwargs):
        recommendation = self.get_object()
        data = dict(
            self.validated(RecommendationUpdateSerializer, instance=recommendation, partial=True)
        )
        recommendation = services.update_recommendation(request.user, recommendation, **data)
        return self.respond_fresh(recommendation)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        services.delete_recommendation(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
