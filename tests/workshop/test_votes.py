"""Dot votes, the core's, on the goals and the experiences boards: the facilitator opens,
closes and reveals; participants give and take back dots within their budget; nobody
sees a count before the reveal."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.urls import reverse

from experiences import services as experience_services
from goals import services as goal_services
from goals.models import Goal
from tests.conftest import open_board, participant_client
from tests.goals.examples import GOAL
from workshop import services, votes
from workshop.models import Activity, Dot, DotVote

HX = {"HX-Request": "true"}


@pytest.fixture
def goals_activity(workshop):
    return open_board(workshop, Activity.Kind.GOALS)


@pytest.fixture
def goal(workshop, goals_activity, bob):
    return goal_services.goal_create(
        workshop=workshop, activity=goals_activity, author=bob, **GOAL
    )


@pytest.fixture
def other_goal(workshop, goals_activity, carol):
    return goal_services.goal_create(
        workshop=workshop, activity=goals_activity, author=carol,
        **{**GOAL, "text": "Offers that fit where each customer is in life"},
    )


def vote_url(name, workshop, activity):
    return reverse(name, args=[workshop.code, activity.pk])


def open_vote(client, workshop, activity, budget="3", **extra):
    return client.post(
        vote_url("vote_open", workshop, activity), {"budget": budget, **extra}, headers=HX
    )


def dot(client, workshop, activity, item, change="give"):
    return client.post(
        vote_url("dots", workshop, activity), {"item": item, "change": change}, headers=HX
    )


def page(client, workshop, name="room") -> str:
    return client.get(reverse(name, args=[workshop.code])).content.decode()


# --- The facilitator runs the vote ------------------------------------------------------


def test_only_the_facilitator_opens_closes_reveals_and_clears_a_vote(
    alice_client, bob_client, workshop, goals_activity
):
    assert open_vote(bob_client, workshop, goals_activity).status_code == 403
    assert open_vote(alice_client, workshop, goals_activity).status_code == 204
    for name in ("vote_close", "vote_reveal", "vote_clear"):
        url = vote_url(name, workshop, goals_activity)
        assert bob_client.post(url, headers=HX).status_code == 403
    assert DotVote.objects.get(activity=goals_activity).is_open
    alice_client.post(vote_url("vote_reveal", workshop, goals_activity), headers=HX)
    vote = DotVote.objects.get(activity=goals_activity)
    assert vote.is_revealed and not vote.is_open  # a reveal ends the voting
    alice_client.post(vote_url("vote_clear", workshop, goals_activity), headers=HX)
    assert not DotVote.objects.exists()


def test_a_budget_outside_1_to_20_is_refused_and_nothing_opens(
    alice_client, workshop, goals_activity
):
    for budget in ("0", "21", "three", ""):
        response = open_vote(alice_client, workshop, goals_activity, budget=budget)
        assert response.status_code == 400
        assert "from 1 to 20 dots" in response.content.decode()
    assert not DotVote.objects.exists()


def test_boards_without_votes_and_other_workshops_activities_are_not_found(
    alice_client, workshop, other_workshop
):
    team = Activity.objects.get(session__workshop=workshop, kind=Activity.Kind.TEAM)
    assert open_vote(alice_client, workshop, team).status_code == 404
    theirs = Activity.objects.get(session__workshop=other_workshop, kind=Activity.Kind.GOALS)
    assert open_vote(alice_client, workshop, theirs).status_code == 404
    assert not DotVote.objects.exists()


def test_opening_a_new_vote_clears_the_last_one(workshop, goals_activity, bob, goal):
    services.vote_open(activity=goals_activity, budget=3, one_per_item=False)
    give(goals_activity, bob, goal)
    services.vote_open(activity=goals_activity, budget=5, one_per_item=True)
    assert DotVote.objects.get().budget == 5 and not Dot.objects.exists()


# --- Participants spend their dots ------------------------------------------------------


def give(activity, participant, goal):
    services.dot_give(
        activity=activity, participant=participant, item_id=goal.pk,
        items={goal.pk: goal.text},
    )


def test_a_participant_gives_dots_up_to_the_budget_and_sees_how_many_are_left(
    alice_client, bob_client, workshop, goals_activity, goal, other_goal
):
    open_vote(alice_client, workshop, goals_activity, budget="3")
    response = dot(bob_client, workshop, goals_activity, goal.pk)
    assert response.status_code == 200
    assert "You have <strong class=\"dots-left\">2</strong> of 3 dots left" in response.content.decode()
    dot(bob_client, workshop, goals_activity, goal.pk)  # two on one goal
    assert "<strong class=\"dots-left\">0</strong>" in dot(
        bob_client, workshop, goals_activity, other_goal.pk
    ).content.decode()

    over = dot(bob_client, workshop, goals_activity, other_goal.pk)
    assert over.status_code == 409
    assert "You have given all 3 of your dots" in over.content.decode()
    assert Dot.objects.count() == 3
    assert 'data-mine="{}:2,{}:1"'.format(goal.pk, other_goal.pk) in page(bob_client, workshop)


def test_a_dot_taken_back_can_be_given_elsewhere(
    alice_client, bob_client, workshop, goals_activity, goal, other_goal
):
    open_vote(alice_client, workshop, goals_activity, budget="1")
    dot(bob_client, workshop, goals_activity, goal.pk)
    assert dot(bob_client, workshop, goals_activity, other_goal.pk).status_code == 409
    assert dot(bob_client, workshop, goals_activity, goal.pk, "take").status_code == 200
    assert dot(bob_client, workshop, goals_activity, other_goal.pk).status_code == 200
    assert list(Dot.objects.values_list("item_id", flat=True)) == [other_goal.pk]
    nothing = dot(bob_client, workshop, goals_activity, goal.pk, "take")
    assert nothing.status_code == 409 and "no dot on that" in nothing.content.decode()


def test_one_dot_per_item_when_the_facilitator_says_so(
    alice_client, bob_client, workshop, goals_activity, goal
):
    open_vote(alice_client, workshop, goals_activity, one_per_item="on")
    assert dot(bob_client, workshop, goals_activity, goal.pk).status_code == 200
    second = dot(bob_client, workshop, goals_activity, goal.pk)
    assert second.status_code == 409 and "One dot per item" in second.content.decode()
    assert Dot.objects.count() == 1


def test_dots_are_refused_on_a_closed_vote_and_before_any_vote(
    alice_client, bob_client, workshop, goals_activity, goal
):
    none_yet = dot(bob_client, workshop, goals_activity, goal.pk)
    assert none_yet.status_code == 409 and "no vote open" in none_yet.content.decode()
    open_vote(alice_client, workshop, goals_activity)
    dot(bob_client, workshop, goals_activity, goal.pk)
    alice_client.post(vote_url("vote_close", workshop, goals_activity), headers=HX)
    for change in ("give", "take"):
        closed = dot(bob_client, workshop, goals_activity, goal.pk, change)
        assert closed.status_code == 409 and "Voting has closed" in closed.content.decode()
    assert Dot.objects.count() == 1


def test_bad_items_and_forms_are_refused_and_nothing_is_saved(
    alice_client, bob_client, dave, workshop, other_workshop, goals_activity, goal
):
    open_vote(alice_client, workshop, goals_activity)
    theirs = Goal.objects.create(workshop=other_workshop, text="Theirs", department="data",
                                 success_metric="Churn")
    hidden = Goal.objects.create(workshop=workshop, text="Hidden", department="data",
                                 success_metric="Churn", hidden=True)
    for item in (theirs.pk, hidden.pk, 999999):
        response = dot(bob_client, workshop, goals_activity, item)
        assert response.status_code == 409 and "not on the board" in response.content.decode()
    for data in ({"item": "x", "change": "give"}, {"item": goal.pk, "change": "steal"}, {}):
        response = bob_client.post(vote_url("dots", workshop, goals_activity), data, headers=HX)
        assert response.status_code == 400
    assert not Dot.objects.exists()


def test_only_participants_vote_and_only_on_the_open_unlocked_board(
    alice_client, bob_client, workshop, goals_activity, goal
):
    open_vote(alice_client, workshop, goals_activity)
    assert dot(alice_client, workshop, goals_activity, goal.pk).status_code == 403
    services.activity_set_locked(activity=goals_activity, locked=True)
    locked = dot(bob_client, workshop, goals_activity, goal.pk)
    assert locked.status_code == 403 and "locked" in locked.content.decode()
    services.activity_set_locked(activity=goals_activity, locked=False)
    open_board(workshop, Activity.Kind.EXPERIENCES)
    assert dot(bob_client, workshop, goals_activity, goal.pk).status_code == 403
    assert not Dot.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_tabs_at_once_cannot_spend_more_than_the_budget(workshop, bob):
    activity = open_board(workshop, Activity.Kind.GOALS)
    goals = [
        goal_services.goal_create(
            workshop=workshop, activity=activity, author=bob, **{**GOAL, "text": f"Goal {n}"}
        )
        for n in range(8)
    ]
    services.vote_open(activity=activity, budget=2, one_per_item=False)
    tabs = [participant_client(bob) for _ in goals]
    start = threading.Barrier(len(tabs))

    def give_from(tab, goal) -> int:
        try:
            start.wait()
            return dot(tab, workshop, activity, goal.pk).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(tabs)) as pool:
        statuses = list(pool.map(give_from, tabs, goals))
    assert sorted(statuses) == [200, 200] + [409] * (len(tabs) - 2)
    assert Dot.objects.filter(participant=bob).count() == 2


# --- Nobody sees a count before the reveal ----------------------------------------------


def test_counts_are_in_no_other_page_before_the_reveal_and_in_every_page_after(
    alice_client, bob_client, carol_client, workshop, goals_activity, goal
):
    open_vote(alice_client, workshop, goals_activity)
    dot(bob_client, workshop, goals_activity, goal.pk)
    dot(bob_client, workshop, goals_activity, goal.pk)

    carols = page(carol_client, workshop)
    assert 'data-mine=""' in carols and 'class="dot-total' not in carols
    assert "3</strong> of 3 dots left" in carols
    facilitators = page(alice_client, workshop)
    assert 'class="dot-total' not in facilitators and "data-mine" not in facilitators
    assert "1</strong> of 2 people have voted · 2 dots given" in facilitators
    projectors = page(alice_client, workshop, "present")
    assert 'class="dot-total' not in projectors and "have voted" not in projectors
    assert "Counts stay hidden until the reveal" in projectors
    assert f'data-mine="{goal.pk}:2"' in page(bob_client, workshop)

    alice_client.post(vote_url("vote_reveal", workshop, goals_activity), headers=HX)
    for screen in (page(carol_client, workshop), page(alice_client, workshop)):
        assert 'data-dots="2"' in screen  # on the goal itself
    for screen in (page(carol_client, workshop), page(alice_client, workshop),
                   page(alice_client, workshop, "present")):
        assert f'<span class="result-label">{GOAL["text"]}</span>' in screen
        assert '<span class="result-dots">2 dots</span>' in screen


def test_a_merged_goal_brings_its_dots_and_a_removed_one_gives_them_back(
    alice_client, bob_client, carol_client, workshop, goals_activity, goal, other_goal
):
    open_vote(alice_client, workshop, goals_activity, one_per_item="on")
    dot(bob_client, workshop, goals_activity, goal.pk)
    dot(bob_client, workshop, goals_activity, other_goal.pk)
    dot(carol_client, workshop, goals_activity, other_goal.pk)
    goal_services.goal_merge(keep=goal, merged=other_goal)
    # Bob had a dot on both: one a goal, so his second comes back to him.
    assert sorted(Dot.objects.values_list("participant__name", "item_id")) == [
        ("Bob", goal.pk), ("Carol", goal.pk)
    ]
    goal_services.goal_delete(goal=Goal.objects.get(pk=goal.pk))
    assert not Dot.objects.exists()
    assert "3</strong> of 3 dots left" in page(bob_client, workshop)


def test_the_goals_board_costs_the_same_queries_with_a_vote_at_5_and_300_goals(
    alice_client, bob_client, bob, workshop, goals_activity, django_assert_num_queries
):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    def fill(count):
        made = Goal.objects.bulk_create(
            Goal(workshop=workshop, author=bob, text=f"Goal {n}", department="data",
                 success_metric="Churn", x=0.1, y=0.1)
            for n in range(Goal.objects.count(), count)
        )
        Dot.objects.bulk_create(Dot(vote=vote, participant=bob, item_id=g.pk) for g in made)

    vote = services.vote_open(activity=goals_activity, budget=20, one_per_item=False)
    screens = [(bob_client, "room"), (alice_client, "room"), (alice_client, "present")]
    for revealed in (False, True):
        Goal.objects.all().delete()
        fill(5)
        counts = []
        for client, name in screens:
            with CaptureQueriesContext(db) as queries:
                page(client, workshop, name)
            counts.append(len(queries))
        fill(300)
        for (client, name), count in zip(screens, counts):
            with django_assert_num_queries(count):
                assert "Goal 299" in page(client, workshop, name)
        services.vote_reveal(activity=goals_activity)


# --- The experiences board votes the same way -------------------------------------------


def test_experiences_take_dots_too_and_sort_by_them_once_revealed(
    alice_client, bob_client, workshop, experiences_activity, bob
):
    cards = [
        experience_services.experience_create(
            workshop=workshop, activity=experiences_activity, author=bob, title=title,
            company="Acme", description="Good.",
        )
        for title in ("First card", "Second card")
    ]
    open_vote(alice_client, workshop, experiences_activity)
    assert 'class="dots participant-only' in page(bob_client, workshop)
    dot(bob_client, workshop, experiences_activity, cards[0].pk)
    dot(bob_client, workshop, experiences_activity, cards[0].pk)
    alice_client.post(vote_url("vote_reveal", workshop, experiences_activity), headers=HX)

    board = page(bob_client, workshop)
    assert board.index("First card") < board.index("Second card")  # most dots first
    assert '?sort=dots" aria-current="true"' in board or 'aria-current="true">Dots' in board
    newest = bob_client.get(
        reverse("experience_list", args=[workshop.code]), {"sort": "newest"}, headers=HX
    ).content.decode()
    assert newest.index("Second card") < newest.index("First card")
    assert 'data-dots="2"' in newest  # re-sorted cards keep their dots
    assert votes.results(
        DotVote.objects.get(), {card.pk: card.title for card in cards}
    )[0] == {"item": cards[0].pk, "label": "First card", "dots": 2, "width": 100}
