from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from workshop import services, views

handler400 = "workshop.views.bad_request"
handler403 = "workshop.views.permission_denied"
handler404 = "workshop.views.page_not_found"
handler500 = "workshop.views.server_error"

room_patterns = [
    path("", views.room_page, name="room"),
    path("present/", views.present, name="present"),
    path("people/", views.people, name="room_people"),
    path("activities/<int:activity_id>/open/", views.activity_open, name="activity_open"),
    path("activities/<int:activity_id>/lock/", views.activity_lock, name="activity_lock"),
    path("activities/<int:activity_id>/hiding/", views.activity_hiding, name="activity_hiding"),
    path("activities/<int:activity_id>/vote/open/", views.vote_open, name="vote_open"),
    path("activities/<int:activity_id>/vote/close/", views.vote_control,
         {"change": services.vote_close}, name="vote_close"),
    path("activities/<int:activity_id>/vote/reveal/", views.vote_control,
         {"change": services.vote_reveal}, name="vote_reveal"),
    path("activities/<int:activity_id>/vote/clear/", views.vote_control,
         {"change": services.vote_clear}, name="vote_clear"),
    path("activities/<int:activity_id>/dots/", views.dots, name="dots"),
    path(
        "activities/<int:activity_id>/anonymous/", views.activity_anonymous,
        name="activity_anonymous",
    ),
    path("north-star/", views.north_star, name="north_star"),
    path("timer/", views.timer_start, name="timer_start"),
    path("timer/stop/", views.timer_stop, name="timer_stop"),
    path("ready/", views.ready, name="ready"),
    path("participant-limit/", views.participant_limit, name="participant_limit"),
    path(
        "participants/<int:participant_id>/remove/",
        views.participant_remove,
        name="participant_remove",
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
    # Each board brings its own URLs; the core names none of them.
    path("", include("experiences.urls")),
    path("", include("goals.urls")),
    path("", include("barriers.urls")),
    path("", include("recipes.urls")),
    path("", include("roadmap.urls")),
]
