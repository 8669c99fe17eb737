"""Writes to the goals board: validated, saved in one transaction, then pushed to the
room through workshop.live once it has committed."""

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from goals import selectors
from goals.models import Goal, Placement, SilentRound
from workshop import live, room, services
from workshop.models import Activity, Participant, Workshop
from workshop.services import EditConflict

# While a goal is dragged, every screen sees it move at most this often; the drop is
# always kept and pushed.
MOVE_EVERY = 0.1  # seconds
# When each item being dragged last moved, oldest first. Only a move of the last
# MOVE_EVERY seconds can hold the next one back, so older ones are forgotten, and never
# more than MOVES_REMEMBERED are kept whatever a flood of moves brings.
MOVES_REMEMBERED = 10_000
_last_move: OrderedDict[Hashable, float] = OrderedDict()
_last_move_lock = threading.Lock()
clock = time.monotonic


def _publish_goal(workshop: Workshop, goal_id: int, fragment: str = "goal-push") -> None:
    """Push a goal as it stands once the change has committed: read afresh then, so that
    whichever of two moves commits last is what every screen ends on."""

    def render() -> str:
        goal = selectors.goal_for(goal_id, workshop=workshop)
        if goal is None:
            return ""
        context = {
            "goal": goal, "workshop": workshop, "shared": True, "live": True,
            **selectors.vote_context(workshop),
        }
        return live.render(f"{selectors.BOARD}#{fragment}", context)

    live.publish([live.everyone(workshop.pk)], render)


def _publish_duplicates(workshop: Workshop) -> None:
    """The facilitator's list of likely duplicates, after goals' words changed."""

    def render() -> str:
        context = {"workshop": workshop, "duplicates": selectors.duplicates_for(workshop)}
        return live.render(f"{selectors.BOARD}#duplicates", context)

    live.publish([live.facilitator(workshop.pk)], render)
    room.board_changed(workshop, Activity.Kind.GOALS, itself=False)


@transaction.atomic
def goal_create(
    *, workshop: Workshop, activity: Activity, author: Participant | None,
    text: str, department: str, success_metric: str,
) -> Goal:
    goal = Goal(
        workshop=workshop, author=author, text=text.strip(), department=department,
        success_metric=success_metric.strip(),
    )
    goal.full_clean(exclude=["workshop", "author"])
    goal.save()
    _publish_goal(workshop, goal.pk, "new-goal")
    _publish_duplicates(workshop)
    return goal


@transaction.atomic
def goal_update(
    *, goal: Goal, version: int, text: str, department: str, success_metric: str
) -> Goal:
    """Save an edit made to `version`; refuse it if someone saved a newer one meanwhile."""
    current = Goal.objects.select_for_update().get(pk=goal.pk)
    if current.version != version:
        raise EditConflict(current)
    current.text, current.department = text.strip(), department
    current.success_metric = success_metric.strip()
    current.full_clean(exclude=["workshop", "author", "version"])
    current.version = F("version") + 1
    current.save(update_fields=["text", "department", "success_metric", "version"])
    current.refresh_from_db()
    _publish_goal(goal.workshop, goal.pk)
    _publish_duplicates(goal.workshop)
    return current


@transaction.atomic
def goal_merge(*, keep: Goal, merged: Goal) -> None:
    """Fold a duplicate into the goal that keeps: its words and place stay, and it speaks
    for the duplicate's authors too. The duplicate goes from every screen."""
    authors = [person.pk for person in merged.also_by.all()]
    if merged.author_id and merged.author_id != keep.author_id:
        authors.append(merged.author_id)
    keep.also_by.add(*(pk for pk in authors if pk != keep.author_id))
    services.dot_items_merged(
        workshop=keep.workshop, kind=Activity.Kind.GOALS, kept_id=keep.pk, merged_id=merged.pk
    )
    merged.delete()
    room.push_stage(keep.workshop)


def move_is_due(item: Hashable, *, final: bool) -> bool:
    """Whether a move of a grid's item should be kept: a drop always; a move while
    dragging only if the item has not moved in the last MOVE_EVERY seconds. The caller
    names an item of its own workshop (looked up first), so moves sent from elsewhere
    never hold back a drag in this room."""
    now = clock()
    with _last_move_lock:
        if final:
            # The next drag of this item starts at once.
            _last_move.pop(item, None)
            return True
        last = _last_move.get(item)
        if last is not None and now - last < MOVE_EVERY:
            return False
        _last_move.pop(item, None)
        _last_move[item] = now
        while len(_last_move) > MOVES_REMEMBERED or (
            now - next(iter(_last_move.values())) >= MOVE_EVERY
        ):
            _last_move.popitem(last=False)
        return True


@transaction.atomic
def goal_move(*, goal: Goal, x: float | None, y: float | None, final: bool) -> None:
    """Put a goal at x, y, or back in the tray with both None, and show every screen."""
    # `moves` counts every kept move: a screen never goes back to an older one.
    Goal.objects.filter(pk=goal.pk).update(x=x, y=y, moves=F("moves") + 1)
    _publish_goal(goal.workshop, goal.pk)
    if final:
        room.board_changed(goal.workshop, Activity.Kind.GOALS, itself=False)


@transaction.atomic
def goal_delete(*, goal: Goal) -> None:
    dom_id = f"goal-{goal.pk}"
    services.dot_item_removed(workshop=goal.workshop, kind=Activity.Kind.GOALS, item_id=goal.pk)
    goal.delete()
    live.publish(
        [live.everyone(goal.workshop_id)],
        lambda: f'<div id="{dom_id}" hx-swap-oob="delete"></div>',
    )
    _publish_duplicates(goal.workshop)


# --- Silent rounds ------------------------------------------------------------------------


@transaction.atomic
def round_start(*, workshop: Workshop) -> SilentRound:
    """Every participant's grid starts empty; each places every goal on their own."""
    if selectors.open_round(workshop) is not None:
        raise ValueError("A silent round is already on.")
    silent = SilentRound.objects.create(workshop=workshop)
    room.push_stage(workshop)
    return silent


@transaction.atomic
def placement_move(
    *, silent: SilentRound, goal: Goal, participant: Participant,
    x: float | None, y: float | None,
) -> None:
    """Where this participant puts a goal on their own grid: seen by them alone. The
    room hears only that one more person has started."""
    placements = Placement.objects.filter(round=silent, participant=participant)
    first = not placements.exists()
    if x is None:
        placements.filter(goal=goal).delete()
    else:
        Placement.objects.update_or_create(
            round=silent, goal=goal, participant=participant, defaults={"x": x, "y": y}
        )
    workshop = goal.workshop

    def render_own() -> str:
        own = selectors.goal_for(goal.pk, workshop=workshop)
        selectors.place_at(own, x, y)
        context = {
            "goal": own, "workshop": workshop, "shared": True, **selectors.vote_context(workshop),
        }
        return live.render(f"{selectors.BOARD}#goal-push", context)

    live.publish([live.participant(participant.pk)], render_own)
    if first and x is not None:
        _publish_progress(workshop, silent)


def _publish_progress(workshop: Workshop, silent: SilentRound) -> None:
    def render() -> str:
        context = {"workshop": workshop, **selectors.progress(workshop, silent)}
        return live.render(f"{selectors.BOARD}#progress", context)

    live.publish([live.everyone(workshop.pk)], render)


@transaction.atomic
def round_reveal(*, silent: SilentRound) -> None:
    """Show everyone's placements at once; each goal moves to its centre, where the
    facilitator settles it or drags it elsewhere."""
    for goal_id, points in selectors.placements_by_goal(silent).items():
        x, y = selectors.centre_of(points)
        Goal.objects.filter(pk=goal_id).update(x=x, y=y, moves=F("moves") + 1)
    silent.revealed_at = timezone.now()
    silent.save(update_fields=["revealed_at"])
    room.push_stage(silent.workshop)


@transaction.atomic
def round_close(*, silent: SilentRound) -> None:
    """The goals stay where they are now; the grid is everyone's again."""
    silent.closed_at = timezone.now()
    silent.save(update_fields=["closed_at"])
    room.push_stage(silent.workshop)
