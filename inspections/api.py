"""API of the planning app: legal documents, plans, teams and visits (docs/design.md §4, §5).

Serializers only validate input; every write calls one function of `services.py`, which checks
who may do it and the current state (ValidationError → 400, NotAllowed → 403,
TransitionNotAllowed → 409, through `core.api_errors`). Querysets start from
`visible_to(request.user)`, so an object the user may not see is a 404, and ids in a payload are
looked up among what the user may name: any other id "does not exist", exactly like a missing one.
"""

import django_filters
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Organization, User
from core.api import (
    IntegerFilter,
    ServiceViewSet,
    StrictBooleanFilter,
    VisibleIdField,
    id_filter,
    is_active_user,
    visible,
    year_filter,
)

from . import rules, services
from .enums import DocumentKind, PlanStatus, TeamRole, VisitKind, VisitStatus
from .models import (
    ContentArea,
    InspectionPlan,
    LegalDocument,
    LegalDocumentQuerySet,
    PlanQuerySet,
    Team,
    TeamMember,
    TeamQuerySet,
    Visit,
    VisitQuerySet,
)

# --- What a user may name in a payload ------------------------------------------------------------


def plannable_organizations(user):
    """Organizations a user may refer to by id in a write.

    Those of their directory scope and of their planning scope, national bodies (the public
    issuers of legal bases: the Government, TTCP, ministries) and the targets of the plans they see
    (a team lead inspects units outside their own directory scope).
    """
    if not is_active_user(user):
        return Organization.objects.none()
    plans = InspectionPlan.objects.visible_to(user).filter(targets__isnull=False)
    return Organization.objects.filter(
        user.scope.q("path")
        | rules.planning_scope(user).q("path")
        | Q(is_national=True)
        | Q(pk__in=plans.values("targets"))
    )


def nameable_users(user):
    """People a user may seat on a team: in their directory or planning scope, or on their teams.

    Deactivated people are included, so that the service can say why they cannot join.
    """
    if not is_active_user(user):
        return User.objects.none()
    teams = Team.objects.visible_to(user)
    return User.objects.filter(
        user.scope.q("organization__path")
        | rules.planning_scope(user).q("organization__path")
        | Q(pk__in=TeamMember.objects.filter(team__in=teams).values("user"))
    )


def plannable_organization_id(**kwargs) -> VisibleIdField:
    return VisibleIdField(plannable_organizations, queryset=Organization.objects.all(), **kwargs)


# Several models have a `kind`: each choice set gets its own named schema component.
@extend_schema_field(
    serializers.ChoiceField(choices=DocumentKind.choices), component_name="DocumentKindEnum"
)
class DocumentKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=DocumentKind.choices, **kwargs)


@extend_schema_field(
    serializers.ChoiceField(choices=VisitKind.choices), component_name="VisitKindEnum"
)
class VisitKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=VisitKind.choices, **kwargs)


# --- Legal documents ------------------------------------------------------------------------------


class LegalDocumentSerializer(serializers.ModelSerializer):
    kind = DocumentKindField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)

    class Meta:
        model = LegalDocument
        fields = [
            "id",
            "number",
            "kind",
            "kind_display",
            "issuer",
            "issuer_name",
            "issued_on",
            "title",
            "file",
            "effective_from",
            "superseded_by",
        ]
        read_only_fields = fields


class LegalDocumentInputSerializer(serializers.ModelSerializer):
    kind = DocumentKindField()
    issuer = plannable_organization_id()
    superseded_by = VisibleIdField(
        visible(LegalDocument),
        queryset=LegalDocument.objects.all(),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = LegalDocument
        fields = [
            "number",
            "kind",
            "issuer",
            "issued_on",
            "title",
            "effective_from",
            "superseded_by",
        ]
        # The one-number-per-issuer rule is checked below, beside the number field.
        validators = []

    def validate(self, data):
        if LegalDocument.objects.filter(issuer=data["issuer"], number=data["number"]).exists():
            raise serializers.ValidationError(
                {"number": _("This issuer already has a document with this number.")}
            )
        return data


class LegalDocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search, the same as `search` (kept for older clients)"),
        max_length=100,
    )
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices)
    issuer = django_filters.NumberFilter(field_name="issuer")

    class Meta:
        model = LegalDocument
        fields = ["kind", "issuer"]

    def filter_q(self, queryset, name, value: str):
        return queryset.search(value)


# --- Filters shared by plans, teams and visits ----------------------------------------------------


# --- Plans ----------------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)

    class Meta:
        model = InspectionPlan
        fields = [
            "id",
            *InspectionPlan.EDITABLE_FIELDS,
            "issuer_name",
            "status",
            "status_display",
            "approved_by",
            "approved_at",
            "created_at",
        ]
        read_only_fields = fields


class PlanInputSerializer(serializers.ModelSerializer):
    issuer = plannable_organization_id()
    legal_bases = VisibleIdField(
        visible(LegalDocument), queryset=LegalDocument.objects.all(), many=True, required=False
    )
    content_areas = serializers.PrimaryKeyRelatedField(
        queryset=ContentArea.objects.all(), many=True, required=False
    )
    targets = plannable_organization_id(many=True, required=False)

    class Meta:
        model = InspectionPlan
        fields = list(InspectionPlan.EDITABLE_FIELDS)
        # The one-code-per-issuer rule is checked below, beside the code field.
        validators = []

    def validate(self, data):
        plan = self.instance
        issuer = data.get("issuer", plan.issuer if plan else None)
        code = data.get("code", plan.code if plan else None)
        # Within what the user sees; services.create_plan answers the same for plans out of
        # sight (docs/design.md §5).
        user = self.context["request"].user
        duplicates = InspectionPlan.objects.visible_to(user).filter(issuer=issuer, code=code)
        if plan is not None:
            duplicates = duplicates.exclude(pk=plan.pk)
        if ("issuer" in data or "code" in data) and duplicates.exists():
            raise serializers.ValidationError(
                {"code": _("This issuer already has a plan with this number.")}
            )
        return data


class GenerateVisitsSerializer(serializers.Serializer):
    team = VisibleIdField(visible(Team), queryset=Team.objects.all())
    kind = VisitKindField()
    planned_start = serializers.DateField()
    planned_end = serializers.DateField()

    def validate(self, data):
        # The service checks each visit it creates; with every target covered it creates none,
        # and reversed dates would pass unnoticed.
        if data["planned_end"] < data["planned_start"]:
            raise serializers.ValidationError(
                {"planned_end": _("The visit cannot end before it starts.")}
            )
        return data


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search, the same as `search` (kept for older clients)"),
        max_length=100,
    )
    year = year_filter("year")
    status = django_filters.ChoiceFilter(choices=PlanStatus.choices)
    issuer = id_filter("issuer", _("issued by"))
    is_thematic = StrictBooleanFilter(field_name="is_thematic", label=_("thematic"))

    class Meta:
        model = InspectionPlan
        fields = ["year", "status", "issuer", "is_thematic"]

    def filter_q(self, queryset, name, value: str):
        return queryset.search(value)


# --- Teams ----------------------------------------------------------------------------------------


class TeamMemberSerializer(serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.get_full_name", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    home_organization_name = serializers.CharField(source="home_organization.name", read_only=True)

    class Meta:
        model = TeamMember
        fields = [
            "user",
            "user_name",
            "role",
            "role_display",
            "home_organization",
            "home_organization_name",
        ]
        read_only_fields = fields


class TeamSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    plan_code = serializers.CharField(source="plan.code", read_only=True, allow_null=True)
    members = TeamMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Team
        fields = [
            "id",
            "name",
            "organization",
            "organization_name",
            "plan",
            "plan_code",
            "decision_number",
            "decision_date",
            "decision_signer",
            "members",
            "created_at",
        ]
        read_only_fields = fields


class TeamMemberInputSerializer(serializers.Serializer):
    user = VisibleIdField(nameable_users, queryset=User.objects.all())
    role = serializers.ChoiceField(choices=TeamRole.choices)
    home_organization = plannable_organization_id(required=False, allow_null=True)


class TeamInputSerializer(serializers.ModelSerializer):
    organization = plannable_organization_id()
    plan = VisibleIdField(
        visible(InspectionPlan),
        queryset=InspectionPlan.objects.all(),
        required=False,
        allow_null=True,
    )
    members = TeamMemberInputSerializer(many=True)

    class Meta:
        model = Team
        fields = [
            "name",
            "organization",
            "plan",
            "decision_number",
            "decision_date",
            "decision_signer",
            "members",
        ]

    def validate_members(self, members: list[dict]) -> list[services.MemberSpec]:
        return [services.MemberSpec(**member) for member in members]


class TeamFilter(django_filters.FilterSet):
    plan = id_filter("plan", _("plan"))
    organization = id_filter("organization", _("formed by"))

    class Meta:
        model = Team
        fields = ["plan", "organization"]


# --- Visits ---------------------------------------------------------------------------------------


class VisitSerializer(serializers.ModelSerializer):
    kind = VisitKindField(read_only=True)
    plan_code = serializers.CharField(source="plan.code", read_only=True, allow_null=True)
    team_name = serializers.CharField(source="team.name", read_only=True)
    inspected_organization_name = serializers.CharField(
        source="inspected_organization.name", read_only=True
    )
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Visit
        fields = [
            "id",
            "plan",
            "plan_code",
            "team",
            "team_name",
            "inspected_organization",
            "inspected_organization_name",
            "kind",
            "kind_display",
            "subject",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "status",
            "status_display",
            "cancel_reason",
            "created_at",
        ]
        read_only_fields = fields


class VisitInputSerializer(serializers.ModelSerializer):
    plan = VisibleIdField(
        visible(InspectionPlan),
        queryset=InspectionPlan.objects.all(),
        required=False,
        allow_null=True,
    )
    team = VisibleIdField(visible(Team), queryset=Team.objects.all())
    inspected_organization = plannable_organization_id()
    kind = VisitKindField()

    class Meta:
        model = Visit
        fields = [
            "plan",
            "team",
            "inspected_organization",
            "kind",
            "subject",
            "planned_start",
            "planned_end",
        ]


class CancelVisitSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class VisitFilter(django_filters.FilterSet):
    year = year_filter("planned_start__year")
    status = django_filters.ChoiceFilter(choices=VisitStatus.choices)
    kind = django_filters.ChoiceFilter(choices=VisitKind.choices)
    plan = id_filter("plan", _("plan"))
    team = id_filter("team", _("team"))
    inspected_organization = id_filter("inspected_organization", _("inspected organization"))
    inspected_subtree = IntegerFilter(
        method="filter_inspected_subtree",
        label=_("Inspected organization within the subtree of this organization (id)"),
        min_value=1,
    )
    planned_from = django_filters.DateFilter(
        field_name="planned_start", lookup_expr="gte", label=_("Planned start from")
    )
    planned_to = django_filters.DateFilter(
        field_name="planned_start", lookup_expr="lte", label=_("Planned start until")
    )

    class Meta:
        model = Visit
        fields = ["status", "kind", "plan", "team", "inspected_organization"]

    def filter_inspected_subtree(self, queryset, name, value: int):
        # The queryset is already limited to what the user sees: a root out of sight yields only
        # the visible part of its subtree (often nothing), never someone else's visits.
        root = Organization.objects.filter(pk=value).only("path").first()
        if root is None:
            return queryset.none()
        return queryset.filter(inspected_organization__path__startswith=root.path)


# --- Viewsets -------------------------------------------------------------------------------------


class LegalDocumentViewSet(ServiceViewSet):
    serializer_class = LegalDocumentSerializer
    filterset_class = LegalDocumentFilter
    search_fields = LegalDocumentQuerySet.search_fields
    search_help = _("Searches number and title.")
    ordering_fields = ["issued_on", "number", "kind"]
    ordering = ["-issued_on", "number"]

    def get_queryset(self):
        return LegalDocument.objects.visible_to(self.request.user).select_related("issuer")

    @extend_schema(request=LegalDocumentInputSerializer, responses={201: LegalDocumentSerializer})
    def create(self, request, *args, **kwargs):
        data = self.validated(LegalDocumentInputSerializer)
        document = services.create_legal_document(request.user, **data)
        return self.respond(document, status.HTTP_201_CREATED)


class PlanViewSet(ServiceViewSet):
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    search_fields = PlanQuerySet.search_fields
    search_help = _("Searches number, title and theme.")
    ordering_fields = ["year", "issued_on", "code", "status", "starts_on", "created_at"]
    ordering = ["-year", "-issued_on", "pk"]

    def get_queryset(self):
        return (
            InspectionPlan.objects.visible_to(self.request.user)
            .select_related("issuer")
            .prefetch_related("legal_bases", "content_areas", "targets")
        )

    @extend_schema(request=PlanInputSerializer, responses={201: PlanSerializer})
    def create(self, request, *args, **kwargs):
        data = self.validated(PlanInputSerializer)
        plan = services.create_plan(request.user, **data)
        return self.respond(plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlanInputSerializer, responses=PlanSerializer)
    def partial_update(self, request, *args, **kwargs):
        plan = self.get_object()
        data = self.validated(PlanInputSerializer, instance=plan, partial=True)
        return self.respond(services.update_plan(request.user, plan, **data))

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        return self.respond(services.approve_plan(request.user, self.get_object()))

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, *args, **kwargs):
        return self.respond(services.close_plan(request.user, self.get_object()))

    @extend_schema(request=GenerateVisitsSerializer, responses={201: VisitSerializer(many=True)})
    @action(detail=True, methods=["post"], url_path="generate-visits", pagination_class=None)
    def generate_visits(self, request, *args, **kwargs):
        plan = self.get_object()
        data = self.validated(GenerateVisitsSerializer)
        visits = services.generate_visits(request.user, plan, **data)
        return Response(VisitSerializer(visits, many=True).data, status=status.HTTP_201_CREATED)


class TeamViewSet(ServiceViewSet):
    serializer_class = TeamSerializer
    filterset_class = TeamFilter
    search_fields = TeamQuerySet.search_fields
    search_help = _("Searches name and decision number.")
    ordering_fields = ["name", "decision_date", "created_at"]
    ordering = ["-decision_date", "pk"]

    def get_queryset(self):
        members = TeamMember.objects.select_related("user", "home_organization")
        return (
            Team.objects.visible_to(self.request.user)
            .select_related("organization", "plan")
            .prefetch_related(Prefetch("members", queryset=members))
        )

    @extend_schema(request=TeamInputSerializer, responses={201: TeamSerializer})
    def create(self, request, *args, **kwargs):
        data = self.validated(TeamInputSerializer)
        team = services.create_team(request.user, **data)
        return self.respond(team, status.HTTP_201_CREATED)

    @extend_schema(request=TeamInputSerializer, responses=TeamSerializer)
    def partial_update(self, request, *args, **kwargs):
        team = self.get_object()
        data = self.validated(TeamInputSerializer, instance=team, partial=True)
        return self.respond(services.update_team(request.user, team, **data))


class VisitViewSet(ServiceViewSet):
    serializer_class = VisitSerializer
    filterset_class = VisitFilter
    search_fields = VisitQuerySet.search_fields
    search_help = _("Searches the inspected organization's name, short name and code.")
    ordering_fields = [
        "planned_start",
        "planned_end",
        "actual_start",
        "status",
        "kind",
        "created_at",
    ]
    ordering = ["planned_start", "pk"]

    def get_queryset(self):
        return Visit.objects.visible_to(self.request.user).select_related(
            "plan", "team", "inspected_organization"
        )

    @extend_schema(request=VisitInputSerializer, responses={201: VisitSerializer})
    def create(self, request, *args, **kwargs):
        data = self.validated(VisitInputSerializer)
        visit = services.create_visit(request.user, **data)
        return self.respond(visit, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, *args, **kwargs):
        return self.respond(services.start_visit(request.user, self.get_object()))

    @extend_schema(request=None, responses=VisitSerializer)
    @action(detail=True, methods=["post"], url_path="finish-fieldwork")
    def finish_fieldwork(self, request, *args, **kwargs):
        return self.respond(services.finish_fieldwork(request.user, self.get_object()))

    @extend_schema(request=CancelVisitSerializer, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, *args, **kwargs):
        visit = self.get_object()
        data = self.validated(CancelVisitSerializer)
        return self.respond(services.cancel_visit(request.user, visit, **data))
