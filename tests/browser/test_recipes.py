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
        # ...with what lint found: nobody owns it, and it serves no goal.
        expect(card.locator("[data-rule='no-owner']")).to_contain_text("Nobody owns it")
        expect(card.locator("[data-rule='no-goal']")).to_be_visible()
    expect(projector.locator(".present-recipes")).to_contain_text("a parcel is delivered")
    expect(bob.locator("#recipe-builder").get_by_label("When", exact=True)).to_have_value("")
    for screen in (bob, carol, projector):
        assert_not_reloaded(screen)
    assert_no_violations(carol)
    assert_no_violations(projector)


def test_a_guardrail_cited_by_a_recipe_clears_its_warning_on_every_screen(
    facilitator_context, participant_a_context, participant_b_context, live_workshop, bob
):
    from recipes import services
    from recipes.models import Guardrail
    from recipes.schema import RecipeSpec

    guardrail = Guardrail.objects.create(workshop=live_workshop, text="At most one nudge a week")
    recipe = services.recipe_create(workshop=live_workshop, author=bob, spec=RecipeSpec(
        trigger="every Monday morning", audience="savers", action="send a weekly nudge",
        content="their progress", success_metric="Goals reached", owner="Savings squad",
        launch="2027-Q2",
    ))
    open_board(live_workshop, Activity.Kind.RECIPES)
    code = live_workshop.code
    bob_page = open_room(participant_a_context, code)
    carol = open_room(participant_b_context, code)
    projector = open_room(facilitator_context, code, "present/")

    # A weekly nudge with no cap: its card says so, and how to fix it.
    card = carol.locator(f"#recipe-{recipe.pk}")
    expect(card.locator('[data-rule="uncapped"]')).to_contain_text("no cap on how often")
    expect(card.locator('[data-rule="uncapped"]')).to_contain_text("At most one nudge a week")
    expect(projector.locator(".present-recipes")).to_contain_text("2 warnings")  # no goal

    # Bob cites the guardrail in his editor: the warning leaves every screen.
    bob_page.locator(f"#recipe-{recipe.pk}").get_by_role("link", name="Edit").click()
    editor = bob_page.locator("#room-editor")
    editor.get_by_label("At most one nudge a week").check()
    editor.get_by_role("button", name="Save").click()
    for screen in (bob_page, carol):
        expect(screen.locator(f"#recipe-{recipe.pk} [data-rule='uncapped']")).to_have_count(0)
    expect(carol.locator(f"#recipe-{recipe.pk}")).to_contain_text(guardrail.text)
    expect(projector.locator(".present-recipes .lint-count")).to_have_text("1 warning")
    for screen in (bob_page, carol, projector):
        assert_not_reloaded(screen)
    assert_no_violations(carol)


def test_the_room_prioritises_and_the_facilitator_chooses_what_to_do_first(
    facilitator_context, participant_a_context, participant_b_context, live_workshop, bob,
):
    from recipes import services
    from recipes.schema import RecipeSpec

    open_board(live_workshop, Activity.Kind.PRIORITISE)
    recipe = services.recipe_create(workshop=live_workshop, author=bob, spec=RecipeSpec(
        trigger="a parcel is delivered", audience="sofa buyers", action="ask how it went",
        content="a short survey", success_metric="Reviews within 14 days", owner="Care",
        launch="2027-Q2",
    ))
    code = live_workshop.code
    facilitator = open_room(facilitator_context, code)
    bob_page = open_room(participant_a_context, code)
    carol = open_room(participant_b_context, code)
    projector = open_room(facilitator_context, code, "present/")

    # Bob places it by keyboard: much value, little effort.
    bob_page.locator(f"#priority-{recipe.pk} .grid-handle").focus()
    for key in ("ArrowUp", "Shift+ArrowUp", "Shift+ArrowUp", "Shift+ArrowLeft",
                "Shift+ArrowLeft", "Enter"):
        bob_page.keyboard.press(key)
    expect(bob_page.locator("#announce")).to_have_text(
        "Placed: Strongly high value, strongly little effort")
    for screen in (facilitator, carol, projector):
        note = screen.locator(f"#priority-plane #priority-{recipe.pk}")
        expect(note).to_have_attribute("data-y", "0.500")
        expect(note).to_have_attribute("data-x", "-0.500")

    # The facilitator chooses it, saying why; the room and the projector see the decision.
    facilitator.locator(f"#priority-{recipe.pk}").get_by_role("link", name="Choose first").click()
    why = facilitator.locator("#room-editor").get_by_label("Why this one first?")
    facilitator.locator("#room-editor").get_by_role("button", name="Choose it").click()
    expect(facilitator.locator("#room-editor")).to_contain_text("Say why in one line")
    why.fill("Quick win: the survey tool is live")
    facilitator.locator("#room-editor").get_by_role("button", name="Choose it").click()
    for screen in (facilitator, bob_page, carol, projector):
        expect(screen.locator("#chosen-recipes")).to_contain_text(
            "Quick win: the survey tool is live")
        expect(screen.locator(f"#priority-{recipe.pk}")).to_contain_text("Chosen first")
    # Participants have no choosing control.
    expect(bob_page.get_by_role("link", name="Choose first")).to_have_count(0)
    expect(bob_page.get_by_role("button", name="Set aside")).to_have_count(0)
    for screen in (bob_page, carol, projector):
        assert_not_reloaded(screen)
    assert_no_violations(facilitator)
    assert_no_violations(bob_page)
    assert_no_violations(projector)
