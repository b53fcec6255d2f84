from django.urls import path  # noqa: F401

app_name = "code_of_conduct"
urlpatterns = []
