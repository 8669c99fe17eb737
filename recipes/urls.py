from django.urls import path

from recipes import views

urlpatterns = [
    path("recipes/schema.json", views.schema, name="recipe_schema"),
]
