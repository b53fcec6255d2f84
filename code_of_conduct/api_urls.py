"""API routes for codes, versions and provisions."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = router.urls
