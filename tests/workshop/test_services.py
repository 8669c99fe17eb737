import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from workshop import services
from workshop.models import (
    JOIN_CODE_ALPHABET,
    Activity,
    Experience,
    ExperienceRating,
    PhaseSession,
)


def add_card(workshop, activity, author, **fields):
    data = {"title": "Buy it again", "company": "Amazon", "description": "Saves effort."}
    data.update(fields)
    return services.experience_create(workshop=workshop, activity=activity, author=author, **data)


def test_a_new_workshop_gets_the_methods_default_agenda(workshop):
    agenda = [
        (session.phase, [(a.kind, a.minutes) for a in session.activities.all()])
        for session in workshop.phases.all()
    ]
    assert agenda == [
        ("kickstart", [("team", 15), ("north_star", 20), ("experiences", 45),
                       ("goals", 45), ("barriers", 60)]),
        ("planning", [("persofails", 30), ("recipes", 90), ("prioritise", 45)]),
        ("execution", [("roadmap", 60)]),
    ]
    assert workshop.current_activity.kind == Activity.Kind.TEAM
    assert workshop.phases.get(phase="kickstart").status == PhaseSession.Status.LIVE


def test_join_codes_use_six_characters_without_look_alikes(workshop):
    assert len(workshop.code) == 6
    assert set(workshop.code) <= set(JOIN_CODE_ALPHABET)
    assert not set("0O1IL25SB8") & set(JOIN_CODE_ALPHABET)


def test_opening_an_activity_moves_the_phases_along(workshop):
    roadmap = Activity.objects.get(session__workshop=workshop, kind=Activity.Kind.ROADMAP)
    services.activity_open(workshop=workshop, activity=roadmap)
    statuses = dict(workshop.phases.values_list("phase", "status"))
    assert statuses == {"kickstart": "done", "planning": "done", "execution": "live"}
    workshop.refresh_from_db()
    assert workshop.current_activity == roadmap


def test_opening_an_activity_stops_the_timer(workshop):
    services.timer_start(workshop=workshop, minutes=5)
    services.activity_open(workshop=workshop, activity=workshop.current_activity)
    workshop.refresh_from_db()
    assert workshop.timer_ends_at is None


def test_a_timer_ends_minutes_from_now_on_the_servers_clock(workshop):
    services.timer_start(workshop=workshop, minutes=7)
    workshop.refresh_from_db()
    assert workshop.timer_seconds == 420
    assert 419 <= (workshop.timer_ends_at - workshop.created_at).total_seconds() <= 422 + 60


def test_a_participant_needs_a_name_and_a_known_role(workshop):
    with pytest.raises(ValidationError):
        services.participant_join(workshop=workshop, name="   ", role="product")
    with pytest.raises(ValidationError):
        services.participant_join(workshop=workshop, name="Eve", role="astronaut")
    assert not workshop.participants.exists()


def test_ready_is_for_the_open_activity_only(workshop, bob):
    services.participant_set_ready(participant=bob, ready=True)
    bob.refresh_from_db()
    assert bob.ready_for == workshop.current_activity
    services.participant_set_ready(participant=bob, ready=False)
    bob.refresh_from_db()
    assert bob.ready_for is None


def test_cards_added_while_hiding_are_hidden_until_the_reveal(workshop, experiences_activity, bob):
    services.activity_set_hiding(activity=experiences_activity, hide=True)
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
    with pytest.raises(services.EditConflict) as conflict:
        services.experience_update(experience=card, version=1, title="Stale edit", **fields)
    assert conflict.value.current.title == "First edit"
    card.refresh_from_db()
    assert (card.title, card.version) == ("First edit", 2)


def test_rating_again_replaces_your_own_rating(workshop, experiences_activity, bob, carol):
    card = add_card(workshop, experiences_activity, bob)
    services.experience_rate(experience=card, participant=carol, dimension="value", score=2)
    services.experience_rate(experience=card, participant=carol, dimension="value", score=5)
    services.experience_rate(experience=card, participant=carol, dimension="feasibility", score=3)
    rating = ExperienceRating.objects.get()
    assert (rating.value, rating.feasibility) == (5, 3)


def test_ratings_outside_one_to_five_are_refused(workshop, experiences_activity, bob):
    card = add_card(workshop, experiences_activity, bob)
    for score in (0, 6):
        with pytest.raises(ValidationError):
            services.experience_rate(experience=card, participant=bob, dimension="value", score=score)
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
    services.participant_remove(participant=bob)
    bob.refresh_from_db()
    assert bob.removed_at is not None
    assert Experience.objects.filter(author=bob).count() == 1


def test_socket_counts_never_go_below_zero(bob):
    services.participant_connected(participant_id=bob.pk)
    services.participant_disconnected(participant_id=bob.pk)
    services.participant_disconnected(participant_id=bob.pk)
    bob.refresh_from_db()
    assert bob.open_sockets == 0
