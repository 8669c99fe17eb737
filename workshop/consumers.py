"""The room's websocket: it carries no writes, only HTML pushed by workshop.live.

A socket joins its workshop's group, plus the facilitator's group or its own
participant group, so that what only some may see never reaches the others.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from workshop import access, live, services
from workshop.models import Workshop

CLOSE_REFUSED = 4003  # not one of the htmx extension's reconnect codes


def _member_for_scope(scope, code: str) -> access.Member | None:
    workshop = Workshop.objects.filter(code=code.upper()).first()
    if workshop is None:
        return None
    user = scope.get("user")
    return access.member_of(workshop=workshop, user=user, cookies=scope.get("cookies", {}))


class RoomConsumer(AsyncWebsocketConsumer):
    member: access.Member | None = None
    room_groups: list[str] = []

    async def connect(self) -> None:
        code = self.scope["url_route"]["kwargs"]["code"]
        self.member = await database_sync_to_async(_member_for_scope)(self.scope, code)
        if self.member is None:
            await self.close(code=CLOSE_REFUSED)
            return
        workshop_id = self.member.workshop.pk
        self.room_groups = [live.everyone(workshop_id)]
        if self.member.is_facilitator:
            self.room_groups.append(live.facilitator(workshop_id))
        else:
            self.room_groups.append(live.participant(self.member.participant.pk))
        for group in self.room_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()
        if self.member.participant is not None:
            await database_sync_to_async(services.participant_connected)(
                participant_id=self.member.participant.pk
            )

    async def disconnect(self, code: int) -> None:
        for group in self.room_groups:
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.member is not None and self.member.participant is not None:
            await database_sync_to_async(services.participant_disconnected)(
                participant_id=self.member.participant.pk
            )

    async def dispatch(self, message: dict) -> None:
        # A push touches no database, so it skips Channels' per-message trip to a worker
        # thread to close stale connections: at a hundred sockets that trip, not the
        # sending, is most of what a card costs.
        if message["type"] == "room.html":
            await self.room_html(message)
        else:
            await super().dispatch(message)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        """Writes go through HTTP; anything a client sends here is ignored."""

    async def room_html(self, event: dict) -> None:
        await self.send(text_data=event["html"])

    async def participant_removed(self, event: dict) -> None:
        await self.send(text_data=event["html"])
        await self.close(code=CLOSE_REFUSED)
