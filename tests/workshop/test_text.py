"""Names a room can read: no name made only of invisible characters, and no
bidirectional control that turns the text around a name backwards."""

import pytest
from django.test import Client

from workshop import services, text
from workshop.forms import JoinForm, WorkshopForm
from workshop.models import Participant

INVISIBLE_NAMES = [
    "\u200b\u200b\u200b",  # zero-width spaces
    "\u200b \u2060\ufeff",  # with a space, a word joiner and a byte-order mark
    "\u00a0\u3000",  # no-break and ideographic spaces
    "\u202e\u200f",  # nothing but bidirectional controls
    "\u3164\u3164",  # the Hangul filler, a letter drawn blank
    "\u0007\u001b",  # control characters
]


@pytest.mark.parametrize("name", INVISIBLE_NAMES)
def test_a_name_of_only_invisible_characters_is_refused_like_a_blank_one(workshop, name):
    response = Client().post(f"/join/{workshop.code}/", {"name": name, "role": "data"})
    assert response.status_code == 422
    assert "Tell the room who you are." in response.content.decode()
    assert not Participant.objects.exists()


def test_bidirectional_controls_are_taken_out_of_a_name(workshop):
    name = "\u202eBob\u202c \u2066the\u2069 \u200eBuilder\u200f\u061c"
    response = Client().post(f"/join/{workshop.code}/", {"name": name, "role": "data"})
    assert response.status_code == 302
    assert Participant.objects.get().name == "Bob the Builder"


def test_invisible_characters_around_a_name_go_and_those_inside_stay():
    assert text.readable_name("\u200b Ana\u200dMaria \ufeff") == "Ana\u200dMaria"


def test_the_service_cleans_names_too_whoever_calls_it(workshop):
    participant = services.participant_join(workshop=workshop, name="\u202eEve ", role="legal")
    assert participant.name == "Eve"


def test_a_workshops_organisation_and_title_are_cleaned_the_same_way():
    form = WorkshopForm({"organisation": "\u200b\u200b", "title": "\u202eKickstart"})
    assert not form.is_valid()
    assert "organisation" in form.errors
    assert form.cleaned_data["title"] == "Kickstart"


def test_the_join_form_keeps_an_ordinary_name_as_typed():
    form = JoinForm({"name": "  Zoë O’Brien-Łukasz  ", "role": "design"})
    assert form.is_valid()
    assert form.cleaned_data["name"] == "Zoë O’Brien-Łukasz"
