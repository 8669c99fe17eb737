"""The roadmap's calendar files are read by calendar programs: whatever a workshop is
called, they are well-formed, and its name stays the text it was."""

import datetime

from django.urls import reverse
from icalendar import Calendar

from barriers import services as barrier_services
from tests.conftest import open_board
from workshop.models import Activity


def test_a_workshop_name_with_a_line_break_still_gives_a_calendar(workshop, bob, bob_client):
    # A form posted by hand can carry a line break that a text box never would.
    workshop.title = "Kickstart\r\nEND:VCALENDAR"
    workshop.save(update_fields=["title"])
    activity = open_board(workshop, Activity.Kind.BARRIERS)
    barrier_services.barrier_create(
        workshop=workshop, activity=activity, author=bob, category="data",
        description="No tags", severity="low", next_step="Tag them",
        due=datetime.date.today() + datetime.timedelta(days=7),
    )
    response = bob_client.get(reverse("roadmap_calendar", args=[workshop.code]))
    assert response.status_code == 200
    # The line break is written as text (a backslash and an n), so no line of it ends the file.
    assert b"X-WR-CALNAME:Kickstart\\nEND:VCALENDAR: roadmap\r\n" in response.content
    assert response.content.count(b"END:VCALENDAR") == 2
    assert response.content.endswith(b"\r\nEND:VCALENDAR\r\n")
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1
