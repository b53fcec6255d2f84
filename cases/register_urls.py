from django.urls import path

from .views import register

app_name = "register"

# The public register of decisions, mounted at /decisions/ (issue K).
urlpatterns = [
    path("", register.register_list, name="list"),
    path("feed/", register.register_feed, name="feed"),
    path("<int:year>/<int:number>/", register.register_decision, name="decision"),
]
