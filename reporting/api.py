"""API of the reporting app: conclusion notices, their review and their PDF (docs/design.md §4, §9).

Same conventions as `inspections.api` and `findings.api`: serializers only validate input; every
write calls one function of `services.py`, which checks who may do it and the current state
(ValidationError → 400, NotAllowed → 403, TransitionNotAllowed → 409, EditConflict → 409, through
`core.api_errors`). Querysets start from `Conclusion.objects.visible_to(request.user)`, so the
inspected side gets a 404 for a conclusion until it is issued, and ids in a payload are looked up
among what the user may see. Review rounds and their comments are working material of the team and
the reviewers: the inspected side sees an empty list. The PDF is streamed by `{id}/pdf/` after the
same visibility check, never from a public media URL.
"""

import django_filters
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from accounts.api import within_subtree as subtree_of
from core.api import (
    IntegerFilter,
    VersionedEditSerializer,
    VisibleIdField,
    WriteViewSet,
    id_filter,
    subtree_filter,
    visible,
)
from core.errors import EditConflict
from inspections.models import Visit

from . import rules, services
from .enums import ConclusionStatus, PdfStatus, Section
from .models import (
    Conclusion,
    ConclusionQuerySet,
    ConclusionSection,
    ReviewComment,
    ReviewRound,
)


# Several models have a `status`: each choice set gets its own named schema component.
@extend_schema_field(
    serializers.ChoiceField(choices=ConclusionStatus.choices),
    component_name="ConclusionStatusEnum",
)
class ConclusionStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=ConclusionStatus.choices, **kwargs)


@extend_schema_field(
    serializers.ChoiceField(choices=PdfStatus.choices), component_name="PdfStatusEnum"
)
class PdfStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=PdfStatus.choices, **kwargs)


@extend_schema_field(
    serializers.ChoiceField(choices=Section.choices), component_name="SectionKeyEnum"
)
class SectionKeyField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Section.choices, **kwargs)


# --- Read side ------------------------------------------------------------------------------------


class ConclusionSectionSerializer(serializers.ModelSerializer):
    key = SectionKeyField(read_only=True)

    class Meta:
        model = ConclusionSection
        fields = ["key", "title", "body", "order"]
        read_only_fields = fields


class ReviewCommentSerializer(serializers.ModelSerializer):
    section_key = serializers.CharField(
        read_only=True, help_text=_("The section commented on; empty for the whole notice.")
    )
    author_name = serializers.CharField(source="author.get_full_name", read_only=True)

    class Meta:
        model = ReviewComment
        fields = ["id", "section_key", "text", "author", "author_name", "created_at"]
        read_only_fields = fields


class ReviewRoundSerializer(serializers.ModelSerializer):
    snapshot = serializers.DictField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("The text of each section as submitted in this round."),
    )
    submitted_by_name = serializers.CharField(source="submitted_by.get_full_name", read_only=True)
    comments = ReviewCommentSerializer(many=True, read_only=True)

    class Meta:
        model = ReviewRound
        fields = [
            "number",
            "submitted_by",
            "submitted_by_name",
            "submitted_at",
            "outcome",
            "snapshot",
            "comments",
        ]
        read_only_fields = fields


class ConclusionSummarySerializer(serializers.ModelSerializer):
    """A conclusion as listed: its header and state, without the text of its sections."""

    status = ConclusionStatusField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    inspected_organization = serializers.IntegerField(
        source="visit.inspected_organization_id", read_only=True
    )
    inspected_organization_name = serializers.CharField(
        source="visit.inspected_organization.name", read_only=True
    )
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    reference = serializers.CharField(
        read_only=True,
        help_text=_("Number and symbol, e.g. 12/TB-TTCP, once issued; empty before."),
    )
    pdf_status = PdfStatusField(read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Conclusion
        fields = [
            "id",
            "visit",
            "inspected_organization",
            "inspected_organization_name",
            "issuer",
            "issuer_name",
            "status",
            "status_display",
            "subject",
            "symbol",
            "number",
            "year",
            "reference",
            "issued_on",
            "supersedes",
            "created_at",
            "submitted_at",
            "approved_at",
            "issued_at",
            "pdf_status",
            "pdf_sha256",
            "pdf_url",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True, read_only=True))
    def get_pdf_url(self, conclusion: Conclusion) -> str | None:
        if conclusion.pdf_status != PdfStatus.READY or not conclusion.pdf:
            return None
        return reverse(
            "conclusion-pdf", kwargs={"pk": conclusion.pk}, request=self.context.get("request")
        )


class ConclusionPermissionsSerializer(serializers.Serializer):
    edit = serializers.BooleanField(help_text=_("Edit the header and the sections."))
    submit = serializers.BooleanField(help_text=_("Submit for review."))
    decide = serializers.BooleanField(help_text=_("Approve or return with comments."))
    issue = serializers.BooleanField(help_text=_("Issue with a number."))
    retry_pdf = serializers.BooleanField(help_text=_("Rebuild a PDF whose build failed."))
    correct = serializers.BooleanField(help_text=_("Draft a correcting conclusion."))


class ConclusionSerializer(ConclusionSummarySerializer):
    """A conclusion with its sections, review rounds and what the requesting user may do."""

    created_by_name = serializers.CharField(source="created_by.get_full_name", read_only=True)
    approved_by_name = serializers.CharField(
        source="approved_by.get_full_name", read_only=True, allow_null=True
    )
    issued_by_name = serializers.CharField(
        source="issued_by.get_full_name", read_only=True, allow_null=True
    )
    sections = ConclusionSectionSerializer(many=True, read_only=True)
    signature_lines = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text=_("The signature block as printed: KT. TỔNG THANH TRA, PHÓ TỔNG THANH TRA."),
    )
    rounds = ReviewRoundSerializer(
        many=True,
        read_only=True,
        help_text=_(
            "Review rounds with the reviewers' comments (not shown to the inspected side)."
        ),
    )
    can = serializers.SerializerMethodField()

    class Meta(ConclusionSummarySerializer.Meta):
        fields = [
            *ConclusionSummarySerializer.Meta.fields,
            "place",
            "signer_name",
            "signing_authority",
            "signing_for",
            "signer_title",
            "signature_lines",
            "recipients",
            "created_by",
            "created_by_name",
            "approved_by",
            "approved_by_name",
            "issued_by",
            "issued_by_name",
            "sections",
            "rounds",
            "can",
        ]
        read_only_fields = fields

    @extend_schema_field(ConclusionPermissionsSerializer)
    def get_can(self, conclusion: Conclusion) -> dict:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return dict.fromkeys(ConclusionPermissionsSerializer().fields, False)
        leads = rules.is_team_leader(user, conclusion.visit)
        return {
            "edit": rules.can_edit(user, conclusion),
            "submit": rules.can_submit(user, conclusion),
            "decide": rules.can_decide(user, conclusion),
            "issue": rules.can_issue(user, conclusion),
            "retry_pdf": rules.can_retry_pdf(user, conclusion),
            "correct": conclusion.is_issued and leads,
        }


# --- Write side -----------------------------------------------------------------------------------


class ConclusionInputSerializer(serializers.Serializer):
    visit = VisibleIdField(visible(Visit), queryset=Visit.objects.all())
    supersedes = VisibleIdField(
        visible(Conclusion),
        queryset=Conclusion.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("An issued conclusion of the same visit that this one corrects."),
    )


class ConclusionHeaderSerializer(VersionedEditSerializer, serializers.ModelSerializer):
    class Meta:
        model = Conclusion
        fields = [*services.HEADER_FIELDS, "version"]


class SectionEditSerializer(serializers.Serializer):
    body = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text=_(
            "Plain text: paragraphs are separated by an empty line; a line starting with “- ” "
            "is a list item. HTML is kept as text."
        ),
    )
    original = serializers.CharField(
        allow_blank=True,
        trim_whitespace=False,
        help_text=_(
            "The text this edit started from. If someone saved the section since, the answer "
            "is 409 with their text and nothing changes."
        ),
    )


class SectionConflictSerializer(serializers.Serializer):
    detail = serializers.ListField(child=serializers.CharField())
    current = ConclusionSectionSerializer(
        required=False,
        help_text=_(
            "The section as someone else saved it, when `original` is stale; absent when the "
            "conclusion's state allows no edit."
        ),
    )


class ReturnSerializer(serializers.Serializer):
    comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        default=dict,
        help_text=_(
            "Comments by section key (overview, results, good_practices, shortcomings, "
            "recommendations, implementation)."
        ),
    )
    general = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("A comment on the whole notice."),
    )


class IssueSerializer(serializers.Serializer):
    issued_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Date of issue; today if omitted. It cannot be in the future."),
    )


# --- Filters --------------------------------------------------------------------------------------


class ConclusionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ConclusionStatus.choices)
    issuer = id_filter("issuer", _("issuing body"))
    visit = id_filter("visit", _("visit"))
    year = extend_schema_field(OpenApiTypes.INT)(
        IntegerFilter(
            method="filter_year",
            label=_("Year of issue (for a conclusion not issued yet: the year it was drafted)"),
            min_value=1,
            max_value=9999,
        )
    )
    inspected_subtree = subtree_filter(
        _("Inspected organization within the subtree of this organization (id)")
    )
    issued_from = django_filters.DateFilter(
        field_name="issued_on", lookup_expr="gte", label=_("Issued from")
    )
    issued_to = django_filters.DateFilter(
        field_name="issued_on", lookup_expr="lte", label=_("Issued until")
    )

    class Meta:
        model = Conclusion
        fields = ["status", "issuer", "visit"]

    def filter_year(self, queryset, name, value: int):
        return queryset.filter(Q(year=value) | Q(year__isnull=True, created_at__year=value))

    def filter_subtree(self, queryset, name, value: int):
        return subtree_of(queryset, "visit__inspected_organization__path", value)


# --- Viewset --------------------------------------------------------------------------------------

PDF_RESPONSE = OpenApiResponse(OpenApiTypes.BINARY, description=_("The issued notice as PDF."))
SECTION_KEY = OpenApiParameter(
    "key", str, OpenApiParameter.PATH, enum=Section.values, description=_("Section key.")
)
FILE_ACTIONS = frozenset({"pdf"})
LIGHT_ACTIONS = frozenset({"list", "pdf"})


class ConclusionViewSet(WriteViewSet):
    """Conclusion notices: draft, edit, review, issue and download them.

    The inspected organization sees a conclusion only once it is issued; its review rounds stay
    with the team and the reviewers.
    """

    filterset_class = ConclusionFilter
    search_fields = ConclusionQuerySet.search_fields
    search_help = _("Searches the inspected organization and the issuing body.")
    ordering_fields = ["issued_on", "created_at", "submitted_at", "number", "status"]
    ordering = ["-issued_on", "-created_at", "pk"]

    def get_serializer_class(self):
        if self.action == "list":
            return ConclusionSummarySerializer
        return ConclusionSerializer

    def get_queryset(self):
        user = self.request.user
        queryset = Conclusion.objects.visible_to(user).select_related(
            "visit__inspected_organization", "issuer"
        )
        if getattr(self, "action", None) in LIGHT_ACTIONS:
            return queryset
        rounds = (
            ReviewRound.objects.visible_to(user)
            .select_related("submitted_by")
            .prefetch_related(
                Prefetch("comments", queryset=ReviewComment.objects.select_related("author"))
            )
        )
        return queryset.select_related(
            "visit__team", "created_by", "approved_by", "issued_by"
        ).prefetch_related("sections", Prefetch("rounds", queryset=rounds))

    def perform_content_negotiation(self, request, force=False):
        # A file answers whatever the client accepts; its errors are JSON.
        force = force or getattr(self, "action", None) in FILE_ACTIONS
        return super().perform_content_negotiation(request, force=force)

    @extend_schema(request=ConclusionInputSerializer, responses={201: ConclusionSerializer})
    def create(self, request, *args, **kwargs):
        data = self.validated(ConclusionInputSerializer)
        conclusion = services.draft_conclusion(
            request.user, data["visit"], supersedes=data.get("supersedes")
        )
        return self.respond_fresh(conclusion, status.HTTP_201_CREATED)

    @extend_schema(request=ConclusionHeaderSerializer, responses=ConclusionSerializer)
    def partial_update(self, request, *args, **kwargs):
        conclusion = self.get_object()
        data = dict(self.validated(ConclusionHeaderSerializer, instance=conclusion, partial=True))
        version = data.pop("version")
        conclusion = services.update_header(request.user, conclusion, version=version, **data)
        return self.respond_fresh(conclusion)

    @extend_schema(
        parameters=[SECTION_KEY],
        request=SectionEditSerializer,
        responses={200: ConclusionSectionSerializer, 409: SectionConflictSerializer},
    )
    @action(detail=True, methods=["post"], url_path=r"sections/(?P<key>[a-z_]+)")
    def section(self, request, *args, key: str, **kwargs):
        conclusion = self.get_object()
        if key not in Section.values:
            raise Http404
        data = self.validated(SectionEditSerializer)
        try:
            section = services.update_section(request.user, conclusion, key=key, **data)
        except EditConflict as conflict:
            body = {
                "detail": [str(message) for message in conflict.messages],
                "current": ConclusionSectionSerializer(conflict.current).data,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(ConclusionSectionSerializer(section).data)

    @extend_schema(request=None, responses=ConclusionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        conclusion = services.submit_for_review(request.user, self.get_object())
        return self.respond_fresh(conclusion)

    @extend_schema(request=None, responses=ConclusionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        return self.respond_fresh(services.approve(request.user, self.get_object()))

    @extend_schema(request=ReturnSerializer, responses=ConclusionSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_for_revision(self, request, *args, **kwargs):
        conclusion = self.get_object()
        data = self.validated(ReturnSerializer)
        conclusion = services.return_for_revision(request.user, conclusion, **data)
        return self.respond_fresh(conclusion)

    @extend_schema(request=IssueSerializer, responses=ConclusionSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, *args, **kwargs):
        conclusion = self.get_object()
        data = self.validated(IssueSerializer)
        conclusion = services.issue(request.user, conclusion, issued_on=data["issued_on"])
        return self.respond_fresh(conclusion)

    @extend_schema(request=None, responses=ConclusionSerializer)
    @action(detail=True, methods=["post"], url_path="retry-pdf")
    def retry_pdf(self, request, *args, **kwargs):
        return self.respond_fresh(services.retry_pdf(request.user, self.get_object()))

    @extend_schema(responses={(200, "application/pdf"): PDF_RESPONSE})
    @action(detail=True, methods=["get"])
    def pdf(self, request, *args, **kwargs):
        conclusion = self.get_object()
        if conclusion.pdf_status != PdfStatus.READY or not conclusion.pdf:
            raise Http404
        try:
            handle = conclusion.pdf.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(
            handle,
            as_attachment=False,
            filename=f"{conclusion.reference.replace('/', '-')}.pdf",
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response
