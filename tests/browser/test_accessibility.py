"""axe-core, run inside Chromium on the pages people use in the room."""

from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from playwright.sync_api import Page, expect

from barriers import services as barrier_services
from barriers.models import Barrier
from experiences import services
from tests.browser.conftest import open_room
from workshop import boards
from workshop.models import Activity

AXE = Axe()
# Nothing still being swapped in by htmx: the page as people then read it.
SETTLED = "() => !document.querySelector('.htmx-swapping, .htmx-settling, .htmx-added')"


def assert_no_violations(page: Page) -> None:
    results = AXE.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def test_the_participants_room_with_cards_has_no_accessibility_violations(
    participant_a_context, participant_b_context, live_workshop
):
    services.starter_deck_load(workshop=live_workshop)
    bobs = open_room(participant_a_context, live_workshop.code)
    carols = open_room(participant_b_context, live_workshop.code)
    bobs.locator("#id_title").fill("Basket from a photo of the receipt")
    bobs.locator("#id_company").fill("Ocado")
    bobs.locator("#id_description").fill("Snap the receipt, get the basket back.")
    bobs.get_by_role("button", name="Add card").click()
    carols_card = carols.locator("#experience-list article", has_text="Basket from a photo")
    carols_score = carols_card.get_by_role("group", name="Value").get_by_role("radio", name="4")
    carols_score.check()
    bobs_card = bobs.locator("#experience-list article", has_text="Basket from a photo")
    expect(bobs_card.locator(".stat-number").first).to_have_text("4.0")
    expect(carols_score).to_be_checked()

    assert_no_violations(bobs)  # his own card among the deck, with its saved note
    assert_no_violations(carols)  # with her rating


def test_the_facilitators_room_has_no_accessibility_violations(
    facilitator_context, live_workshop
):
    services.starter_deck_load(workshop=live_workshop)
    page = open_room(facilitator_context, live_workshop.code)
    expect(page.locator("#experience-list article").first).to_be_visible()

    assert_no_violations(page)


def test_the_present_view_has_no_accessibility_violations(
    facilitator_context, live_workshop, bob
):
    services.starter_deck_load(workshop=live_workshop)
    page = open_room(facilitator_context, live_workshop.code, "present/")
    expect(page.locator(".join-code")).to_have_text(live_workshop.code)

    assert_no_violations(page)


def test_a_new_facilitators_first_pages_have_no_accessibility_violations(room_context):
    page = room_context().new_page()
    page.goto("/setup/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password", exact=True).fill("a-long-enough-password-42")
    page.get_by_label("Password confirmation").fill("a-long-enough-password-42")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status")).to_contain_text("Welcome to Prepwork")
    assert_no_violations(page)  # the new workshop's form, with the welcome

    page.get_by_label("Organisation").fill("Northwind")
    page.get_by_role("button", name="Create workshop").click()
    expect(page.get_by_role("status").filter(has_text="Workshop created")).to_be_visible()
    assert_no_violations(page)  # the room, with what just happened


def test_the_join_page_has_no_accessibility_violations(room_context, live_workshop):
    page = room_context().new_page()
    page.goto(f"/join/{live_workshop.code}/")
    expect(page.get_by_role("button", name="Enter the room")).to_be_visible()

    assert_no_violations(page)

    # Sent back with an error (a name of only spaces), it still passes.
    page.get_by_label("Your name").fill("   ")
    page.get_by_label("Design").check()
    page.get_by_role("button", name="Enter the room").click()
    expect(page.locator("#id_name_error")).to_be_visible()
    assert_no_violations(page)


def test_the_sign_in_page_has_no_accessibility_violations(room_context):
    page = room_context().new_page()
    page.goto("/accounts/login/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    assert_no_violations(page)


def test_every_boards_participant_facilitator_and_projector_views_have_no_violations(
    facilitator_context, participant_a_context, live_workshop, bob, carol
):
    """The demo's boards, filled as `seed_demo` fills them; the facilitator steps the
    room through the agenda and every screen follows, as in a real session."""
    boards.seed_all(workshop=live_workshop, people=[bob, carol])
    # A resolved barrier too, drawn muted beside the open ones.
    resolved = Barrier.objects.filter(workshop=live_workshop).first()
    barrier_services.barrier_set_status(barrier=resolved, status=Barrier.Status.RESOLVED)
    screens = {
        "participant": open_room(participant_a_context, live_workshop.code),
        "facilitator": open_room(facilitator_context, live_workshop.code),
        "projector": open_room(facilitator_context, live_workshop.code, "present/"),
    }
    agenda = screens["facilitator"].locator("nav.agenda")
    found = []
    for activity in Activity.objects.filter(session__workshop=live_workshop):
        agenda.get_by_role("button", name=activity.title).click()
        for view, page in screens.items():
            expect(page.locator(f'#stage[data-kind="{activity.kind}"]')).to_be_attached()
            page.wait_for_function(SETTLED)
            results = AXE.run(page)
            if results.violations_count:
                found.append(f"{activity.title}, {view}:\n{results.generate_report()}")
    assert not found, "\n".join(found)


def answer_with(response):
    def fulfil(route, request):
        route.fulfill(
            status=response.status_code, body=response.content,
            content_type="text/html; charset=utf-8",
        )
    return fulfil


def test_the_pages_that_say_no_have_no_accessibility_violations(
    room_context, live_workshop, bob, settings, live_server_url
):
    """Too many code guesses, a paused sign-in, a form that failed its CSRF check (drawn
    by this process, shown to the browser at the live server's address so its styles
    load), and a full room's join page (served for real)."""
    settings.PREPWORK_LIMITS = {**settings.PREPWORK_LIMITS, "code_guess": (1, 60)}
    settings.AXES_FAILURE_LIMIT = 1
    guesser = Client()
    guesser.post("/join/", {"code": "XXXXXX"})
    refusals = {
        "too-many-guesses": guesser.post("/join/", {"code": "XXXXXX"}),
        "sign-in-paused": Client().post(
            "/accounts/login/", {"username": "nobody", "password": "wrong"}
        ),
        "csrf": Client(enforce_csrf_checks=True).post("/join/", {"code": "XXXXXX"}),
    }
    page = room_context().new_page()
    for name, response in refusals.items():
        assert response.status_code in (403, 429), name
        page.route(f"{live_server_url}/said-no/{name}/", answer_with(response))
        page.goto(f"/said-no/{name}/")
        expect(page.locator("h1")).to_be_visible()
        assert_no_violations(page)

    live_workshop.participant_limit = 1
    live_workshop.save(update_fields=["participant_limit"])
    page.goto(f"/join/{live_workshop.code}/")
    expect(page.get_by_role("alert")).to_contain_text("This room is full")
    assert_no_violations(page)
