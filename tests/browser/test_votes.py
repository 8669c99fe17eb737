"""A dot vote in Chromium: the facilitator opens it, participants spend their budget
seeing how many dots they have left, and the reveal shows every screen the counts."""

import pytest
from playwright.sync_api import Page, expect

from goals import services
from tests.browser.conftest import open_room
from tests.browser.test_accessibility import assert_no_violations
from tests.conftest import open_board
from tests.goals.examples import GOAL
from workshop.models import Activity


@pytest.fixture
def goals(live_workshop, bob, carol):
    activity = open_board(live_workshop, Activity.Kind.GOALS)
    return [
        services.goal_create(workshop=live_workshop, activity=activity, author=bob, **GOAL),
        services.goal_create(
            workshop=live_workshop, activity=activity, author=carol,
            **{**GOAL, "text": "Offers that fit where each customer is in life"},
        ),
    ]


def dots_of(page: Page, goal):
    return page.locator(f"#goal-{goal.pk} form.dots")


def test_participants_spend_their_budget_unseen_and_the_reveal_shows_everyone(
    facilitator_context, participant_a_context, participant_b_context, goals
):
    code = goals[0].workshop.code
    first, second = goals
    facilitator = open_room(facilitator_context, code)
    bob = open_room(participant_a_context, code)
    carol = open_room(participant_b_context, code)

    facilitator.get_by_label("Dots each").fill("2")
    facilitator.get_by_role("button", name="Open a vote").click()
    expect(bob.locator("#my-dots")).to_contain_text("You have 2 of 2 dots left")
    expect(facilitator.locator("#vote-bar")).to_contain_text("Voting open · 2 dots each")

    dots_of(bob, first).get_by_role("button", name=f"Give a dot to “{first.text}”").click()
    expect(bob.locator("#my-dots")).to_contain_text("You have 1 of 2 dots left")
    dots_of(bob, first).get_by_role("button", name=f"Give a dot to “{first.text}”").click()
    expect(bob.locator("#my-dots")).to_contain_text("All your dots are given")
    expect(dots_of(bob, first).locator(".dot-mine")).to_have_attribute("data-mine", "2")
    expect(dots_of(bob, second).locator(".dot-give")).to_be_disabled()
    expect(facilitator.locator("#vote-progress")).to_contain_text("1 of 2 people have voted")

    # Carol sees none of Bob's dots: her budget is whole, her goals show no dots of his.
    expect(carol.locator("#my-dots")).to_contain_text("You have 2 of 2 dots left")
    expect(dots_of(carol, first).locator(".dot-mine")).to_have_attribute("data-mine", "0")

    # The facilitator moves the goal: pushed to everyone without anyone's dots, it keeps
    # Bob's own on his screen.
    facilitator.locator(f"#goal-{first.pk} .goal-handle").focus()
    facilitator.keyboard.press("ArrowUp")
    facilitator.keyboard.press("Enter")
    expect(bob.locator(f"#goal-plane #goal-{first.pk}")).to_be_visible()
    expect(dots_of(bob, first).locator(".dot-mine")).to_have_attribute("data-mine", "2")
    assert_no_violations(bob)

    facilitator.get_by_role("button", name="Reveal the dots").click()
    projector = open_room(facilitator_context, code, "present/")
    for screen in (bob, carol, facilitator, projector):
        results = screen.locator(".vote-results .result").first
        expect(results).to_contain_text(first.text)
        expect(results).to_contain_text("2 dots")
    expect(carol.locator(f"#goal-{first.pk} .dot-total")).to_have_text("2 dots")
    assert_no_violations(projector)
