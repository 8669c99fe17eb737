"""The board costs the same number of queries with 5 cards or 300, for every screen,
and a page of 300 cards stays light enough for a room of laptops on one Wi-Fi."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from experiences.models import Experience, ExperienceRating
from workshop import services

HX = {"HTTP_HX_REQUEST": "true"}
WIRE_BUDGET = 400 * 1024  # bytes sent for a room page of 300 cards
RAW_BUDGET = 720 * 1024  # the same page uncompressed: lean card markup keeps it there


def fill_board(workshop, authors, cards: int) -> None:
    existing = workshop.experiences.count()
    new = Experience.objects.bulk_create(
        Experience(
            workshop=workshop, author=authors[i % len(authors)],
            title=f"Rows that reorder themselves, take {existing + i}", company="Netflix",
            description="The home screen's rows change with what you watch, so two people "
            "in one house see different front pages.",
        )
        for i in range(cards - existing)
    )
    ExperienceRating.objects.bulk_create(
        ExperienceRating(experience=card, participant=person, value=3, feasibility=4)
        for card in new
        for person in authors
    )


def queries_for(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def crowd(workshop, experiences_activity, bob):
    return [bob] + [
        services.participant_join(workshop=workshop, name=f"Person {i}", role="data")
        for i in range(7)
    ]


def assert_constant(client, url, workshop, crowd, django_assert_num_queries, **headers):
    fill_board(workshop, crowd, 5)
    small = queries_for(client, url, **headers)
    fill_board(workshop, crowd, 300)
    with django_assert_num_queries(small):
        response = client.get(url, **headers)
    return response


@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "fragment"])
@pytest.mark.parametrize("who", ["alice_client", "bob_client"])
def test_the_room_costs_the_same_queries_at_5_and_300_cards(
    request, who, workshop, crowd, headers, django_assert_num_queries
):
    client = request.getfixturevalue(who)
    response = assert_constant(
        client, f"/w/{workshop.code}/", workshop, crowd, django_assert_num_queries, **headers
    )
    assert response.content.decode().count('class="card ') == 300


@pytest.mark.parametrize("who", ["alice_client", "bob_client"])
def test_a_room_page_of_300_cards_sends_under_400_kb(request, who, workshop, crowd):
    fill_board(workshop, crowd, 300)
    client = request.getfixturevalue(who)
    page = client.get(f"/w/{workshop.code}/").content
    assert page.count(b'class="card ') == 300
    assert len(page) <= RAW_BUDGET, f"{len(page) / 1024:.0f} KB"
    sent = client.get(f"/w/{workshop.code}/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert sent["Content-Encoding"] == "gzip"
    assert len(sent.content) <= WIRE_BUDGET, f"{len(sent.content) / 1024:.0f} KB"


@pytest.mark.parametrize("url", ["experiences/?sort=value", "people/"], ids=["sorted", "people"])
def test_the_participants_fragments_cost_the_same_at_5_and_300_cards(
    url, bob_client, bob, workshop, crowd, django_assert_num_queries
):
    assert_constant(
        bob_client, f"/w/{workshop.code}/{url}", workshop, crowd, django_assert_num_queries, **HX
    )


def test_the_present_view_costs_the_same_at_5_and_300_cards(
    alice_client, workshop, crowd, django_assert_num_queries
):
    response = assert_constant(
        alice_client, f"/w/{workshop.code}/present/", workshop, crowd, django_assert_num_queries
    )
    assert "+ 288 more cards" in response.content.decode()


def test_everyones_own_share_of_the_board_costs_two_queries_at_any_size(
    workshop, crowd, experiences_activity, django_assert_num_queries
):
    from experiences.selectors import personal_shares

    fill_board(workshop, crowd, 300)
    with django_assert_num_queries(2):
        shares = personal_shares(workshop=workshop, activity=experiences_activity)
    assert len(shares) == len(crowd)
    assert all(len(share["rated"]) == 300 for share in shares.values())


def test_a_rating_costs_a_handful_of_queries(bob_client, workshop, crowd, django_assert_max_num_queries):
    fill_board(workshop, crowd, 5)
    card = workshop.experiences.first()
    with django_assert_max_num_queries(8):
        response = bob_client.post(f"/w/{workshop.code}/experiences/{card.pk}/rate/", {"value": "5"}, **HX)
    assert response.status_code == 204
