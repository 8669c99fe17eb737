"""Boards plug into the room through the registry; the core names none of them."""

import pytest

from workshop import boards
from workshop.models import Activity


def test_every_activity_that_has_a_board_is_registered_once():
    kinds = [board.kind for board in boards.registered()]
    assert len(kinds) == len(set(kinds))
    assert {"team", "north_star", "experiences"} <= set(kinds)
    assert all(kind in Activity.Kind.values for kind in kinds)


def test_a_second_board_for_the_same_activity_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        boards.register(
            boards.Board(kind="experiences", template="other.html", context=lambda **_: {})
        )


def test_a_board_for_an_unknown_activity_is_refused():
    with pytest.raises(ValueError, match="not an activity kind"):
        boards.register(boards.Board(kind="karaoke", template="k.html", context=lambda **_: {}))


def test_the_room_shows_whatever_board_is_registered_for_its_activity(
    alice_client, bob_client, workshop, monkeypatch
):
    from workshop import services

    # Every kind has its board now: take one away to see the room without it.
    kind = Activity.Kind.ROADMAP
    monkeypatch.delitem(boards._boards, kind)
    activity = Activity.objects.get(session__workshop=workshop, kind=kind)
    services.activity_open(workshop=workshop, activity=activity)
    page = bob_client.get(f"/w/{workshop.code}/").content.decode()
    assert "This board opens in a later release" in page

    seen = {}

    def context(*, workshop, activity, audience, member=None, options=None):
        seen.update(audience=audience, member=member)
        return {"roles": [], "team_total": 0}

    monkeypatch.setitem(
        boards._boards, kind,
        boards.Board(kind=kind, template="workshop/team.html", context=context),
    )
    page = bob_client.get(f"/w/{workshop.code}/").content.decode()
    assert "This board opens in a later release" not in page
    assert 'id="team-roster"' in page
    assert seen["audience"] == "participants" and seen["member"].participant is not None
    present = alice_client.get(f"/w/{workshop.code}/present/").content.decode()
    assert 'id="team-roster"' in present
    assert seen["audience"] == "projector" and seen["member"] is None


def test_seed_demo_fills_every_board_that_knows_how(db):
    from io import StringIO

    from django.core.management import call_command

    from experiences.models import Experience

    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert Experience.objects.count() >= 9
