from django.urls import path
from rest_framework.routers import SimpleRouter

from .api import (
    committee,
    complainant,
    complaints,
    hearings,
    members,
    memberships,
    register,
    respondent,
    secretariat,
)

router = SimpleRouter(trailing_slash=True)
router.register("complaints", complaints.ComplaintViewSet, basename="api-complaint")
router.register("cases", committee.CaseViewSet, basename="api-case")
router.register(
    "respondent/cases", respondent.RespondentCaseViewSet, basename="api-respondent-case"
)
router.register(
    "committee/memberships",
    memberships.CommitteeMembershipViewSet,
    basename="api-committee-membership",
)

urlpatterns = [
    path("members/lookup/", members.MemberLookupView.as_view(), name="api-member-lookup"),
    path(
        "complaints/register/",
        secretariat.PaperComplaintView.as_view(),
        name="api-complaint-register",
    ),
    path(
        "complaints/<str:reference>/follow-up/",
        complainant.FollowUpView.as_view(),
        name="api-complaint-follow-up",
    ),
    path(
        "complaints/<str:reference>/follow-up/messages/",
        complainant.FollowUpMessagesView.as_view(),
        name="api-complaint-follow-up-messages",
    ),
    path(
        "complaints/<str:reference>/follow-up/withdraw/",
        complainant.FollowUpWithdrawView.as_view(),
        name="api-complaint-follow-up-withdraw",
    ),
    path(
        "complaints/<str:reference>/follow-up/appeal/",
        complainant.FollowUpAppealView.as_view(),
        name="api-complaint-follow-up-appeal",
    ),
    path(
        "complaints/<str:reference>/follow-up/hearings/",
        hearings.FollowUpHearingsView.as_view(),
        name="api-complaint-follow-up-hearings",
    ),
    path(
        "complaints/<str:reference>/follow-up/hearings/<int:hearing_id>/reschedule/",
        hearings.FollowUpHearingRescheduleView.as_view(),
        name="api-complaint-follow-up-hearing-reschedule",
    ),
    path(
        "respondent/cases/<str:reference>/hearings/",
        hearings.RespondentHearingsView.as_view(),
        name="api-respondent-hearings",
    ),
    path(
        "respondent/cases/<str:reference>/hearings/<int:hearing_id>/reschedule/",
        hearings.RespondentHearingRescheduleView.as_view(),
        name="api-respondent-hearing-reschedule",
    ),
    path(
        "respondent/cases/<str:reference>/hearing-demand/",
        hearings.RespondentHearingDemandView.as_view(),
        name="api-respondent-hearing-demand",
    ),
    path(
        "complaints/<str:reference>/follow-up/files/<uuid:file_id>/",
        complainant.FollowUpFileView.as_view(),
        name="api-complaint-follow-up-file",
    ),
    # The public register of decisions (issue K)
    path("register/", register.RegisterListView.as_view(), name="api-register"),
    path(
        "register/<int:year>/<int:number>/",
        register.RegisterDetailView.as_view(),
        name="api-register-decision",
    ),
    path(
        "cases/<str:reference>/publication/",
        register.CasePublicationView.as_view(),
        name="api-case-publication",
    ),
    path(
        "cases/<str:reference>/publication/unpublish/",
        register.CaseUnpublishView.as_view(),
        name="api-case-unpublish",
    ),
    *router.urls,
]
