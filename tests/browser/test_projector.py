"""The projector: the whole room reads it, so it shows exactly what every participant
sees, follows the facilitator, and fits its screen."""

import subprocess

import pytest
from playwright.sync_api import expect

from experiences import services as experience_services
from goals import services as goal_services
from goals.models import Goal
from tests.browser.conftest import assert_not_reloaded, open_room
from tests.browser.test_live_room import add_card, card
from tests.conftest import open_board
from tests.goals.examples import GOAL
from workshop import services
from workshop.models import Activity


def test_a_hidden_card_never_reaches_the_projector_until_the_reveal(
    facilitator, facilitator_context, participant_a, live_workshop
):
    projector = open_room(facilitator_context, live_workshop.code, "present/")
    facilitator.get_by_role("button", name="Hide new cards").click()
    expect(facilitator.get_by_role("button", name="Hiding new cards")).to_be_visible()
    expect(participant_a.locator("#experience-form")).to_be_visible()

    add_card(participant_a, "A secret favourite")

    expect(card(facilitator, "A secret favourite")).to_contain_text("Hidden until reveal")
    waiting = projector.locator("#experience-waiting")
    expect(waiting).to_have_text("1 card waiting for the reveal")
    assert "A secret favourite" not in projector.content()

    facilitator.get_by_role("button", name="Reveal all cards").click()

    expect(card(projector, "A secret favourite")).to_be_visible()
    expect(card(projector, "A secret favourite")).not_to_contain_text("Hidden until reveal")
    expect(waiting).to_be_empty()
    assert_not_reloaded(projector)


def test_the_projector_follows_the_facilitator_and_shows_who_joined(
    facilitator, facilitator_context, participant_a, live_workshop
):
    projector = open_room(facilitator_context, live_workshop.code, "present/")
    expect(projector.locator(".present-activity")).to_have_text("Connected experiences")
    expect(projector.locator("#people .recent-list")).to_contain_text("Bob")

    facilitator.locator("nav.agenda").get_by_role("button", name="Team").click()

    expect(projector.locator(".present-activity")).to_have_text("Team")
    expect(projector.locator("#team-roster")).to_contain_text("Bob")
    expect(participant_a.locator("main h1")).to_have_text("Team")
    assert_not_reloaded(projector)
    assert_not_reloaded(participant_a)


def test_the_projector_fits_its_screen_and_counts_what_does_not_fit(
    facilitator_context, live_workshop
):
    experience_services.starter_deck_load(workshop=live_workshop)
    for number in range(12):
        experience_services.experience_create(
            workshop=live_workshop, activity=live_workshop.current_activity, author=None,
            title=f"Another idea {number}", company="Acme", description="Worth a look.",
        )
    projector = open_room(facilitator_context, live_workshop.code, "present/")
    projector.set_viewport_size({"width": 1920, "height": 1080})

    # The board has 20 cards; the projector draws the top 12 and keeps those that fit.
    # Measured in one go inside the page, so a catch-up swap cannot fall in between.
    fit = projector.wait_for_function("""() => {
      const cards = [...document.querySelectorAll('#experience-list > .card')];
      const shown = cards.filter((card) => !card.classList.contains('is-overflow'));
      const more = cards.length - shown.length + 8;
      const text = document.querySelector('.more-cards').textContent;
      const fits = shown.every((card) => card.getBoundingClientRect().bottom <= 1080);
      if (shown.length < 3 || !fits || text !== `+ ${more} more cards on everyone’s laptop`) {
        return false;
      }
      return {shown: shown.length, height: document.documentElement.scrollHeight};
    }""").json_value()
    assert fit["height"] <= 1080


def test_a_goal_added_and_placed_beside_the_dot_vote_results_appears_on_the_projector(
    facilitator_context, participant_a_context, live_workshop
):
    activity = open_board(live_workshop, Activity.Kind.GOALS)
    goal_services.goal_create(
        workshop=live_workshop, activity=activity, author=None,
        text="Advisers see the last three contacts", department="support",
        success_metric="Complaints per thousand customers",
    )
    services.vote_open(activity=activity, budget=3, one_per_item=False)
    services.vote_reveal(activity=activity)
    projector = open_room(facilitator_context, live_workshop.code, "present/")
    expect(projector.get_by_role("heading", name="Dot vote results")).to_be_visible()
    bob = open_room(participant_a_context, live_workshop.code)

    form = bob.locator("#goal-form")
    form.get_by_label("The goal").fill(GOAL["text"])
    form.get_by_label("Who wants it").select_option(GOAL["department"])
    form.get_by_label("Success metric").fill(GOAL["success_metric"])
    bob.get_by_role("button", name="Add goal").click()
    expect(bob.locator("#goal-tray .goal", has_text=GOAL["text"])).to_be_visible()
    goal = Goal.objects.get(text=GOAL["text"])
    # Not placed yet: the projector holds it out of sight while the results have the
    # tray's place.
    expect(projector.locator(f"#goal-{goal.pk}")).to_be_attached()
    expect(projector.locator(f"#goal-{goal.pk}")).to_be_hidden()
    bob.locator(f"#goal-{goal.pk} .goal-handle").focus()
    bob.keyboard.press("ArrowUp")  # onto the grid, at the centre
    bob.keyboard.press("Shift+ArrowRight")
    bob.keyboard.press("Enter")

    placed = projector.locator(f"#goal-plane #goal-{goal.pk}")
    expect(placed).to_be_visible()
    expect(placed).to_have_attribute("data-x", "0.250")
    expect(projector.get_by_role("heading", name="Dot vote results")).to_be_visible()
    assert_not_reloaded(projector)


@pytest.mark.parametrize("screen", [(1920, 1080), (1280, 720)])
def test_a_phone_scans_the_projectors_qr_code_and_lands_on_the_join_page(
    facilitator_context, room_context, live_workshop, tmp_path, screen
):
    width, height = screen
    projector = open_room(facilitator_context, live_workshop.code, "present/")
    projector.set_viewport_size({"width": width, "height": height})
    expect(projector.locator(".qr svg")).to_be_visible()

    # What the back of the room sees: the screen as drawn, read by a real QR decoder.
    picture = tmp_path / "projector.png"
    projector.screenshot(path=picture)
    link = scanned_link(picture)

    assert link.endswith(f"/join/{live_workshop.code}/")
    phone = room_context().new_page()
    phone.goto(link)
    expect(phone.get_by_role("button", name="Enter the room")).to_be_visible()
    expect(phone.locator("h1")).to_contain_text(live_workshop.title)


def scanned_link(picture) -> str:
    """The one QR code in a picture, decoded by zbar (Debian's zbar-tools)."""
    decoded = subprocess.run(
        ["zbarimg", "--raw", "-q", str(picture)], capture_output=True, text=True, timeout=30
    )
    assert decoded.returncode == 0, "no QR code could be read in the picture"
    links = decoded.stdout.split()
    assert len(links) == 1, links
    return links[0]
