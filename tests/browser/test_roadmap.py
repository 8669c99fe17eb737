"""The roadmap in Chromium: the facilitator finalises it and shares the link; the room
sees it; a stakeholder with only the link reads it and downloads the PDF."""

from playwright.sync_api import expect

from recipes import services as recipe_services
from recipes.schema import RecipeSpec
from tests.browser.conftest import assert_not_reloaded, open_room
from tests.browser.test_accessibility import assert_no_violations
from tests.conftest import open_board
from workshop.models import Activity


def test_the_facilitator_finalises_and_shares_and_a_stakeholder_downloads_the_pdf(
    facilitator_context, participant_a_context, room_context, live_workshop, bob
):
    recipe = recipe_services.recipe_create(workshop=live_workshop, author=bob, spec=RecipeSpec(
        trigger="a parcel is delivered", audience="sofa buyers", action="ask how it went",
        content="a short survey", success_metric="Reviews within 14 days", owner="Care team",
        launch="2027-Q2",
    ))
    recipe_services.recipe_choose(recipe=recipe, why="The survey tool is live already")
    open_board(live_workshop, Activity.Kind.ROADMAP)
    code = live_workshop.code
    facilitator = open_room(facilitator_context, code)
    bob_page = open_room(participant_a_context, code)

    for screen in (facilitator, bob_page):
        expect(screen.locator("#rm-first")).to_contain_text("The survey tool is live already")
    expect(bob_page.locator("#roadmap-publish")).to_have_count(0)

    # The draft PDF: the link says it is working, then the file arrives.
    with facilitator.expect_download() as draft:
        facilitator.get_by_role("link", name="Download the draft PDF").click()
        expect(facilitator.get_by_role("link", name="Making the PDF…")).to_be_visible()
    assert draft.value.suggested_filename == f"{code}-roadmap-draft.pdf"
    expect(facilitator.get_by_role("link", name="Download the draft PDF")).to_be_visible()

    facilitator.get_by_role("button", name="Finalise version 1").click()
    expect(facilitator.locator("#roadmap-publish")).to_contain_text("Version 1")
    facilitator.get_by_role("button", name="Publish a share link").click()
    link = facilitator.locator("#share-url")
    expect(link).to_be_visible()
    address = link.get_attribute("href")
    assert_no_violations(facilitator)
    assert_no_violations(bob_page)
    for screen in (facilitator, bob_page):
        assert_not_reloaded(screen)

    stakeholder = room_context().new_page()  # no account, no cookie: only the link
    stakeholder.set_viewport_size({"width": 390, "height": 844})
    stakeholder.goto(address)
    expect(stakeholder.get_by_role("heading", level=1)).to_contain_text("roadmap")
    expect(stakeholder.locator(".stakeholder-version")).to_contain_text("Version 1")
    expect(stakeholder.locator("#rm-first")).to_contain_text("ask how it went")
    with stakeholder.expect_download() as download:
        stakeholder.get_by_role("link", name="Download the PDF").click()
    # The stakeholder's copy is named without the join code, which would open the room.
    assert download.value.suggested_filename == "roadmap-v1.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert_no_violations(stakeholder)
