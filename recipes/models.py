"""The planning phase's items: persofails (personalization gone wrong) and the
guardrails they become, which recipes must respect."""

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


# The facilitator's starter, from the method's own example.
STARTER = {
    "text": "We keep showing toilet seats to someone who has just bought one.",
    "hurt": "The customer: we look like we watch them without understanding them.",
    "kind": Persofail.Kind.REPETITIVE,
}
STARTER_GUARDRAIL = "Never recommend a durable good the customer has just bought."
