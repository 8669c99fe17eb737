"""The persofails board: scenarios of personalization gone wrong, the guardrails they
become, who may do what, bad input refused, and pages that cost the same at any size."""

import pytest
from channels.db import database_sync_to_async
from django.urls import reverse

from recipes import services
from recipes.models import STARTER_GUARDRAIL, Guardrail, Persofail
from tests.conftest import open_board
from tests.sockets import drain, fresh_channel_layer, leave, room_of  # noqa: F401
from workshop.models import Activity

HX = {"HX-Request": "true"}
PERSOFAIL = {"text": "A birthday offer reaches a customer whose partner has just died.",
             "hurt": "A grieving customer", "kind": "wrong"}


@pytest.fixture
def board(workshop):
    return open_board(workshop, Activity.Kind.PERSOFAILS)


@pytest.fixture
def persofail(workshop, board, bob):
    return services.persofail_create(workshop=workshop, author=bob, **PERSOFAIL)


def url(name, workshop, *ids):
    return reverse(name, args=[workshop.code, *ids])


def page(client, workshop, name="room") -> str:
    return client.get(reverse(name, args=[workshop.code])).content.decode()


def test_the_facilitators_starter_is_the_methods_example_with_its_guardrail(
    alice_client, bob_client, workshop, board
):
    assert bob_client.post(url("persofail_starter", workshop), headers=HX).status_code == 403
    assert "Add the method’s example" in page(alice_client, workshop)
    assert alice_client.post(url("persofail_starter", workshop), headers=HX).status_code == 204
    starter = Persofail.objects.get()
    assert "toilet seats" in starter.text and starter.author is None
    assert starter.guardrails.get().text == STARTER_GUARDRAIL
    assert "Add the method’s example" not in page(alice_client, workshop)


def test_a_participant_adds_a_persofail_everyone_reads(bob_client, carol_client, workshop, board):
    assert bob_client.post(url("persofail_list", workshop), PERSOFAIL, headers=HX).status_code == 200
    carols = page(carol_client, workshop)
    assert PERSOFAIL["text"] in carols and "Bob · Engineering" in carols


@pytest.mark.parametrize("data, field, words", [
    ({**PERSOFAIL, "kind": "spooky"}, "kind", "not one of the available choices"),
    ({**PERSOFAIL, "text": "x" * 201}, "text", "at most 200 characters"),
    ({**PERSOFAIL, "hurt": ""}, "hurt", "This field is required"),
])
def test_bad_persofails_are_refused_beside_the_field(bob_client, workshop, board, data, field, words):
    response = bob_client.post(url("persofail_list", workshop), data, headers=HX)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="persofail-{field}_error"' in html and words in html
    assert not Persofail.objects.exists()


def test_its_author_or_the_facilitator_makes_a_persofail_a_guardrail(
    alice_client, bob_client, carol_client, workshop, persofail
):
    made = url("persofail_guardrail", workshop, persofail.pk)
    assert carol_client.get(made).status_code == 403
    assert bob_client.get(made).status_code == 200
    rule = {"text": "Pause life-event offers when a bereavement is on file."}
    assert carol_client.post(made, rule, headers=HX).status_code == 403
    assert bob_client.post(made, rule, headers=HX).status_code == 200
    assert alice_client.post(made, {"text": "At most one offer a month."},
                             headers=HX).status_code == 200
    assert list(persofail.guardrails.values_list("text", flat=True)) == [
        rule["text"], "At most one offer a month."
    ]
    too_long = bob_client.post(made, {"text": "x" * 121}, headers=HX)
    assert too_long.status_code == 422 and "at most 120 characters" in too_long.content.decode()
    assert Guardrail.objects.count() == 2


def test_only_the_facilitator_adds_a_guardrail_of_their_own_and_removes_others(
    alice_client, bob_client, carol_client, workshop, persofail
):
    rule = {"text": "At most one nudge a week."}
    assert bob_client.post(url("guardrail_list", workshop), rule, headers=HX).status_code == 403
    assert alice_client.post(url("guardrail_list", workshop), rule, headers=HX).status_code == 200
    guardrail = Guardrail.objects.get()
    assert carol_client.post(url("guardrail_delete", workshop, guardrail.pk),
                             headers=HX).status_code == 403
    assert carol_client.post(url("persofail_delete", workshop, persofail.pk),
                             headers=HX).status_code == 403
    assert bob_client.post(url("persofail_delete", workshop, persofail.pk),
                           headers=HX).status_code == 200
    assert alice_client.post(url("guardrail_delete", workshop, guardrail.pk),
                             headers=HX).status_code == 200
    assert not Persofail.objects.exists() and not Guardrail.objects.exists()


def test_forged_ids_locked_and_closed_boards_are_refused(
    alice_client, bob_client, workshop, other_workshop, board, persofail
):
    theirs = Persofail.objects.create(workshop=other_workshop, **PERSOFAIL)
    assert bob_client.get(url("persofail_guardrail", workshop, theirs.pk)).status_code == 404
    alice_client.post(url("activity_lock", workshop, board.pk), {"locked": "on"}, headers=HX)
    locked = bob_client.post(url("persofail_list", workshop), PERSOFAIL, headers=HX)
    assert locked.status_code == 403 and "locked" in locked.content.decode()
    board.refresh_from_db()
    board.locked = False
    board.save()
    open_board(workshop, Activity.Kind.GOALS)
    closed = bob_client.post(url("persofail_guardrail", workshop, persofail.pk),
                             {"text": "A rule"}, headers=HX)
    assert closed.status_code == 403 and not Guardrail.objects.exists()
    assert Persofail.objects.filter(workshop=workshop).count() == 1


def test_the_board_costs_the_same_queries_at_5_and_300_persofails(
    alice_client, bob_client, bob, workshop, board, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fill(count):
        made = Persofail.objects.bulk_create(
            Persofail(workshop=workshop, author=bob, text=f"Persofail {n}", hurt="Someone",
                      kind="wrong")
            for n in range(Persofail.objects.count(), count)
        )
        Guardrail.objects.bulk_create(
            Guardrail(workshop=workshop, persofail=persofail, text=f"Rule {persofail.text}")
            for persofail in made
        )

    screens = [(bob_client, "room"), (alice_client, "room"), (alice_client, "present")]
    fill(5)
    counts = []
    for client, name in screens:
        with CaptureQueriesContext(connection) as queries:
            page(client, workshop, name)
        counts.append(len(queries))
    fill(300)
    for (client, name), count in zip(screens, counts):
        with django_assert_num_queries(count):
            assert "Rule Persofail 299" in page(client, workshop, name)


@pytest.mark.django_db(transaction=True)
async def test_a_persofail_reaches_every_screen_without_the_forms(workshop, bob, carol):
    await database_sync_to_async(open_board)(workshop, "persofails")
    sockets = await room_of(workshop, bob, carol)
    await database_sync_to_async(services.persofail_create)(
        workshop=workshop, author=carol, **PERSOFAIL
    )
    for screen, socket in sockets.items():
        frame = "".join(await drain(socket))
        assert PERSOFAIL["text"] in frame
        assert 'id="persofail-form"' not in frame
    await leave(sockets)
