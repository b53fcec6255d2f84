"""Members' signing pages and the secretary's coverage pages (mounted at /members/)."""

app_name = "members"
urlpatterns: list = []
