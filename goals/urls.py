"""URLs of the goals board; its views arrive with the board itself."""

urlpatterns: list = []
