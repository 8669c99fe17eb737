"""The 2x2 in Chromium: a goal dragged or moved by keyboard on one screen lands in the
same place on the others, without a reload."""

import pytest
from playwright.sync_api import Page, expect

from goals import services
from goals.models import Goal
from tests.browser.conftest import assert_not_reloaded, open_editor, open_room
from tests.browser.test_accessibility import assert_no_violations
from tests.conftest import open_board
from tests.goals.examples import GOAL
from workshop.models import Activity


@pytest.fixture
def goal(live_workshop, bob):
    activity = open_board(live_workshop, Activity.Kind.GOALS)
    return services.goal_create(workshop=live_workshop, activity=activity, author=bob, **GOAL)


def on_the_grid(page: Page, goal):
    return page.locator(f"#goal-plane #goal-{goal.pk}")


def test_a_goal_dragged_on_one_screen_lands_in_the_same_quadrant_on_the_others(
    facilitator_context, participant_a_context, participant_b_context, goal
):
    bob = open_room(participant_a_context, goal.workshop.code)
    carol = open_room(participant_b_context, goal.workshop.code)
    projector = open_room(facilitator_context, goal.workshop.code, "present/")
    expect(carol.locator(f"#goal-tray #goal-{goal.pk}")).to_be_visible()

    # Bob drags it from the tray to the top right: front-stage, customer understanding,
    # on a screen tall enough to show the grid and the tray at once.
    bob.set_viewport_size({"width": 1280, "height": 1500})
    handle = bob.locator(f"#goal-{goal.pk} .goal-handle").bounding_box()
    plane = bob.locator("#goal-plane").bounding_box()
    target = (plane["x"] + plane["width"] * 0.8, plane["y"] + plane["height"] * 0.2)
    bob.mouse.move(handle["x"] + 20, handle["y"] + 10)
    bob.mouse.down()
    for step in range(1, 16):
        bob.mouse.move(
            handle["x"] + 20 + (target[0] - handle["x"] - 20) * step / 15,
            handle["y"] + 10 + (target[1] - handle["y"] - 10) * step / 15,
        )
    bob.mouse.up()

    for screen in (bob, carol, projector):
        landed = on_the_grid(screen, goal)
        expect(landed).to_be_visible()
        expect(landed).to_have_attribute("data-x", "0.600")
        expect(landed).to_have_attribute("data-y", "0.600")
    goal.refresh_from_db()
    assert (goal.x, goal.y) == (0.6, 0.6)
    # Drawn where it belongs on Carol's screen too: in the top-right quarter of her grid.
    box = on_the_grid(carol, goal).bounding_box()
    grid = carol.locator("#goal-plane").bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert centre[0] > grid["x"] + grid["width"] / 2 and centre[1] < grid["y"] + grid["height"] / 2
    for screen in (carol, projector):
        assert_not_reloaded(screen)


def test_a_keyboard_only_participant_places_a_goal_and_hears_where_it_is(
    participant_a_context, participant_b_context, goal
):
    bob = open_room(participant_a_context, goal.workshop.code)
    carol = open_room(participant_b_context, goal.workshop.code)
    bob.locator(f"#goal-{goal.pk} .goal-handle").focus()
    bob.keyboard.press("ArrowUp")        # onto the grid, at the centre
    bob.keyboard.press("Shift+ArrowUp")  # front-stage, a big step
    bob.keyboard.press("Shift+ArrowUp")
    bob.keyboard.press("ArrowLeft")      # a little towards business efficiency
    bob.keyboard.press("Enter")

    expect(bob.locator("#announce")).to_have_text(
        "Placed: Strongly front-stage, "
        "midway between business efficiency and customer understanding"
    )
    landed = on_the_grid(carol, goal)
    expect(landed).to_have_attribute("data-y", "0.500")
    expect(landed).to_have_attribute("data-x", "-0.050")
    # The focus stays on the goal through the push that redrew it.
    expect(bob.locator(f"#goal-{goal.pk} .goal-handle")).to_be_focused()
    goal.refresh_from_db()
    assert (goal.x, goal.y) == (-0.05, 0.5)
    assert_not_reloaded(carol)


def test_the_goals_board_and_its_projector_have_no_accessibility_violations(
    facilitator_context, participant_a_context, goal
):
    Goal.objects.filter(pk=goal.pk).update(x=0.4, y=-0.3)
    activity = Activity.objects.get(session__workshop=goal.workshop, kind=Activity.Kind.GOALS)
    services.goal_create(
        workshop=goal.workshop, activity=activity, author=None, text="Push banner clicks",
        department="marketing", success_metric="Banner clicks",
    )
    bob = open_room(participant_a_context, goal.workshop.code)
    expect(bob.locator("#goal-tray .goal")).to_have_count(1)
    assert_no_violations(bob)
    assert_no_violations(open_room(facilitator_context, goal.workshop.code))
    assert_no_violations(open_room(facilitator_context, goal.workshop.code, "present/"))


def place_by_keyboard(page: Page, goal, keys: list[str]) -> None:
    page.locator(f"#goal-{goal.pk} .goal-handle").focus()
    for key in keys:
        page.keyboard.press(key)
    page.keyboard.press("Enter")


def test_a_silent_round_placed_by_two_people_and_revealed_shows_both_dots(
    facilitator_context, participant_a_context, participant_b_context, goal
):
    facilitator = open_room(facilitator_context, goal.workshop.code)
    bob = open_room(participant_a_context, goal.workshop.code)
    carol = open_room(participant_b_context, goal.workshop.code)
    facilitator.get_by_role("button", name="Start a silent round").click()
    expect(bob.locator(".silent-banner")).to_contain_text("Place every goal on your own grid")

    place_by_keyboard(bob, goal, ["ArrowUp", "Shift+ArrowUp", "Shift+ArrowRight"])
    place_by_keyboard(carol, goal, ["ArrowUp"] + ["Shift+ArrowDown", "Shift+ArrowLeft"] * 2)
    expect(facilitator.locator("#silent-progress")).to_contain_text("2 of 2 people")
    # Each sees their own placement only, after the server has answered both.
    expect(on_the_grid(bob, goal)).to_have_attribute("data-x", "0.250")
    expect(on_the_grid(carol, goal)).to_have_attribute("data-x", "-0.500")
    expect(facilitator.locator(f"#goal-tray #goal-{goal.pk}")).to_be_visible()

    facilitator.get_by_role("button", name="Reveal placements").click()
    for screen in (bob, carol, facilitator):
        row = screen.locator(".disagreement", has_text=GOAL["text"])
        expect(row.locator(".dot:not(.centre)")).to_have_count(2)
        expect(row.locator(".dot.centre")).to_have_count(1)
        expect(on_the_grid(screen, goal)).to_have_attribute("data-x", "-0.125")
    assert_not_reloaded(bob)
    assert_not_reloaded(carol)
    assert_no_violations(bob)


def test_the_author_sharpens_a_metric_and_the_others_see_it(
    participant_a_context, participant_b_context, goal
):
    bob = open_room(participant_a_context, goal.workshop.code)
    carol = open_room(participant_b_context, goal.workshop.code)
    expect(carol.locator(f"#goal-{goal.pk} .goal-controls a")).to_be_hidden()  # not hers
    bob.locator(f"#goal-{goal.pk}").get_by_role("link", name="Edit").click()
    editor = open_editor(bob, "Edit your goal")
    editor.get_by_label("Success metric").fill("Customers who call again within 7 days")
    editor.get_by_role("button", name="Save").click()
    expect(bob.locator("#goal-editor form")).to_have_count(0)
    expect(carol.locator(f"#goal-{goal.pk} .goal-metric")).to_have_text(
        "Customers who call again within 7 days"
    )
    assert_not_reloaded(carol)


def test_on_a_phone_the_whole_grid_fits_the_screen(participant_a_context, goal):
    Goal.objects.filter(pk=goal.pk).update(x=0.9, y=0.9)
    bob = open_room(participant_a_context, goal.workshop.code)
    bob.set_viewport_size({"width": 390, "height": 844})
    grid = bob.locator("#goal-plane").bounding_box()
    assert grid["x"] >= 0 and grid["x"] + grid["width"] <= 390
    assert abs(grid["width"] - grid["height"]) < 2  # square, as tall as it is wide
    assert bob.evaluate("document.documentElement.scrollWidth") <= 390
