"""Persofails in Chromium: a scenario added on one laptop shows on the others and on the
projector, and its author turns it into a guardrail everyone sees."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_not_reloaded, open_room
from tests.browser.test_accessibility import assert_no_violations
from tests.conftest import open_board
from workshop.models import Activity


def test_a_persofail_becomes_a_guardrail_on_every_screen(
    facilitator_context, participant_a_context, participant_b_context, live_workshop
):
    open_board(live_workshop, Activity.Kind.PERSOFAILS)
    code = live_workshop.code
    facilitator = open_room(facilitator_context, code)
    bob = open_room(participant_a_context, code)
    carol = open_room(participant_b_context, code)
    projector = open_room(facilitator_context, code, "present/")

    facilitator.get_by_role("button", name="Add the method’s example").click()
    expect(carol.locator(".persofail", has_text="toilet seats")).to_be_visible()

    form = bob.locator("#persofail-form")
    form.get_by_label("What happens").fill("We suggest baby products after a loss is inferred.")
    form.get_by_label("Who is hurt, and how").fill("A grieving customer")
    form.get_by_label("Kind").select_option("wrong")
    form.get_by_role("button", name="Add persofail").click()
    mine = bob.locator(".persofail", has_text="baby products")
    expect(carol.locator(".persofail", has_text="baby products")).to_contain_text("Bob · Engineering")
    expect(projector.locator(".present-persofails")).to_contain_text("baby products")

    mine.get_by_role("link", name="Make it a guardrail").click()
    bob.get_by_label("The guardrail").fill("Never infer a pregnancy, or its loss, from purchases.")
    bob.get_by_role("button", name="Add guardrail").click()
    for screen in (carol, facilitator):
        expect(screen.locator("#guardrail-items")).to_contain_text("Never infer a pregnancy")
    expect(carol.locator(".persofail", has_text="baby products")).to_contain_text(
        "Guardrail Never infer a pregnancy"
    )
    expect(projector.locator(".present-guardrails")).to_contain_text("Never infer a pregnancy")
    for screen in (bob, carol, facilitator, projector):
        assert_not_reloaded(screen)
    assert_no_violations(carol)
    assert_no_violations(projector)
