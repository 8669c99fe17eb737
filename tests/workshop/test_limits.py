"""Limits on floods and guessing: joining from one address and into one workshop, codes
that name no workshop, a workshop's participant limit, and facilitators' sign-ins. Each
refusal is the product's own page, says why and when to try again, and saves nothing."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from workshop import services
from workshop.models import Participant

HX = {"HTTP_HX_REQUEST": "true"}


def from_address(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def join(client: Client, workshop, name: str):
    return client.post(f"/join/{workshop.code}/", {"name": name, "role": "product"})


@pytest.fixture
def tight_limits(settings):
    settings.PREPWORK_LIMITS = {
        "join_address": (3, 60), "join_workshop": (5, 60), "code_guess": (4, 60),
    }


def assert_products_429(response, reason: str):
    page = response.content.decode()
    assert response.status_code == 429
    assert reason in page
    assert "Try again in" in page
    assert "Join a workshop" in page  # the product's page, not a bare error
    assert 1 <= int(response["Retry-After"]) <= 60


# --- Joining --------------------------------------------------------------------------


def test_joins_from_one_address_are_limited_with_the_products_page(workshop, tight_limits):
    for n in range(3):
        assert join(from_address("198.51.100.7"), workshop, f"Person {n}").status_code == 302
    response = join(from_address("198.51.100.7"), workshop, "One too many")
    assert_products_429(response, "Too many people joined from your network")
    assert not Participant.objects.filter(name="One too many").exists()
    # Someone on another network still joins.
    assert join(from_address("203.0.113.9"), workshop, "Elsewhere").status_code == 302


def test_joins_into_one_workshop_are_limited_whatever_the_address(workshop, tight_limits):
    for n in range(5):
        assert join(from_address(f"203.0.113.{n}"), workshop, f"Person {n}").status_code == 302
    response = join(from_address("203.0.113.99"), workshop, "One too many")
    assert_products_429(response, "Too many people are joining this workshop at once")
    assert Participant.objects.count() == 5


def test_a_refused_join_over_htmx_is_a_sentence_for_the_toast(workshop, tight_limits):
    for n in range(3):
        join(from_address("198.51.100.8"), workshop, f"Person {n}")
    response = from_address("198.51.100.8").post(
        f"/join/{workshop.code}/", {"name": "Late", "role": "data"}, **HX
    )
    assert response.status_code == 429
    assert response.content.decode().startswith("Too many people joined from your network")


def test_a_room_of_forty_behind_one_address_joins_within_the_default_limits(workshop):
    for n in range(40):
        assert join(from_address("192.0.2.40"), workshop, f"Person {n}").status_code == 302
    assert Participant.objects.count() == 40


def test_people_still_join_while_the_cache_does_not_answer(
    workshop, tight_limits, monkeypatch, caplog
):
    from django.core.cache import cache

    def no_answer(*args, **kwargs):
        raise ConnectionError("Redis is restarting")

    for method in ("get", "add", "incr"):
        monkeypatch.setattr(cache, method, no_answer)
    for n in range(5):
        assert join(from_address("198.51.100.9"), workshop, f"Person {n}").status_code == 302
    assert "The limit join_address is not counted: the cache did not answer." in caplog.text


# --- Guessing codes -------------------------------------------------------------------


def test_codes_that_name_no_workshop_are_limited_per_address(workshop, tight_limits):
    guesser = from_address("198.51.100.66")
    for _ in range(4):
        assert guesser.post("/join/", {"code": "XXXXXX"}).status_code == 422
    # Over the limit, even the right code is not answered: guessing learns nothing.
    refused = guesser.post("/join/", {"code": workshop.code})
    assert_products_429(refused, "Too many workshop codes that match no workshop")
    # Someone else, elsewhere, joins as usual.
    assert from_address("203.0.113.5").post("/join/", {"code": workshop.code}).status_code == 302


def test_guessing_by_join_links_and_room_addresses_counts_too(workshop, tight_limits):
    guesser = from_address("198.51.100.67")
    for guess in ("XXXXXA", "XXXXXC"):
        assert guesser.get(f"/join/{guess}/").status_code == 404
    for guess in ("XXXXXD", "XXXXXE"):
        assert guesser.get(f"/w/{guess}/people/").status_code == 404
    assert_products_429(guesser.get(f"/join/{workshop.code}/"), "Too many workshop codes")
    assert_products_429(guesser.get(f"/w/{workshop.code}/people/"), "Too many workshop codes")
    assert_products_429(guesser.get("/w/XXXXXF/"), "Too many workshop codes")


def test_members_are_never_held_up_by_their_networks_guesses(
    workshop, bob, tight_limits
):
    from tests.conftest import participant_client

    bob_client = participant_client(bob)
    bob_client.defaults["REMOTE_ADDR"] = "198.51.100.68"
    for guess in ("XXXXXA", "XXXXXC", "XXXXXD", "XXXXXE"):
        bob_client.get(f"/join/{guess}/")
    assert bob_client.get(f"/w/{workshop.code}/").status_code == 200


# --- A workshop's participant limit -----------------------------------------------------


def test_a_full_room_says_so_on_its_join_page_and_takes_nobody(workshop):
    workshop.participant_limit = 2
    workshop.save()
    services.participant_join(workshop=workshop, name="Bob", role="data")
    services.participant_join(workshop=workshop, name="Carol", role="data")
    page = Client().get(f"/join/{workshop.code}/").content.decode()
    assert "This room is full: it takes 2 participants" in page
    assert "Enter the room" not in page
    response = join(Client(), workshop, "Dan")
    assert response.status_code == 409
    assert "This room is full" in response.content.decode()
    assert not Participant.objects.filter(name="Dan").exists()


def test_removed_participants_leave_a_place_free(workshop):
    workshop.participant_limit = 1
    workshop.save()
    bob = services.participant_join(workshop=workshop, name="Bob", role="data")
    services.participant_remove(participant=bob)
    assert join(Client(), workshop, "Carol").status_code == 302


def test_new_workshops_take_sixty_participants(workshop):
    assert workshop.participant_limit == 60


def test_the_facilitator_raises_the_limit_and_the_next_person_joins(alice_client, workshop):
    workshop.participant_limit = 1
    workshop.save()
    services.participant_join(workshop=workshop, name="Bob", role="data")
    assert join(Client(), workshop, "Carol").status_code == 409
    room = alice_client.get(f"/w/{workshop.code}/").content.decode()
    assert 'name="participant_limit"' in room
    response = alice_client.post(
        f"/w/{workshop.code}/participant-limit/", {"participant_limit": "80"}, **HX
    )
    assert response.status_code == 204
    assert "80 participants" in response["HX-Trigger"]
    workshop.refresh_from_db()
    assert workshop.participant_limit == 80
    assert join(Client(), workshop, "Carol").status_code == 302


@pytest.mark.parametrize("value", ["0", "1001", "lots", ""])
def test_a_limit_out_of_range_is_refused_with_a_reason(alice_client, workshop, value):
    response = alice_client.post(
        f"/w/{workshop.code}/participant-limit/", {"participant_limit": value}, **HX
    )
    assert response.status_code == 400
    assert response.content.decode() == "A room takes from 1 to 1000 participants."
    workshop.refresh_from_db()
    assert workshop.participant_limit == 60


def test_only_the_facilitator_sets_the_limit(bob_client, dave_client, workshop):
    for client in (bob_client, dave_client, Client()):
        response = client.post(
            f"/w/{workshop.code}/participant-limit/", {"participant_limit": "500"}
        )
        assert response.status_code == 403
    workshop.refresh_from_db()
    assert workshop.participant_limit == 60


def test_participants_see_no_limit_control(bob_client, workshop):
    assert 'name="participant_limit"' not in bob_client.get(f"/w/{workshop.code}/").content.decode()


# --- Facilitators' sign-ins -----------------------------------------------------------


def sign_in(client: Client, password: str):
    return client.post("/accounts/login/", {"username": "alice", "password": password})


def test_sign_in_is_paused_after_repeated_wrong_passwords_even_for_the_right_one(
    alice, settings
):
    settings.AXES_FAILURE_LIMIT = 5
    attacker = from_address("198.51.100.23")
    for _ in range(4):
        assert sign_in(attacker, "wrong-password").status_code == 200
    locked = sign_in(attacker, "wrong-password")
    right = sign_in(attacker, PASSWORD)
    for response in (locked, right):
        page = response.content.decode()
        assert response.status_code == 429
        assert "Sign-in is paused" in page
        assert "Try again in <strong>15 minutes</strong>" in page
        assert response["Retry-After"] == "900"
    assert "_auth_user_id" not in attacker.session
    # The facilitator, elsewhere, signs in as usual.
    assert sign_in(from_address("203.0.113.1"), PASSWORD).url == "/dashboard/"


def test_ten_wrong_passwords_pause_sign_in_by_default(alice):
    attacker = from_address("198.51.100.24")
    for _ in range(9):
        assert sign_in(attacker, "wrong-password").status_code == 200
    assert sign_in(attacker, "wrong-password").status_code == 429
    assert sign_in(attacker, PASSWORD).status_code == 429


def test_a_right_password_clears_the_count_of_wrong_ones(alice, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = from_address("198.51.100.25")
    sign_in(client, "wrong-password")
    sign_in(client, "wrong-password")
    assert sign_in(client, PASSWORD).url == "/dashboard/"
    client.post("/accounts/logout/")
    sign_in(client, "wrong-password")
    sign_in(client, "wrong-password")
    assert sign_in(client, PASSWORD).url == "/dashboard/"
