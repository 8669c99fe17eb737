"""The goals board: goals placed on the 2x2 of business efficiency ↔ customer
understanding (x) and back-stage ↔ front-stage (y)."""

import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from workshop.models import Participant, Workshop

# The grid runs from -1 to 1 on each axis; the centre is 0, 0.
EDGE = 1.0
AXIS = [MinValueValidator(-EDGE), MaxValueValidator(EDGE)]

# Metrics that only count attention; a goal measured by them alone gets a nudge.
ATTENTION_ONLY = re.compile(
    r"\b(clicks?|click[- ]?through|ctr|taps?|opens?|open rate|page ?views?|views?|"
    r"impressions?|visits?|sessions?|traffic)\b",
    re.IGNORECASE,
)
OUTCOMES = re.compile(
    r"retention|retain|trust|satisf|nps|churn|loyal|repeat|return|lifetime|ltv|"
    r"convers|revenue|complain|effort|csat|renew|recommend|resolution|time to",
    re.IGNORECASE,
)


class Goal(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="goals")
    # Empty for the facilitator's own goals.
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Authors of goals merged into this one: it speaks for them too.
    also_by = models.ManyToManyField(Participant, blank=True, related_name="+")
    text = models.CharField("goal", max_length=200)
    department = models.CharField(
        "who wants it", max_length=16, choices=Participant.Role.choices
    )
    success_metric = models.CharField(max_length=160)
    # Where the goal sits on the grid, or both empty while it waits in the tray.
    x = models.FloatField(null=True, blank=True, validators=AXIS)
    y = models.FloatField(null=True, blank=True, validators=AXIS)
    # How many times it has been moved: screens keep the latest move they were sent.
    moves = models.PositiveIntegerField(default=0)
    hidden = models.BooleanField(default=False)
    # Bumped on each edit, so that a save based on an older copy is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(x__isnull=True, y__isnull=True)
                | models.Q(
                    x__isnull=False, y__isnull=False,
                    x__range=(-EDGE, EDGE), y__range=(-EDGE, EDGE),
                ),
                name="goal_on_the_grid_or_in_the_tray",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_placed(self) -> bool:
        return self.x is not None

    @property
    def needs_better_metric(self) -> bool:
        return needs_better_metric(self.success_metric)


def needs_better_metric(metric: str) -> bool:
    """Whether a success metric counts only clicks, opens or views: attention, not value."""
    return bool(ATTENTION_ONLY.search(metric)) and not OUTCOMES.search(metric)


class SilentRound(models.Model):
    """A round of silent placement: each participant places every goal on a grid of
    their own, seeing nobody else's, until the facilitator reveals them all at once and
    settles each goal's place."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    revealed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workshop"], condition=models.Q(closed_at__isnull=True),
                name="one_open_silent_round_per_workshop",
            ),
        ]

    @property
    def is_placing(self) -> bool:
        return self.revealed_at is None


class Placement(models.Model):
    """Where one participant put one goal in a silent round."""

    round = models.ForeignKey(SilentRound, on_delete=models.CASCADE, related_name="placements")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="placements")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    x = models.FloatField(validators=AXIS)
    y = models.FloatField(validators=AXIS)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "goal", "participant"], name="one_placement_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(x__range=(-EDGE, EDGE), y__range=(-EDGE, EDGE)),
                name="placement_on_the_grid",
            ),
        ]
