"""The API router under /api/v1/: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from accounts.api import NotificationViewSet, OrganizationViewSet, UserViewSet
from findings.api import (
    ContentAreaViewSet,
    EvidenceViewSet,
    FindingViewSet,
    RecommendationViewSet,
)
from findings.checklist_api import CriterionCheckViewSet, CriterionViewSet
from findings.followup_api import RecommendationFollowUpViewSet, RemediationReportViewSet
from inspections.api import LegalDocumentViewSet, PlanViewSet, TeamViewSet, VisitViewSet
from reporting.api import ConclusionViewSet
from reporting.report_api import ExportJobViewSet, ReportViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("users", UserViewSet, basename="user")
router.register("legal-documents", LegalDocumentViewSet, basename="legal-document")
router.register("plans", PlanViewSet, basename="plan")
router.register("teams", TeamViewSet, basename="team")
router.register("visits", VisitViewSet, basename="visit")
router.register("content-areas", ContentAreaViewSet, basename="content-area")
router.register("criteria", CriterionViewSet, basename="criterion")
router.register("checks", CriterionCheckViewSet, basename="criterion-check")
router.register("findings", FindingViewSet, basename="finding")
router.register("evidence", EvidenceViewSet, basename="evidence")
# Detail actions only (reports/, cancel/), registered first: the API root lists the main viewset.
router.register(
    "recommendations", RecommendationFollowUpViewSet, basename="recommendation-followup"
)
router.register("recommendations", RecommendationViewSet, basename="recommendation")
# Consolidated reports before remediation reports: `reports/{pk}/` would swallow `summary/`.
router.register("reports/exports", ExportJobViewSet, basename="export-job")
router.register("reports", ReportViewSet, basename="report-figures")
router.register("reports", RemediationReportViewSet, basename="report")
router.register("conclusions", ConclusionViewSet, basename="conclusion")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = router.urls
