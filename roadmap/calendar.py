"""The roadmap's dates for people's calendars: each barrier's commitment (its next step,
due on a day) and each chosen recipe's launch (the first day of its quarter), as
all-day events; one event alone, or all of them as a workshop's feed.

A date is plain data (`dates`), so a finalised version keeps its own (RoadmapVersion.dates)
and its calendar never changes after it; the room's draft builds them afresh from the
boards each time.
"""

import datetime

from icalendar import Calendar, Event, vText

from roadmap.assemble import Roadmap

PRODUCT = "-//Prepwork//Personalization roadmap//EN"


def quarter_start(launch: str) -> datetime.date:
    year, quarter = launch.split("-Q")
    return datetime.date(int(year), 3 * int(quarter) - 2, 1)


def commitment_date(*, workshop, pk: int, description: str, next_step: str, owner: str,
                    due: datetime.date) -> dict:
    """A barrier's commitment as a date: key, uid, summary, description, day (ISO)."""
    return {
        "key": f"barrier-{pk}",
        "uid": _uid("barrier", pk, workshop),
        "summary": f"Due: {next_step or description}",
        "description": f"Barrier: {description}\nOwner: {owner or 'nobody yet'}\n"
                       f"From the {workshop.title} workshop ({workshop.organisation}).",
        "day": due.isoformat(),
    }


def launch_date(*, workshop, pk: int, action: str, trigger: str, audience: str, owner: str,
                success_metric: str, why: str, launch: str) -> dict:
    """A chosen recipe's launch as a date, on the first day of its quarter."""
    return {
        "key": f"recipe-{pk}",
        "uid": _uid("recipe", pk, workshop),
        "summary": f"Launch: {action[:1].upper()}{action[1:]}",
        "description": f"When {trigger}, for {audience}.\nOwner: {owner or 'nobody yet'}\n"
                       f"Success is {success_metric}.\nWhy first: {why}",
        "day": quarter_start(launch).isoformat(),
    }


def dates(roadmap: Roadmap) -> list[dict]:
    """Every date of the roadmap as it stands, commitments first, as plain data."""
    workshop = roadmap.workshop
    return [
        *(commitment_date(workshop=workshop, pk=barrier.pk, description=barrier.description,
                          next_step=barrier.next_step, owner=barrier.owner_label,
                          due=barrier.due)
          for barrier in roadmap.commitments if barrier.due is not None),
        *(launch_date(workshop=workshop, pk=recipe.pk, action=recipe.action,
                      trigger=recipe.trigger, audience=recipe.audience, owner=recipe.owner,
                      success_metric=recipe.success_metric, why=recipe.why,
                      launch=recipe.launch)
          for recipe in roadmap.chosen),
    ]


def listed(kept: list[dict]) -> list[dict]:
    """Dates for a page to list: each with its day as a date."""
    return [{**date, "day": datetime.date.fromisoformat(date["day"])} for date in kept]


def events(kept: list[dict], *, link: str = "") -> dict[str, Event]:
    """Every date as a calendar event, by its key ("barrier-12", "recipe-7")."""
    found: dict[str, Event] = {}
    for date in listed(kept):
        event = Event()
        event.add("uid", date["uid"])
        event.add("dtstamp", datetime.datetime.now(datetime.UTC))
        event.add("dtstart", date["day"])
        event.add("dtend", date["day"] + datetime.timedelta(days=1))
        event.add("summary", date["summary"])
        event.add("description", date["description"])
        if link:
            event.add("url", link)
        found[date["key"]] = event
    return found


def _uid(kind: str, pk: int, workshop) -> str:
    """Stable, unique to this workshop, and no way in: calendar files go to stakeholders,
    who must never learn the room's join code from them."""
    return f"{kind}-{pk}-w{workshop.pk}-{workshop.created_at:%Y%m%d%H%M%S%f}@prepwork"


def feed(chosen: list[Event], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    # As text, escaped like every event's words: a workshop's name may hold a line
    # break (a form posted by hand), which must not end the calendar's line.
    calendar.add("x-wr-calname", vText(name))
    for event in chosen:
        calendar.add_component(event)
    return calendar.to_ical()
