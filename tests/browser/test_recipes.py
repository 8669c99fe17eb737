"""The recipe builder in Chromium: its errors beside each field, and a recipe drafted on
one laptop arriving on the others and the projector."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_not_reloaded, open_room
from tests.browser.test_accessibility import assert_no_violations
from tests.conftest import open_board
from workshop.models import Activity


def test_the_builder_shows_errors_in_place_and_a_recipe_reaches_every_screen(
    facilitator_context, participant_a_context, participant_b_context, live_workshop
):
    open_board(live_workshop, Activity.Kind.RECIPES)
    code = live_workshop.code
    bob = open_room(participant_a_context, code)
    carol = open_room(participant_b_context, code)
    projector = open_room(facilitator_context, code, "present/")

    builder = bob.locator("#recipe-builder")
    builder.get_by_label("When", exact=True).fill("a parcel is delivered")
    builder.get_by_label("launching").fill("2027-Q9")
    builder.get_by_role("button", name="Add recipe").click()
    expect(bob.locator("#recipe-launch_error")).to_have_text("A launch is a quarter, like 2027-Q1.")
    expect(bob.locator("#recipe-audience_error")).to_have_text("This field is required.")
    expect(builder.get_by_label("When", exact=True)).to_have_value("a parcel is delivered")
    assert_no_violations(bob)

    builder = bob.locator("#recipe-builder")
    builder.get_by_label("for", exact=True).fill("customers who ordered a sofa")
    builder.get_by_label("do", exact=True).fill("ask how it went")
    builder.get_by_label("with", exact=True).fill("a two-question survey and care tips")
    builder.get_by_label("success is").fill("Reviews left within 14 days")
    builder.get_by_label("launching").fill("2027-Q2")
    builder.get_by_label("on", exact=True).select_option("email")
    builder.get_by_role("button", name="Add recipe").click()

    for screen in (bob, carol):
        card = screen.locator(".recipe", has_text="a parcel is delivered")
        expect(card).to_contain_text("customers who ordered a sofa")
        expect(card).to_contain_text("2027-Q2 · Email")
    expect(projector.locator(".present-recipes")).to_contain_text("a parcel is delivered")
    expect(bob.locator("#recipe-builder").get_by_label("When", exact=True)).to_have_value("")
    for screen in (bob, carol, projector):
        assert_not_reloaded(screen)
    assert_no_violations(carol)
    assert_no_violations(projector)
