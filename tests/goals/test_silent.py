"""Silent placement: each participant places every goal on their own grid, seeing
nobody else's; the reveal shows everyone's placements, their centre and spread."""

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from goals import selectors, services
from goals.models import Goal, Placement
from tests.goals.examples import GOAL
from tests.sockets import drain, fresh_channel_layer, leave, room_of  # noqa: F401
from workshop.models import Activity, Workshop

HX = {"HX-Request": "true"}


@pytest.fixture
def goal(workshop, goals_activity, bob):
    return services.goal_create(workshop=workshop, activity=goals_activity, author=bob, **GOAL)


def control(client, workshop, name):
    return client.post(reverse(name, args=[workshop.code]), headers=HX)


def move(client, goal, x, y):
    url = reverse("goal_move", args=[goal.workshop.code, goal.pk])
    return client.post(url, {"x": x, "y": y, "final": "on"}, headers=HX)


def test_only_the_facilitator_runs_a_silent_round(bob_client, alice_client, workshop, goal):
    assert control(bob_client, workshop, "goals_silent_start").status_code == 403
    assert control(alice_client, workshop, "goals_silent_start").status_code == 204
    assert control(alice_client, workshop, "goals_silent_start").status_code == 409
    assert control(bob_client, workshop, "goals_silent_reveal").status_code == 403
    assert control(alice_client, workshop, "goals_silent_reveal").status_code == 204
    assert control(alice_client, workshop, "goals_silent_reveal").status_code == 409
    assert control(bob_client, workshop, "goals_silent_close").status_code == 403
    assert control(alice_client, workshop, "goals_silent_close").status_code == 204
    assert control(alice_client, workshop, "goals_silent_close").status_code == 409


def test_while_the_room_places_each_grid_shows_only_its_own_placements(
    alice_client, bob_client, carol_client, workshop, goal
):
    move(alice_client, goal, "-0.9", "-0.9")  # where it was before the round
    control(alice_client, workshop, "goals_silent_start")
    assert move(bob_client, goal, "0.600", "0.700").status_code == 204
    assert move(carol_client, goal, "-0.300", "0.200").status_code == 204
    goal.refresh_from_db()
    assert (goal.x, goal.y) == (-0.9, -0.9)  # the shared place is untouched

    bobs = bob_client.get(reverse("room", args=[workshop.code])).content.decode()
    carols = carol_client.get(reverse("room", args=[workshop.code])).content.decode()
    facilitators = alice_client.get(reverse("room", args=[workshop.code])).content.decode()
    projectors = alice_client.get(reverse("present", args=[workshop.code])).content.decode()
    assert 'data-x="0.600"' in bobs and 'data-x="-0.300"' not in bobs
    assert 'data-x="-0.300"' in carols and 'data-x="0.600"' not in carols
    for page in (facilitators, projectors):
        assert 'data-x="0.600"' not in page and 'data-x="-0.300"' not in page
        assert "2</strong> of 2 people have placed goals" in page
    assert "Place every goal on your own grid" in bobs


def test_the_facilitator_cannot_move_goals_while_the_room_places(alice_client, workshop, goal):
    control(alice_client, workshop, "goals_silent_start")
    response = move(alice_client, goal, "0.1", "0.1")
    assert response.status_code == 409 and "Reveal it first" in response.content.decode()


def test_the_reveal_shows_everyones_dots_with_the_widest_disagreement_first(
    alice_client, bob_client, carol_client, workshop, goals_activity, goal
):
    agreed = services.goal_create(
        workshop=workshop, activity=goals_activity, author=None,
        text="One view of the customer", department="data", success_metric="Churn",
    )
    control(alice_client, workshop, "goals_silent_start")
    move(bob_client, goal, "0.8", "0.8")
    move(carol_client, goal, "-0.8", "-0.4")
    move(bob_client, agreed, "0.5", "0.5")
    move(carol_client, agreed, "0.5", "0.4")
    control(alice_client, workshop, "goals_silent_reveal")

    goal.refresh_from_db()
    assert (round(goal.x, 3), round(goal.y, 3)) == (0.0, 0.2)  # the centre
    page = bob_client.get(reverse("room", args=[workshop.code])).content.decode()
    listed = page[page.index("Where the room disagrees most"):]
    assert listed.index(GOAL["text"]) < listed.index("One view of the customer")
    assert "Wide disagreement" in listed and "Close agreement" in listed
    assert listed.count('class="dot"') == 4 and listed.count('class="dot centre"') == 2
    # Participants wait while the facilitator settles; the facilitator drags to settle.
    assert move(bob_client, goal, "0.1", "0.1").status_code == 409
    assert move(alice_client, goal, "0.3", "0.3").status_code == 204
    control(alice_client, workshop, "goals_silent_close")
    goal.refresh_from_db()
    assert (goal.x, goal.y) == (0.3, 0.3)
    assert move(bob_client, goal, "0.2", "0.2").status_code == 204


def test_a_placement_off_the_grid_is_refused_and_not_saved(
    alice_client, bob_client, workshop, goal
):
    control(alice_client, workshop, "goals_silent_start")
    assert move(bob_client, goal, "3", "0").status_code == 400
    assert not Placement.objects.exists()


def test_the_board_costs_the_same_queries_in_a_revealed_round_at_5_and_100_goals(
    alice_client, bob_client, bob, carol, workshop, goals_activity, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    silent = services.round_start(workshop=workshop)

    def fill(count):
        start = Goal.objects.count()
        goals = Goal.objects.bulk_create(
            Goal(workshop=workshop, author=bob, text=f"Goal {n}", department="data",
                 success_metric="Churn") for n in range(start, count)
        )
        Placement.objects.bulk_create(
            Placement(round=silent, goal=g, participant=p, x=0.1 * (i % 9), y=-0.5)
            for i, g in enumerate(goals) for p in (bob, carol)
        )

    url = reverse("room", args=[workshop.code])
    fill(5)
    placing = {}
    for name, client in (("bob", bob_client), ("alice", alice_client)):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        placing[name] = len(queries)
    fill(100)
    for name, client in (("bob", bob_client), ("alice", alice_client)):
        with django_assert_num_queries(placing[name]):
            client.get(url)
    services.round_reveal(silent=silent)
    with CaptureQueriesContext(connection) as queries:
        bob_client.get(url)
    revealed = len(queries)
    fill(150)
    with django_assert_num_queries(revealed):
        assert "Goal 149" in bob_client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
async def test_a_placement_reaches_its_author_alone_and_the_room_only_a_count(workshop, bob, carol):
    def set_up():
        activity = Activity.objects.get(session__workshop=workshop, kind="goals")
        from workshop import services as workshop_services

        workshop_services.activity_open(workshop=workshop, activity=activity)
        goal = services.goal_create(workshop=workshop, activity=activity, author=bob, **GOAL)
        services.round_start(workshop=workshop)
        fresh = Workshop.objects.select_related("current_activity").get(pk=workshop.pk)
        return fresh, goal, selectors.open_round(fresh)

    fresh, goal, silent = await database_sync_to_async(set_up)()
    sockets = await room_of(fresh, bob, carol)
    goal.workshop = fresh
    await database_sync_to_async(services.placement_move)(
        silent=silent, goal=goal, participant=bob, x=0.625, y=-0.375
    )
    frames = {screen: "".join(await drain(socket)) for screen, socket in sockets.items()}
    assert 'data-x="0.625"' in frames["Bob"]
    for screen in ("Carol", "facilitator", "projector"):
        assert 'data-x="0.625"' not in frames[screen]
        assert "<strong>1</strong> of 2 people have placed goals" in frames[screen]
    await leave(sockets)
