"""The connected-experiences board: experiences people admire, and their ratings."""

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models

from workshop.models import Participant, Workshop


class Experience(models.Model):
    """A customer experience someone in the room admires: the raw material of the
    kickstart's "could we build this, how hard?" discussion."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="experiences"
    )
    # Empty for the facilitator's cards, the starter deck included.
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=120)
    company = models.CharField("who does it", max_length=80)
    description = models.TextField(
        "what makes it admirable", max_length=1000, validators=[MaxLengthValidator(1000)]
    )
    link = models.URLField(blank=True, max_length=500)
    hidden = models.BooleanField(default=False)
    # Bumped on each edit, so that a save based on an older copy is refused
    # instead of silently overwriting the newer one.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ExperienceRating(models.Model):
    class Dimension(models.TextChoices):
        VALUE = "value", "Value to our customers"
        FEASIBILITY = "feasibility", "Feasibility for us"

    experience = models.ForeignKey(
        Experience, on_delete=models.CASCADE, related_name="ratings"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="+"
    )
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    feasibility = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["experience", "participant"], name="one_rating_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__range=(1, 5)),
                name="value_from_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(feasibility__isnull=True)
                | models.Q(feasibility__range=(1, 5)),
                name="feasibility_from_1_to_5",
            ),
        ]
