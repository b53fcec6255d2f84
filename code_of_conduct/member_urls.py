"""Members' signing pages and the secretary's coverage pages (mounted at /members/)."""

from django.urls import path

from .views import members as views

app_name = "members"
urlpatterns = [
    path("me/", views.my_signatures, name="me"),
    path("sign/", views.sign_next, name="sign"),
    path("sign/<int:version_id>/", views.sign_version, name="sign_version"),
    path("receipts/<uuid:receipt_id>/", views.receipt, name="receipt"),
    path("receipts/<uuid:receipt_id>/download/", views.receipt_download, name="receipt_download"),
    path("coverage/", views.coverage_index, name="coverage_index"),
    path("coverage/<int:version_id>/", views.coverage, name="coverage"),
    path("coverage/<int:version_id>/unsigned.csv", views.coverage_csv, name="coverage_csv"),
    path("coverage/<int:version_id>/remind/", views.coverage_remind, name="coverage_remind"),
    path("paper/", views.paper_acceptance, name="paper"),
    path("import/", views.import_acceptances, name="import"),
    path("register/", views.public_register, name="register"),
]
