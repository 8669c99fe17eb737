from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from workshop import experience_views, views

handler403 = "workshop.views.permission_denied"
handler404 = "workshop.views.page_not_found"

room_patterns = [
    path("", views.room, name="room"),
    path("present/", views.present, name="present"),
    path("activities/<int:activity_id>/open/", views.activity_open, name="activity_open"),
    path("activities/<int:activity_id>/lock/", views.activity_lock, name="activity_lock"),
    path("activities/<int:activity_id>/hiding/", views.activity_hiding, name="activity_hiding"),
    path("timer/", views.timer_start, name="timer_start"),
    path("timer/stop/", views.timer_stop, name="timer_stop"),
    path("ready/", views.ready, name="ready"),
    path(
        "participants/<int:participant_id>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("experiences/", experience_views.experience_list, name="experience_list"),
    path("experiences/starter-deck/", experience_views.starter_deck, name="starter_deck"),
    path("experiences/reveal/", experience_views.reveal, name="experience_reveal"),
    path(
        "experiences/<int:experience_id>/",
        experience_views.experience_body,
        name="experience_body",
    ),
    path(
        "experiences/<int:experience_id>/edit/",
        experience_views.experience_edit,
        name="experience_edit",
    ),
    path(
        "experiences/<int:experience_id>/delete/",
        experience_views.experience_delete,
        name="experience_delete",
    ),
    path(
        "experiences/<int:experience_id>/rate/",
        experience_views.experience_rate,
        name="experience_rate",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("setup/", views.setup, name="setup"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("workshops/new/", views.workshop_new, name="workshop_new"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join_workshop, name="join_workshop"),
    path("w/<str:code>/", include(room_patterns)),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("goals.urls")),
    path("", include("barriers.urls")),
    path("", include("recipes.urls")),
]
