"""Every room URL, asked by people who have no business there: an anonymous visitor, a
participant of another workshop, and a participant the facilitator removed."""

import pytest
from django.test import Client

from experiences import services as experience_services
from experiences.models import Experience, ExperienceRating
from tests.conftest import participant_client
from workshop import services
from workshop.models import Participant, Workshop

CARD = {"title": "Buy it again", "company": "Amazon", "description": "Saves effort."}


@pytest.fixture
def room(workshop, experiences_activity, bob, carol):
    card = experience_services.experience_create(
        workshop=workshop, activity=experiences_activity, author=carol, **CARD
    )
    return {"w": workshop.code, "a": experiences_activity.pk, "p": carol.pk, "e": card.pk}


GETS = [
    "/w/{w}/present/",
    "/w/{w}/people/",
    "/w/{w}/experiences/",
    "/w/{w}/experiences/{e}/",
    "/w/{w}/experiences/{e}/edit/",
]
POSTS = [
    ("/w/{w}/activities/{a}/open/", {}),
    ("/w/{w}/activities/{a}/lock/", {"locked": "on"}),
    ("/w/{w}/activities/{a}/hiding/", {"hide": "on"}),
    ("/w/{w}/timer/", {"minutes": "5"}),
    ("/w/{w}/timer/stop/", {}),
    ("/w/{w}/ready/", {"ready": "on"}),
    ("/w/{w}/participants/{p}/remove/", {}),
    ("/w/{w}/experiences/", CARD),
    ("/w/{w}/experiences/starter-deck/", {}),
    ("/w/{w}/experiences/reveal/", {}),
    ("/w/{w}/experiences/{e}/edit/", {**CARD, "title": "Taken over", "version": "1"}),
    ("/w/{w}/experiences/{e}/delete/", {}),
    ("/w/{w}/experiences/{e}/rate/", {"value": "5"}),
]


def intruders(bob, dave):
    removed = participant_client(bob)
    services.participant_remove(participant=bob)
    return {"anonymous": Client(), "another workshop's participant": participant_client(dave),
            "removed participant": removed}


def snapshot() -> tuple:
    return (
        list(Experience.objects.values_list("pk", "title", "hidden", "version")),
        ExperienceRating.objects.count(),
        list(Participant.objects.values_list("pk", "removed_at", "ready_for")),
        list(Workshop.objects.values_list("current_activity", "timer_ends_at")),
        list(
            Workshop.objects.values_list(
                "phases__activities__locked", "phases__activities__hide_new_cards"
            )
        ),
    )


def test_no_room_page_opens_for_intruders(room, bob, dave):
    for who, client in intruders(bob, dave).items():
        for url in GETS:
            response = client.get(url.format(**room), HTTP_HX_REQUEST="true")
            assert response.status_code in (403, 404), (who, url, response.status_code)
        room_page = client.get(f"/w/{room['w']}/")
        assert room_page.status_code == 302, who
        assert room_page.url == f"/join/{room['w']}/"


def test_no_room_write_is_accepted_from_intruders(room, bob, dave):
    before = snapshot()
    for who, client in intruders(bob, dave).items():
        for url, data in POSTS:
            response = client.post(url.format(**room), data, HTTP_HX_REQUEST="true")
            assert response.status_code in (403, 404), (who, url, response.status_code)
    after = snapshot()
    assert after[0] == before[0] and after[1] == before[1] and after[3:] == before[3:]
    # Only the facilitator's removal of bob (in intruders) changed the people.
    assert [row for row in after[2] if row[0] != bob.pk] == [
        row for row in before[2] if row[0] != bob.pk
    ]
