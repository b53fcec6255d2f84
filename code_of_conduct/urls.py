"""Public and secretary pages for codes and versions (mounted at /code/)."""

app_name = "code_of_conduct"
urlpatterns: list = []
