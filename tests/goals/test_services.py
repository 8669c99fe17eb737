"""Writes to the goals board: what is saved, what is refused, what is pushed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from goals import services
from goals.models import Goal, needs_better_metric
from tests.goals.examples import GOAL


@pytest.fixture
def goal(workshop, goals_activity, bob):
    return services.goal_create(workshop=workshop, activity=goals_activity, author=bob, **GOAL)


def test_a_new_goal_waits_in_the_tray(goal):
    assert (goal.x, goal.y) == (None, None)
    assert not goal.is_placed


@pytest.mark.parametrize("field, value", [
    ("text", "x" * 201), ("text", "  "), ("department", "astrology"), ("success_metric", ""),
])
def test_a_goal_with_bad_fields_is_not_saved(workshop, goals_activity, bob, field, value):
    with pytest.raises(ValidationError):
        services.goal_create(
            workshop=workshop, activity=goals_activity, author=bob, **{**GOAL, field: value}
        )
    assert not Goal.objects.exists()


def test_a_drop_is_kept_and_pushed(goal, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(services.live, "send", lambda groups, message: sent.append(message))
    with django_capture_on_commit_callbacks(execute=True):
        services.goal_move(goal=goal, x=0.5, y=-0.25, final=True)
    goal.refresh_from_db()
    assert (goal.x, goal.y, goal.moves) == (0.5, -0.25, 1)
    assert 'data-x="0.500"' in sent[0]["html"] and 'data-moves="1"' in sent[0]["html"]


def test_moves_while_dragging_are_kept_at_most_ten_a_second_and_the_drop_always(monkeypatch):
    clock = iter([100.0, 100.03, 100.06, 100.12, 100.13, 100.14])
    monkeypatch.setattr(services, "clock", lambda: next(clock))
    due = [services.move_is_due(7, final=False) for _ in range(4)]
    due.append(services.move_is_due(7, final=True))
    assert due == [True, False, False, True, True]
    assert services.move_is_due(8, final=False)  # another goal has its own pace


def test_after_a_drop_the_next_drag_starts_at_once(goal):
    services.move_is_due(goal.pk, final=True)
    services.goal_move(goal=goal, x=0.1, y=0.1, final=True)
    assert services.move_is_due(goal.pk, final=False)


def test_a_goal_goes_back_to_the_tray(goal):
    services.goal_move(goal=goal, x=0.2, y=0.2, final=True)
    services.goal_move(goal=goal, x=None, y=None, final=True)
    goal.refresh_from_db()
    assert not goal.is_placed


def test_the_database_refuses_a_place_off_the_grid_or_half_a_place(goal):
    for x, y in ((1.5, 0), (0.3, None)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Goal.objects.filter(pk=goal.pk).update(x=x, y=y)


@pytest.mark.parametrize("metric, nudged", [
    ("Banner clicks", True),
    ("Email open rate", True),
    ("Page views per visit", True),
    ("90-day retention", False),
    ("Clicks that lead to a repeat purchase", False),
    ("Customer satisfaction (CSAT)", False),
    ("Time to first salary deposit", False),
])
def test_a_metric_of_attention_alone_gets_a_nudge(metric, nudged):
    assert needs_better_metric(metric) is nudged


def test_removing_a_goal_pushes_its_removal(goal, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(services.live, "send", lambda groups, message: sent.append(message))
    goal_id = goal.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.goal_delete(goal=goal)
    assert not Goal.objects.exists()
    assert sent[0]["html"] == f'<div id="goal-{goal_id}" hx-swap-oob="delete"></div>'


def test_an_edit_reaches_every_screen(goal, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(
        services.live, "send", lambda groups, message: sent.append((groups, message))
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.goal_update(goal=goal, version=1, text="Sharper words", department="support",
                             success_metric="Repeat contacts within 7 days")
    groups, message = sent[0]
    assert groups == [f"workshop.{goal.workshop_id}"] and "Sharper words" in message["html"]


def test_the_drag_throttle_stays_bounded_however_many_items_move(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(services, "clock", lambda: now[0])
    # All at once: never more than it may remember.
    for item in range(services.MOVES_REMEMBERED + 5_000):
        assert services.move_is_due(("goal", item), final=False)
    assert len(services._last_move) == services.MOVES_REMEMBERED
    # A moment later, what could no longer hold a move back is forgotten.
    now[0] += services.MOVE_EVERY * 2
    assert services.move_is_due(("goal", -1), final=False)
    assert len(services._last_move) == 1
