"""The connected-experiences board over HTTP: who may add, edit, delete and rate what."""

import pytest

from experiences import services
from experiences.models import Experience, ExperienceRating
from workshop import services as workshop_services

HX = {"HTTP_HX_REQUEST": "true"}
CARD = {"title": "Discover Weekly", "company": "Spotify", "description": "A Monday ritual."}


@pytest.fixture
def board(workshop, experiences_activity):
    return f"/w/{workshop.code}/experiences/"


@pytest.fixture
def bobs_card(workshop, experiences_activity, bob):
    return services.experience_create(
        workshop=workshop, activity=experiences_activity, author=bob, **CARD
    )


def test_a_participant_adds_a_card_and_gets_a_fresh_form(bob_client, board, bob):
    response = bob_client.post(board, CARD, **HX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<form id="experience-form"')
    assert "Added. Everyone sees it now." in page
    card = Experience.objects.get()
    assert (card.author, card.title, card.hidden) == (bob, "Discover Weekly", False)


def test_without_javascript_adding_a_card_returns_to_the_room(bob_client, board, workshop):
    response = bob_client.post(board, CARD)
    assert response.url == f"/w/{workshop.code}/"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", "", "This field is required."),
        ("title", "x" * 121, "at most 120 characters"),
        ("company", "   ", "This field is required."),
        ("description", "x" * 1001, "at most 1000 characters"),
        ("link", "javascript:alert(1)", "Enter a valid URL."),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(
    bob_client, board, field, value, message
):
    response = bob_client.post(board, {**CARD, field: value}, **HX)
    page = response.content.decode()
    assert response.status_code == 422
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert not Experience.objects.exists()


def test_nobody_adds_cards_while_the_activity_is_not_open(bob_client, workshop, experiences_activity):
    team = workshop.phases.first().activities.get(kind="team")
    workshop_services.activity_open(workshop=workshop, activity=team)
    response = bob_client.post(f"/w/{workshop.code}/experiences/", CARD, **HX)
    assert response.status_code == 403
    assert "is not open right now" in response.content.decode()
    assert not Experience.objects.exists()


def test_a_locked_activity_refuses_writes_with_a_reason(bob_client, board, experiences_activity):
    workshop_services.activity_set_locked(activity=experiences_activity, locked=True)
    response = bob_client.post(board, CARD, **HX)
    assert response.status_code == 403
    assert response.content.decode() == "The facilitator has locked “Connected experiences”."
    assert not Experience.objects.exists()


def test_a_locked_board_hides_the_add_form_from_participants(bob_client, workshop, experiences_activity):
    workshop_services.activity_set_locked(activity=experiences_activity, locked=True)
    page = bob_client.get(f"/w/{workshop.code}/").content.decode()
    assert 'id="experience-form"' not in page
    assert "The facilitator has locked this activity." in page


def test_a_participant_of_another_workshop_cannot_add_cards(dave_client, board):
    assert dave_client.post(board, CARD, **HX).status_code == 403
    assert not Experience.objects.exists()


def test_the_author_edits_their_card(bob_client, bobs_card, workshop):
    url = f"/w/{workshop.code}/experiences/{bobs_card.pk}/edit/"
    form = bob_client.get(url, **HX).content.decode()
    assert 'name="version" value="1"' in form
    response = bob_client.post(url, {**CARD, "title": "Daylist", "version": 1}, **HX)
    assert response.status_code == 200
    assert "Daylist" in response.content.decode()
    bobs_card.refresh_from_db()
    assert (bobs_card.title, bobs_card.version) == ("Daylist", 2)


def test_two_edits_of_the_same_card_never_silently_overwrite(bob_client, bobs_card, workshop):
    url = f"/w/{workshop.code}/experiences/{bobs_card.pk}/edit/"
    bob_client.post(url, {**CARD, "title": "From the laptop", "version": 1}, **HX)
    response = bob_client.post(url, {**CARD, "title": "From the phone", "version": 1}, **HX)
    page = response.content.decode()
    assert response.status_code == 409
    assert "This card changed while you were editing it." in page
    assert "From the laptop" in page  # what was saved meanwhile
    assert 'value="From the phone"' in page  # what this person typed is kept
    assert 'name="version" value="2"' in page
    bobs_card.refresh_from_db()
    assert bobs_card.title == "From the laptop"


def test_nobody_edits_someone_elses_card(carol_client, alice_client, bobs_card, workshop):
    url = f"/w/{workshop.code}/experiences/{bobs_card.pk}/edit/"
    assert carol_client.post(url, {**CARD, "title": "Mine now", "version": 1}).status_code == 403
    assert alice_client.post(url, {**CARD, "title": "Mine now", "version": 1}).status_code == 403
    bobs_card.refresh_from_db()
    assert bobs_card.title == "Discover Weekly"


def test_the_author_and_the_facilitator_may_delete_a_card(bob_client, alice_client, carol_client, workshop, experiences_activity, bob):
    first = services.experience_create(workshop=workshop, activity=experiences_activity, author=bob, **CARD)
    second = services.experience_create(workshop=workshop, activity=experiences_activity, author=bob, **CARD)
    assert carol_client.post(f"/w/{workshop.code}/experiences/{first.pk}/delete/").status_code == 403
    assert bob_client.post(f"/w/{workshop.code}/experiences/{first.pk}/delete/", **HX).status_code == 204
    assert alice_client.post(f"/w/{workshop.code}/experiences/{second.pk}/delete/", **HX).status_code == 204
    assert not Experience.objects.exists()


def test_a_forged_card_id_from_another_workshop_is_not_found(bob_client, workshop, other_workshop, dave):
    from workshop.models import Activity

    elsewhere = Activity.objects.get(session__workshop=other_workshop, kind="experiences")
    foreign = services.experience_create(workshop=other_workshop, activity=elsewhere, author=dave, **CARD)
    for action in ("edit/", "delete/", "rate/"):
        response = bob_client.post(f"/w/{workshop.code}/experiences/{foreign.pk}/{action}", {"value": 5})
        assert response.status_code == 404
    assert Experience.objects.filter(pk=foreign.pk).exists()


def test_a_rating_is_saved_and_stays_chosen_on_your_page(carol_client, bobs_card, workshop):
    url = f"/w/{workshop.code}/experiences/{bobs_card.pk}/rate/"
    response = carol_client.post(url, {"value": "4"}, **HX)
    assert response.status_code == 204
    assert ExperienceRating.objects.get().value == 4
    carol_client.post(url, {"feasibility": "2"}, **HX)
    assert (ExperienceRating.objects.get().value, ExperienceRating.objects.get().feasibility) == (4, 2)
    page = carol_client.get(f"/w/{workshop.code}/").content.decode()
    assert 'name="value" value="4" checked' in page
    assert 'name="feasibility" value="2" checked' in page


@pytest.mark.parametrize("score", ["0", "6", "five", ""])
def test_ratings_outside_one_to_five_are_refused(carol_client, bobs_card, workshop, score):
    url = f"/w/{workshop.code}/experiences/{bobs_card.pk}/rate/"
    response = carol_client.post(url, {"value": score}, **HX)
    assert response.status_code == 400
    assert "from 1 to 5" in response.content.decode()
    assert not ExperienceRating.objects.exists()


def test_the_facilitator_does_not_rate(alice_client, bobs_card, workshop):
    url = f"/w/{workshop.code}/experiences/{bobs_card.pk}/rate/"
    assert alice_client.post(url, {"value": "5"}).status_code == 403


def test_averages_and_counts_show_on_the_card(bob_client, carol_client, bobs_card, workshop, bob, carol):
    services.experience_rate(experience=bobs_card, participant=bob, value=5)
    services.experience_rate(experience=bobs_card, participant=carol, value=2)
    page = carol_client.get(f"/w/{workshop.code}/").content.decode()
    assert '<span class="stat-number">3.5</span> <span class="stat-count">2 ratings</span>' in page


def test_sorting_by_value_puts_the_best_rated_first(bob_client, workshop, experiences_activity, bob):
    low = services.experience_create(workshop=workshop, activity=experiences_activity, author=bob, **{**CARD, "title": "Low"})
    high = services.experience_create(workshop=workshop, activity=experiences_activity, author=bob, **{**CARD, "title": "High"})
    unrated = services.experience_create(workshop=workshop, activity=experiences_activity, author=bob, **{**CARD, "title": "Unrated"})
    services.experience_rate(experience=low, participant=bob, value=1)
    services.experience_rate(experience=high, participant=bob, value=5)
    page = bob_client.get(f"/w/{workshop.code}/experiences/?sort=value", **HX).content.decode()
    assert page.index(">High<") < page.index(">Low<") < page.index(">Unrated<")
    newest = bob_client.get(f"/w/{workshop.code}/experiences/?sort=newest", **HX).content.decode()
    assert newest.index(">Unrated<") < newest.index(">High<") < newest.index(">Low<")
    assert unrated


def test_hidden_cards_are_not_in_anyone_elses_page(bob_client, carol_client, alice_client, workshop, experiences_activity):
    workshop_services.activity_set_hiding(activity=experiences_activity, hide=True)
    bob_client.post(f"/w/{workshop.code}/experiences/", {**CARD, "title": "Secret idea"}, **HX)
    card = Experience.objects.get()
    assert "Secret idea" in bob_client.get(f"/w/{workshop.code}/").content.decode()
    assert "Secret idea" in alice_client.get(f"/w/{workshop.code}/").content.decode()
    assert "Secret idea" not in carol_client.get(f"/w/{workshop.code}/").content.decode()
    assert carol_client.get(f"/w/{workshop.code}/experiences/{card.pk}/").status_code == 404
    alice_client.post(f"/w/{workshop.code}/experiences/reveal/", **HX)
    assert "Secret idea" in carol_client.get(f"/w/{workshop.code}/").content.decode()


def test_only_the_facilitator_loads_the_starter_deck_and_reveals(bob_client, alice_client, workshop, experiences_activity):
    assert bob_client.post(f"/w/{workshop.code}/experiences/starter-deck/").status_code == 403
    assert bob_client.post(f"/w/{workshop.code}/experiences/reveal/").status_code == 403
    assert not Experience.objects.exists()
    assert alice_client.post(f"/w/{workshop.code}/experiences/starter-deck/", **HX).status_code == 204
    assert Experience.objects.filter(author=None).count() >= 6


def test_card_text_is_escaped(bob_client, carol_client, board, workshop):
    bob_client.post(board, {**CARD, "title": "<img src=x onerror=alert(1)>", "description": "<b>bold</b>"}, **HX)
    page = carol_client.get(f"/w/{workshop.code}/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>bold</b>" not in page


def test_the_edit_form_has_ids_of_its_own(bob_client, bobs_card, workshop):
    form = bob_client.get(f"/w/{workshop.code}/experiences/{bobs_card.pk}/edit/", **{"HTTP_HX_REQUEST": "true"})
    page = form.content.decode()
    assert f'id="edit-{bobs_card.pk}-title"' in page
    assert 'id="id_title"' not in page


def test_the_sorted_list_keeps_your_own_scores_and_controls(bob_client, workshop, experiences_activity, bob, carol):
    mine = services.experience_create(workshop=workshop, activity=experiences_activity, author=bob, **CARD)
    theirs = services.experience_create(workshop=workshop, activity=experiences_activity, author=carol, **{**CARD, "title": "Daylist"})
    services.experience_rate(experience=theirs, participant=bob, value=2)
    page = bob_client.get(f"/w/{workshop.code}/experiences/?sort=value", **HX).content.decode()
    assert 'name="value" value="2" checked' in page
    assert f'href="/w/{workshop.code}/experiences/{mine.pk}/edit/"' in page
    assert f'href="/w/{workshop.code}/experiences/{theirs.pk}/edit/"' not in page
    assert 'aria-current="true">Value<' in page
