from django.urls import path  # noqa: F401

app_name = "register"

# The public register of decisions, mounted at /decisions/ (issue K).
urlpatterns = []
