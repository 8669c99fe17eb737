"""The asset audit and the barriers board: what the team has to personalize with, and
what stands in the way, each barrier with an owner and a commitment."""

import datetime

from django.db import models
from django.utils import timezone

from workshop.models import Participant, Workshop


class Asset(models.Model):
    class Category(models.TextChoices):
        DATA = "data", "Data"
        METADATA = "metadata", "Metadata"
        TECHNOLOGY = "technology", "Technology"
        TALENT = "talent", "Talent"
        PROCESS = "process", "Process"

    class Status(models.TextChoices):
        HAVE = "have", "We have it"
        PARTIAL = "partial", "Partly"
        MISSING = "missing", "Missing"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="assets")
    category = models.CharField(max_length=16, choices=Category.choices)
    name = models.CharField("what it is", max_length=120)
    status = models.CharField(max_length=8, choices=Status.choices)
    note = models.CharField(max_length=300, blank=True)
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Bumped on each edit, so that a save based on an older copy is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_gap(self) -> bool:
        return self.status != self.Status.HAVE


# What to look for in each category of the audit, shown beside it.
ASSET_PROMPTS = {
    Asset.Category.DATA: "Customer data we may use: profiles, transactions, behaviour, "
    "and the consent to use them.",
    Asset.Category.METADATA: "Tags on content and products that a rule can select on: topic, "
    "audience, life stage, freshness. Budget heavily for this conversation.",
    Asset.Category.TECHNOLOGY: "Systems that would deliver it: CMS, CDP, email, app, "
    "decisioning, analytics.",
    Asset.Category.TALENT: "People who write the variants, build the rules and read the "
    "results, and the hours they really have.",
    Asset.Category.PROCESS: "How content is planned, approved, tested and retired, and who "
    "signs it off.",
}


class Barrier(models.Model):
    class Category(models.TextChoices):
        METADATA = "metadata", "Metadata"
        DATA = "data", "Data"
        TECHNOLOGY = "technology", "Technology"
        CAPACITY = "capacity", "Talent & capacity"
        COORDINATION = "coordination", "Cross-functional coordination"
        BUDGET = "budget", "Budget"
        LEGAL = "legal", "Legal & privacy"
        OTHER = "other", "Other"

    class Severity(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        RESOLVED = "resolved", "Resolved"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="barriers")
    # The gap in the audit it came from, if it came from one.
    asset = models.ForeignKey(
        Asset, null=True, blank=True, on_delete=models.SET_NULL, related_name="barriers"
    )
    category = models.CharField(max_length=16, choices=Category.choices)
    description = models.CharField("what stands in the way", max_length=300)
    severity = models.CharField(max_length=8, choices=Severity.choices)
    # Someone in the room, or the name of someone who is not.
    owner = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_name = models.CharField("or someone not in the room", max_length=60, blank=True)
    # The commitment: the next step, and by when.
    next_step = models.CharField(max_length=200, blank=True)
    due = models.DateField("by", null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Written while the board was anonymous: its author's name is never shown to others.
    anonymous = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def has_owner(self) -> bool:
        return self.owner_id is not None or bool(self.owner_name)

    @property
    def has_commitment(self) -> bool:
        return bool(self.next_step) and self.due is not None

    @property
    def is_unfinished(self) -> bool:
        return self.status != self.Status.RESOLVED and not (self.has_owner and self.has_commitment)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.due is not None and self.due < today and self.status != self.Status.RESOLVED
