from django.urls import path

from barriers import views

urlpatterns = [
    path("w/<str:code>/assets/", views.asset_list, name="asset_list"),
    path("w/<str:code>/assets/<int:asset_id>/edit/", views.asset_edit, name="asset_edit"),
    path("w/<str:code>/assets/<int:asset_id>/status/", views.asset_status, name="asset_status"),
    path("w/<str:code>/assets/<int:asset_id>/delete/", views.asset_delete, name="asset_delete"),
    path("w/<str:code>/assets/<int:asset_id>/barrier/", views.asset_to_barrier,
         name="asset_to_barrier"),
    path("w/<str:code>/barriers/", views.barrier_list, name="barrier_list"),
    path("w/<str:code>/barriers/<int:barrier_id>/edit/", views.barrier_edit,
         name="barrier_edit"),
    path("w/<str:code>/barriers/<int:barrier_id>/status/", views.barrier_status,
         name="barrier_status"),
    path("w/<str:code>/barriers/<int:barrier_id>/delete/", views.barrier_delete,
         name="barrier_delete"),
]
