from django.urls import path

from workshop.consumers import RoomConsumer

websocket_urlpatterns = [
    path("ws/w/<str:code>/", RoomConsumer.as_asgi()),
]
