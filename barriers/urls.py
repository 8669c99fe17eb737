"""URLs of the barriers board; its views arrive with the board itself."""

urlpatterns: list = []
