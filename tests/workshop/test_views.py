"""The facilitator's pages, the join flow and the room, as pages and as htmx fragments."""

import re

import pytest
import segno
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import PASSWORD
from workshop import services
from workshop.models import Participant, Workshop

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.django_db
def test_the_first_visit_opens_the_one_time_setup_page():
    client = Client()
    assert client.get("/").url == "/setup/"
    response = client.post(
        "/setup/", {"username": "fran", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert get_user_model().objects.get().username == "fran"
    assert client.get("/setup/").status_code == 404
    assert Client().get("/").url == "/join/"


def test_setup_is_gone_once_a_facilitator_exists(alice):
    response = Client().post(
        "/setup/", {"username": "mallory", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 404
    assert not get_user_model().objects.filter(username="mallory").exists()


def test_a_facilitator_signs_in_and_sees_their_workshops(alice, workshop, other_workshop):
    client = Client()
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.url == "/dashboard/"
    page = client.get("/dashboard/").content.decode()
    assert workshop.code in page
    assert other_workshop.code not in page


def test_creating_a_workshop_opens_its_room(alice_client):
    response = alice_client.post(
        "/workshops/new/",
        {"organisation": "Acme", "title": "Kickstart", "kickstart_date": "2026-12-01",
         "planning_date": "2026-12-08", "execution_date": "2026-12-15"},
    )
    workshop = Workshop.objects.get()
    assert response.url == f"/w/{workshop.code}/"
    assert workshop.phases.get(phase="planning").date.isoformat() == "2026-12-08"


def test_phase_dates_out_of_order_are_refused(alice_client):
    response = alice_client.post(
        "/workshops/new/",
        {"organisation": "Acme", "title": "Kickstart", "kickstart_date": "2026-12-08",
         "planning_date": "2026-12-01"},
    )
    assert response.status_code == 200
    assert "The phases run in order" in response.content.decode()
    assert not Workshop.objects.exists()


def test_anonymous_visitors_cannot_create_workshops(db):
    response = Client().get("/workshops/new/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_join_with_a_code_typed_loosely(workshop):
    code = workshop.code.lower()
    response = Client().post("/join/", {"code": f" {code[:3]}-{code[3:]} "})
    assert response.url == f"/join/{workshop.code}/"


def test_an_unknown_code_says_so_next_to_the_field(db):
    response = Client().post("/join/", {"code": "XXXXXX"})
    assert response.status_code == 422
    assert "No workshop has that code" in response.content.decode()


def test_joining_remembers_the_participant_on_this_browser(workshop):
    client = Client()
    response = client.post(f"/join/{workshop.code}/", {"name": "Priya", "role": "product"})
    assert response.url == f"/w/{workshop.code}/"
    room = client.get(f"/w/{workshop.code}/")
    assert room.status_code == 200
    assert "Priya" in room.content.decode()
    # Coming back to the join link later goes straight back into the room.
    assert client.get(f"/join/{workshop.code}/").url == f"/w/{workshop.code}/"
    assert Participant.objects.get().name == "Priya"


def test_joining_without_a_name_or_role_explains_what_is_missing(workshop):
    response = Client().post(f"/join/{workshop.code}/", {"name": " ", "role": "pirate"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Tell the room who you are." in page
    assert "Select a valid choice" in page
    assert not Participant.objects.exists()


def test_a_stranger_is_sent_to_the_join_page(workshop):
    response = Client().get(f"/w/{workshop.code}/")
    assert response.url == f"/join/{workshop.code}/"


def test_an_unknown_room_is_a_404_that_says_why(db):
    response = Client().get("/w/ZZZZZZ/")
    assert response.status_code == 404
    assert "There is no workshop with that code." in response.content.decode()


def test_the_room_is_a_page_and_its_body_a_fragment(bob_client, workshop):
    page = bob_client.get(f"/w/{workshop.code}/")
    fragment = bob_client.get(f"/w/{workshop.code}/", **HX)
    assert b"<html" in page.content and b'id="room-body"' in page.content
    assert b"<html" not in fragment.content and fragment.content.lstrip().startswith(
        b'<div id="room-body"'
    )


def test_participants_see_no_facilitator_controls(bob_client, workshop):
    page = bob_client.get(f"/w/{workshop.code}/").content.decode()
    assert "Facilitator controls" not in page
    assert 'aria-label="Agenda"' not in page
    assert "I’m done" in page


def test_the_facilitator_sees_the_agenda_and_controls(alice_client, workshop):
    page = alice_client.get(f"/w/{workshop.code}/").content.decode()
    assert "Facilitator controls" in page
    assert "Assets &amp; barriers" in page
    assert workshop.code in page


def test_the_present_view_shows_the_code_and_a_qr_code(alice_client, workshop):
    page = alice_client.get(f"/w/{workshop.code}/present/").content.decode()
    assert f">{workshop.code}<" in page
    assert "<svg" in page
    assert "testserver/join" in page


def test_the_present_views_qr_code_scales_whole_with_its_quiet_zone(alice_client, workshop):
    page = alice_client.get(f"/w/{workshop.code}/present/").content.decode()
    svg = re.search(r"<svg[^>]*>", page[page.index('class="qr"'):]).group(0)
    # A viewBox and no fixed size: the stylesheet's size scales it rather than cropping.
    assert "width=" not in svg and "height=" not in svg
    code = segno.make(f"http://testserver/join/{workshop.code}/", error="m")
    side = code.symbol_size(border=4)[0]
    assert f'viewBox="0 0 {side} {side}"' in svg


def test_participants_cannot_open_the_present_view(bob_client, workshop):
    assert bob_client.get(f"/w/{workshop.code}/present/").status_code == 403


def test_the_facilitator_moves_the_room_to_another_activity(alice_client, workshop):
    goals = workshop.phases.get(phase="kickstart").activities.get(kind="goals")
    response = alice_client.post(f"/w/{workshop.code}/activities/{goals.pk}/open/", **HX)
    assert response.status_code == 204
    workshop.refresh_from_db()
    assert workshop.current_activity == goals


def test_participants_cannot_move_the_room(bob_client, workshop):
    goals = workshop.phases.get(phase="kickstart").activities.get(kind="goals")
    response = bob_client.post(f"/w/{workshop.code}/activities/{goals.pk}/open/", **HX)
    assert response.status_code == 403
    assert response.content.decode() == "Only the facilitator can do that."
    workshop.refresh_from_db()
    assert workshop.current_activity.kind == "team"


def test_a_facilitator_cannot_open_another_workshops_activity(alice_client, workshop, other_workshop):
    foreign = other_workshop.phases.first().activities.first()
    response = alice_client.post(f"/w/{workshop.code}/activities/{foreign.pk}/open/")
    assert response.status_code == 404


def test_a_facilitator_cannot_run_someone_elses_workshop(alice_client, other_workshop):
    assert alice_client.get(f"/w/{other_workshop.code}/").status_code == 302
    response = alice_client.post(f"/w/{other_workshop.code}/timer/", {"minutes": 5})
    assert response.status_code == 403


def test_the_timer_accepts_one_to_180_minutes(alice_client, workshop):
    for minutes in ("0", "181", "soon"):
        response = alice_client.post(f"/w/{workshop.code}/timer/", {"minutes": minutes}, **HX)
        assert response.status_code == 400
    workshop.refresh_from_db()
    assert workshop.timer_ends_at is None
    alice_client.post(f"/w/{workshop.code}/timer/", {"minutes": "10"}, **HX)
    workshop.refresh_from_db()
    assert workshop.timer_seconds == 600
    alice_client.post(f"/w/{workshop.code}/timer/stop/", **HX)
    workshop.refresh_from_db()
    assert workshop.timer_ends_at is None


def test_a_participant_marks_themselves_done(bob_client, bob, workshop):
    response = bob_client.post(f"/w/{workshop.code}/ready/", {"ready": "on"}, **HX)
    assert "✓ I’m done" in response.content.decode()
    bob.refresh_from_db()
    assert bob.ready_for_id == workshop.current_activity_id


def test_the_facilitator_removes_a_participant_and_their_cookie_stops_working(
    alice_client, bob_client, bob, workshop
):
    response = alice_client.post(f"/w/{workshop.code}/participants/{bob.pk}/remove/", **HX)
    assert response.status_code == 204
    assert bob_client.get(f"/w/{workshop.code}/").url == f"/join/{workshop.code}/"
    page = bob_client.get(f"/join/{workshop.code}/").content.decode()
    assert "The facilitator removed you from this workshop" in page
    assert bob_client.post(f"/w/{workshop.code}/ready/", {"ready": "on"}).status_code == 403


def test_participants_cannot_remove_each_other(bob_client, carol, workshop):
    response = bob_client.post(f"/w/{workshop.code}/participants/{carol.pk}/remove/")
    assert response.status_code == 403
    carol.refresh_from_db()
    assert carol.removed_at is None


def test_a_cookie_of_another_workshop_does_not_open_this_one(dave_client, workshop):
    assert dave_client.get(f"/w/{workshop.code}/").url == f"/join/{workshop.code}/"
    assert dave_client.post(f"/w/{workshop.code}/ready/", {"ready": "on"}).status_code == 403


def test_a_forged_cookie_is_ignored(workshop, bob):
    client = Client()
    client.cookies[f"prepwork_p{workshop.pk}"] = f"{workshop.pk}.{bob.pk}:forged:signature"
    assert client.get(f"/w/{workshop.code}/").status_code == 302


def test_user_text_is_escaped_in_the_room(workshop):
    services.participant_join(
        workshop=workshop, name="<script>alert(1)</script>", role="design"
    )
    client = Client()
    client.force_login(workshop.facilitator)
    page = client.get(f"/w/{workshop.code}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_healthz_reports_the_database_and_channel_layer(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "channel_layer": "ok"}


def test_healthz_names_the_part_that_does_not_answer(db, monkeypatch):
    from workshop import views

    async def broken():
        raise ConnectionError("no layer")

    monkeypatch.setattr(views, "_channel_layer_answers", broken)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "ok"
    assert response.json()["channel_layer"].startswith("error")


def test_an_unknown_page_gets_the_products_404_not_a_debug_page(db):
    response = Client().get("/no/such/page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Nothing here" in page and "Prepwork" in page
    assert "URLconf" not in page and "Traceback" not in page


def test_a_server_error_gets_a_calm_500_page(db, settings):
    settings.ROOT_URLCONF = "tests.workshop.urls_failing"
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    htmx = client.get("/broken/", **HX)
    assert htmx.status_code == 500 and htmx["Content-Type"].startswith("text/plain")


def test_a_megabyte_pasted_into_a_form_is_refused_with_a_reason(
    bob_client, workshop, experiences_activity
):
    from experiences.models import Experience

    huge = {"title": "x" * 1_000_000, "company": "Acme", "description": "Too long."}
    response = bob_client.post(f"/w/{workshop.code}/experiences/", huge, **HX)
    assert response.status_code == 400
    assert response.content.decode() == "That is far more text than any field takes. Nothing was saved."
    assert not Experience.objects.exists()


def test_a_value_over_its_limit_comes_back_cut_to_the_limit_with_the_error(
    bob_client, workshop, experiences_activity
):
    response = bob_client.post(
        f"/w/{workshop.code}/experiences/",
        {"title": "y" * 5000, "company": "Acme", "description": "Long title."}, **HX,
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "at most 120 characters" in page
    assert 'value="' + "y" * 120 + '"' in page
    assert "y" * 121 not in page


def test_the_message_after_creating_a_workshop_shows_in_its_room(alice_client):
    response = alice_client.post(
        "/workshops/new/", {"organisation": "Acme", "title": "Kickstart"}, follow=True
    )
    workshop = Workshop.objects.get()
    assert response.redirect_chain[-1][0] == f"/w/{workshop.code}/"
    assert f"Workshop created. Participants join with {workshop.code}." in response.content.decode()


def test_the_projector_shows_what_participants_see_never_a_hidden_card(
    alice_client, bob_client, workshop, experiences_activity
):
    services.activity_set_hiding(activity=experiences_activity, hide=True)
    bob_client.post(
        f"/w/{workshop.code}/experiences/",
        {"title": "Secret idea", "company": "Acme", "description": "Not yet."}, **HX,
    )
    projector = alice_client.get(f"/w/{workshop.code}/present/").content.decode()
    assert "Secret idea" not in projector
    assert "<strong>1</strong> card waiting for the reveal" in projector
    # The facilitator's own room does show it, marked.
    room = alice_client.get(f"/w/{workshop.code}/").content.decode()
    assert "Secret idea" in room and "Hidden until reveal" in room


def test_everyone_by_name_sorts_names_as_people_read_them(bob_client, workshop):
    for name in ("Person 10", "person 2", "Person 1"):
        services.participant_join(workshop=workshop, name=name, role="data")
    page = bob_client.get(f"/w/{workshop.code}/people/", **HX).content.decode()
    assert page.index("Person 1<") < page.index("person 2<") < page.index("Person 10<")
    assert "Remove Person 1" not in page  # only the facilitator removes people


def test_marking_yourself_done_renders_only_the_button(bob_client, workshop, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = bob_client.post(f"/w/{workshop.code}/ready/", {"ready": "on"}, **HX)
    assert response.content.decode().lstrip().startswith('<form id="ready-button"')
