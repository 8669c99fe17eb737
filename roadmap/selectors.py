"""What the roadmap board shows each audience: the roadmap as it stands, and for the
facilitator its versions and share link."""

from django.urls import reverse

from roadmap.assemble import assemble
from workshop.access import Audience, Member
from workshop.models import Activity, Workshop

BOARD = "roadmap/board.html"


def calendar_base(workshop: Workshop) -> str:
    return reverse("roadmap_calendar", args=[workshop.code]).removesuffix("all.ics")


def board_context(
    *, workshop: Workshop, activity: Activity, audience: Audience,
    member: Member | None = None, options=None,
) -> dict:
    context = {
        "roadmap": assemble(workshop),
        "calendar_base": calendar_base(workshop),
    }
    if audience == Audience.FACILITATOR:
        context["versions"] = list(workshop.roadmap_versions.defer("pdf", "html", "dates"))
    return context
