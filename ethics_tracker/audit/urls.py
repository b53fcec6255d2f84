from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.index, name="index"),
    path("trail/", views.trail_list, name="trail"),
    path("records/<str:label>/<str:object_id>/", views.record_history, name="record"),
    path("ledger/", views.ledger_list, name="ledger"),
    path("ledger/verify/", views.ledger_verify, name="ledger_verify"),
    path("ledger/cases/<str:reference>/", views.ledger_case, name="ledger_case"),
    path("ledger/verifications/", views.verification_list, name="verifications"),
    path("ledger/verifications/start/", views.verification_start, name="verification_start"),
    path("ledger/verifications/<int:pk>/", views.verification_detail, name="verification"),
    path("checkpoints/", views.checkpoint_list, name="checkpoints"),
    path("checkpoints/<int:pk>.json", views.checkpoint_download, name="checkpoint_download"),
    path("transparency/", views.transparency, name="transparency"),
    path("transparency.json", views.transparency_download, name="transparency_json"),
    path("access/", views.access_list, name="access"),
    path("exports/<slug:kind>.<slug:fmt>", views.export, name="export"),
]
