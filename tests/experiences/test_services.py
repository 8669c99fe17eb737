"""Writes to the connected-experiences board."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from experiences import services
from experiences.models import Experience, ExperienceRating
from workshop import services as workshop_services


def add_card(workshop, activity, author, **fields):
    data = {"title": "Buy it again", "company": "Amazon", "description": "Saves effort."}
    data.update(fields)
    return services.experience_create(workshop=workshop, activity=activity, author=author, **data)


def test_cards_added_while_hiding_are_hidden_until_the_reveal(workshop, experiences_activity, bob):
    workshop_services.activity_set_hiding(activity=experiences_activity, hide=True)
    card = add_card(workshop, experiences_activity, bob)
    assert card.hidden
    revealed = services.experiences_reveal(workshop=workshop, activity=experiences_activity)
    card.refresh_from_db()
    experiences_activity.refresh_from_db()
    assert revealed == 1
    assert not card.hidden
    assert not experiences_activity.hide_new_cards


def test_an_over_long_card_is_refused_and_nothing_is_saved(workshop, experiences_activity, bob):
    with pytest.raises(ValidationError):
        add_card(workshop, experiences_activity, bob, title="x" * 121)
    with pytest.raises(ValidationError):
        add_card(workshop, experiences_activity, bob, description="x" * 1001)
    assert not Experience.objects.exists()


def test_an_edit_based_on_an_old_version_is_refused(workshop, experiences_activity, bob):
    card = add_card(workshop, experiences_activity, bob)
    fields = {"company": "Amazon", "description": "Saves effort.", "link": ""}
    services.experience_update(experience=card, version=1, title="First edit", **fields)
    with pytest.raises(workshop_services.EditConflict) as conflict:
        services.experience_update(experience=card, version=1, title="Stale edit", **fields)
    assert conflict.value.current.title == "First edit"
    card.refresh_from_db()
    assert (card.title, card.version) == ("First edit", 2)


def test_rating_again_replaces_your_own_rating(workshop, experiences_activity, bob, carol):
    card = add_card(workshop, experiences_activity, bob)
    services.experience_rate(experience=card, participant=carol, value=2)
    services.experience_rate(experience=card, participant=carol, value=5)
    services.experience_rate(experience=card, participant=carol, feasibility=3)
    rating = ExperienceRating.objects.get()
    assert (rating.value, rating.feasibility) == (5, 3)


def test_ratings_outside_one_to_five_are_refused(workshop, experiences_activity, bob):
    card = add_card(workshop, experiences_activity, bob)
    for score in (0, 6):
        with pytest.raises(ValidationError):
            services.experience_rate(experience=card, participant=bob, value=score)
    assert not ExperienceRating.objects.filter(value__isnull=False).exists()


def test_the_database_itself_refuses_a_rating_of_six(workshop, experiences_activity, bob):
    card = add_card(workshop, experiences_activity, bob)
    with pytest.raises(IntegrityError):
        ExperienceRating.objects.create(experience=card, participant=bob, value=6)


def test_the_starter_deck_loads_once(workshop):
    first = services.starter_deck_load(workshop=workshop)
    again = services.starter_deck_load(workshop=workshop)
    assert first >= 6
    assert again == 0
    companies = set(workshop.experiences.values_list("company", flat=True))
    assert {"Spotify", "Netflix", "Amazon", "Duolingo", "Starbucks"} <= companies


def test_removing_a_participant_keeps_their_cards(workshop, experiences_activity, bob):
    add_card(workshop, experiences_activity, bob)
    workshop_services.participant_remove(participant=bob)
    bob.refresh_from_db()
    assert bob.removed_at is not None
    assert Experience.objects.filter(author=bob).count() == 1


