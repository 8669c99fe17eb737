"""A URL configuration with one view that fails, to see the 500 page people would get."""

from django.urls import path

from workshop.urls import *  # noqa: F403
from workshop.urls import urlpatterns as prepwork_urlpatterns


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken), *prepwork_urlpatterns]
