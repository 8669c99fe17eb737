"""The room's websocket: it carries no writes, only HTML pushed by workshop.live.

A socket belongs to its workshop's group, to its audience's group (participants, the
facilitator, or the projector) and, for a participant, to their own group, so that what
only some may see never reaches the others. Pushes reach it through the process's relay
(workshop.relay), not through a channel-layer channel of its own.
"""

import asyncio
from collections import deque

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from workshop import access, live, relay, services
from workshop.access import Audience
from workshop.models import Workshop

CLOSE_REFUSED = 4003  # removed or not allowed: the page does not reconnect
CLOSE_TOO_SLOW = 4008  # the page was not reading: it reconnects and resyncs
# A screen this far behind is not reading (asleep, or on a dead network): close it rather
# than hold its frames, and it catches up when it comes back. (The server stops taking a
# socket's frames once a few hundred kilobytes wait in its buffers.)
OUTBOX_LIMIT = 200  # frames
OUTBOX_LIMIT_TEXT = 4_000_000  # characters
PING, PONG = "ping", "pong"


def _member_for_scope(scope, code: str) -> access.Member | None:
    workshop = Workshop.objects.filter(code=code.upper()).first()
    if workshop is None:
        return None
    user = scope.get("user")
    return access.member_of(workshop=workshop, user=user, cookies=scope.get("cookies", {}))


class RoomConsumer(AsyncWebsocketConsumer):
    # No channel-layer channel per socket: the relay delivers to this socket.
    channel_layer_alias = None

    member: access.Member | None = None
    groups_joined: list[str] = []

    async def connect(self) -> None:
        kwargs = self.scope["url_route"]["kwargs"]
        self.member = await database_sync_to_async(_member_for_scope)(self.scope, kwargs["code"])
        projector = kwargs.get("screen") == "present"
        if self.member is None or (projector and not self.member.is_facilitator):
            await self.close(code=CLOSE_REFUSED)
            return
        self.outbox: deque[str] = deque()
        self.queued = 0  # characters waiting in the outbox
        self.writer: asyncio.Task | None = None
        self.accepted = self.closing = False
        self.close_code = CLOSE_REFUSED
        workshop_id = self.member.workshop.pk
        audience = Audience.PROJECTOR if projector else self.member.audience
        self.groups_joined = [live.everyone(workshop_id), live.audience(workshop_id, audience)]
        if audience == Audience.PARTICIPANTS:
            self.groups_joined.append(live.participant(self.member.participant.pk))
        # In the groups before the page hears it is connected, so no push falls between;
        # what is pushed meanwhile waits in the outbox.
        process = relay.for_this_process()
        await process.join(self, self.groups_joined)
        await self.accept()
        self.accepted = True
        # Tells the page whether anything was pushed since it was drawn: it catches up if so.
        self.deliver(process.sync_note(workshop_id))
        self._start_writing()
        if audience == Audience.PARTICIPANTS:
            await database_sync_to_async(services.participant_connected)(
                participant=self.member.participant
            )

    async def disconnect(self, code: int) -> None:
        if not self.groups_joined:
            return
        try:
            await relay.for_this_process().leave(self, self.groups_joined)
            if self.writer is not None:
                self.writer.cancel()
        finally:
            if self.member.participant is not None:
                await database_sync_to_async(services.participant_disconnected)(
                    participant=self.member.participant
                )

    async def receive(self, text_data=None, bytes_data=None) -> None:
        """Writes go through HTTP. The page only pings, to learn that its socket is alive."""
        if text_data == PING:
            self.deliver(PONG)

    # --- What the relay hands over -------------------------------------------------------

    def deliver(self, html: str) -> None:
        if self.closing:
            return
        if len(self.outbox) >= OUTBOX_LIMIT or self.queued + len(html) > OUTBOX_LIMIT_TEXT:
            self._give_up()
            return
        self.outbox.append(html)
        self.queued += len(html)
        self._start_writing()

    def deliver_and_close(self, html: str) -> None:
        self.deliver(html)
        if not self.closing:
            self.closing = True
            self.close_code = CLOSE_REFUSED
            self._start_writing()

    def _start_writing(self) -> None:
        """Frames go out once the socket is accepted; until then they wait in the outbox."""
        if self.writer is None and self.accepted and (self.outbox or self.closing):
            self.writer = asyncio.create_task(self._write())

    def _give_up(self) -> None:
        """This screen stopped reading: drop what it has not taken and close its socket.
        The page reconnects and catches up as soon as it reads again."""
        self.closing = True
        self.outbox.clear()
        self.queued = 0
        if self.writer is not None:
            self.writer.cancel()
        self.writer = asyncio.create_task(self.close(code=CLOSE_TOO_SLOW))

    async def _write(self) -> None:
        """Send what is queued, in order: one writer per socket, so a slow screen waits
        alone and never holds up the others."""
        try:
            while self.outbox:
                html = self.outbox.popleft()
                self.queued -= len(html)
                await self.send(text_data=html)
            if self.closing:
                await self.close(code=self.close_code)
        finally:
            self.writer = None
