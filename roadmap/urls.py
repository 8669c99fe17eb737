from django.urls import path

from roadmap import views

urlpatterns = [
    path("w/<str:code>/roadmap.pdf", views.roadmap_pdf, name="roadmap_pdf"),
    path("w/<str:code>/roadmap/finalise/", views.finalise, name="roadmap_finalise"),
    path("w/<str:code>/roadmap/share/", views.share, name="roadmap_share"),
    path("w/<str:code>/roadmap/v<int:number>.pdf", views.version_pdf, name="roadmap_version_pdf"),
    path("w/<str:code>/calendar/all.ics", views.workshop_calendar, name="roadmap_calendar"),
    path("w/<str:code>/calendar/<slug:key>.ics", views.workshop_calendar, name="roadmap_event"),
    path("s/<str:token>/", views.stakeholder, name="stakeholder"),
    path("s/<str:token>/v<int:number>.pdf", views.stakeholder_pdf, name="stakeholder_pdf"),
    path("s/<str:token>/calendar/all.ics", views.stakeholder_calendar,
         name="stakeholder_calendar"),
    path("s/<str:token>/calendar/<slug:key>.ics", views.stakeholder_calendar,
         name="stakeholder_event"),
]
