from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ContentArea,
    Criterion,
    InspectionPlan,
    LegalDocument,
    Team,
    TeamMember,
    Visit,
)


@admin.register(ContentArea)
class ContentAreaAdmin(admin.ModelAdmin):
    list_display = ["number", "short_title"]


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    """The checklist is data administrators keep (the design's "admin-editable" criteria); every
    change is in its history. No delete: results point at criteria; switch one off instead."""

    list_display = ["title", "content_area", "order", "is_active"]
    list_filter = ["content_area", "is_active"]
    list_editable = ["order", "is_active"]
    list_select_related = ["content_area"]
    search_fields = ["title", "guidance"]
    ordering = ["content_area__number", "order", "pk"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return ["content_area"] if obj is not None else []


@admin.register(LegalDocument)
class LegalDocumentAdmin(SimpleHistoryAdmin):
    list_display = ["number", "kind", "issuer", "issued_on"]
    list_filter = ["kind"]
    list_select_related = ["issuer"]
    search_fields = ["number", "title", "search_text"]
    autocomplete_fields = ["issuer", "superseded_by"]


@admin.register(InspectionPlan)
class InspectionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "issuer", "year", "status"]
    list_filter = ["status", "year", "is_thematic"]
    list_select_related = ["issuer"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["issuer", "targets", "legal_bases"]
    # Status changes go through services (approve, close): not editable here.
    readonly_fields = ["status", "approved_by", "approved_at", "created_by"]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    autocomplete_fields = ["user", "home_organization"]


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "decision_number", "decision_date"]
    list_select_related = ["organization"]
    search_fields = ["name", "decision_number"]
    autocomplete_fields = ["organization", "plan"]
    inlines = [TeamMemberInline]


@admin.register(Visit)
class VisitAdmin(SimpleHistoryAdmin):
    list_display = ["inspected_organization", "kind", "planned_start", "status", "team"]
    list_filter = ["kind", "status"]
    list_select_related = ["inspected_organization", "team"]
    search_fields = ["inspected_organization__name", "subject"]
    readonly_fields = ["status", "actual_start", "actual_end", "cancel_reason", "created_by"]
    autocomplete_fields = ["inspected_organization", "team", "plan"]
