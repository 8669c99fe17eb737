"""Every write to a workshop: validated, saved in one transaction, then pushed to the
room through workshop.live once it has committed."""

import datetime
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from workshop import live, room, selectors, text, votes
from workshop.access import Audience
from workshop.models import (
    Activity, Dot, DotVote, Participant, PhaseSession, PresenceLease, Workshop, new_join_code,
)

Phase = PhaseSession.Phase
Kind = Activity.Kind

# The method's default agenda over two to three days; the minutes are each timer's default.
DEFAULT_AGENDA: list[tuple[str, list[tuple[str, int]]]] = [
    (
        Phase.KICKSTART,
        [(Kind.TEAM, 15), (Kind.NORTH_STAR, 20), (Kind.EXPERIENCES, 45),
         (Kind.GOALS, 45), (Kind.BARRIERS, 60)],
    ),
    (Phase.PLANNING, [(Kind.PERSOFAILS, 30), (Kind.RECIPES, 90), (Kind.PRIORITISE, 45)]),
    (Phase.EXECUTION, [(Kind.ROADMAP, 60)]),
]


class EditConflict(Exception):
    """The item changed since the editor opened it; saving would overwrite that change.
    Every board's edits raise it the same way."""

    def __init__(self, current):
        super().__init__("This changed while you were editing it.")
        self.current = current


# --- Workshops and the agenda -------------------------------------------------------


@transaction.atomic
def workshop_create(
    *, facilitator, organisation: str, title: str, dates: dict[str, datetime.date | None],
    facilitator_sees_names: bool = False,
) -> Workshop:
    workshop = Workshop(
        facilitator=facilitator, organisation=organisation, title=title,
        facilitator_sees_names=facilitator_sees_names,
    )
    workshop.code = _unused_join_code()
    workshop.full_clean()
    workshop.save()
    first_activity = None
    for session_position, (phase, activities) in enumerate(DEFAULT_AGENDA):
        session = PhaseSession.objects.create(
            workshop=workshop, phase=phase, position=session_position, date=dates.get(phase)
        )
        for position, (kind, minutes) in enumerate(activities):
            activity = Activity.objects.create(
                session=session, kind=kind, title=Kind(kind).label,
                minutes=minutes, position=position,
            )
            first_activity = first_activity or activity
    workshop.current_activity = first_activity
    workshop.save(update_fields=["current_activity"])
    PhaseSession.objects.filter(pk=first_activity.session_id).update(
        status=PhaseSession.Status.LIVE
    )
    return workshop


def _unused_join_code() -> str:
    for _ in range(20):
        code = new_join_code()
        if not Workshop.objects.filter(code=code).exists():
            return code
    raise RuntimeError("Could not find an unused join code.")


@transaction.atomic
def activity_open(*, workshop: Workshop, activity: Activity) -> None:
    """Move the room to an activity; every screen follows the facilitator there, and
    nobody is "done" with it yet."""
    workshop.current_activity = activity
    workshop.timer_ends_at = None
    workshop.timer_seconds = None
    workshop.save(update_fields=["current_activity", "timer_ends_at", "timer_seconds"])
    position = activity.session.position
    sessions = PhaseSession.objects.filter(workshop=workshop)
    sessions.filter(position__lt=position).update(status=PhaseSession.Status.DONE)
    sessions.filter(position=position).update(status=PhaseSession.Status.LIVE)
    sessions.filter(position__gt=position).update(status=PhaseSession.Status.PLANNED)
    Participant.objects.filter(workshop=workshop).exclude(ready_for=None).update(ready_for=None)
    room.push_stage(workshop, moved=True)


@transaction.atomic
def activity_set_locked(*, activity: Activity, locked: bool) -> None:
    activity.locked = locked
    activity.save(update_fields=["locked"])
    room.push_stage(activity.session.workshop)


@transaction.atomic
def activity_set_hiding(*, activity: Activity, hide: bool) -> None:
    activity.hide_new_cards = hide
    activity.save(update_fields=["hide_new_cards"])
    room.push_stage(activity.session.workshop)


@transaction.atomic
def activity_set_anonymous(*, activity: Activity, anonymous: bool) -> None:
    """Items written from now on are anonymous, or not; those written before stay as
    they were written."""
    activity.anonymous = anonymous
    activity.save(update_fields=["anonymous"])
    room.push_stage(activity.session.workshop)


@transaction.atomic
def north_star_set(*, workshop: Workshop, ambition: str, north_star: str) -> None:
    """Record how far the team aims. It heads every screen, so every screen hears of it;
    the north-star board, when open, is pushed anew too."""
    workshop.ambition = ambition
    workshop.north_star = north_star.strip()
    workshop.full_clean(exclude=["facilitator", "current_activity", "code", "share_token"])
    workshop.save(update_fields=["ambition", "north_star"])
    live.publish(
        [live.everyone(workshop.pk)],
        partial(live.render, room.NORTH_STAR + "#banner", {"workshop": workshop}),
    )
    if workshop.current_activity is not None and workshop.current_activity.kind == Kind.NORTH_STAR:
        # The facilitator's own form comes back in the answer, saying it was saved.
        room.push_stage(workshop, audiences=(Audience.PARTICIPANTS, Audience.PROJECTOR))
    room.board_changed(workshop, Kind.NORTH_STAR, itself=False)


# --- The timer ------------------------------------------------------------------------


@transaction.atomic
def timer_start(*, workshop: Workshop, minutes: int) -> None:
    workshop.timer_seconds = minutes * 60
    workshop.timer_ends_at = timezone.now() + datetime.timedelta(minutes=minutes)
    workshop.save(update_fields=["timer_ends_at", "timer_seconds"])
    _publish_timer(workshop)


@transaction.atomic
def timer_stop(*, workshop: Workshop) -> None:
    workshop.timer_ends_at = None
    workshop.timer_seconds = None
    workshop.save(update_fields=["timer_ends_at", "timer_seconds"])
    _publish_timer(workshop)


def _publish_timer(workshop: Workshop) -> None:
    live.publish(
        [live.everyone(workshop.pk)],
        partial(live.render, "workshop/_timer.html", {"workshop": workshop}),
    )


# --- People ---------------------------------------------------------------------------


class RoomFull(Exception):
    """The workshop has as many participants as its facilitator allows."""


@transaction.atomic
def participant_join(*, workshop: Workshop, name: str, role: str) -> Participant:
    # The workshop's row is locked first: two people taking the last place at once are
    # counted one after the other, so the room never takes more than its limit.
    limit = (
        Workshop.objects.select_for_update().filter(pk=workshop.pk)
        .values_list("participant_limit", flat=True).get()
    )
    if selectors.participant_count(workshop) >= limit:
        raise RoomFull(f"This workshop takes {limit} participants, and they have all joined.")
    participant = Participant(workshop=workshop, name=text.readable_name(name), role=role)
    participant.full_clean()
    participant.save()
    live.presence_changed(workshop.pk)
    return participant


@transaction.atomic
def workshop_set_participant_limit(*, workshop: Workshop, limit: int) -> None:
    """How many participants the room takes; those already in stay, whatever the limit."""
    workshop.participant_limit = limit
    workshop.full_clean(exclude=["facilitator", "current_activity", "code", "share_token"])
    workshop.save(update_fields=["participant_limit"])


@transaction.atomic
def participant_remove(*, participant: Participant) -> None:
    """Take someone out of the room: their socket closes and their cookie stops working."""
    participant.removed_at = timezone.now()
    participant.save(update_fields=["removed_at"])
    workshop = participant.workshop
    live.publish(
        [live.participant(participant.pk)],
        partial(live.render, "workshop/_removed.html", {"workshop": workshop}),
        event_type=live.CLOSE,
    )
    live.presence_changed(workshop.pk)


@transaction.atomic
def participant_set_ready(*, participant: Participant, ready: bool) -> None:
    participant.ready_for_id = participant.workshop.current_activity_id if ready else None
    participant.save(update_fields=["ready_for"])
    live.presence_changed(participant.workshop_id)


# --- Presence: who is online ------------------------------------------------------------
# Someone is online while a server process holds a lease on their sockets
# (PresenceLease). The process that holds them renews all its leases in one statement
# (presence_renew); every process with sockets sweeps the leases that ran out
# (presence_sweep), so the people a dead process held show as away without it.


def lease_ends() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=settings.PRESENCE_LEASE)


def _leases_running():
    return PresenceLease.objects.filter(expires_at__gt=timezone.now())


@transaction.atomic
def participant_connected(*, participant: Participant, holder: str, sockets: int) -> bool:
    """The process `holder` now holds `sockets` of the person's sockets, a new one among
    them. False, and nothing saved, when that is more than one person may hold at once
    across every process; the room hears of it only when the person was away."""
    held = _leases_running().filter(participant=participant).aggregate(
        elsewhere=Sum("sockets", filter=~Q(holder=holder), default=0),
        here=Count("pk", filter=Q(holder=holder)),
    )
    if held["elsewhere"] + sockets > settings.SOCKETS_PER_PARTICIPANT:
        return False
    PresenceLease.objects.update_or_create(
        participant=participant, holder=holder,
        defaults={"sockets": sockets, "expires_at": lease_ends()},
    )
    if not (held["elsewhere"] or held["here"]):
        live.presence_changed(participant.workshop_id)
    return True


@transaction.atomic
def participant_disconnected(*, participant: Participant, holder: str, sockets: int) -> None:
    """The process `holder` now holds `sockets` of the person's sockets, one fewer; the
    room hears of it when that was their last socket anywhere."""
    lease = PresenceLease.objects.filter(participant=participant, holder=holder)
    if sockets > 0:
        lease.update(sockets=sockets)
        return
    lease.delete()
    if not _leases_running().filter(participant=participant).exists():
        live.presence_changed(participant.workshop_id)


@transaction.atomic
def presence_renew(*, holder: str, held: dict[int, int]) -> None:
    """Extend every lease of one process at once (`held`: its sockets by participant).
    Leases it lost while it could not renew (the database away, the process paused) are
    made again, and the rooms of people who come back hear of it."""
    mine = PresenceLease.objects.filter(holder=holder)
    back = set(mine.filter(expires_at__lte=timezone.now()).values_list(
        "participant__workshop_id", flat=True
    ))
    renewed = mine.update(expires_at=lease_ends())
    if renewed != len(held):
        mine.exclude(participant_id__in=list(held)).delete()
        have = set(mine.values_list("participant_id", flat=True))
        missing = list(
            Participant.objects.filter(pk__in=[pk for pk in held if pk not in have])
            .values_list("pk", "workshop_id")
        )
        PresenceLease.objects.bulk_create(
            [
                PresenceLease(participant_id=pk, holder=holder, sockets=held[pk],
                              expires_at=lease_ends())
                for pk, _ in missing
            ],
            ignore_conflicts=True,
        )
        back.update(workshop_id for _, workshop_id in missing)
    for workshop_id in back:
        live.presence_changed(workshop_id)


@transaction.atomic
def presence_sweep(*, only_holder: str | None = None) -> None:
    """Let go of the leases that ran out (their process died, or lost its database for a
    while), or, with `only_holder`, of every lease but that process's own (the one
    process of the embedded setup, starting); each room hears of it once."""
    gone = PresenceLease.objects.all()
    if only_holder is None:
        gone = gone.filter(expires_at__lte=timezone.now())
    else:
        gone = gone.exclude(holder=only_holder)
    leases = list(gone.values_list("pk", "participant__workshop_id"))
    if not leases:
        return
    gone.filter(pk__in=[pk for pk, _ in leases]).delete()
    for workshop_id in {workshop_id for _, workshop_id in leases}:
        live.presence_changed(workshop_id)


# --- Dot votes ------------------------------------------------------------------------


class VoteRefused(Exception):
    """A dot the vote cannot take, with why, in words a participant understands."""


@transaction.atomic
def vote_open(*, activity: Activity, budget: int, one_per_item: bool) -> DotVote:
    """Open a vote on an activity's items, clearing any vote held on it before."""
    DotVote.objects.filter(activity=activity).delete()
    vote = DotVote(activity=activity, budget=budget, one_per_item=one_per_item)
    vote.full_clean()
    vote.save()
    _vote_changed(activity)
    return vote


@transaction.atomic
def vote_close(*, activity: Activity) -> None:
    """No more dots: the counts stay hidden until the reveal."""
    DotVote.objects.filter(activity=activity, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )
    _vote_changed(activity)


@transaction.atomic
def vote_reveal(*, activity: Activity) -> None:
    """Close voting if it is still open, and show every item's dots to everyone."""
    now = timezone.now()
    DotVote.objects.filter(activity=activity, closed_at__isnull=True).update(closed_at=now)
    DotVote.objects.filter(activity=activity, revealed_at__isnull=True).update(revealed_at=now)
    _vote_changed(activity)


@transaction.atomic
def vote_clear(*, activity: Activity) -> None:
    DotVote.objects.filter(activity=activity).delete()
    _vote_changed(activity)


def _vote_changed(activity: Activity) -> None:
    workshop = activity.session.workshop
    if workshop.current_activity_id == activity.pk:
        room.push_stage(workshop)


@transaction.atomic
def dot_give(*, activity: Activity, participant: Participant, item_id: int, items) -> None:
    """Give one of the participant's dots to an item (one of `items`, the board's)."""
    vote = _voter_and_open_vote(activity, participant)
    if item_id not in items:
        raise VoteRefused("That is not on the board any more.")
    mine = votes.dots_of(vote, participant.pk)
    if vote.one_per_item and mine[item_id]:
        raise VoteRefused("One dot per item in this vote, and this one has yours already.")
    if mine.total() >= vote.budget:
        raise VoteRefused(
            f"You have given all {vote.budget} of your dots. "
            "Take one back to give it to something else."
        )
    Dot.objects.create(vote=vote, participant=participant, item_id=item_id)
    _publish_own_dots(activity.session.workshop, vote, [participant.pk])


@transaction.atomic
def dot_take(*, activity: Activity, participant: Participant, item_id: int) -> None:
    """Take back one of the participant's dots from an item, to give it elsewhere."""
    vote = _voter_and_open_vote(activity, participant)
    dot = Dot.objects.filter(vote=vote, participant=participant, item_id=item_id).last()
    if dot is None:
        raise VoteRefused("You have no dot on that to take back.")
    dot.delete()
    _publish_own_dots(activity.session.workshop, vote, [participant.pk])


def _voter_and_open_vote(activity: Activity, participant: Participant) -> DotVote:
    # The voter's row is locked first: one person's dots, from any number of tabs, are
    # counted one request at a time, so two at once cannot both take the last dot.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    vote = DotVote.objects.filter(activity=activity).first()
    if vote is None:
        raise VoteRefused("There is no vote open on this board.")
    if not vote.is_open:
        raise VoteRefused("Voting has closed: your dots stay as they are.")
    return vote


def dot_items_merged(*, workshop: Workshop, kind: str, kept_id: int, merged_id: int) -> None:
    """An item merged into another takes its dots along; where one person had a dot on
    both and the vote allows one an item, the second goes back to them."""
    vote = votes.vote_for_board(workshop, kind)
    if vote is None:
        return
    moved = Dot.objects.filter(vote=vote, item_id=merged_id)
    voters = set(moved.values_list("participant_id", flat=True))
    if vote.one_per_item:
        on_kept = Dot.objects.filter(vote=vote, item_id=kept_id).values("participant_id")
        moved.filter(participant_id__in=on_kept).delete()
    moved.update(item_id=kept_id)
    _publish_own_dots(workshop, vote, voters)


def dot_item_removed(*, workshop: Workshop, kind: str, item_id: int) -> None:
    """An item removed from the board gives its dots back to the people who gave them."""
    vote = votes.vote_for_board(workshop, kind)
    if vote is None:
        return
    dots = Dot.objects.filter(vote=vote, item_id=item_id)
    voters = set(dots.values_list("participant_id", flat=True))
    dots.delete()
    _publish_own_dots(workshop, vote, voters)


def _publish_own_dots(workshop: Workshop, vote: DotVote, participant_ids) -> None:
    """Each voter's meter to their own screens alone; the facilitator's count of voters."""
    if not vote.is_open or not participant_ids:
        return
    participant_ids = list(participant_ids)
    live.publish_each(
        lambda: {
            live.participant(participant_id): live.render(
                room.VOTE + "#mine",
                {"workshop": workshop, **votes.own_context(vote, participant_id)},
            )
            for participant_id in participant_ids
        }
    )
    live.publish(
        [live.facilitator(workshop.pk)],
        lambda: live.render(
            room.VOTE + "#progress", {"vote_progress": votes.progress(vote, workshop)}
        ),
    )
