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
