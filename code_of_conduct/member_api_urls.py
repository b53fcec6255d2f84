"""API routes for members and acceptances."""

from rest_framework.routers import SimpleRouter

from .api import members as api

router = SimpleRouter()
router.register("me/acceptances", api.MyAcceptanceViewSet, basename="my-acceptance")
router.register("coverage", api.CoverageViewSet, basename="coverage")
router.register(
    r"coverage/(?P<version_id>\d+)/unsigned",
    api.UnsignedMemberViewSet,
    basename="coverage-unsigned",
)

urlpatterns = router.urls
