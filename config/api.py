"""The API router under /api/v1/: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from accounts.api import OrganizationViewSet, UserViewSet

router = DefaultRouter()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("users", UserViewSet, basename="user")

urlpatterns = router.urls
