"""The roadmap: assembled from the boards, printed to a PDF stakeholders can trust,
frozen in versions, shared by a link that reads and downloads and nothing more, and its
dates in calendars."""

import datetime
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from barriers.models import Barrier
from goals.models import Goal
from recipes import services as recipe_services
from recipes.models import Guardrail, Recipe
from recipes.schema import RecipeSpec
from roadmap import pdf, services
from roadmap.assemble import assemble
from roadmap.models import RoadmapVersion
from tests.conftest import open_board
from workshop.models import Activity

HX = {"HX-Request": "true"}
TODAY = datetime.date(2026, 12, 2)


def text_of(body: bytes, tmp_path, *, layout: bool = True) -> str:
    """The PDF's text, laid out as printed or (layout=False) in reading order."""
    path = tmp_path / "roadmap.pdf"
    path.write_bytes(body)
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(path), "-"],
                          check=True, capture_output=True, text=True).stdout


def info_of(body: bytes, tmp_path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(body)
    return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def filled(workshop, bob):
    """A workshop with a north star, a goal, a barrier with a commitment, a guardrail and
    two recipes, one chosen first."""
    workshop.north_star = "Every customer feels known"
    workshop.ambition = "experience"
    workshop.save()
    goal = Goal.objects.create(workshop=workshop, text="Fewer repeat calls", department="support",
                               success_metric="Repeat contacts", x=0.5, y=0.5)
    barrier = Barrier.objects.create(
        workshop=workshop, category="data", severity="high", description="No consent record",
        owner=bob, next_step="Record consent per channel", due=TODAY + datetime.timedelta(days=30),
    )
    guardrail = Guardrail.objects.create(workshop=workshop, text="At most one nudge a week")
    chosen = recipe_services.recipe_create(workshop=workshop, author=bob, spec=RecipeSpec(
        trigger="a parcel is delivered", audience="sofa buyers", action="ask how it went",
        content="a two-question survey", success_metric="Reviews within 14 days",
        owner="Care team", launch="2027-Q2", goal=goal.pk, guardrails=[guardrail.pk],
        blocked_by=[barrier.pk],
    ))
    recipe_services.recipe_choose(recipe=chosen, why="The survey tool is live already")
    recipe_services.recipe_create(workshop=workshop, author=bob, spec=RecipeSpec(
        trigger="a cart is abandoned", audience="new customers", action="send a reminder",
        content="the cart", success_metric="Email opens", owner="", launch="2027-Q3",
    ))
    return workshop


def test_the_roadmap_is_assembled_from_the_boards(filled, bob):
    roadmap = assemble(filled, today=TODAY)
    assert [r.action for r in roadmap.chosen] == ["ask how it went"]
    assert [(quarter, [r.action for r in recipes]) for quarter, recipes in roadmap.by_quarter] \
        == [("2027-Q3", ["send a reminder"])]
    assert roadmap.chosen[0].blockers[0].owner_label == "Bob"
    assert [b.description for b in roadmap.commitments] == ["No consent record"]
    assert {w.rule for _, ws in roadmap.open_warnings for w in ws} >= {"no-owner", "no-goal"}
    assert roadmap.team == [("Engineering", ["Bob"])]
    assert "Fewer repeat calls" in roadmap.charts["goals"] or roadmap.goals


def test_the_pdf_tells_stakeholders_what_by_whom_when_and_what_blocks_it(filled, tmp_path):
    rendered = pdf.render(assemble(filled, today=TODAY))
    text = text_of(rendered.pdf, tmp_path)
    for words in ("Every customer feels known", "ask how it went", "Care team",
                  "Reviews within 14 days", "The survey tool is live already", "No consent record",
                  "Bob", "Record consent per channel", "send a reminder", "2027-Q3"):
        assert words in text, words
    assert 3 <= rendered.pages <= 12
    # A draft says so on every page.
    pages = text.split("\f")
    # The cover says where it comes from: the workshop's sessions and the people in it.
    cover = " ".join(text_of(rendered.pdf, tmp_path, layout=False).split("\f")[0].split())
    assert "Kickstart — Planning — Execution" in cover and "1 person in 1 role" in cover
    # The page after the cover sums it up: the figures, and the commitment due next.
    glance = " ".join(text_of(rendered.pdf, tmp_path, layout=False).split("\f")[1].split())
    assert "At a glance" in glance and "2 recipes in all, launching 2027-Q2 to 2027-Q3" in glance
    assert "1 open commitment" in glance and "Record consent per channel Bob" in glance
    assert all("Draft" in page for page in pages if page.strip())
    info = info_of(rendered.pdf, tmp_path)
    assert "Kickstart" in info and "Northwind" in info  # title and author
    assert "Tagged:          yes" in info


def test_user_text_prints_literally_in_the_pdf_and_the_page(filled, bob, alice_client, tmp_path):
    Recipe.objects.filter(action="send a reminder").update(action="<script>alert(1)</script>")
    text = text_of(pdf.render(assemble(filled)).pdf, tmp_path)
    assert "<script>alert(1)</script>" in text
    open_board(filled, Activity.Kind.ROADMAP)
    page = alice_client.get(reverse("room", args=[filled.code])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_only_the_facilitator_downloads_the_draft(filled, alice_client, bob_client):
    url = reverse("roadmap_pdf", args=[filled.code])
    assert bob_client.get(url).status_code == 403
    response = alice_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_finalised_version_stays_as_it_was_after_later_edits(filled, alice_client, tmp_path):
    assert alice_client.post(reverse("roadmap_finalise", args=[filled.code]),
                             headers=HX).status_code == 200
    first = RoadmapVersion.objects.get(workshop=filled, number=1)
    Recipe.objects.filter(action="ask how it went").update(owner="Somebody else")
    second = services.finalise(workshop=filled)
    assert second.number == 2
    old = alice_client.get(reverse("roadmap_version_pdf", args=[filled.code, 1]))
    assert old.content == bytes(first.pdf)
    old_text = text_of(old.content, tmp_path)
    assert "Care team" in old_text and "Somebody else" not in old_text
    assert "Version 1" in old_text and "Draft" not in old_text
    assert "Somebody else" in text_of(bytes(second.pdf), tmp_path)


def test_the_share_link_reads_and_downloads_and_nothing_more(filled, alice_client, tmp_path):
    share = reverse("roadmap_share", args=[filled.code])
    refused = alice_client.post(share, {"change": "publish"}, headers=HX)
    assert refused.status_code == 409 and "Finalise" in refused.content.decode()
    services.finalise(workshop=filled)
    assert alice_client.post(share, {"change": "publish"}, headers=HX).status_code == 200
    filled.refresh_from_db()
    token = filled.share_token
    stakeholder = Client()  # no account, no cookie
    page = stakeholder.get(reverse("stakeholder", args=[token]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Version 1" in html and "ask how it went" in html and "Download the PDF" in html
    # First the figures and what is due next, who does it and by when.
    glance = html[html.index('id="rm-glance"'):html.index('id="rm-first"')]
    assert "<td>Record consent per channel</td><td>Bob</td>" in glance
    download = stakeholder.get(reverse("stakeholder_pdf", args=[token, 1]))
    assert download.status_code == 200 and "ask how it went" in text_of(download.content,
                                                                         tmp_path)
    # Every write with the token is refused.
    for url in (reverse("stakeholder", args=[token]), reverse("stakeholder_pdf", args=[token, 1]),
                reverse("stakeholder_calendar", args=[token])):
        assert stakeholder.post(url).status_code == 405
    for name in ("roadmap_finalise", "roadmap_share", "recipe_list"):
        assert stakeholder.post(reverse(name, args=[filled.code])).status_code in (302, 403, 404)
    # Replaced: the old link is a 404; revoked: so is the new one.
    assert alice_client.post(share, {"change": "replace"}, headers=HX).status_code == 200
    assert stakeholder.get(reverse("stakeholder", args=[token])).status_code == 404
    filled.refresh_from_db()
    assert stakeholder.get(reverse("stakeholder", args=[filled.share_token])).status_code == 200
    assert alice_client.post(share, {"change": "revoke"}, headers=HX).status_code == 200
    assert stakeholder.get(reverse("stakeholder", args=[filled.share_token])).status_code == 404
    assert stakeholder.get(reverse("stakeholder", args=["not-a-token"])).status_code == 404


def test_only_the_facilitator_sees_the_share_link_and_the_versions(
    filled, alice_client, bob_client
):
    open_board(filled, Activity.Kind.ROADMAP)
    services.finalise(workshop=filled)
    services.publish(workshop=filled)
    filled.refresh_from_db()
    room_url = reverse("room", args=[filled.code])
    facilitators = alice_client.get(room_url).content.decode()
    assert filled.share_token in facilitators and "Finalise version 2" in facilitators
    for page in (bob_client.get(room_url), alice_client.get(reverse("present", args=[filled.code]))):
        html = page.content.decode()
        assert "ask how it went" in html  # the roadmap itself, for everyone in the room
        assert filled.share_token not in html and "roadmap-publish" not in html


def test_the_projector_shows_what_we_do_first_and_every_launch_by_quarter(filled, alice_client):
    open_board(filled, Activity.Kind.ROADMAP)
    html = alice_client.get(reverse("present", args=[filled.code])).content.decode()
    launches = html[html.index('class="rm-section rm-launches"'):]
    assert '<li class="is-chosen">Ask how it went</li>' in launches
    assert "2027-Q3" in launches and "<li>Send a reminder</li>" in launches
    # The whole report is for the room's own screens and the PDF, not the wall.
    assert "rm-barriers" not in html and "rm-team" not in html


def test_commitments_and_chosen_launches_go_into_calendars(filled, bob_client):
    body = bob_client.get(reverse("roadmap_calendar", args=[filled.code])).content
    calendar = Calendar.from_ical(body)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Due: Record consent per channel", "Launch: Ask how it went"}
    assert events["Launch: Ask how it went"].decoded("dtstart") == datetime.date(2027, 4, 1)
    barrier = Barrier.objects.get()
    one = bob_client.get(reverse("roadmap_event", args=[filled.code, f"barrier-{barrier.pk}"]))
    assert len(Calendar.from_ical(one.content).walk("VEVENT")) == 1
    assert bob_client.get(reverse("roadmap_event", args=[filled.code, "barrier-0"])).status_code \
        == 404


def test_the_roadmap_board_costs_the_same_queries_as_the_workshop_grows(
    filled, bob, alice_client, bob_client, django_assert_num_queries
):
    open_board(filled, Activity.Kind.ROADMAP)

    def grow(count):
        for n in range(count):
            recipe = Recipe.objects.create(
                workshop=filled, author=bob, trigger=f"Trigger {n}", audience="everyone",
                action=f"act {n}", content="words", success_metric="Churn",
                launch=f"2027-Q{n % 4 + 1}", owner="Team",
            )
            recipe.blocked_by.add(Barrier.objects.create(
                workshop=filled, category="data", severity="low", description=f"B {n}",
                owner=bob, due=TODAY, next_step="Do it"))
            Goal.objects.create(workshop=filled, text=f"Goal {n}", department="data",
                                success_metric="x", x=0.1, y=0.2)

    counts = []
    for client in (bob_client, alice_client):
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("room", args=[filled.code]))
        counts.append(len(queries))
    grow(40)
    for client, count in zip((bob_client, alice_client), counts):
        with django_assert_num_queries(count):
            assert "act 39" in client.get(reverse("room", args=[filled.code])).content.decode()


def test_export_roadmap_writes_the_draft_or_a_version(filled, tmp_path):
    out = tmp_path / "roadmap.pdf"
    call_command("export_roadmap", filled.code, "-o", str(out))
    assert "Draft" in text_of(out.read_bytes(), tmp_path)
    services.finalise(workshop=filled)
    call_command("export_roadmap", filled.code, "-o", str(out), "--number", "1")
    assert out.read_bytes() == bytes(RoadmapVersion.objects.get().pdf)


@pytest.mark.django_db(transaction=True)
async def test_a_change_on_any_board_updates_the_roadmap_on_every_screen(workshop, bob, carol):
    from channels.db import database_sync_to_async

    from barriers import services as barrier_services
    from goals import services as goal_services
    from tests.sockets import drain, leave, room_of

    def prepare():
        barrier = Barrier.objects.create(workshop=workshop, category="data", severity="high",
                                         description="No consent record")
        goal = Goal.objects.create(workshop=workshop, text="Fewer repeat calls",
                                   department="support", success_metric="Repeat contacts")
        open_board(workshop, Activity.Kind.ROADMAP)
        return barrier, goal

    barrier, goal = await database_sync_to_async(prepare)()
    sockets = await room_of(workshop, bob, carol)
    await database_sync_to_async(barrier_services.barrier_set_status)(
        barrier=barrier, status="resolved")
    for name, socket in sockets.items():
        frame = "".join(await drain(socket))
        if name == "projector":  # what we do first and the launches, big: no barriers
            assert "rm-launches" in frame and "rm-barriers" not in frame
            continue
        # Resolved, it leaves the heat map, which has nothing left to show.
        assert "rm-barriers" in frame and "No barriers recorded yet" in frame, name
    await database_sync_to_async(goal_services.goal_move)(goal=goal, x=0.5, y=0.5, final=True)
    for name, socket in sockets.items():
        frame = "".join(await drain(socket))
        if name == "projector":
            assert "rm-launches" in frame and "rm-goals" not in frame
            continue
        assert "Fewer repeat calls" in frame and "rm-goals" in frame, name
        # Finalising and sharing are the facilitator's alone, in pushes too.
        assert ('id="roadmap-publish"' in frame) is (name == "facilitator"), name
    await leave(sockets)


def dates_of(body: bytes) -> dict[str, datetime.date]:
    return {str(e["summary"]): e.decoded("dtstart") for e in Calendar.from_ical(body).walk("VEVENT")}


def test_a_finalised_versions_dates_and_calendar_stay_as_they_were(
    filled, alice_client, bob_client
):
    services.finalise(workshop=filled)
    services.publish(workshop=filled)
    filled.refresh_from_db()
    stakeholder = Client()
    token = filled.share_token
    page_url = reverse("stakeholder", args=[token])
    feed_url = reverse("stakeholder_calendar", args=[token])
    barrier = Barrier.objects.get()
    one_url = reverse("stakeholder_event", args=[token, f"barrier-{barrier.pk}"])
    frozen = {"Due: Record consent per channel": TODAY + datetime.timedelta(days=30),
              "Launch: Ask how it went": datetime.date(2027, 4, 1)}
    assert dates_of(stakeholder.get(feed_url).content) == frozen
    before = stakeholder.get(page_url).content.decode()
    before_one = stakeholder.get(one_url).content

    # After finalising, the barrier is re-dated and renamed, the launch moves, and a new
    # commitment appears: the live roadmap changes, version 1 does not.
    Barrier.objects.filter(pk=barrier.pk).update(due=datetime.date(2028, 1, 1),
                                                 next_step="Something else")
    Recipe.objects.filter(action="ask how it went").update(launch="2028-Q4")
    Barrier.objects.create(workshop=filled, category="data", severity="low",
                           description="New one", next_step="Later", due=TODAY)
    assert dates_of(stakeholder.get(feed_url).content) == frozen
    after = stakeholder.get(page_url).content.decode()
    dates = after[after.index('id="dates-heading"'):]
    assert "Due: Record consent per channel</a> · " + (TODAY + datetime.timedelta(days=30)).strftime(
        "%-d %b %Y") in dates
    assert "1 Apr 2027" in dates and "2028" not in dates and "New one" not in after
    page = '<div class="stakeholder">'
    assert after[after.index(page):] == before[before.index(page):]
    assert dates_of(stakeholder.get(one_url).content) == dates_of(before_one)
    # The room's own calendar is the live draft's.
    assert dates_of(bob_client.get(reverse("roadmap_calendar", args=[filled.code])).content) == {
        "Due: Something else": datetime.date(2028, 1, 1), "Due: Later": TODAY,
        "Launch: Ask how it went": datetime.date(2028, 10, 1),
    }
    # A version finalised now has the new dates.
    services.finalise(workshop=filled)
    assert "Due: Something else" in dates_of(stakeholder.get(feed_url).content)


def test_versions_finalised_before_dates_were_kept_get_them_from_the_boards(filled):
    import importlib

    from django.apps import apps

    version = services.finalise(workshop=filled)
    RoadmapVersion.objects.filter(pk=version.pk).update(dates=[])
    migration = importlib.import_module("roadmap.migrations.0002_roadmapversion_dates")
    migration.fill_dates(apps, None)
    version.refresh_from_db()
    assert version.dates == services.finalise(workshop=filled).dates
    assert {date["summary"] for date in version.dates} == {
        "Due: Record consent per channel", "Launch: Ask how it went"}


def test_what_stands_in_the_way_lists_every_open_barrier_marking_what_is_missing(
    filled, bob, alice_client, tmp_path
):
    Barrier.objects.create(workshop=filled, category="budget", severity="medium",
                           description="No budget for a data engineer")
    Barrier.objects.create(workshop=filled, category="talent", severity="low",
                           description="Nobody knows the CDP", owner=bob)
    Barrier.objects.create(workshop=filled, category="legal", severity="low",
                           description="Legal has not seen it", owner_name="Dana",
                           next_step="Book legal review")
    Barrier.objects.create(workshop=filled, category="data", severity="low",
                           description="Old and solved", status="resolved")
    roadmap = assemble(filled, today=TODAY)
    # Those with a date first, by date; then the rest as they were logged.
    assert [b.description for b in roadmap.open_barriers] == [
        "No consent record", "No budget for a data engineer", "Nobody knows the CDP",
        "Legal has not seen it",
    ]
    html = pdf.sections_html(roadmap)
    section = html[html.index('id="rm-barriers"'):html.index('id="rm-goals"')]
    rows = section.split("<tr")[2:]
    assert len(rows) == 4 and "Old and solved" not in section
    assert "Bob" in rows[0] and "Record consent per channel" in rows[0]
    assert "rm-missing" not in rows[0]
    assert "No owner yet" in rows[1] and "No commitment yet" in rows[1]
    assert "Bob" in rows[2] and "No owner yet" not in rows[2] and "No commitment yet" in rows[2]
    assert "Dana" in rows[3] and "Book legal review" in rows[3] and "No date yet" in rows[3]
    assert rows[3].count("rm-missing") == 1
    text = " ".join(text_of(pdf.render(roadmap).pdf, tmp_path, layout=False).split())
    for words in ("No budget for a data engineer", "Nobody knows the CDP",
                  "Legal has not seen it", "No owner yet", "No commitment yet"):
        assert words in text, words
    assert "Old and solved" not in text


def test_the_demos_roadmap_shows_every_open_barrier(db, tmp_path):
    from io import StringIO

    from django.utils.html import escape

    from workshop.models import Workshop

    out = StringIO()
    call_command("seed_demo", stdout=out)
    workshop = Workshop.objects.get(code=out.getvalue().strip().splitlines()[-1])
    open_barriers = workshop.barriers.filter(hidden=False).exclude(status="resolved")
    version = workshop.roadmap_versions.get()
    section = version.html[version.html.index('id="rm-barriers"'):]
    text = " ".join(text_of(bytes(version.pdf), tmp_path, layout=False).split())
    for barrier in open_barriers:
        assert escape(barrier.description) in section, barrier.description
        assert " ".join(barrier.description.split()) in text, barrier.description
