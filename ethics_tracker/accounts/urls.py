from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("enrol/", views.enrol, name="enrol"),
    path("backup-codes/", views.backup_codes, name="backup_codes"),
]
