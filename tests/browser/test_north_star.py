"""The north star in Chromium: the facilitator sets it with the keyboard, and every
screen shows it without a reload."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_not_reloaded, open_room
from tests.browser.test_accessibility import assert_no_violations
from tests.conftest import open_board
from workshop.models import Activity

STATEMENT = "Every returning customer picks up where they left off."


def test_the_facilitator_sets_the_north_star_by_keyboard_and_every_screen_follows(
    facilitator_context, participant_a_context, live_workshop
):
    open_board(live_workshop, Activity.Kind.NORTH_STAR)
    facilitator = open_room(facilitator_context, live_workshop.code)
    bob = open_room(participant_a_context, live_workshop.code)
    projector = open_room(facilitator_context, live_workshop.code, "present/")
    expect(bob.locator(".north-star-quote")).to_contain_text("once the room agrees")

    # Keyboard only: into the pyramid, arrow to a level, type the line, Enter.
    # The pyramid reads from the top: product, experience, feature, function.
    facilitator.get_by_role("radio", name="Product personalization").focus()
    facilitator.keyboard.press("ArrowDown")
    expect(facilitator.get_by_role("radio", name="Experience personalization")).to_be_checked()
    facilitator.keyboard.press("Tab")
    facilitator.keyboard.type(STATEMENT)
    facilitator.keyboard.press("Enter")
    expect(facilitator.get_by_role("status").filter(has_text="Saved")).to_be_visible()

    expect(bob.locator(".north-star-quote")).to_have_text(STATEMENT)
    expect(bob.locator(".pyramid-level.is-chosen")).to_contain_text("Experience personalization")
    expect(projector.locator(".north-star-quote")).to_have_text(STATEMENT)
    assert_not_reloaded(bob)
    assert_not_reloaded(projector)
    assert_no_violations(facilitator)
    assert_no_violations(bob)
    assert_no_violations(projector)


def test_the_north_star_heads_the_room_on_the_next_boards(
    facilitator_context, participant_a_context, live_workshop
):
    open_board(live_workshop, Activity.Kind.NORTH_STAR)
    facilitator = open_room(facilitator_context, live_workshop.code)
    bob = open_room(participant_a_context, live_workshop.code)
    projector = open_room(facilitator_context, live_workshop.code, "present/")
    facilitator.get_by_role("radio", name="Feature personalization").check()
    facilitator.get_by_role("textbox", name="North star").fill(STATEMENT)
    facilitator.get_by_role("button", name="Save the north star").click()
    expect(bob.locator(".north-star-quote")).to_have_text(STATEMENT)
    # On its own board the strip would repeat the board.
    expect(bob.locator("#north-star")).to_be_hidden()

    facilitator.get_by_role("button", name="Connected experiences").click()
    for screen in (bob, projector):
        strip = screen.locator("#north-star")
        expect(strip).to_be_visible()
        expect(strip).to_contain_text("Feature personalization")
        expect(strip).to_contain_text(STATEMENT)
        assert_not_reloaded(screen)
