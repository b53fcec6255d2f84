"""Public and secretary pages for codes and versions (mounted at /code/)."""

from django.urls import path

from .views import versions as views

app_name = "code_of_conduct"

version = "<slug:slug>/versions/<str:label>/"
provision = version + "provisions/<slug:key>/"

urlpatterns = [
    path("", views.code_list, name="code_list"),
    path("new/", views.code_create, name="code_create"),
    path("<slug:slug>/", views.code_detail, name="code_detail"),
    path("<slug:slug>/versions/", views.version_list, name="version_list"),
    path("<slug:slug>/compare/", views.version_compare, name="version_compare"),
    path("<slug:slug>/drafts/new/", views.draft_create, name="draft_create"),
    path("<slug:slug>/drafts/import/", views.draft_import, name="draft_import"),
    path(version, views.version_detail, name="version_detail"),
    path(version + "canonical.json", views.version_canonical, name="version_canonical"),
    path(version + "edit/", views.draft_edit, name="draft_edit"),
    path(version + "delete/", views.draft_delete, name="draft_delete"),
    path(version + "publish/", views.version_publish, name="version_publish"),
    path(version + "provisions/new/", views.provision_create, name="provision_create"),
    path(provision + "edit/", views.provision_edit, name="provision_edit"),
    path(provision + "delete/", views.provision_delete, name="provision_delete"),
    path(provision + "move/", views.provision_move, name="provision_move"),
]
