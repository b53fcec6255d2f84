from django.urls import path
from rest_framework.routers import SimpleRouter

from . import api, committee_api

router = SimpleRouter(trailing_slash=True)
router.register("complaints", api.ComplaintViewSet, basename="api-complaint")
router.register("cases", committee_api.CaseViewSet, basename="api-case")

urlpatterns = [
    path(
        "complaints/<str:reference>/follow-up/",
        api.FollowUpView.as_view(),
        name="api-complaint-follow-up",
    ),
    path(
        "complaints/<str:reference>/follow-up/messages/",
        api.FollowUpMessagesView.as_view(),
        name="api-complaint-follow-up-messages",
    ),
    path(
        "complaints/<str:reference>/follow-up/withdraw/",
        api.FollowUpWithdrawView.as_view(),
        name="api-complaint-follow-up-withdraw",
    ),
    path(
        "complaints/<str:reference>/follow-up/appeal/",
        api.FollowUpAppealView.as_view(),
        name="api-complaint-follow-up-appeal",
    ),
    path(
        "complaints/<str:reference>/follow-up/files/<uuid:file_id>/",
        api.FollowUpFileView.as_view(),
        name="api-complaint-follow-up-file",
    ),
    *router.urls,
]
