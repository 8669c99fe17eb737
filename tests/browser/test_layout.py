"""The room fits the screens it is used on: a laptop at 1280 px, a phone at 390 px."""

from playwright.sync_api import expect

from experiences import services as experience_services
from tests.browser.conftest import open_room


def test_the_facilitators_controls_keep_to_one_line_on_a_laptop(facilitator_context, live_workshop):
    page = open_room(facilitator_context, live_workshop.code)
    page.set_viewport_size({"width": 1280, "height": 800})
    controls = page.locator(".controls")
    buttons = controls.locator("button")
    tops = {round(buttons.nth(i).bounding_box()["y"]) for i in range(buttons.count())}
    assert len(tops) == 1, tops


def test_a_phone_shows_the_activity_once_keeps_the_timer_in_view_and_a_card_on_the_first_screen(
    browser, live_server_url, participant_a_context, live_workshop, bob
):
    experience_services.starter_deck_load(workshop=live_workshop)
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
        storage_state=participant_a_context.storage_state(), base_url=live_server_url,
    )
    try:
        page = open_room(phone, live_workshop.code)
        # The activity's title shows once: the board's own heading, not the header's too.
        expect(page.locator("main h1")).to_have_text("Connected experiences")
        expect(page.locator(".room-now")).to_be_hidden()
        first_card = page.locator("#experience-list article").first
        assert first_card.bounding_box()["y"] < 844
        page.mouse.wheel(0, 1500)
        page.wait_for_function("() => window.scrollY > 1000")
        timer = page.locator("#timer").bounding_box()
        assert 0 <= timer["y"] < 80
    finally:
        phone.close()
