"""Browser-test fixtures: a live Daphne server that speaks websockets, and three real
Chromium browsers in one workshop room: the facilitator (alice) and two participants,
A (bob) and B (carol).

The server is `channels.testing.ChannelsLiveServerTestCase`'s: it forks a Daphne process
that reads the same test database as this process (the SQLite file the settings name, or
the PostgreSQL test database), so rows these fixtures commit are what the server sees.
Every test here therefore uses a transactional database: nothing is hidden in a
transaction the server cannot see, and the tables are emptied after each test.
"""

import contextlib
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import SyncToAsync
from channels.testing import ChannelsLiveServerTestCase
from django.conf import settings
from django.db import connection, connections
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone
from playwright.sync_api import BrowserContext, Locator, Page, expect
from websockets.sync.client import connect as ws_connect

from workshop import access, live
from workshop.models import PresenceLease

SOCKET_OPEN = """() => {
  const room = document.getElementById('room');
  const data = room && room['htmx-internal-data'];
  const socket = data && data.webSocket && data.webSocket.socket;
  return Boolean(socket) && socket.readyState === WebSocket.OPEN;
}"""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run"]}


class _DaphneServer(ChannelsLiveServerTestCase):
    """Only its class-level server start and stop are used, never its test methods."""

    # An address rather than "localhost", so the browsers and Daphne agree on IPv4.
    host = "127.0.0.1"


@pytest.fixture(scope="session", autouse=True)
def live_server_url(django_db_setup, django_db_blocker):
    """Start Daphne once for the whole run, before Playwright starts.

    The forked server picks its database from DATABASES["default"]["TEST"]["NAME"]
    (channels' set_database_connection); PostgreSQL has none set, and the fallback would
    prefix "test_" to a name that already has it, so name the test database explicitly.
    """
    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    configured_name = test_settings.get("NAME")
    test_settings["NAME"] = connection.settings_dict["NAME"]
    # asgiref's single-thread executor does not survive a fork; give the child a new one.
    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
    # Nor does a pool of PostgreSQL connections: a child sharing the parent's open
    # connections corrupts both sides' conversations with the server. Close it; each
    # process opens its own when it next needs one.
    for database in connections.all():
        if hasattr(database, "close_pool"):
            database.close_pool()
    try:
        with django_db_blocker.unblock():
            _DaphneServer.setUpClass()
    finally:
        test_settings["NAME"] = configured_name
    yield f"http://{_DaphneServer.host}:{_DaphneServer._port}"
    with django_db_blocker.unblock():
        _DaphneServer.tearDownClass()
        _DaphneServer.doClassCleanups()


@pytest.fixture(scope="session")
def base_url(live_server_url):
    """Every context's relative URLs (page.goto("/w/…/")) go to the live server."""
    return live_server_url


@pytest.fixture(autouse=True)
def _live_database(transactional_db):
    """The server process must see what the tests write: no wrapping transaction."""


@pytest.fixture(autouse=True)
def _pushes_leave_the_event_loop(monkeypatch):
    """Playwright's sync API keeps an event loop running in this thread, where
    async_to_sync refuses to run: when a fixture here writes through a service, its push
    goes out from a worker thread instead (to Redis, where the server hears it; to this
    process's in-memory layer, where nobody listens)."""
    send = live.send

    def send_from_a_worker(*args, **kwargs):
        with ThreadPoolExecutor(max_workers=1) as worker:
            return worker.submit(send, *args, **kwargs).result()

    monkeypatch.setattr(live, "send", send_from_a_worker)


@pytest.fixture
def live_workshop(workshop, experiences_activity):
    """The shared workshop, with its connected-experiences board open."""
    workshop.refresh_from_db()
    return workshop


@pytest.fixture
def room_context(new_context, live_server_url):
    """Make browser contexts; afterwards close them, and wait until the server has
    finished with every participant's goodbye, so it is not still writing and pushing
    while the tables are emptied for the next test."""
    contexts = []

    def make() -> BrowserContext:
        context = new_context()
        contexts.append(context)
        return context

    yield make
    with _participants_leaving(live_server_url):
        for context in contexts:
            context.close()


@contextlib.contextmanager
def _participants_leaving(live_server_url: str):
    """Each participant's last socket, as it closes, ends their lease and pushes the room's
    presence: listen on the room's socket as its facilitator, and return once every lease
    is gone and the presence that followed has gone out."""
    online = PresenceLease.objects.filter(expires_at__gt=timezone.now()).select_related(
        "participant__workshop__facilitator"
    )
    leases = [lease.pk for lease in online]
    if not leases:
        yield
        return
    workshop = online[0].participant.workshop
    client = Client()
    client.force_login(workshop.facilitator)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    with ws_connect(
        f"{live_server_url.replace('http', 'ws', 1)}/ws/w/{workshop.code}/",
        origin=live_server_url, proxy=None,
        additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"},
    ) as room_socket:
        yield
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                message = room_socket.recv(timeout=deadline - time.monotonic())
            except TimeoutError:
                break
            # The last lease's end is pushed after it: a presence seen once none is left
            # is the last.
            if 'id="people-summary"' in message and not (
                PresenceLease.objects.filter(pk__in=leases).exists()
            ):
                break


def open_room(context: BrowserContext, code: str, path: str = "") -> Page:
    """Open the room (or one of its views) and wait until its live socket is open, so
    nothing pushed after this returns can be missed."""
    page = context.new_page()
    page.goto(f"/w/{code}/{path}")
    page.wait_for_function(SOCKET_OPEN, timeout=5_000)
    # ...and caught up with anything pushed while it was loading.
    page.wait_for_selector("#room[data-caught-up]", state="attached", timeout=5_000)
    # A full page load would clear this: tests check it to prove nothing reloaded.
    page.evaluate("window.sameDocument = true")
    return page


def open_editor(page: Page, name: str) -> Locator:
    """The editor form called `name`, once htmx has settled it. Settling puts the cursor
    in the form's first field, so a test typing before then could land in that field
    (a person cannot type within those few milliseconds)."""
    editor = page.get_by_role("form", name=name)
    expect(editor).to_be_visible()
    expect(editor).not_to_have_class(re.compile(r"\bhtmx-added\b"))
    return editor


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.sameDocument === true"), "the page reloaded"


def _participant_cookie(participant, live_server_url: str) -> dict:
    response = HttpResponse()
    access.remember_participant(response, participant)
    name = access.participant_cookie_name(participant.workshop)
    return {"name": name, "value": response.cookies[name].value, "url": live_server_url,
            "httpOnly": True, "sameSite": "Lax"}


@pytest.fixture
def facilitator_context(room_context, alice, live_server_url) -> BrowserContext:
    """Alice's browser, signed in (her session is saved in the shared database)."""
    client = Client()
    client.force_login(alice)
    context = room_context()
    context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server_url, "httpOnly": True, "sameSite": "Lax",
    }])
    return context


@pytest.fixture
def participant_a_context(room_context, bob, live_server_url) -> BrowserContext:
    """Bob's laptop: he joined the workshop earlier on this browser."""
    context = room_context()
    context.add_cookies([_participant_cookie(bob, live_server_url)])
    return context


@pytest.fixture
def participant_b_context(room_context, carol, live_server_url) -> BrowserContext:
    """Carol's laptop."""
    context = room_context()
    context.add_cookies([_participant_cookie(carol, live_server_url)])
    return context


@pytest.fixture
def facilitator(facilitator_context, live_workshop) -> Page:
    page = open_room(facilitator_context, live_workshop.code)
    expect(page.locator("nav.agenda")).to_be_visible()
    return page


@pytest.fixture
def participant_a(participant_a_context, live_workshop) -> Page:
    page = open_room(participant_a_context, live_workshop.code)
    expect(page.locator(".me-chip")).to_have_text("Bob")
    return page


@pytest.fixture
def participant_b(participant_b_context, live_workshop) -> Page:
    page = open_room(participant_b_context, live_workshop.code)
    expect(page.locator(".me-chip")).to_have_text("Carol")
    return page
