from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.complaint_file, name="file"),
    path("follow/", views.follow, name="follow"),
    path("follow/<str:reference>/", views.follow_case, name="follow_case"),
    path("follow/<str:reference>/message/", views.follow_message, name="follow_message"),
    path("follow/<str:reference>/withdraw/", views.follow_withdraw, name="follow_withdraw"),
    path("follow/<str:reference>/leave/", views.follow_leave, name="follow_leave"),
    path("files/<uuid:public_id>/", views.evidence_download, name="evidence_download"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/register/", views.staff_register, name="staff_register"),
    path("staff/<str:reference>/", views.staff_detail, name="staff_detail"),
    path("staff/<str:reference>/message/", views.staff_message, name="staff_message"),
]
