"""The planning phase's items: persofails (personalization gone wrong) and the
guardrails they become, which recipes must respect."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from workshop.models import Participant, Workshop


class Persofail(models.Model):
    """A way personalization could go creepy or wrong here: what happens, and who is hurt."""

    class Kind(models.TextChoices):
        CREEPY = "creepy", "Creepy"
        WRONG = "wrong", "Wrong"
        REPETITIVE = "repetitive", "Repetitive"
        EXCLUSIONARY = "exclusionary", "Exclusionary"
        PRIVACY = "privacy", "Privacy"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="persofails")
    # Empty for the facilitator's own (the starter example included).
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField("what happens", max_length=200)
    hurt = models.CharField("who is hurt, and how", max_length=160)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class Guardrail(models.Model):
    """A short rule a recipe can cite: "at most one nudge a week"."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="guardrails")
    # The persofail it guards against, if it came from one.
    persofail = models.ForeignKey(
        Persofail, null=True, blank=True, on_delete=models.SET_NULL, related_name="guardrails"
    )
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField("the rule", max_length=120)
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text


AXIS = [MinValueValidator(-1.0), MaxValueValidator(1.0)]
# The method picks one or two recipes to do first, and no more: a third is a backlog.
MOST_SELECTED = 2

# The facilitator's starter, from the method's own example.
STARTER = {
    "text": "We keep showing toilet seats to someone who has just bought one.",
    "hurt": "The customer: we look like we watch them without understanding them.",
    "kind": Persofail.Kind.REPETITIVE,
}
STARTER_GUARDRAIL = "Never recommend a durable good the customer has just bought."


class Recipe(models.Model):
    """An if-then personalization recipe, as RecipeSpec (recipes/schema.py) validates it:
    this model only keeps what the spec let in."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="recipes")
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trigger = models.CharField(max_length=160)
    audience = models.CharField(max_length=160)
    condition = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=200)
    content = models.CharField(max_length=300)
    success_metric = models.CharField(max_length=160)
    owner = models.CharField(max_length=60, blank=True)
    launch = models.CharField(max_length=7)
    touchpoint = models.CharField(max_length=16, default="other")
    data_needed = models.JSONField(default=list, blank=True)
    guardrails = models.ManyToManyField(Guardrail, blank=True, related_name="recipes")
    goal = models.ForeignKey(
        "goals.Goal", null=True, blank=True, on_delete=models.SET_NULL, related_name="recipes"
    )
    blocked_by = models.ManyToManyField("barriers.Barrier", blank=True, related_name="recipes")
    hidden = models.BooleanField(default=False)
    # Bumped on each edit, so that a save based on an older copy is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    # Prioritising: where the room puts it on the value/effort 2x2 (from -1 to 1, empty
    # until placed; `moves` counts kept moves, so a screen never goes back to an older
    # one), and whether the facilitator chose it to do first, and why: the decision log.
    effort = models.FloatField(null=True, blank=True, validators=AXIS)
    value = models.FloatField(null=True, blank=True, validators=AXIS)
    moves = models.PositiveIntegerField(default=0)
    selected_at = models.DateTimeField(null=True, blank=True)
    why = models.CharField("why this one first", max_length=160, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"When {self.trigger}, do {self.action}"

    @property
    def selected(self) -> bool:
        return self.selected_at is not None
