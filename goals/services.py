"""Writes to the goals board: validated, saved in one transaction, then pushed to the
room through workshop.live once it has committed."""

import time

from django.db import transaction
from django.db.models import F

from goals import selectors
from goals.models import Goal
from workshop import live
from workshop.models import Activity, Participant, Workshop

# While a goal is dragged, every screen sees it move at most this often; the drop is
# always kept and pushed.
MOVE_EVERY = 0.1  # seconds
_last_move: dict[int, float] = {}
clock = time.monotonic


def _publish_goal(workshop: Workshop, goal_id: int, fragment: str = "goal-push") -> None:
    """Push a goal as it stands once the change has committed: read afresh then, so that
    whichever of two moves commits last is what every screen ends on."""

    def render() -> str:
        goal = selectors.goal_for(goal_id, workshop=workshop)
        if goal is None:
            return ""
        context = {"goal": goal, "workshop": workshop, "shared": True, "live": True}
        return live.render(f"{selectors.BOARD}#{fragment}", context)

    live.publish([live.everyone(workshop.pk)], render)


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
    return goal


def move_is_due(goal_id: int, *, final: bool) -> bool:
    """Whether a move should be kept: a drop always; a move while dragging only if the
    goal has not moved in the last MOVE_EVERY seconds. Asked before anything is read,
    so the moves a drag sends in between cost next to nothing."""
    now = clock()
    if not final and now - _last_move.get(goal_id, 0.0) < MOVE_EVERY:
        return False
    _last_move[goal_id] = now
    return True


@transaction.atomic
def goal_move(*, goal: Goal, x: float | None, y: float | None, final: bool) -> None:
    """Put a goal at x, y, or back in the tray with both None, and show every screen."""
    # `moves` counts every kept move: a screen never goes back to an older one.
    Goal.objects.filter(pk=goal.pk).update(x=x, y=y, moves=F("moves") + 1)
    _publish_goal(goal.workshop, goal.pk)
    if final:
        _last_move.pop(goal.pk, None)


@transaction.atomic
def goal_delete(*, goal: Goal) -> None:
    dom_id = f"goal-{goal.pk}"
    goal.delete()
    live.publish(
        [live.everyone(goal.workshop_id)],
        lambda: f'<div id="{dom_id}" hx-swap-oob="delete"></div>',
    )
