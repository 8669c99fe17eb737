import pytest
from django.core.exceptions import ValidationError

from workshop import services
from workshop.models import JOIN_CODE_ALPHABET, Activity, PhaseSession


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


def test_socket_counts_never_go_below_zero(bob):
    services.participant_connected(participant=bob)
    services.participant_disconnected(participant=bob)
    services.participant_disconnected(participant=bob)
    bob.refresh_from_db()
    assert bob.open_sockets == 0


def test_the_room_hears_of_presence_only_when_a_persons_state_changes(
    bob, django_capture_on_commit_callbacks, monkeypatch
):
    told = []
    monkeypatch.setattr(services.live, "send", lambda groups, message: told.append(message))
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_connected(participant=bob)  # first tab: Bob came online
        services.participant_connected(participant=bob)  # second tab: nothing new
        services.participant_disconnected(participant=bob)  # one tab closed: still here
    assert len(told) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_disconnected(participant=bob)  # last tab: Bob left
    assert len(told) == 2
    assert told[-1] == {"type": "room.presence", "workshop": bob.workshop_id}


def test_moving_the_room_resets_who_is_done(workshop, bob):
    services.participant_set_ready(participant=bob, ready=True)
    goals = Activity.objects.get(session__workshop=workshop, kind=Activity.Kind.GOALS)
    services.activity_open(workshop=workshop, activity=goals)
    bob.refresh_from_db()
    assert bob.ready_for is None
