from django.urls import path

from experiences import views

urlpatterns = [
    path("w/<str:code>/experiences/", views.experience_list, name="experience_list"),
    path("w/<str:code>/experiences/starter-deck/", views.starter_deck, name="starter_deck"),
    path("w/<str:code>/experiences/reveal/", views.reveal, name="experience_reveal"),
    path("w/<str:code>/experiences/<int:experience_id>/", views.experience_body,
         name="experience_body"),
    path("w/<str:code>/experiences/<int:experience_id>/edit/", views.experience_edit,
         name="experience_edit"),
    path("w/<str:code>/experiences/<int:experience_id>/delete/", views.experience_delete,
         name="experience_delete"),
    path("w/<str:code>/experiences/<int:experience_id>/rate/", views.experience_rate,
         name="experience_rate"),
]
