"""The asset audit and barriers in Chromium: a gap made a barrier on one laptop shows on
the others without a reload; filters by owner and status; the anonymous mode."""

import datetime

import pytest
from playwright.sync_api import expect

from barriers import services
from tests.barriers.conftest import ASSET, BARRIER
from tests.browser.conftest import assert_not_reloaded, open_editor, open_room
from tests.browser.test_accessibility import assert_no_violations
from tests.conftest import open_board
from workshop.models import Activity


@pytest.fixture
def board(live_workshop):
    return open_board(live_workshop, Activity.Kind.BARRIERS)


def test_a_missing_asset_made_a_barrier_shows_on_every_screen(
    facilitator_context, participant_a_context, participant_b_context, board, bob
):
    code = board.session.workshop.code
    bob_page = open_room(participant_a_context, code)
    carol = open_room(participant_b_context, code)
    projector = open_room(facilitator_context, code, "present/")

    form = bob_page.locator("#asset-form")
    form.get_by_label("What it is").fill(ASSET["name"])
    form.get_by_label("Category").select_option("metadata")
    form.get_by_label("Status").select_option("missing")
    form.get_by_role("button", name="Add asset").click()
    expect(carol.locator(".asset", has_text=ASSET["name"])).to_contain_text("Missing")
    expect(projector.locator(".gap-list")).to_contain_text(ASSET["name"])

    # Bob is half-way through logging a barrier of his own when Carol's arrives.
    draft = bob_page.locator("#barrier-form")
    draft.get_by_label("What stands in the way").fill("Nobody owns the taxonomy")
    draft.get_by_label("Category").select_option("metadata")
    carol.get_by_role("button", name=f"Make “{ASSET['name']}” a barrier").click()
    for screen in (bob_page, carol):
        barrier = screen.locator(".barrier", has_text=f"{ASSET['name']}: missing")
        expect(barrier).to_contain_text("Needs an owner and a commitment")
        expect(barrier).to_contain_text(f"From the audit: {ASSET['name']}")
        expect(screen.locator(".asset", has_text=ASSET["name"])).to_contain_text("Barrier logged")
    expect(projector.locator(".unfinished-list")).to_contain_text(f"{ASSET['name']}: missing")
    expect(draft.get_by_label("What stands in the way")).to_have_value("Nobody owns the taxonomy")
    expect(draft.get_by_label("Category")).to_have_value("metadata")
    expect(projector.locator(".heat-map tr", has_text="Metadata").locator("td").nth(2)).to_have_text("1")
    for screen in (bob_page, carol, projector):
        assert_not_reloaded(screen)
    assert_no_violations(carol)
    assert_no_violations(projector)


def test_filters_by_owner_and_status_hold_as_the_board_changes(
    participant_a_context, participant_b_context, board, bob, carol
):
    workshop = board.session.workshop
    later = datetime.date(2027, 3, 31)
    services.barrier_create(workshop=workshop, activity=board, author=bob, owner=carol,
                            next_step="Agree copy blocks", due=later, **BARRIER)
    services.barrier_create(workshop=workshop, activity=board, author=bob, owner=bob,
                            category="budget", description="No budget line", severity="medium")
    services.barrier_create(workshop=workshop, activity=board, author=carol,
                            category="data", description="Consent not recorded", severity="low")
    bob_page = open_room(participant_a_context, workshop.code)
    carol_page = open_room(participant_b_context, workshop.code)

    carol_page.get_by_role("search").get_by_label("Owner").select_option(label="Carol")
    expect(carol_page.locator(".barrier:visible")).to_have_count(1)
    expect(carol_page.locator(".barrier:visible")).to_contain_text(BARRIER["description"])
    carol_page.get_by_role("search").get_by_label("Owner").select_option(label="Everyone")
    carol_page.get_by_role("search").get_by_label("Status").select_option(label="Unfinished")
    expect(carol_page.locator(".barrier:visible")).to_have_count(2)

    # Bob resolves his own; the board is pushed anew and Carol's filter still holds.
    bob_page.get_by_label("Status of “No budget line”").select_option("resolved")
    expect(carol_page.locator(".barrier", has_text="No budget line")).to_have_class(
        "barrier severity-medium status-resolved"
    )
    expect(carol_page.locator(".barrier:visible")).to_have_count(1)
    expect(carol_page.locator(".barrier:visible")).to_contain_text("Consent not recorded")
    assert "status=unfinished" in carol_page.url
    expect(bob_page.locator(".barrier:visible")).to_have_count(3)  # his page, his filters


def test_on_an_anonymous_board_others_see_the_role_and_the_author_their_own_controls(
    facilitator_context, participant_a_context, participant_b_context, board
):
    code = board.session.workshop.code
    facilitator = open_room(facilitator_context, code)
    bob = open_room(participant_a_context, code)
    carol = open_room(participant_b_context, code)
    facilitator.get_by_role("button", name="Make anonymous").click()
    expect(carol.locator(".anonymous-banner")).to_contain_text(
        "Nobody sees names, the facilitator included"
    )
    # Pressed, the toggle says how to turn it off.
    toggle = facilitator.get_by_role("button", name="Anonymous · show names")
    expect(toggle).to_have_attribute("aria-pressed", "true")

    form = bob.locator("#barrier-form")
    form.get_by_label("What stands in the way").fill("Teams do not share their roadmaps")
    form.get_by_label("Category").select_option("coordination")
    form.get_by_label("Severity").select_option("high")
    form.get_by_role("button", name="Log barrier").click()

    for screen in (carol, facilitator):
        barrier = screen.locator(".barrier", has_text="Teams do not share their roadmaps")
        expect(barrier).to_contain_text("Anonymous · Engineering")
        expect(barrier).not_to_contain_text("Bob")
    mine = bob.locator(".barrier", has_text="Teams do not share their roadmaps")
    expect(mine).to_contain_text("You (anonymous to the others)")
    mine.get_by_role("link", name="Edit").click()
    editor = open_editor(bob, "Edit the barrier")
    editor.get_by_label("Next step").fill("Share roadmaps at the monthly review")
    editor.get_by_label("By").fill("2027-02-15")
    editor.get_by_role("button", name="Save").click()
    expect(editor).to_be_hidden()
    expect(carol.locator(".barrier", has_text="Teams do not share")).to_contain_text(
        "Share roadmaps at the monthly review"
    )
    expect(carol.locator(".barrier", has_text="Teams do not share")).not_to_contain_text("Bob")
    assert_no_violations(bob)
    assert_no_violations(facilitator)
