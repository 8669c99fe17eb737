"""The goals board's URLs: who may do what, what bad input gets, what each audience sees."""

import pytest
from django.urls import reverse

from goals import services
from goals.models import Goal
from tests.goals.examples import GOAL
from workshop import services as workshop_services

HX = {"HX-Request": "true"}


@pytest.fixture
def bobs_goal(workshop, goals_activity, bob):
    return services.goal_create(workshop=workshop, activity=goals_activity, author=bob, **GOAL)


def add(client, workshop, **data):
    return client.post(reverse("goal_list", args=[workshop.code]), data, headers=HX)


def move(client, goal, **data):
    url = reverse("goal_move", args=[goal.workshop.code, goal.pk])
    return client.post(url, data, headers=HX)


def test_a_participant_adds_a_goal_and_gets_a_fresh_form(bob_client, bob, workshop, goals_activity):
    response = add(bob_client, workshop, **GOAL)
    assert response.status_code == 200
    assert "Added to the tray" in response.content.decode()
    goal = Goal.objects.get()
    assert goal.author == bob and goal.text == GOAL["text"] and not goal.is_placed


def test_a_goal_measured_in_clicks_gets_a_nudge_when_added(bob_client, workshop, goals_activity):
    response = add(bob_client, workshop, **{**GOAL, "success_metric": "Banner clicks"})
    assert "retention, trust or satisfaction" in response.content.decode()


@pytest.mark.parametrize("field, value, message", [
    ("text", "", "This field is required."),
    ("text", "x" * 5000, "at most 200 characters"),
    ("department", "astrology", "Select a valid choice"),
    ("success_metric", "", "This field is required."),
])
def test_bad_input_is_refused_next_to_its_field(
    bob_client, workshop, goals_activity, field, value, message
):
    response = add(bob_client, workshop, **{**GOAL, field: value})
    assert response.status_code == 422
    body = response.content.decode()
    assert message in body and "x" * 201 not in body
    assert not Goal.objects.exists()


def test_anyone_in_the_room_moves_any_goal(carol_client, bobs_goal):
    assert move(carol_client, bobs_goal, x="0.25", y="-0.5", final="on").status_code == 204
    bobs_goal.refresh_from_db()
    assert (bobs_goal.x, bobs_goal.y) == (0.25, -0.5)


@pytest.mark.parametrize("data", [
    {"x": "1.5", "y": "0"}, {"x": "0", "y": "-2"}, {"x": "0.2", "y": ""},
    {"x": "nan", "y": "0"}, {"x": "inf", "y": "0"}, {"x": "left", "y": "up"},
])
def test_a_place_off_the_grid_is_refused_with_the_reason(bob_client, bobs_goal, data):
    response = move(bob_client, bobs_goal, **data, final="on")
    assert response.status_code == 400
    assert "from -1 to 1" in response.content.decode()
    bobs_goal.refresh_from_db()
    assert not bobs_goal.is_placed


def test_nothing_moves_on_a_locked_board(bob_client, bobs_goal, goals_activity):
    workshop_services.activity_set_locked(activity=goals_activity, locked=True)
    assert move(bob_client, bobs_goal, x="0.1", y="0.1", final="on").status_code == 403
    assert add(bob_client, bobs_goal.workshop, **GOAL).status_code == 403
    assert Goal.objects.count() == 1


def test_nothing_moves_when_the_board_is_not_open(
    bob_client, bobs_goal, workshop, experiences_activity
):
    assert move(bob_client, bobs_goal, x="0.1", y="0.1", final="on").status_code == 403


def test_the_facilitator_moves_goals_even_on_a_locked_board(
    alice_client, bobs_goal, goals_activity
):
    workshop_services.activity_set_locked(activity=goals_activity, locked=True)
    assert move(alice_client, bobs_goal, x="0.1", y="0.1", final="on").status_code == 204


@pytest.mark.parametrize("who, status", [
    ("bob_client", 204), ("alice_client", 204), ("carol_client", 403),
])
def test_the_author_or_the_facilitator_removes_a_goal(request, bobs_goal, who, status):
    url = reverse("goal_delete", args=[bobs_goal.workshop.code, bobs_goal.pk])
    assert request.getfixturevalue(who).post(url, headers=HX).status_code == status
    assert Goal.objects.filter(pk=bobs_goal.pk).exists() == (status != 204)


@pytest.mark.parametrize("url_name", ["goal_move", "goal_delete"])
def test_strangers_and_other_workshops_get_nothing(client, dave_client, bobs_goal, url_name):
    url = reverse(url_name, args=[bobs_goal.workshop.code, bobs_goal.pk])
    assert client.post(url, {"x": "0", "y": "0"}, headers=HX).status_code == 403
    assert dave_client.post(url, {"x": "0", "y": "0"}, headers=HX).status_code == 403
    assert Goal.objects.filter(pk=bobs_goal.pk, x__isnull=True).exists()


def test_a_goal_id_of_another_workshop_is_not_found(alice_client, workshop, other_workshop, dave):
    from workshop.models import Activity

    activity = Activity.objects.get(session__workshop=other_workshop, kind="goals")
    theirs = services.goal_create(workshop=other_workshop, activity=activity, author=dave, **GOAL)
    url = reverse("goal_move", args=[workshop.code, theirs.pk])
    assert alice_client.post(url, {"x": "0", "y": "0"}, headers=HX).status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_placed


def test_a_removed_participant_can_do_nothing(bob_client, bob, bobs_goal):
    workshop_services.participant_remove(participant=bob)
    assert move(bob_client, bobs_goal, x="0", y="0", final="on").status_code == 403
    assert add(bob_client, bobs_goal.workshop, **GOAL).status_code == 403


def test_every_screen_shows_placed_goals_on_the_grid_and_the_rest_in_the_tray(
    bob_client, alice_client, bobs_goal, workshop, goals_activity
):
    services.goal_create(
        workshop=workshop, activity=goals_activity, author=None,
        text="Placed one", department="data", success_metric="Churn",
    )
    placed = Goal.objects.get(text="Placed one")
    services.goal_move(goal=placed, x=0.5, y=0.5, final=True)
    for page in (
        bob_client.get(reverse("room", args=[workshop.code])).content.decode(),
        alice_client.get(reverse("present", args=[workshop.code])).content.decode(),
    ):
        plane = page[page.index('id="goal-plane"'):page.index('id="goal-tray"')]
        tray = page[page.index('id="goal-tray"'):]
        assert "Placed one" in plane and GOAL["text"] not in plane
        assert GOAL["text"] in tray
        assert "Strongly front-stage, strongly customer understanding" in plane


def test_goal_text_is_escaped(bob_client, workshop, goals_activity):
    add(bob_client, workshop, **{**GOAL, "text": "<img src=x onerror=alert(1)>"})
    page = bob_client.get(reverse("room", args=[workshop.code])).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_projector_has_no_form_and_no_controls_to_use(alice_client, bobs_goal, workshop):
    page = alice_client.get(reverse("present", args=[workshop.code])).content.decode()
    assert 'id="goal-form"' not in page
    assert GOAL["text"] in page


def test_the_board_costs_the_same_queries_at_5_and_300_goals(
    bob_client, alice_client, bob, workshop, goals_activity, django_assert_num_queries
):
    def fill(count):
        Goal.objects.bulk_create(
            Goal(workshop=workshop, author=bob, text=f"Goal {n}", department="data",
                 success_metric="Churn", x=(n % 20) / 10 - 1 if n % 3 else None,
                 y=(n % 7) / 4 - 0.75 if n % 3 else None)
            for n in range(Goal.objects.count(), count)
        )

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    urls = [(bob_client, reverse("room", args=[workshop.code])),
            (alice_client, reverse("room", args=[workshop.code])),
            (alice_client, reverse("present", args=[workshop.code]))]
    fill(5)
    counts = []
    for client, url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    fill(300)
    for (client, url), count in zip(urls, counts):
        with django_assert_num_queries(count):
            assert "Goal 299" in client.get(url).content.decode()


def test_moves_while_dragging_are_answered_but_kept_only_every_tenth_of_a_second(
    bob_client, bobs_goal
):
    assert move(bob_client, bobs_goal, x="0.1", y="0.1").status_code == 204
    assert move(bob_client, bobs_goal, x="0.2", y="0.2").status_code == 204  # too soon
    bobs_goal.refresh_from_db()
    assert (bobs_goal.x, bobs_goal.moves) == (0.1, 1)
    assert move(bob_client, bobs_goal, x="0.3", y="0.3", final="on").status_code == 204
    bobs_goal.refresh_from_db()
    assert (bobs_goal.x, bobs_goal.moves) == (0.3, 2)


def edit(client, goal, **data):
    url = reverse("goal_edit", args=[goal.workshop.code, goal.pk])
    return client.post(url, data, headers=HX)


def test_the_author_edits_their_goal(bob_client, bobs_goal):
    form = bob_client.get(reverse("goal_edit", args=[bobs_goal.workshop.code, bobs_goal.pk]))
    assert form.status_code == 200 and 'name="version" value="1"' in form.content.decode()
    response = edit(bob_client, bobs_goal, **{**GOAL, "success_metric": "90-day retention"},
                    version=1)
    assert response.status_code == 200
    bobs_goal.refresh_from_db()
    assert (bobs_goal.success_metric, bobs_goal.version) == ("90-day retention", 2)


@pytest.mark.parametrize("who", ["carol_client", "alice_client", "dave_client"])
def test_nobody_else_edits_a_participants_goal(request, bobs_goal, who):
    response = edit(request.getfixturevalue(who), bobs_goal, **GOAL, version=1)
    assert response.status_code == 403
    bobs_goal.refresh_from_db()
    assert bobs_goal.version == 1


def test_a_save_over_a_newer_version_is_refused_showing_it(bob_client, bobs_goal):
    edit(bob_client, bobs_goal, **{**GOAL, "text": "Newer words"}, version=1)
    response = edit(bob_client, bobs_goal, **{**GOAL, "text": "Older words"}, version=1)
    assert response.status_code == 409
    body = response.content.decode()
    assert "changed while you were editing" in body and "Newer words" in body
    assert 'value="Older words"' in body and 'name="version" value="2"' in body
    bobs_goal.refresh_from_db()
    assert bobs_goal.text == "Newer words"


def test_an_edit_with_bad_input_saves_nothing(bob_client, bobs_goal):
    response = edit(bob_client, bobs_goal, **{**GOAL, "text": ""}, version=1)
    assert response.status_code == 422
    bobs_goal.refresh_from_db()
    assert bobs_goal.text == GOAL["text"] and bobs_goal.version == 1


def test_the_facilitator_is_offered_likely_duplicates_and_merges_one(
    alice_client, bob_client, carol, bobs_goal, workshop, goals_activity
):
    twin = services.goal_create(
        workshop=workshop, activity=goals_activity, author=carol,
        text="fewer customers calling twice", department="support", success_metric="Calls",
    )
    services.goal_create(
        workshop=workshop, activity=goals_activity, author=carol,
        text="Explain why we recommend a product", department="legal", success_metric="Trust",
    )
    page = alice_client.get(reverse("room", args=[workshop.code])).content.decode()
    offered = page[page.index("Likely duplicates"):]
    assert GOAL["text"] in offered and "fewer customers calling twice" in offered
    assert "Explain why" not in offered
    bobs_page = bob_client.get(reverse("room", args=[workshop.code])).content.decode()
    assert "Likely duplicates" not in bobs_page

    url = reverse("goal_merge", args=[workshop.code, bobs_goal.pk])
    assert bob_client.post(url, {"merged": twin.pk}, headers=HX).status_code == 403
    assert alice_client.post(url, {"merged": bobs_goal.pk}, headers=HX).status_code == 400
    assert alice_client.post(url, {"merged": twin.pk}, headers=HX).status_code == 204
    assert not Goal.objects.filter(pk=twin.pk).exists()
    assert list(bobs_goal.also_by.all()) == [carol]
    page = bob_client.get(reverse("room", args=[workshop.code])).content.decode()
    assert "Bob · Engineering, Carol · Marketing" in page


def test_a_goal_of_another_workshop_cannot_be_merged_in(
    alice_client, bobs_goal, workshop, other_workshop, dave
):
    from workshop.models import Activity

    activity = Activity.objects.get(session__workshop=other_workshop, kind="goals")
    theirs = services.goal_create(workshop=other_workshop, activity=activity, author=dave, **GOAL)
    url = reverse("goal_merge", args=[workshop.code, bobs_goal.pk])
    assert alice_client.post(url, {"merged": theirs.pk}, headers=HX).status_code == 404
    assert Goal.objects.filter(pk=theirs.pk).exists()


def test_moves_posted_from_another_workshop_never_thin_out_a_real_drag(
    bob_client, dave_client, bobs_goal, other_workshop, monkeypatch
):
    now = [100.0]
    monkeypatch.setattr(services, "clock", lambda: now[0])
    theirs = reverse("goal_move", args=[other_workshop.code, bobs_goal.pk])
    for step in range(20):
        now[0] = 100.0 + step * 0.25
        assert move(bob_client, bobs_goal, x="0.1", y=str(step / 40)).status_code == 204
        now[0] += 0.2  # a stranger's move with the same id, just before Bob's next one
        assert dave_client.post(theirs, {"x": "0", "y": "0"}, headers=HX).status_code == 404
    bobs_goal.refresh_from_db()
    assert bobs_goal.moves == 20


def test_the_drag_throttle_remembers_no_id_that_is_not_a_goal_of_the_room(
    dave_client, other_workshop, bobs_goal
):
    for goal_id in range(bobs_goal.pk + 1, bobs_goal.pk + 300):
        url = reverse("goal_move", args=[other_workshop.code, goal_id])
        assert dave_client.post(url, {"x": "0", "y": "0"}, headers=HX).status_code == 404
    assert len(services._last_move) == 0
