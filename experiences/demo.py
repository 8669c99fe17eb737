"""How `seed_demo` fills the connected-experiences board."""

import random

from experiences import services
from experiences.models import ExperienceRating
from workshop.models import Activity, Participant, Workshop


def fill(*, workshop: Workshop, activity: Activity, people: list[Participant]) -> None:
    services.starter_deck_load(workshop=workshop)
    marketing = next((p for p in people if p.role == Participant.Role.MARKETING), people[0])
    services.experience_create(
        workshop=workshop, activity=activity, author=marketing,
        title="Statements that explain themselves", company="Revolut",
        description="Merchant logos, maps and categories turn a cryptic statement line "
        "into something a customer recognises at a glance.",
        link="https://www.revolut.com/",
    )
    scores = random.Random(7)
    ExperienceRating.objects.bulk_create(
        ExperienceRating(
            experience=card, participant=person,
            value=scores.randint(2, 5), feasibility=scores.randint(1, 5),
        )
        for card in workshop.experiences.all()
        for person in people
        if scores.random() < 0.75
    )
