from django.urls import path

from goals import views

urlpatterns = [
    path("w/<str:code>/goals/", views.goal_list, name="goal_list"),
    path("w/<str:code>/goals/silent/", views.silent_start, name="goals_silent_start"),
    path("w/<str:code>/goals/silent/reveal/", views.silent_reveal, name="goals_silent_reveal"),
    path("w/<str:code>/goals/silent/close/", views.silent_close, name="goals_silent_close"),
    path("w/<str:code>/goals/<int:goal_id>/move/", views.goal_move, name="goal_move"),
    path("w/<str:code>/goals/<int:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("w/<str:code>/goals/<int:goal_id>/merge/", views.goal_merge, name="goal_merge"),
    path("w/<str:code>/goals/<int:goal_id>/delete/", views.goal_delete, name="goal_delete"),
]
