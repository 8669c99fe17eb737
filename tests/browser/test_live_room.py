"""The live room as people use it: a facilitator and two participants, each in their
own real browser, seeing each other's changes without reloading."""

import re

from playwright.sync_api import Page, expect

from experiences.models import Experience
from tests.browser.conftest import SOCKET_OPEN, assert_not_reloaded

LIVE = 1_000  # ms: "at once", for people watching each other's changes arrive


def add_card(page: Page, title: str, company: str = "Netflix",
             description: str = "Rows reorder themselves around what I watch.") -> None:
    form = page.locator("#experience-form")
    form.locator("#id_title").fill(title)
    form.locator("#id_company").fill(company)
    form.locator("#id_description").fill(description)
    form.get_by_role("button", name="Add card").click()


def card(page: Page, title: str):
    return page.locator("#experience-list article.card", has_text=title)


def card_id(page: Page, title: str) -> str:
    """The DOM id of a card (experience-<pk>), once this page shows it."""
    expect(card(page, title)).to_be_visible()
    return card(page, title).get_attribute("id")


def score(page: Page, dom_id: str, dimension: str, value: str):
    """One score of this page's own rating of a card: a radio button in its group."""
    group = page.locator(f"#{dom_id}-rating").get_by_role("group", name=dimension)
    return group.get_by_role("radio", name=value, exact=True)


def seconds(text: str) -> int:
    minutes, secs = re.fullmatch(r"(\d+):(\d\d)", text.strip()).groups()
    return int(minutes) * 60 + int(secs)


def test_a_card_one_participant_adds_appears_on_the_others_screen_within_a_second(
    participant_a, participant_b
):
    add_card(participant_a, "Rows that reorder themselves")

    expect(card(participant_b, "Rows that reorder themselves")).to_be_visible(timeout=LIVE)
    expect(card(participant_b, "Rows that reorder themselves")).to_contain_text("Bob")
    expect(participant_a.locator("#experience-form .saved-note")).to_be_visible()
    assert_not_reloaded(participant_b)


def test_someone_who_joins_with_the_link_appears_in_the_facilitators_room(
    facilitator, room_context, live_workshop
):
    page = room_context().new_page()
    page.goto(f"/join/{live_workshop.code}/")
    expect(page.get_by_role("radio", name="---------")).to_have_count(0)
    page.get_by_label("Your name").fill("Priya")
    page.get_by_label("Product").check()
    page.get_by_role("button", name="Enter the room").click()

    expect(page).to_have_url(re.compile(rf"/w/{live_workshop.code}/$"))
    expect(page.locator(".me-chip")).to_have_text("Priya")
    priya = facilitator.locator("#people .recent-list li", has_text="Priya")
    expect(priya).to_be_visible()
    expect(priya).to_have_class(re.compile(r"\bis-online\b"))
    expect(facilitator.locator("#people .ready-tally")).to_contain_text("1 online")
    # The whole room by name is one click away, with the facilitator's remove button.
    facilitator.get_by_text("Everyone, by name").click()
    everyone = facilitator.locator("#people-everyone .person", has_text="Priya")
    expect(everyone).to_be_visible()
    expect(everyone.get_by_role("button", name="Remove Priya")).to_be_visible()
    assert_not_reloaded(facilitator)


def test_a_rating_updates_the_average_on_everyone_elses_screen(
    participant_a, participant_b
):
    add_card(participant_a, "Buy it again")
    dom_id = card_id(participant_b, "Buy it again")

    score(participant_b, dom_id, "Value", "4").check()

    stats = participant_a.locator(f"#{dom_id}-stats .stat").first
    expect(stats.locator(".stat-number")).to_have_text("4.0", timeout=LIVE)
    expect(stats.locator(".stat-count")).to_have_text("1 rating")
    expect(score(participant_b, dom_id, "Value", "4")).to_be_checked()
    assert_not_reloaded(participant_a)


def test_every_screen_follows_the_facilitator_to_the_next_activity(
    facilitator, participant_a, participant_b
):
    for participant in (participant_a, participant_b):
        expect(participant.locator(".room-activity")).to_have_text("Connected experiences")

    facilitator.locator("nav.agenda").get_by_role("button", name="Team").click()

    for participant in (participant_a, participant_b):
        expect(participant.locator(".room-activity")).to_have_text("Team")
        expect(participant.locator("main h1")).to_have_text("Team")
        expect(participant.locator("#experience-form")).to_have_count(0)
        assert_not_reloaded(participant)
    expect(
        facilitator.locator("nav.agenda").get_by_role("button", name="Team")
    ).to_have_attribute("aria-current", "step")


def test_hidden_cards_reach_only_their_author_and_the_facilitator_until_revealed(
    facilitator, participant_a, participant_b, live_workshop
):
    hide = facilitator.get_by_role("button", name="Hide new cards")
    hide.click()
    expect(facilitator.get_by_role("button", name="Hiding new cards")).to_have_attribute(
        "aria-pressed", "true"
    )
    # Bob's form must be the one re-rendered after the switch, not a stale one.
    expect(participant_a.locator("#experience-form")).to_be_visible()

    add_card(participant_a, "A secret favourite")

    expect(card(facilitator, "A secret favourite")).to_be_visible()
    expect(card(facilitator, "A secret favourite")).to_contain_text("Hidden until reveal")
    expect(card(participant_a, "A secret favourite")).to_be_visible()
    # A push that reaches everyone after the card's: once Carol has it, she would
    # already have had the card, had it been sent to her.
    facilitator.locator("#timer-minutes").fill("5")
    facilitator.locator(".timer-control").get_by_role("button", name="Start").click()
    expect(participant_b.locator("#timer")).to_have_class(re.compile(r"\bis-running\b"))
    expect(card(participant_b, "A secret favourite")).to_have_count(0)
    assert "A secret favourite" not in participant_b.content()
    carols_room = participant_b.request.get(f"/w/{live_workshop.code}/")
    assert carols_room.ok
    assert "A secret favourite" not in carols_room.text()

    facilitator.get_by_role("button", name="Reveal all cards").click()

    expect(card(participant_b, "A secret favourite")).to_be_visible()
    expect(card(participant_b, "A secret favourite")).not_to_contain_text("Hidden until reveal")
    expect(facilitator.get_by_role("button", name="Hide new cards")).to_be_visible()
    assert_not_reloaded(participant_b)


def test_what_a_participant_types_is_kept_when_the_facilitator_changes_the_board(
    facilitator, participant_a
):
    title = participant_a.locator("#id_title")
    title.fill("Reorder from the receipt")
    participant_a.locator("#id_company").click()
    participant_a.keyboard.type("Oca")
    participant_a.evaluate("document.getElementById('stage').dataset.before = 'push'")

    facilitator.get_by_role("button", name="Hide new cards").click()

    # The board was replaced by the push (the marked one is gone), the drafts were not.
    expect(participant_a.locator("#stage[data-before]")).to_have_count(0)
    expect(participant_a.get_by_role("button", name="Add card")).to_be_visible()
    participant_a.keyboard.type("do")
    expect(participant_a.locator("#id_title")).to_have_value("Reorder from the receipt")
    expect(participant_a.locator("#id_company")).to_have_value("Ocado")
    expect(participant_a.locator("#id_company")).to_be_focused()
    assert_not_reloaded(participant_a)


DROP_SOCKET = """() => {
  // What a network drop looks like to the page: the socket closes abnormally (1006).
  // Close it quietly first, so the page only learns of it when told below.
  const socket = document.getElementById('room')['htmx-internal-data'].webSocket.socket;
  window.reportDrop = socket.onclose;
  socket.onclose = null;
  socket.close();
}"""

NOTICE_DROP = """() => {
  window.reportDrop({code: 1006});  // the htmx extension schedules its reconnect
  return document.getElementById('connection').textContent;
}"""


def test_a_participant_whose_connection_drops_gets_what_was_added_meanwhile(
    participant_a, participant_b
):
    participant_b.evaluate(DROP_SOCKET)

    add_card(participant_a, "Added while Carol was offline")
    expect(card(participant_a, "Added while Carol was offline")).to_be_visible()
    expect(card(participant_b, "Added while Carol was offline")).to_have_count(0)

    assert participant_b.evaluate(NOTICE_DROP) == "Connection lost. Reconnecting…"

    # The extension waits up to a second before reconnecting; then the room is re-fetched.
    expect(card(participant_b, "Added while Carol was offline")).to_be_visible()
    expect(participant_b.locator("#connection")).to_have_text("")
    assert_not_reloaded(participant_b)


def test_a_participant_back_from_a_30_second_network_cut_catches_up_within_3_seconds(
    participant_a, participant_b_context, live_workshop
):
    # Carol's socket runs through a route that the test can cut, as a Wi-Fi drop would:
    # her socket closes, and new ones fail until the network is back.
    network = {"up": True, "sockets": []}

    def route(socket):
        if not network["up"]:
            socket.close()
            return
        network["sockets"].append((socket, socket.connect_to_server()))

    page = participant_b_context.new_page()
    page.route_web_socket(re.compile(r"/ws/w/"), route)
    page.goto(f"/w/{live_workshop.code}/")
    page.wait_for_function(SOCKET_OPEN)

    network["up"] = False
    participant_b_context.set_offline(True)
    for socket, server in network["sockets"]:
        server.close()
        socket.close()
    expect(page.locator("#connection")).not_to_be_empty()

    add_card(participant_a, "Added while Carol was cut off")
    expect(card(participant_a, "Added while Carol was cut off")).to_be_visible()
    # The cut itself: no event marks thirty seconds of a dead network going by.
    page.wait_for_timeout(30_000)
    expect(card(page, "Added while Carol was cut off")).to_have_count(0)

    network["up"] = True
    participant_b_context.set_offline(False)
    expect(card(page, "Added while Carol was cut off")).to_be_visible(timeout=3_000)
    expect(page.locator("#connection")).to_have_text("")


def test_a_quiet_room_keeps_everyones_connection_open(participant_a):
    participant_a.evaluate("""() => {
      window.socketCloses = 0;
      document.addEventListener('htmx:wsClose', () => { window.socketCloses += 1; });
    }""")

    # Nothing happens in the room for longer than the channel layer's 5 s receive cycle.
    # Waiting is the point here: no event marks "a quiet spell went by".
    participant_a.wait_for_timeout(6_500)

    assert participant_a.evaluate("window.socketCloses") == 0
    assert participant_a.evaluate(SOCKET_OPEN)
    expect(participant_a.locator("#connection")).to_have_text("")


def test_both_participants_see_the_same_countdown_once_the_facilitator_starts_the_timer(
    facilitator, participant_a, participant_b
):
    facilitator.locator("#timer-minutes").fill("1")
    facilitator.locator(".timer-control").get_by_role("button", name="Start").click()

    screens = (participant_a, participant_b, facilitator)
    for page in screens:
        expect(page.locator("#timer")).to_have_class(re.compile(r"\bis-running\b"))
        expect(page.locator("#timer .timer-value")).to_have_text(re.compile(r"^0[01]:\d\d$"))
    left = [seconds(page.locator("#timer .timer-value").inner_text()) for page in screens]
    assert all(50 <= value <= 60 for value in left), left
    assert max(left) - min(left) <= 2, left

    # And it counts down, on its own.
    for page, first in zip(screens, left, strict=True):
        expect(page.locator("#timer .timer-value")).not_to_have_text(
            f"{first // 60:02d}:{first % 60:02d}", timeout=2_000
        )
        assert seconds(page.locator("#timer .timer-value").inner_text()) < first


def test_locking_the_activity_closes_the_board_to_participants(
    facilitator, participant_a, live_workshop
):
    expect(participant_a.locator("#experience-form")).to_be_visible()

    facilitator.get_by_role("button", name="Lock activity").click()

    expect(participant_a.locator("#experience-form")).to_have_count(0)
    expect(participant_a.locator(".banner.locked")).to_contain_text("locked this activity")
    expect(facilitator.get_by_role("button", name="Unlock activity")).to_be_visible()
    assert_not_reloaded(participant_a)

    # Even a hand-made request from Bob's browser, with his cookies and a valid CSRF
    # token, is refused by the server.
    token = participant_a.evaluate(
        "JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken']"
    )
    response = participant_a.request.post(
        f"/w/{live_workshop.code}/experiences/",
        form={"title": "Sneaked in", "company": "Nobody", "description": "After the lock."},
        headers={"X-CSRFToken": token, "HX-Request": "true"},
    )
    assert response.status == 403
    assert "locked" in response.text()
    assert not Experience.objects.filter(title="Sneaked in").exists()


def tab_to(page: Page, selector: str, presses: int = 60) -> None:
    """Press Tab until the element matching the selector has the focus."""
    target = page.locator(selector)
    for _ in range(presses):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_participant_can_add_and_rate_a_card_with_the_keyboard_alone(participant_a):
    page = participant_a
    tab_to(page, "#id_title")
    page.keyboard.type("Reorder from the receipt")
    tab_to(page, "#id_company")
    page.keyboard.type("Ocado")
    tab_to(page, "#id_description")
    page.keyboard.type("One key press brings back last week's basket.")
    tab_to(page, "#experience-form button.primary")
    page.keyboard.press("Enter")

    dom_id = card_id(page, "Reorder from the receipt")
    expect(page.locator("#experience-form .saved-note")).to_be_visible()
    # Ready for the next card: the focus is back in the first field, and the room heard it.
    expect(page.locator("#id_title")).to_be_focused()
    expect(page.locator("#announce")).to_have_text("Added. Everyone sees it now.")

    # A rating is a group of radio buttons: Tab into it, arrows choose the score.
    tab_to(page, f"#{dom_id}-rating input[name=value][value='1']")
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    expect(score(page, dom_id, "Value", "5")).to_be_checked()
    expect(score(page, dom_id, "Value", "5")).to_be_focused()

    tab_to(page, f"#{dom_id}-rating input[name=feasibility][value='1']", presses=3)
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(score(page, dom_id, "Feasibility", "3")).to_be_checked()
    expect(page.locator(f"#{dom_id}-stats .stat-number")).to_have_text(["5.0", "3.0"])


def test_an_edit_reaches_everyone_without_touching_their_ratings(participant_a, participant_b):
    add_card(participant_a, "First title")
    theirs = card(participant_b, "First title")
    expect(theirs).to_be_visible(timeout=LIVE)
    dom_id = theirs.get_attribute("id")
    score(participant_b, dom_id, "Value", "4").check()
    expect(theirs.locator(".stat-number").first).to_have_text("4.0")

    card(participant_a, "First title").get_by_role("link", name=re.compile("^Edit")).click()
    form = participant_a.locator("form.edit-form")
    form.get_by_label("The experience").fill("Second title")
    form.get_by_role("button", name="Save").click()

    expect(card(participant_b, "Second title")).to_be_visible(timeout=LIVE)
    expect(card(participant_a, "Second title")).to_be_visible()
    expect(score(participant_b, dom_id, "Value", "4")).to_be_checked()
    assert_not_reloaded(participant_b)


def routed_room(context, code: str) -> tuple[Page, dict]:
    """A room whose socket runs through a route the test can speak on: what the test
    sends reaches the page as if the server had pushed it, and what the page sends is
    kept (and passed on to the server)."""
    link = {"sent": []}

    def route(socket):
        server = socket.connect_to_server()
        link["socket"] = socket

        def from_page(message):
            link["sent"].append(message)
            server.send(message)

        socket.on_message(from_page)

    page = context.new_page()
    page.route_web_socket(re.compile(r"/ws/w/"), route)
    page.goto(f"/w/{code}/")
    page.wait_for_function(SOCKET_OPEN)
    page.wait_for_selector("#room[data-caught-up]", state="attached")
    page.evaluate("window.sameDocument = true")
    return page, link


def test_a_screen_told_its_server_lost_the_room_for_a_while_fetches_what_it_missed(
    participant_b_context, live_workshop, bob
):
    page, link = routed_room(participant_b_context, live_workshop.code)
    # Saved while the server's channel layer was away (Redis restarting): no push came.
    Experience.objects.create(
        workshop=live_workshop, author=bob, title="Saved during the outage",
        company="Spotify", description="Nobody's screen heard of it.",
    )
    page.wait_for_timeout(300)
    expect(card(page, "Saved during the outage")).to_have_count(0)

    # The server joined its groups again: it has heard the room only since now.
    now = page.evaluate("Date.now()")
    link["socket"].send(
        f'<div id="room-sync" hidden data-heard-since="{now}" data-last-push="0"></div>'
    )
    expect(card(page, "Saved during the outage")).to_be_visible(timeout=3_000)
    assert_not_reloaded(page)


def test_a_page_answers_the_servers_ping_so_its_person_stays_in_the_room(
    participant_b_context, live_workshop
):
    page, link = routed_room(participant_b_context, live_workshop.code)
    link["socket"].send("ping")
    for _ in range(40):  # the answer comes from the page's own handler, in a moment
        if "pong" in link["sent"]:
            break
        page.wait_for_timeout(50)
    assert "pong" in link["sent"]
    expect(page.locator("#connection")).to_have_text("")


def test_a_tab_past_the_limit_of_sockets_says_why_it_is_not_live(
    participant_b_context, live_workshop
):
    page, link = routed_room(participant_b_context, live_workshop.code)
    link["socket"].close(code=4029, reason="")
    expect(page.locator("#connection")).to_contain_text("open in too many of your tabs")
