"""The room's websocket: it carries no writes, only HTML pushed by workshop.live.

A socket belongs to its workshop's group, to its audience's group (participants, the
facilitator, or the projector) and, for a participant, to their own group, so that what
only some may see never reaches the others. Pushes reach it through the process's relay
(workshop.relay), not through a channel-layer channel of its own.
"""

import asyncio
import time
from collections import deque

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings

from workshop import access, live, relay, services
from workshop.access import Audience
from workshop.models import Workshop

CLOSE_REFUSED = 4003  # removed or not allowed: the page does not reconnect
CLOSE_TOO_SLOW = 4008  # the page was not reading or answering: it reconnects and resyncs
CLOSE_TOO_MANY = 4029  # this person holds as many sockets as anyone may: the page says so
# A screen this far behind is not reading (asleep, or on a dead network): close it rather
# than hold its frames, and it catches up when it comes back. (The server stops taking a
# socket's frames once a few hundred kilobytes wait in its buffers.)
OUTBOX_LIMIT = 200  # frames
OUTBOX_LIMIT_TEXT = 4_000_000  # characters
# The page pings to learn that its socket is alive; the server pings a socket that has
# been silent for half a lease, and closes one silent for a whole lease (a laptop shut, a
# network gone without a word), so that its person shows as away.
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
    holding = False  # this socket counts in its person's presence lease
    released = False

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
        self.last_heard, self.pinged_at = time.monotonic(), 0.0
        workshop_id = self.member.workshop.pk
        audience = Audience.PROJECTOR if projector else self.member.audience
        process = relay.for_this_process()
        if audience == Audience.PARTICIPANTS and not await self._hold(process):
            # Accepted, then closed, so that the page learns why and can say so.
            await self.accept()
            await self.close(code=CLOSE_TOO_MANY)
            return
        self.groups_joined = [live.everyone(workshop_id), live.audience(workshop_id, audience)]
        if audience == Audience.PARTICIPANTS:
            self.groups_joined.append(live.participant(self.member.participant.pk))
        # In the groups before the page hears it is connected, so no push falls between;
        # what is pushed meanwhile waits in the outbox.
        await process.join(self, self.groups_joined)
        await self.accept()
        self.accepted = True
        # Tells the page whether anything was pushed since it was drawn: it catches up if so.
        self.deliver(process.sync_note(workshop_id))
        self._start_writing()

    async def _hold(self, process: relay.Relay) -> bool:
        """Count this socket in its person's presence lease, unless they hold as many
        sockets as anyone may already."""
        participant = self.member.participant
        sockets = process.hold(participant.pk)
        try:
            self.holding = await database_sync_to_async(services.participant_connected)(
                participant=participant, holder=process.holder, sockets=sockets
            )
        finally:
            if not self.holding:
                process.release(participant.pk)
        return self.holding

    async def disconnect(self, code: int) -> None:
        await self._release()

    async def _release(self) -> None:
        """Leave the room's groups and the person's lease, once, whichever comes first:
        the server reporting the close, or this socket found silent."""
        if self.released or not (self.groups_joined or self.holding):
            return
        self.released = True
        process = relay.for_this_process()
        try:
            if self.groups_joined:
                await process.leave(self, self.groups_joined)
            if self.writer is not None and not self.closing:
                self.writer.cancel()
        finally:
            if self.holding:
                participant = self.member.participant
                await database_sync_to_async(services.participant_disconnected)(
                    participant=participant, holder=process.holder,
                    sockets=process.release(participant.pk),
                )

    async def receive(self, text_data=None, bytes_data=None) -> None:
        """Writes go through HTTP. The page only pings, to learn that its socket is alive,
        and answers the server's pings."""
        self.last_heard = time.monotonic()
        if text_data == PING:
            self.deliver(PONG)

    def check_alive(self, now: float) -> None:
        """Called by the relay every few seconds: ping a socket gone quiet, and close one
        that has not answered for a whole lease."""
        if self.closing:
            return
        silent = now - self.last_heard
        if silent >= settings.PRESENCE_LEASE:
            self._give_up()
            # Its person shows as away now, whether or not the server ever hears the
            # close from a peer that is gone.
            self.releasing = asyncio.create_task(self._release())
        elif silent >= settings.PRESENCE_LEASE / 2 and self.pinged_at < self.last_heard:
            self.pinged_at = now
            self.deliver(PING)

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
