"""A room writes from many people at once; none of their changes may be lost."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from experiences.models import Experience
from tests.conftest import participant_client
from workshop import services

CARD = {"title": "Buy it again", "company": "Amazon", "description": "Saves effort."}


@pytest.mark.django_db(transaction=True)
def test_cards_posted_at_the_same_moment_are_all_saved(workshop, experiences_activity):
    people = [
        services.participant_join(workshop=workshop, name=f"Person {i}", role="product")
        for i in range(12)
    ]
    clients = [participant_client(person) for person in people]
    start = threading.Barrier(len(clients))

    def post(client) -> int:
        try:
            start.wait()
            response = client.post(
                f"/w/{workshop.code}/experiences/", CARD, HTTP_HX_REQUEST="true"
            )
            return response.status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        statuses = list(pool.map(post, clients))
    assert statuses == [200] * len(clients)
    assert Experience.objects.count() == len(clients)
