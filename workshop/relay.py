"""Each server process's share of a push: one copy per group from the channel layer,
handed to this process's own sockets in that group.

Channels would give every socket a channel of its own and deliver a copy of each push
to each of them. At a room of hundreds that per-socket delivery is most of what a push
costs, and a socket whose channel fills up is silently dropped from its groups. Here a
process subscribes once to each group its sockets belong to, whatever their number: a
change costs one channel-layer message per process, and the same string is written to
every socket.

Presence is coalesced here too: "someone came, left or is done" arrives as a small
message per change, and the process renders one presence frame for all the changes of
a short window, so a room of 500 joining does not push 500 lists to 500 screens.
"""

import asyncio
import logging
import time
import weakref
from collections import defaultdict
from typing import Protocol

from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer

from workshop import live

logger = logging.getLogger(__name__)

# Presence frames go out at most this often per workshop and process.
PRESENCE_WINDOW = 0.5
# A lone change waits this long for others that come with it (a page load opens a
# socket right after its join, for example).
PRESENCE_GATHER = 0.05
# Group memberships on the channel layer expire (after a day by default): renew them
# well before, so a workshop that runs for days keeps receiving.
RENEW_EVERY = 3600
WORKSHOP_GROUP = live.WORKSHOP_GROUP
now_ms = live.now_ms


class Socket(Protocol):
    def deliver(self, html: str) -> None: ...
    def deliver_and_close(self, html: str) -> None: ...


class Relay:
    def __init__(self) -> None:
        self.layer = get_channel_layer()
        self.channel = ""
        self.sockets: dict[str, set[Socket]] = defaultdict(set)
        self.task: asyncio.Task | None = None
        # Joining and leaving wait for the layer (Redis): one at a time, so that a socket
        # joining a group cannot be undone by the previous one leaving it a moment later
        # (a page reloading, say).
        self.membership = asyncio.Lock()
        self.presence = PresenceCoalescer(self)
        # For each workshop: since when this process has heard its pushes, and when the
        # latest came (wall clock, milliseconds, as the pages are stamped).
        self.heard_since: dict[int, int] = {}
        self.last_push: dict[int, int] = {}

    async def join(self, socket: Socket, groups: list[str]) -> None:
        async with self.membership:
            await self._join(socket, groups)

    async def leave(self, socket: Socket, groups: list[str]) -> None:
        async with self.membership:
            await self._leave(socket, groups)

    async def _join(self, socket: Socket, groups: list[str]) -> None:
        if self.task is None:
            self.channel = await self.layer.new_channel(prefix="relay")
            self.task = asyncio.create_task(self.run())
        for group in groups:
            if not self.sockets[group]:
                await self.layer.group_add(group, self.channel)
                workshop = WORKSHOP_GROUP.match(group)
                if workshop:
                    self.heard_since.setdefault(int(workshop.group(1)), now_ms())
            self.sockets[group].add(socket)

    async def _leave(self, socket: Socket, groups: list[str]) -> None:
        for group in groups:
            members = self.sockets.get(group)
            if members is None:
                continue
            members.discard(socket)
            if not members:
                del self.sockets[group]
                try:
                    await self.layer.group_discard(group, self.channel)
                except Exception:
                    # Nothing is lost: this process no longer hands that group's pushes to
                    # anyone, and the layer expires the membership in time.
                    logger.warning("Could not leave %s on the channel layer", group, exc_info=True)
                workshop = WORKSHOP_GROUP.match(group)
                if workshop and not any(
                    WORKSHOP_GROUP.match(other) and other.split(".")[1] == workshop.group(1)
                    for other in self.sockets
                ):
                    self.heard_since.pop(int(workshop.group(1)), None)
        if not self.sockets and self.task is not None:
            self.task.cancel()
            self.task = None

    async def run(self) -> None:
        renewing = asyncio.create_task(self.renew())
        try:
            while True:
                try:
                    message = await self.layer.receive(self.channel)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    # The layer went away for a moment (Redis restarting, say): sockets
                    # resync when they reconnect; this process keeps listening.
                    logger.exception("The relay could not receive; retrying")
                    await asyncio.sleep(1)
                    continue
                self.dispatch(message)
        finally:
            renewing.cancel()

    async def renew(self) -> None:
        while True:
            await asyncio.sleep(RENEW_EVERY)
            async with self.membership:
                for group in list(self.sockets):
                    try:
                        await self.layer.group_add(group, self.channel)
                    except Exception:
                        logger.warning("Could not renew %s", group, exc_info=True)

    def dispatch(self, message: dict) -> None:
        kind = message.get("type")
        if kind == live.PUSH:
            self.deliver(message["group"], message["html"])
        elif kind == live.CLOSE:
            for socket in list(self.sockets.get(message["group"], ())):
                socket.deliver_and_close(message["html"])
        elif kind == live.PRESENCE:
            self.presence.note(message)
        else:
            logger.warning("The relay got a message it does not know: %r", kind)

    def deliver(self, group: str, html: str, *, a_change: bool = True) -> None:
        """Hand a push to this process's sockets in the group. Presence is not `a_change`:
        a page that missed it gets a fresh one as soon as its own socket counts."""
        workshop = WORKSHOP_GROUP.match(group)
        if workshop and a_change:
            self.last_push[int(workshop.group(1))] = now_ms()
        for socket in list(self.sockets.get(group, ())):
            socket.deliver(html)

    def sync_note(self, workshop_id: int) -> str:
        """For a page that just connected: since when this process has heard the
        workshop's pushes, and when the latest came. A page drawn before either missed
        something, and fetches its room again."""
        if isinstance(self.layer, InMemoryChannelLayer):
            # One process makes and hears every push: nothing went past it unheard.
            since = 0
        else:
            since = self.heard_since.get(workshop_id, now_ms())
        last = max(self.last_push.get(workshop_id, 0), live.last_sent.get(workshop_id, 0))
        return (
            f'<div id="room-sync" hidden data-heard-since="{since}" data-last-push="{last}">'
            "</div>"
        )


class PresenceCoalescer:
    """Gathers a workshop's presence changes and renders them as one frame at a time."""

    def __init__(self, relay: Relay) -> None:
        self.relay = relay
        self.pending: set[int] = set()
        self.last_sent: dict[int, float] = {}

    def note(self, message: dict) -> None:
        workshop_id = message["workshop"]
        if workshop_id in self.pending:
            return  # the frame already on its way will show this change too
        self.pending.add(workshop_id)
        since = time.monotonic() - self.last_sent.get(workshop_id, 0.0)
        delay = max(PRESENCE_GATHER, PRESENCE_WINDOW - since)
        asyncio.get_running_loop().call_later(delay, self._flush_soon, workshop_id)

    def _flush_soon(self, workshop_id: int) -> None:
        asyncio.create_task(self.flush(workshop_id))

    async def flush(self, workshop_id: int) -> None:
        # Whatever changes from here on is rendered by the next frame.
        self.pending.discard(workshop_id)
        self.last_sent[workshop_id] = time.monotonic()
        from workshop import room  # the room's templates need the apps to be ready

        try:
            html = await database_sync_to_async(room.presence_fragment)(workshop_id=workshop_id)
        except Exception:
            logger.exception("Could not render presence for workshop %s", workshop_id)
            return
        if html:
            self.relay.deliver(live.everyone(workshop_id), html, a_change=False)


_relays: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Relay]" = (
    weakref.WeakKeyDictionary()
)


def for_this_process() -> Relay:
    """The relay of the running event loop (a server process has one; each test its own)."""
    loop = asyncio.get_running_loop()
    relay = _relays.get(loop)
    if relay is None:
        relay = _relays[loop] = Relay()
    return relay
