"""A share link reads and downloads, nothing more: nothing it gives out leads into the
room, whose join code is all a stranger needs to join."""

import datetime

from django.test import Client

from barriers import services as barrier_services
from roadmap import services
from tests.conftest import open_board
from workshop.models import Activity


def test_nothing_a_share_link_gives_out_names_the_join_code(workshop, bob):
    activity = open_board(workshop, Activity.Kind.BARRIERS)
    barrier = barrier_services.barrier_create(
        workshop=workshop, activity=activity, author=bob, category="data",
        description="No tags", severity="low", next_step="Tag them",
        due=datetime.date.today() + datetime.timedelta(days=7),
    )
    services.finalise(workshop=workshop)
    services.publish(workshop=workshop)
    token = workshop.share_token
    stakeholder = Client()
    for url in (f"/s/{token}/", f"/s/{token}/v1.pdf", f"/s/{token}/calendar/all.ics",
                f"/s/{token}/calendar/barrier-{barrier.pk}.ics"):
        response = stakeholder.get(url)
        assert response.status_code == 200, url
        assert workshop.code not in response.get("Content-Disposition", ""), url
        assert workshop.code.encode() not in response.content, url
    assert stakeholder.get(f"/s/{token}/v1.pdf")["Content-Disposition"] == (
        'attachment; filename="roadmap-v1.pdf"'
    )


def test_calendar_events_keep_their_identity_from_one_download_to_the_next(workshop, bob):
    activity = open_board(workshop, Activity.Kind.BARRIERS)
    barrier_services.barrier_create(
        workshop=workshop, activity=activity, author=bob, category="data",
        description="No tags", severity="low", next_step="Tag them",
        due=datetime.date.today() + datetime.timedelta(days=7),
    )
    services.finalise(workshop=workshop)
    services.publish(workshop=workshop)
    url = f"/s/{workshop.share_token}/calendar/all.ics"
    first, second = (Client().get(url).content for _ in range(2))
    uids = [line for line in first.splitlines() if line.startswith(b"UID:")]
    assert len(uids) == 1
    assert uids[0] in second.splitlines()
