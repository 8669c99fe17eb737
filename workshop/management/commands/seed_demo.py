"""A demo workshop with every board that exists filled in; prints its join code last."""

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from workshop import boards, services
from workshop.models import Activity, Participant

DEMO_PEOPLE = [
    ("Amara Okafor", Participant.Role.PRODUCT),
    ("Ben Hartley", Participant.Role.ENGINEERING),
    ("Chen Wei", Participant.Role.DATA),
    ("Dana Ruiz", Participant.Role.MARKETING),
    ("Elif Demir", Participant.Role.SUPPORT),
    ("Farah Said", Participant.Role.DESIGN),
    ("Greg Novak", Participant.Role.LEADERSHIP),
    ("Hana Sato", Participant.Role.LEGAL),
]


class Command(BaseCommand):
    help = "Create a demo workshop with its boards filled in and print its join code."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        User = get_user_model()
        facilitator = User.objects.filter(is_active=True).order_by("pk").first()
        if facilitator is None:
            password = secrets.token_urlsafe(12)
            facilitator = User.objects.create_superuser("demo", password=password)
            self.stdout.write(f"Created facilitator 'demo' with password: {password}")
        today = timezone.localdate()
        workshop = services.workshop_create(
            facilitator=facilitator,
            organisation="Northwind Bank",
            title="Personalization kickstart",
            dates={
                "kickstart": today,
                "planning": today + timezone.timedelta(days=7),
                "execution": today + timezone.timedelta(days=14),
            },
        )
        people = [
            services.participant_join(workshop=workshop, name=name, role=role)
            for name, role in DEMO_PEOPLE
        ]
        boards.seed_all(workshop=workshop, people=people)
        # Open the furthest board that has something on it: the room as it looks well
        # into the workshop, with everything before it filled in.
        filled = [board for board in boards.registered() if board.seed is not None]
        if filled:
            services.activity_open(
                workshop=workshop,
                activity=Activity.objects.get(session__workshop=workshop, kind=filled[-1].kind),
            )
        self.stdout.write(f"Facilitator: {facilitator.get_username()}")
        self.stdout.write(f"Room: /w/{workshop.code}/   Present: /w/{workshop.code}/present/")
        workshop.refresh_from_db()
        if workshop.shared_at:
            self.stdout.write(f"Stakeholders' link: /s/{workshop.share_token}/")
        self.stdout.write(workshop.code)
