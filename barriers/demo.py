"""How `seed_demo` fills the asset audit and the barriers board: assets of every status,
barriers of several categories with owners and commitments (one overdue, one without
an owner yet), and one barrier made from a missing asset."""

import datetime

from django.utils import timezone

from barriers import services
from barriers.models import Asset, Barrier
from workshop.models import Activity, Participant, Workshop

DEMO_ASSETS = [
    # category, name, status, note
    ("data", "Transaction history, 7 years", "have", "Clean from 2019; categorised."),
    ("data", "Marketing consent per channel", "partial", "Email yes; app push not recorded."),
    ("metadata", "Product tags by life stage", "missing", "Products are tagged by type only."),
    ("metadata", "Article topics in the help centre", "partial", "Half the articles tagged."),
    ("technology", "Customer data platform", "have", "Segment, live since spring."),
    ("technology", "Decisioning in the app", "missing", ""),
    ("talent", "Content designers for variants", "partial", "Two, both on the rebrand."),
    ("process", "Sign-off for personalized copy", "missing", "Legal reviews every variant."),
]

DEMO_BARRIERS = [
    # category, description, severity, owner role (or a typed name), next step, days to due
    ("coordination", "Marketing and product each run their own customer journeys",
     "high", "leadership", "Monthly journey review with both teams", 21),
    ("legal", "Every personalized variant needs its own legal review",
     "high", "legal", "Agree pre-approved copy blocks with legal", -5),
    ("capacity", "No analyst time to read the results of tests",
     "medium", "Priya Nair (Analytics)", "Ask for one analyst day a week", 30),
    ("budget", "Personalization has no budget line of its own", "medium", None, "", None),
    ("data", "Consent for app push is not recorded", "low", "data", "", None),
]


def fill(*, workshop: Workshop, activity: Activity, people: list[Participant]) -> None:
    by_role = {person.role: person for person in people}
    today = timezone.localdate()
    for category, name, status, note in DEMO_ASSETS:
        services.asset_create(
            workshop=workshop, author=by_role.get("product"), category=category, name=name,
            status=status, note=note,
        )
    for category, description, severity, owner, step, days in DEMO_BARRIERS:
        services.barrier_create(
            workshop=workshop, activity=activity, author=by_role.get("engineering"),
            category=category, description=description, severity=severity,
            owner=by_role.get(owner), owner_name="" if owner in by_role or owner is None else owner,
            next_step=step, due=None if days is None else today + datetime.timedelta(days=days),
        )
    tags = Asset.objects.get(workshop=workshop, name="Product tags by life stage")
    made = services.barrier_from_asset(asset=tags, activity=activity, author=by_role.get("data"))
    Barrier.objects.filter(pk=made.pk).update(
        owner=by_role.get("product"), next_step="Tag the top 200 products by life stage",
        due=today + datetime.timedelta(days=45), status=Barrier.Status.IN_PROGRESS,
    )
