"""On a phone, a tap lands where the finger is: nothing above it moves between the touch
and the click. The case that lost taps: a card was just added, the fresh form holds the
cursor in its title, and the next tap on a card below first takes the cursor out of the
form, which must not fold the form up under the finger."""

import pytest
from playwright.sync_api import expect

from experiences.models import ExperienceRating
from tests.browser.conftest import open_room
from tests.conftest import open_board
from workshop.models import Activity

# Each board with a form above its items: the form, what to type in it, and the text of
# the item it adds (to find that item below the form and tap it).
BOARDS = {
    Activity.Kind.EXPERIENCES: ("#experience-form", {
        "title": "Spotify DJ", "company": "Spotify",
        "description": "A voice that picks the next song and says why.",
    }, "Spotify DJ"),
    Activity.Kind.GOALS: ("#goal-form", {
        "text": "Fewer customers call twice about one problem", "department": "support",
        "success_metric": "Repeat contacts within 7 days",
    }, "Fewer customers call twice about one problem"),
    Activity.Kind.BARRIERS: ("#asset-form", {
        "name": "Product taxonomy", "category": "metadata", "status": "missing",
    }, "Product taxonomy"),
    Activity.Kind.PERSOFAILS: ("#persofail-form", {
        "text": "Pitching toilet seats to someone who just bought one",
        "hurt": "They feel watched, not helped", "kind": "repetitive",
    }, "Pitching toilet seats to someone who just bought one"),
    Activity.Kind.RECIPES: ("#recipe-builder", {
        "trigger": "a parcel is delivered", "audience": "sofa buyers",
        "action": "ask how it went", "content": "a short survey",
        "success_metric": "Reviews within 14 days", "launch": "2027-Q2",
    }, "ask how it went"),
}

# Where each click of the page landed, in order.
RECORD_CLICKS = """() => {
  window.clicked = [];
  document.addEventListener('click', (event) => window.clicked.push(event.target), true);
}"""


@pytest.fixture
def phone(browser, live_server_url, participant_a_context):
    """Bob's phone: a touch screen 390 px wide."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
        storage_state=participant_a_context.storage_state(), base_url=live_server_url,
    )
    yield context
    context.close()


@pytest.mark.parametrize("kind", list(BOARDS))
def test_the_first_tap_after_adding_a_card_on_a_phone_lands_where_the_finger_is(
    phone, live_workshop, bob, kind
):
    form_selector, fields, item_text = BOARDS[kind]
    open_board(live_workshop, kind)
    page = open_room(phone, live_workshop.code)
    form = page.locator(form_selector)
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        field.tap()
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.get_by_role("button", name="Add").tap()

    # The fresh form keeps the cursor in its first field, ready for another card.
    fresh = page.locator(form_selector)
    expect(fresh.locator(f"[name={next(iter(fields))}]")).to_have_value("")
    if fresh.locator("[autofocus]").count():
        expect(fresh.locator("[autofocus]")).to_be_focused()
    height = fresh.bounding_box()["height"]

    # The next tap, on the card just added (on a rating, where the card has them).
    item = page.locator("article, li", has_text=item_text).last
    target = item.locator("label", has_text="4").first if kind == Activity.Kind.EXPERIENCES \
        else item.get_by_text(item_text).first
    target.scroll_into_view_if_needed()
    page.evaluate(RECORD_CLICKS)
    target.tap()

    assert target.evaluate("(element) => window.clicked.length > 0 && element.contains(window.clicked[0])"), \
        "the tap landed elsewhere"
    assert fresh.bounding_box()["height"] == height, "the form above moved under the finger"
    if kind == Activity.Kind.EXPERIENCES:
        expect(target.locator("input")).to_be_checked()
        rating = ExperienceRating.objects.get(participant=bob)
        assert rating.value == 4
