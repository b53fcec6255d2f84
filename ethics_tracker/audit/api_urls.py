from django.urls import path

from . import api

urlpatterns = [
    path("audit/trail/", api.TrailView.as_view(), name="api-audit-trail"),
    path(
        "audit/records/<str:label>/<str:object_id>/history/",
        api.RecordHistoryView.as_view(),
        name="api-audit-record-history",
    ),
    path("audit/ledger/verification/", api.VerificationView.as_view(), name="api-audit-verify"),
    path(
        "audit/verifications/",
        api.VerificationRunListView.as_view(),
        name="api-audit-verifications",
    ),
    path(
        "audit/verifications/<int:pk>/",
        api.VerificationRunView.as_view(),
        name="api-audit-verification",
    ),
    path("audit/ledger/<str:reference>/", api.CaseLedgerView.as_view(), name="api-audit-ledger"),
    path(
        "audit/ledger/<str:reference>/verification/",
        api.CaseVerificationView.as_view(),
        name="api-audit-ledger-verify",
    ),
    path("audit/checkpoints/", api.CheckpointListView.as_view(), name="api-audit-checkpoints"),
    path("audit/access/", api.AccessLogView.as_view(), name="api-audit-access"),
    path(
        "audit/exports/<slug:kind>.<slug:fmt>",
        api.ExportView.as_view(),
        name="api-audit-export",
    ),
]
