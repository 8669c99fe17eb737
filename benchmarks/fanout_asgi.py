"""Prepwork's ASGI application plus one benchmark-only route, for benchmarks/live_room.py.

POST /__bench__/floor?workshop=<id> sends the request body, unchanged, to the
workshop's everyone-group with a bare `group_send` (no view, no database, no template)
and answers 204: the floor that the real card fan-out is compared with. With
`&participant=<id>` it goes to that one participant's group instead. Everything else goes
to `workshop.asgi.application`. Never deploy this.
"""

from urllib.parse import parse_qs

from channels.layers import get_channel_layer

from workshop.asgi import application as prepwork_application

FLOOR_PATH = "/__bench__/floor"


async def application(scope, receive, send):
    if scope["type"] != "http" or (scope["method"], scope["path"]) != ("POST", FLOOR_PATH):
        return await prepwork_application(scope, receive, send)
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    query = parse_qs(scope["query_string"].decode())
    group = f"workshop.{int(query['workshop'][0])}"
    if "participant" in query:
        group = f"participant.{int(query['participant'][0])}"
    await get_channel_layer().group_send(
        group, {"type": "room.push", "group": group, "html": body.decode()}
    )
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})
