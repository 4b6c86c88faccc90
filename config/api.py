"""The API router under /api/v1/: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from accounts.api import OrganizationViewSet, UserViewSet
from findings.api import (
    ContentAreaViewSet,
    CriterionViewSet,
    EvidenceViewSet,
    FindingViewSet,
    RecommendationViewSet,
)
from inspections.api import LegalDocumentViewSet, PlanViewSet, TeamViewSet, VisitViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("users", UserViewSet, basename="user")
router.register("legal-documents", LegalDocumentViewSet, basename="legal-document")
router.register("plans", PlanViewSet, basename="plan")
router.register("teams", TeamViewSet, basename="team")
router.register("visits", VisitViewSet, basename="visit")
router.register("content-areas", ContentAreaViewSet, basename="content-area")
router.register("criteria", CriterionViewSet, basename="criterion")
router.register("findings", FindingViewSet, basename="finding")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("recommendations", RecommendationViewSet, basename="recommendation")

urlpatterns = router.urls
