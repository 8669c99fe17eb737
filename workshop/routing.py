from django.urls import path

from workshop.consumers import RoomConsumer

websocket_urlpatterns = [
    path("ws/w/<str:code>/", RoomConsumer.as_asgi()),
    # The projector's socket: it gets what every participant sees, never more.
    path("ws/w/<str:code>/present/", RoomConsumer.as_asgi(), {"screen": "present"}),
]
