"""The roadmap's dates for people's calendars: each barrier's commitment (its next step,
due on a day) and each chosen recipe's launch (the first day of its quarter), as
all-day events; one event alone, or all of them as a workshop's feed."""

import datetime

from icalendar import Calendar, Event, vText

from roadmap.assemble import Roadmap

PRODUCT = "-//Prepwork//Personalization roadmap//EN"


def quarter_start(launch: str) -> datetime.date:
    year, quarter = launch.split("-Q")
    return datetime.date(int(year), 3 * int(quarter) - 2, 1)


def events(roadmap: Roadmap, *, link: str = "") -> dict[str, Event]:
    """Every event of the roadmap, by its key ("barrier-12", "recipe-7")."""
    workshop = roadmap.workshop
    found: dict[str, Event] = {}
    for barrier in roadmap.commitments:
        if barrier.due is None:
            continue
        owner = barrier.owner_label or "nobody yet"
        found[f"barrier-{barrier.pk}"] = _event(
            uid=_uid("barrier", barrier.pk, workshop),
            summary=f"Due: {barrier.next_step or barrier.description}",
            description=f"Barrier: {barrier.description}\nOwner: {owner}\n"
                        f"From the {workshop.title} workshop ({workshop.organisation}).",
            day=barrier.due, link=link,
        )
    for recipe in roadmap.chosen:
        found[f"recipe-{recipe.pk}"] = _event(
            uid=_uid("recipe", recipe.pk, workshop),
            summary=f"Launch: {recipe.action[:1].upper()}{recipe.action[1:]}",
            description=f"When {recipe.trigger}, for {recipe.audience}.\n"
                        f"Owner: {recipe.owner or 'nobody yet'}\n"
                        f"Success is {recipe.success_metric}.\nWhy first: {recipe.why}",
            day=quarter_start(recipe.launch), link=link,
        )
    return found


def _uid(kind: str, pk: int, workshop) -> str:
    """Stable, unique to this workshop, and no way in: calendar files go to stakeholders,
    who must never learn the room's join code from them."""
    return f"{kind}-{pk}-w{workshop.pk}-{workshop.created_at:%Y%m%d%H%M%S%f}@prepwork"


def _event(*, uid: str, summary: str, description: str, day: datetime.date,
           link: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    if link:
        event.add("url", link)
    return event


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
