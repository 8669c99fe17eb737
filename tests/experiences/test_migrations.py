"""The board's move to its own app keeps every card and rating already saved."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("workshop", "0001_initial")]
AFTER = [("workshop", "0002_experiences_move_to_their_own_app"), ("experiences", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_moving_the_board_keeps_its_cards_and_ratings():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("auth", "User")
    facilitator = User.objects.create(username="fran")
    workshop = old.get_model("workshop", "Workshop").objects.create(
        organisation="Acme", title="Kickstart", facilitator=facilitator, code="ACDEFH",
        share_token="token",
    )
    person = old.get_model("workshop", "Participant").objects.create(
        workshop=workshop, name="Bob", role="data"
    )
    card = old.get_model("workshop", "Experience").objects.create(
        workshop=workshop, author=person, title="Discover Weekly", company="Spotify",
        description="A Monday ritual.",
    )
    old.get_model("workshop", "ExperienceRating").objects.create(
        experience=card, participant=person, value=4, feasibility=2
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    moved = new.get_model("experiences", "Experience").objects.get()
    assert (moved.pk, moved.title, moved.author_id) == (card.pk, "Discover Weekly", person.pk)
    rating = new.get_model("experiences", "ExperienceRating").objects.get()
    assert (rating.experience_id, rating.value, rating.feasibility) == (card.pk, 4, 2)

    # And the database is back where every other test expects it.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
