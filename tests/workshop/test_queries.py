"""A board costs the same number of queries with 5 cards or 300."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workshop import services
from experiences.models import Experience, ExperienceRating
from workshop.models import Participant


def fill_board(workshop, authors, cards: int) -> None:
    existing = workshop.experiences.count()
    new = Experience.objects.bulk_create(
        Experience(
            workshop=workshop, author=authors[i % len(authors)], title=f"Card {existing + i}",
            company="Acme", description="Admirable.",
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
def crowd(workshop, experiences_activity):
    return [
        services.participant_join(workshop=workshop, name=f"Person {i}", role="data")
        for i in range(8)
    ]


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["page", "fragment"])
def test_the_room_costs_the_same_queries_at_5_and_300_cards(
    alice_client, bob_client, workshop, crowd, headers, django_assert_num_queries
):
    url = f"/w/{workshop.code}/"
    fill_board(workshop, crowd, 5)
    for client in (alice_client, bob_client):
        small = queries_for(client, url, **headers)
        fill_board(workshop, crowd, 300)
        with django_assert_num_queries(small):
            response = client.get(url, **headers)
        assert response.content.decode().count('class="card ') == 300
        Experience.objects.filter(pk__in=workshop.experiences.order_by("pk")[5:].values("pk")).delete()


def test_the_sorted_card_list_costs_the_same_at_5_and_300_cards(
    bob_client, workshop, crowd, django_assert_num_queries
):
    url = f"/w/{workshop.code}/experiences/?sort=value"
    fill_board(workshop, crowd, 5)
    small = queries_for(bob_client, url, HTTP_HX_REQUEST="true")
    fill_board(workshop, crowd, 300)
    with django_assert_num_queries(small):
        bob_client.get(url, HTTP_HX_REQUEST="true")


def test_the_present_view_costs_the_same_at_5_and_300_cards(
    alice_client, workshop, crowd, django_assert_num_queries
):
    url = f"/w/{workshop.code}/present/"
    fill_board(workshop, crowd, 5)
    small = queries_for(alice_client, url)
    fill_board(workshop, crowd, 300)
    with django_assert_num_queries(small):
        alice_client.get(url)
    assert Participant.objects.count() >= 8
