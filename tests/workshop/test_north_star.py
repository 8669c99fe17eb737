"""The north star: the facilitator records how far the team aims and the line it aims
for; it heads every screen, and its own board shows the pyramid."""

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from tests.conftest import open_board
from tests.sockets import fresh_channel_layer, leave, messages_until, room_of  # noqa: F401
from workshop import services
from workshop.models import Activity, Workshop

STATEMENT = "Every returning customer picks up where they left off."


@pytest.fixture
def north_star_activity(workshop):
    return open_board(workshop, Activity.Kind.NORTH_STAR)


def post_north_star(client, workshop, **data):
    return client.post(
        reverse("north_star", args=[workshop.code]), data, headers={"HX-Request": "true"}
    )


def test_the_facilitator_records_the_ambition_and_the_line(alice_client, workshop):
    response = post_north_star(alice_client, workshop, ambition="experience", north_star=STATEMENT)
    assert response.status_code == 200
    assert "Saved. Every screen shows it now." in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.ambition == Workshop.Ambition.EXPERIENCE
    assert workshop.north_star == STATEMENT


def test_it_heads_every_participants_room_whatever_the_board(
    alice_client, bob_client, workshop, experiences_activity
):
    post_north_star(alice_client, workshop, ambition="feature", north_star=STATEMENT)
    page = bob_client.get(reverse("room", args=[workshop.code])).content.decode()
    banner = page[page.index('id="north-star"'):]
    banner = banner[: banner.index("</section>")]
    assert "Feature personalization" in banner and STATEMENT in banner


def test_without_a_north_star_the_strip_is_there_but_hidden(bob_client, workshop):
    page = bob_client.get(reverse("room", args=[workshop.code])).content.decode()
    assert 'id="north-star" class="north-star" aria-labelledby="north-star-label" hidden>' in page


def test_participants_see_the_pyramid_with_the_chosen_level_and_no_form(
    alice_client, bob_client, workshop, north_star_activity
):
    post_north_star(alice_client, workshop, ambition="product", north_star=STATEMENT)
    page = bob_client.get(reverse("room", args=[workshop.code])).content.decode()
    assert 'id="north-star-form"' not in page
    chosen = page[page.index('aria-current="true"'):]
    assert chosen.index("Product personalization") < chosen.index("</li>")
    assert "Our ambition" in chosen
    # Every level explains itself in one line.
    explanations = ("One function adapts", "A whole feature", "Journeys adapt", "the product itself")
    assert all(explained in page for explained in explanations)


def test_the_facilitators_board_is_the_form_with_the_level_chosen(
    alice_client, workshop, north_star_activity
):
    post_north_star(alice_client, workshop, ambition="function", north_star=STATEMENT)
    page = alice_client.get(reverse("room", args=[workshop.code])).content.decode()
    assert 'id="north-star-form"' in page
    assert 'value="function" checked' in page
    assert f'value="{STATEMENT}"' in page


def test_the_projector_shows_the_statement_large_and_the_pyramid(
    alice_client, workshop, north_star_activity
):
    post_north_star(alice_client, workshop, ambition="experience", north_star=STATEMENT)
    page = alice_client.get(reverse("present", args=[workshop.code])).content.decode()
    assert 'class="north-star-quote"' in page and STATEMENT in page
    assert "Experience personalization" in page
    assert 'id="north-star-form"' not in page


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"ambition": "everything", "north_star": STATEMENT}, "ambition", "Select a valid choice"),
        ({"ambition": "feature", "north_star": "x" * 161}, "north_star", "at most 160 characters"),
    ],
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_is_saved(
    alice_client, workshop, data, field, message
):
    response = post_north_star(alice_client, workshop, **data)
    assert response.status_code == 422
    assert message in response.content.decode()
    workshop.refresh_from_db()
    assert (workshop.ambition, workshop.north_star) == ("", "")


def test_user_text_in_the_north_star_is_escaped(alice_client, bob_client, workshop):
    post_north_star(alice_client, workshop, ambition="", north_star="<script>alert(1)</script>")
    page = bob_client.get(reverse("room", args=[workshop.code])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_north_star_may_be_cleared(alice_client, workshop):
    post_north_star(alice_client, workshop, ambition="feature", north_star=STATEMENT)
    post_north_star(alice_client, workshop, ambition="", north_star="   ")
    workshop.refresh_from_db()
    assert (workshop.ambition, workshop.north_star) == ("", "")
    assert not workshop.has_north_star


@pytest.mark.parametrize("who", ["bob_client", "dave_client", "anonymous"])
def test_only_the_facilitator_sets_the_north_star(request, client, workshop, who):
    browser = client if who == "anonymous" else request.getfixturevalue(who)
    response = post_north_star(browser, workshop, ambition="product", north_star="Mine now")
    assert response.status_code == 403
    workshop.refresh_from_db()
    assert workshop.north_star == ""


def test_a_removed_participant_cannot_set_it(bob_client, bob, workshop):
    services.participant_remove(participant=bob)
    assert post_north_star(bob_client, workshop, north_star="Mine now").status_code == 403


def test_another_workshops_facilitator_cannot_set_it(workshop, other_workshop, client):
    client.force_login(other_workshop.facilitator)
    assert post_north_star(client, workshop, north_star="Mine now").status_code == 403


def test_seed_demo_fills_the_north_star(db, capsys):
    from django.core.management import call_command

    call_command("seed_demo")
    code = capsys.readouterr().out.strip().splitlines()[-1]
    workshop = Workshop.objects.get(code=code)
    assert workshop.ambition and workshop.north_star


@pytest.mark.django_db(transaction=True)
async def test_every_screen_sees_the_north_star_change_live(workshop, bob):
    """On any board, the strip is pushed to everyone; on the north-star board, the board
    is pushed anew to each audience too."""
    await database_sync_to_async(open_board)(workshop, Activity.Kind.NORTH_STAR)
    sockets = await room_of(workshop, bob)
    await database_sync_to_async(services.north_star_set)(
        workshop=workshop, ambition="experience", north_star=STATEMENT
    )
    for screen in ("Bob", "facilitator", "projector"):
        banner = await messages_until(sockets[screen], 'id="north-star"')
        assert STATEMENT in banner
    bob_stage = await messages_until(sockets["Bob"], 'id="stage"')
    assert 'aria-current="true"' in bob_stage and 'id="north-star-form"' not in bob_stage
    projector_stage = await messages_until(sockets["projector"], 'id="stage"')
    assert STATEMENT in projector_stage and 'id="north-star-form"' not in projector_stage
    await leave(sockets)
