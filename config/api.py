"""The API router under /api/v1/: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from accounts.api import OrganizationViewSet, UserViewSet
from inspections.api import LegalDocumentViewSet, PlanViewSet, TeamViewSet, VisitViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("users", UserViewSet, basename="user")
router.register("legal-documents", LegalDocumentViewSet, basename="legal-document")
router.register("plans", PlanViewSet, basename="plan")
router.register("teams", TeamViewSet, basename="team")
router.register("visits", VisitViewSet, basename="visit")

urlpatterns = router.urls
