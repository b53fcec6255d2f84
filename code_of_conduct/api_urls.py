"""API routes for codes, versions and provisions."""

from rest_framework.routers import SimpleRouter

from .api import versions as api

router = SimpleRouter()
router.register("codes", api.CodeViewSet, basename="code")
router.register("versions", api.VersionViewSet, basename="version")
router.register("provisions", api.ProvisionViewSet, basename="provision")

urlpatterns = router.urls
