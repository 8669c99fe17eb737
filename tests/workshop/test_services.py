import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from workshop import selectors, services
from workshop.models import JOIN_CODE_ALPHABET, Activity, PhaseSession, PresenceLease


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


def online(workshop) -> int:
    return selectors.presence(workshop).online


def test_someone_is_online_while_a_process_holds_a_lease_on_them(workshop, bob):
    assert services.participant_connected(participant=bob, holder="here", sockets=1)
    assert online(workshop) == 1
    services.participant_disconnected(participant=bob, holder="here", sockets=0)
    services.participant_disconnected(participant=bob, holder="here", sockets=0)
    assert online(workshop) == 0
    assert not PresenceLease.objects.exists()


def test_the_room_hears_of_presence_only_when_a_persons_state_changes(
    bob, django_capture_on_commit_callbacks, monkeypatch
):
    told = []
    monkeypatch.setattr(services.live, "send", lambda groups, message: told.append(message))
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_connected(participant=bob, holder="here", sockets=1)  # Bob came
        services.participant_connected(participant=bob, holder="here", sockets=2)  # a 2nd tab
        services.participant_connected(participant=bob, holder="there", sockets=1)  # a phone
        services.participant_disconnected(participant=bob, holder="here", sockets=1)
        services.participant_disconnected(participant=bob, holder="here", sockets=0)
    assert len(told) == 1  # still on his phone
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_disconnected(participant=bob, holder="there", sockets=0)  # gone
    assert len(told) == 2
    assert told[-1] == {"type": "room.presence", "workshop": bob.workshop_id}


def test_nobody_holds_more_sockets_than_a_few_tabs_across_every_process(bob, settings):
    settings.SOCKETS_PER_PARTICIPANT = 3
    assert services.participant_connected(participant=bob, holder="here", sockets=2)
    assert services.participant_connected(participant=bob, holder="there", sockets=1)
    assert not services.participant_connected(participant=bob, holder="there", sockets=2)
    assert not services.participant_connected(participant=bob, holder="elsewhere", sockets=1)
    assert PresenceLease.objects.filter(participant=bob).count() == 2
    services.participant_disconnected(participant=bob, holder="here", sockets=1)
    assert services.participant_connected(participant=bob, holder="there", sockets=2)


def test_a_lease_that_ran_out_shows_its_person_away_and_the_sweep_tells_the_room(
    workshop, bob, carol, django_capture_on_commit_callbacks, monkeypatch
):
    told = []
    monkeypatch.setattr(services.live, "send", lambda groups, message: told.append(message))
    services.participant_connected(participant=bob, holder="a process that died", sockets=3)
    services.participant_connected(participant=carol, holder="a process alive", sockets=1)
    assert online(workshop) == 2
    PresenceLease.objects.filter(holder="a process that died").update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert online(workshop) == 1  # away as soon as the lease ran out, swept or not
    with django_capture_on_commit_callbacks(execute=True):
        services.presence_sweep()
    assert told == [{"type": "room.presence", "workshop": workshop.pk}]
    assert list(PresenceLease.objects.values_list("participant__name", flat=True)) == ["Carol"]
    with django_capture_on_commit_callbacks(execute=True):
        services.presence_sweep()
    assert len(told) == 1  # nothing more ran out: nothing more to say


def test_renewing_extends_a_processs_leases_at_once_and_makes_lost_ones_again(
    workshop, bob, carol, django_assert_max_num_queries, settings
):
    services.participant_connected(participant=bob, holder="here", sockets=1)
    services.participant_connected(participant=carol, holder="here", sockets=2)
    PresenceLease.objects.update(expires_at=timezone.now() + datetime.timedelta(seconds=1))
    with django_assert_max_num_queries(4):  # whatever the number of people held
        services.presence_renew(holder="here", held={bob.pk: 1, carol.pk: 2})
    leases = PresenceLease.objects.all()
    assert all(lease.expires_at > timezone.now() + datetime.timedelta(seconds=30) for lease in leases)
    PresenceLease.objects.filter(participant=carol).delete()  # swept while this process was away
    services.presence_renew(holder="here", held={bob.pk: 1, carol.pk: 2})
    assert online(workshop) == 2
    assert PresenceLease.objects.get(participant=carol).sockets == 2


def test_moving_the_room_resets_who_is_done(workshop, bob):
    services.participant_set_ready(participant=bob, ready=True)
    goals = Activity.objects.get(session__workshop=workshop, kind=Activity.Kind.GOALS)
    services.activity_open(workshop=workshop, activity=goals)
    bob.refresh_from_db()
    assert bob.ready_for is None
