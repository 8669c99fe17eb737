"""The facilitator's writes to the roadmap: finalise a version, publish, replace or
revoke the share link. Every screen on the roadmap board then sees the change."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from roadmap import calendar, pdf
from roadmap.assemble import assemble
from roadmap.models import RoadmapVersion
from workshop import room
from workshop.models import Activity, Workshop, new_share_token


class NothingToShare(ValueError):
    """A share link shows a finalised version: there is none yet."""


def _changed(workshop: Workshop) -> None:
    room.board_changed(workshop, Activity.Kind.ROADMAP)


@transaction.atomic
def finalise(*, workshop: Workshop) -> RoadmapVersion:
    """Freeze the roadmap as it is now: the next number, today's date, its page, its PDF
    and its dates for calendars."""
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    number = (workshop.roadmap_versions.aggregate(last=Max("number"))["last"] or 0) + 1
    roadmap = assemble(workshop)
    version = RoadmapVersion(workshop=workshop, number=number, made_at=timezone.now())
    rendered = pdf.render(roadmap, version=version)
    version.html = pdf.sections_html(roadmap)
    version.pdf, version.pages = rendered.pdf, rendered.pages
    version.dates = calendar.dates(roadmap)
    version.save()
    _changed(workshop)
    return version


@transaction.atomic
def publish(*, workshop: Workshop, new_token: bool = False) -> Workshop:
    """Publish the share link, or replace it with a new one (the old one stops working)."""
    if not workshop.roadmap_versions.exists():
        raise NothingToShare("Finalise the roadmap first: the link shows a finalised version.")
    if new_token:
        workshop.share_token = new_share_token()
    workshop.shared_at = timezone.now()
    workshop.save(update_fields=["share_token", "shared_at"])
    _changed(workshop)
    return workshop


@transaction.atomic
def revoke(*, workshop: Workshop) -> None:
    """Stop sharing: the link is dead for good; publishing again makes a new one."""
    workshop.share_token = new_share_token()
    workshop.shared_at = None
    workshop.save(update_fields=["share_token", "shared_at"])
    _changed(workshop)


def seed(*, workshop: Workshop, activity: Activity, people) -> None:
    """For `seed_demo`: the roadmap finalised once, and its link published."""
    finalise(workshop=workshop)
    publish(workshop=workshop)
