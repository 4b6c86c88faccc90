from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CriterionCheck, Evidence, Finding, Recommendation


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "severity", "content_area", "visit"]
    list_filter = ["kind", "severity", "content_area", "replicate_nationwide"]
    list_select_related = ["content_area", "visit__inspected_organization"]
    search_fields = ["title", "description"]
    raw_id_fields = ["visit", "criterion", "responsible_organization", "recorded_by"]
    readonly_fields = ["version"]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "content_type", "size", "finding", "removed_at"]
    raw_id_fields = ["finding", "uploaded_by", "removed_by"]
    readonly_fields = ["sha256", "size", "content_type", "file", "thumbnail"]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["action", "addressee", "kind", "due_date", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["addressee"]
    raw_id_fields = ["visit", "finding", "addressee", "created_by"]
    # Status changes go through services (reports accepted or rejected).
    readonly_fields = ["status", "version"]


@admin.register(CriterionCheck)
class CriterionCheckAdmin(SimpleHistoryAdmin):
    list_display = ["criterion", "result", "visit"]
    raw_id_fields = ["visit", "criterion", "checked_by"]
