from django.urls import path

from .views import (
    committee,
    evidence,
    hearings,
    memberships,
    messages,
    public,
    record_keeping,
    register_actions,
    respondent,
    secretariat,
)

app_name = "cases"
urlpatterns = [
    path("", public.complaint_file, name="file"),
    path("filed/", public.complaint_filed, name="filed"),
    path("how/", public.how_complaints_are_handled, name="how"),
    path("follow/", public.follow, name="follow"),
    path("follow/<str:reference>/", public.follow_case, name="follow_case"),
    path("follow/<str:reference>/message/", public.follow_message, name="follow_message"),
    path("follow/<str:reference>/withdraw/", public.follow_withdraw, name="follow_withdraw"),
    path("follow/<str:reference>/appeal/", public.follow_appeal, name="follow_appeal"),
    path("follow/<str:reference>/leave/", public.follow_leave, name="follow_leave"),
    path("files/<uuid:public_id>/", public.evidence_download, name="evidence_download"),
    path("staff/", secretariat.staff_list, name="staff_list"),
    path("staff/register/", secretariat.staff_register, name="staff_register"),
    path("staff/<str:reference>/", secretariat.staff_detail, name="staff_detail"),
    path("staff/<str:reference>/message/", secretariat.staff_message, name="staff_message"),
    path("staff/<str:reference>/evidence/", secretariat.staff_evidence, name="staff_evidence"),
    # The committee (issue E)
    path("committee/", committee.committee_list, name="committee_list"),
    path("committee/members/", memberships.committee_members, name="committee_members"),
    path("committee/members/add/", memberships.committee_member_add, name="committee_member_add"),
    path(
        "committee/members/<int:pk>/end/",
        memberships.committee_member_end,
        name="committee_member_end",
    ),
    path("committee/<str:reference>/", committee.committee_case, name="committee_case"),
    path(
        "committee/<str:reference>/step/<str:name>/",
        committee.committee_transition,
        name="committee_transition",
    ),
    path("committee/<str:reference>/panel/", committee.committee_seat, name="committee_seat"),
    path(
        "committee/<str:reference>/conflict/",
        committee.committee_conflict,
        name="committee_conflict",
    ),
    path("committee/<str:reference>/vote/", committee.committee_vote, name="committee_vote"),
    path("committee/<str:reference>/note/", committee.committee_note, name="committee_note"),
    path(
        "committee/<str:reference>/mediation/",
        committee.committee_consent,
        name="committee_consent",
    ),
    path("committee/<str:reference>/reveal/", committee.committee_reveal, name="committee_reveal"),
    path(
        "committee/<str:reference>/legal-hold/",
        record_keeping.committee_legal_hold,
        name="committee_legal_hold",
    ),
    path(
        "committee/<str:reference>/respondent-link/",
        record_keeping.committee_respondent_link,
        name="committee_respondent_link",
    ),
    # The public register of decisions (issue K)
    path(
        "committee/<str:reference>/publication/",
        register_actions.committee_publish,
        name="committee_publish",
    ),
    path(
        "committee/<str:reference>/publication/unpublish/",
        register_actions.committee_unpublish,
        name="committee_unpublish",
    ),
    # Evidence for the respondent (issue J)
    path(
        "committee/<str:reference>/evidence/share/",
        evidence.committee_evidence_share,
        name="committee_evidence_share",
    ),
    path(
        "committee/<str:reference>/evidence/redacted-copy/",
        evidence.committee_redacted_copy,
        name="committee_redacted_copy",
    ),
    # Hearings (issue J)
    path(
        "committee/<str:reference>/hearings/schedule/",
        hearings.hearing_schedule,
        name="committee_hearing_schedule",
    ),
    path(
        "committee/<str:reference>/hearings/move/",
        hearings.hearing_move,
        name="committee_hearing_move",
    ),
    path(
        "committee/<str:reference>/hearings/cancel/",
        hearings.hearing_cancel,
        name="committee_hearing_cancel",
    ),
    path(
        "committee/<str:reference>/hearings/record/",
        hearings.hearing_record,
        name="committee_hearing_record",
    ),
    path(
        "about-me/<str:reference>/hearing/move/",
        hearings.respondent_hearing_ask,
        name="respondent_hearing_ask",
    ),
    path(
        "about-me/<str:reference>/hearing/demand/",
        hearings.respondent_hearing_demand,
        name="respondent_hearing_demand",
    ),
    path(
        "follow/<str:reference>/hearing/move/",
        hearings.follow_hearing_ask,
        name="follow_hearing_ask",
    ),
    # The member complained about (issue E)
    path("about-me/", respondent.respondent_list, name="respondent_list"),
    path("about-me/<str:reference>/", respondent.respondent_case, name="respondent_case"),
    path("about-me/<str:reference>/reply/", respondent.respondent_reply, name="respondent_reply"),
    path(
        "about-me/<str:reference>/appeal/",
        respondent.respondent_appeal,
        name="respondent_appeal",
    ),
    path(
        "about-me/<str:reference>/message/",
        respondent.respondent_message,
        name="respondent_message",
    ),
    path(
        "committee/<str:reference>/message-respondent/",
        messages.committee_message_respondent,
        name="committee_message_respondent",
    ),
    path(
        "committee/<str:reference>/forward/",
        messages.committee_forward,
        name="committee_forward",
    ),
]
