"""Finalised versions of a workshop's roadmap: numbered, dated, frozen as they were."""

from django.db import models

from workshop.models import Workshop


class RoadmapVersion(models.Model):
    """The roadmap as it stood when the facilitator finalised it: its page and its PDF
    are kept, so later changes to the boards never alter what stakeholders were given."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE,
                                 related_name="roadmap_versions")
    number = models.PositiveIntegerField()
    made_at = models.DateTimeField(auto_now_add=True)
    # The roadmap's sections as the stakeholder page shows them (already escaped HTML).
    html = models.TextField()
    pdf = models.BinaryField()
    pages = models.PositiveIntegerField(default=0)
    # Its dates as roadmap.calendar.dates gave them: the stakeholder's list and calendar
    # files are built from these, never from the boards as they are now.
    dates = models.JSONField(default=list)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "number"], name="one_number_per_version"),
        ]

    def __str__(self) -> str:
        return f"Version {self.number}"
