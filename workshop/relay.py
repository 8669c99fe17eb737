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

Nothing here lasts longer than the process that holds it. Who is online is a lease per
person and process (workshop.models.PresenceLease) that the relay renews for all its
people in one statement, a few times per lease: when a process dies, the people it held
show as away once the lease runs out, swept by any process still serving. A socket that
stops answering (a laptop closed, a network gone) is closed after as long. And every few
seconds the relay checks that the channel layer still delivers its groups: after Redis
restarts empty, it joins them again and tells its screens to fetch what they missed.
"""

import asyncio
import itertools
import logging
import time
import uuid
import weakref
from collections import defaultdict
from typing import Protocol

from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.conf import settings

from workshop import live, services

logger = logging.getLogger(__name__)

# Presence frames go out at most this often per workshop and process.
PRESENCE_WINDOW = 0.5
# A lone change waits this long for others that come with it (a page load opens a
# socket right after its join, for example).
PRESENCE_GATHER = 0.05
# Group memberships on the channel layer expire (after a day by default): renew them
# well before, so a workshop that runs for days keeps receiving.
RENEW_EVERY = 3600
# How often the relay checks that the layer still delivers its groups, and how long a
# check may take: a Redis that came back empty is noticed within seconds.
CHECK_EVERY = 2.0
ANSWER_WITHIN = 2.0
CHECK = "relay.check"
WORKSHOP_GROUP = live.WORKSHOP_GROUP
now_ms = live.now_ms


class Socket(Protocol):
    def deliver(self, html: str) -> None: ...
    def deliver_and_close(self, html: str) -> None: ...
    def check_alive(self, now: float) -> None: ...


def presence_timing() -> tuple[float, float]:
    """How often to renew this process's leases, and to sweep the ones that ran out and
    look for silent sockets: a lease is renewed three times before it would run out."""
    lease = settings.PRESENCE_LEASE
    return lease / 3, min(5.0, lease / 4)


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
        # This process's name on its presence leases, and its sockets by participant.
        self.holder = uuid.uuid4().hex
        self.held: dict[int, int] = {}
        self.members: set[Socket] = set()
        # A group of this relay's alone, through which it checks that the layer delivers.
        self.check_group = f"relay-check.{self.holder}"
        self.checks = itertools.count()
        self.answers: dict[int, asyncio.Future] = {}
        self.lost = False  # the layer failed us: join every group again once it answers
        self.in_memory = isinstance(self.layer, InMemoryChannelLayer)

    def hold(self, participant_id: int) -> int:
        """One more socket of this person here: how many this process now holds."""
        self.held[participant_id] = self.held.get(participant_id, 0) + 1
        return self.held[participant_id]

    def release(self, participant_id: int) -> int:
        """One socket of this person fewer here: how many this process still holds."""
        left = self.held.get(participant_id, 0) - 1
        if left > 0:
            self.held[participant_id] = left
        else:
            self.held.pop(participant_id, None)
        return max(left, 0)

    async def join(self, socket: Socket, groups: list[str]) -> None:
        async with self.membership:
            await self._join(socket, groups)

    async def leave(self, socket: Socket, groups: list[str]) -> None:
        async with self.membership:
            await self._leave(socket, groups)

    async def _join(self, socket: Socket, groups: list[str]) -> None:
        if self.task is None:
            if self.in_memory:
                # The embedded setup's one process: whoever an earlier run held is gone.
                await self._keep(services.presence_sweep, only_holder=self.holder)
            self.channel = await self.layer.new_channel(prefix="relay")
            self.task = asyncio.create_task(self.run())
        self.members.add(socket)
        for group in groups:
            if not self.sockets[group]:
                try:
                    await self.layer.group_add(group, self.channel)
                except Exception:
                    # The layer is away (Redis restarting): the socket is served as soon
                    # as it answers again, when every group is joined anew.
                    logger.warning("Could not join %s on the channel layer", group, exc_info=True)
                    self.lost = True
                workshop = WORKSHOP_GROUP.match(group)
                if workshop:
                    # One process makes and hears every push of the in-memory layer:
                    # nothing went past it unheard, until it loses its groups.
                    self.heard_since.setdefault(
                        int(workshop.group(1)), 0 if self.in_memory else now_ms()
                    )
            self.sockets[group].add(socket)

    async def _leave(self, socket: Socket, groups: list[str]) -> None:
        self.members.discard(socket)
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
        upkeep = [
            asyncio.create_task(self.renew()),
            asyncio.create_task(self.keep_presence()),
            asyncio.create_task(self.watch_layer()),
        ]
        try:
            while True:
                try:
                    message = await self.layer.receive(self.channel)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    # The layer went away for a moment (Redis restarting, say): pushes
                    # may have gone past unheard, so once it answers, the groups are
                    # joined again and the screens catch up (watch_layer).
                    logger.exception("The relay could not receive; retrying")
                    self.lost = True
                    await asyncio.sleep(1)
                    continue
                self.dispatch(message)
        finally:
            for task in upkeep:
                task.cancel()

    async def renew(self) -> None:
        while True:
            await asyncio.sleep(RENEW_EVERY)
            async with self.membership:
                for group in [self.check_group, *self.sockets]:
                    try:
                        await self.layer.group_add(group, self.channel)
                    except Exception:
                        logger.warning("Could not renew %s", group, exc_info=True)

    # --- Presence ------------------------------------------------------------------------

    async def keep_presence(self) -> None:
        """Renew this process's leases, close sockets that stopped answering, and let go
        of the leases of processes that died."""
        renew_every, sweep_every = presence_timing()
        renewed_at = time.monotonic()
        while True:
            await asyncio.sleep(sweep_every)
            now = time.monotonic()
            for socket in list(self.members):
                socket.check_alive(now)
            if now - renewed_at >= renew_every:
                renewed_at = now
                await self._keep(services.presence_renew, holder=self.holder, held=dict(self.held))
            await self._keep(services.presence_sweep)

    async def _keep(self, service, **kwargs) -> None:
        try:
            await database_sync_to_async(service)(**kwargs)
        except Exception:
            # The database is away for a moment: the next round tries again, and a
            # lease is renewed three times before it would run out.
            logger.exception("Could not keep presence (%s)", service.__name__)

    # --- The layer ---------------------------------------------------------------------

    async def watch_layer(self) -> None:
        try:
            await self.layer.group_add(self.check_group, self.channel)
        except Exception:
            self.lost = True
        while True:
            await asyncio.sleep(CHECK_EVERY)
            try:
                delivers = not self.lost and await self.delivers()
            except Exception:  # noqa: BLE001 - the layer is away: rejoin once it answers
                delivers = False
            if not delivers:
                await self.reestablish()

    async def delivers(self) -> bool:
        """Whether the layer still delivers this process's groups: a message sent to
        its own check group comes back. (A Redis restarted empty answers every command
        but has forgotten who belongs to which group.) Raises if the layer is away."""
        number = next(self.checks)
        answer = self.answers[number] = asyncio.get_running_loop().create_future()
        try:
            await self.layer.group_send(self.check_group, {"type": CHECK, "number": number})
            await asyncio.wait_for(answer, ANSWER_WITHIN)
            return True
        except TimeoutError:
            return False
        finally:
            self.answers.pop(number, None)

    async def reestablish(self) -> None:
        """Join every group again, and tell every screen that it may have missed pushes
        until now: its page fetches its room again (the room-sync note)."""
        try:
            async with self.membership:
                for group in [self.check_group, *self.sockets]:
                    await self.layer.group_add(group, self.channel)
        except Exception:  # noqa: BLE001 - still away: the next check tries again
            self.lost = True
            return
        self.lost = False
        logger.warning("Joined %d groups on the channel layer again", len(self.sockets))
        since = now_ms()
        for workshop_id in self.heard_since:
            self.heard_since[workshop_id] = since
            self.deliver(live.everyone(workshop_id), self.sync_note(workshop_id), a_change=False)

    def dispatch(self, message: dict) -> None:
        kind = message.get("type")
        if kind == live.PUSH:
            self.deliver(message["group"], message["html"])
        elif kind == live.CLOSE:
            for socket in list(self.sockets.get(message["group"], ())):
                socket.deliver_and_close(message["html"])
        elif kind == live.PRESENCE:
            self.presence.note(message)
        elif kind == CHECK:
            answer = self.answers.get(message["number"])
            if answer is not None and not answer.done():
                answer.set_result(True)
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
        something, and fetches its room again; so does a page whose socket is told, later,
        that the process heard pushes only since a moment ago (it lost the layer)."""
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


def of_this_process() -> Relay | None:
    """The running event loop's relay, if it has one."""
    return _relays.get(asyncio.get_running_loop())


def for_this_process() -> Relay:
    """The relay of the running event loop (a server process has one; each test its own)."""
    loop = asyncio.get_running_loop()
    relay = _relays.get(loop)
    if relay is None:
        relay = _relays[loop] = Relay()
    return relay
