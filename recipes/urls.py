"""URLs of the recipes board; its views arrive with the board itself."""

urlpatterns: list = []
