from django.urls import path

from recipes import views

urlpatterns = [
    path("recipes/schema.json", views.schema, name="recipe_schema"),
    path("w/<str:code>/persofails/", views.persofail_list, name="persofail_list"),
    path("w/<str:code>/persofails/starter/", views.starter, name="persofail_starter"),
    path("w/<str:code>/persofails/<int:persofail_id>/delete/", views.persofail_delete,
         name="persofail_delete"),
    path("w/<str:code>/persofails/<int:persofail_id>/guardrail/", views.persofail_guardrail,
         name="persofail_guardrail"),
    path("w/<str:code>/guardrails/", views.guardrail_list, name="guardrail_list"),
    path("w/<str:code>/guardrails/<int:guardrail_id>/delete/", views.guardrail_delete,
         name="guardrail_delete"),
    path("w/<str:code>/recipes/", views.recipe_list, name="recipe_list"),
    path("w/<str:code>/recipes.json", views.recipes_json, name="recipes_json"),
    path("w/<str:code>/recipes.csv", views.recipes_csv, name="recipes_csv"),
    path("w/<str:code>/recipes/<int:recipe_id>/edit/", views.recipe_edit, name="recipe_edit"),
    path("w/<str:code>/recipes/<int:recipe_id>/delete/", views.recipe_delete,
         name="recipe_delete"),
    path("w/<str:code>/recipes/<int:recipe_id>/move/", views.recipe_move, name="recipe_move"),
    path("w/<str:code>/recipes/<int:recipe_id>/choose/", views.recipe_choose,
         name="recipe_choose"),
    path("w/<str:code>/recipes/<int:recipe_id>/set-aside/", views.recipe_set_aside,
         name="recipe_set_aside"),
]
