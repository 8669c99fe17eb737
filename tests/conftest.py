"""Shared fixtures: a facilitator (alice) with a workshop, two of its participants
(bob and carol), a participant of another workshop (dave), and their browsers."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client

from workshop import access, limits, services
from workshop.models import Activity

PASSWORD = "a-long-enough-password-42"


def pytest_collection_modifyitems(config, items):
    """Tests marked scale_out need PostgreSQL and Redis; they run in that configuration."""
    from django.conf import settings

    if settings.REDIS_URL and "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    selected = [item for item in items if "scale_out" not in item.keywords]
    deselected = [item for item in items if "scale_out" in item.keywords]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    # Every test must run: a skipped one is a failure of the suite.
    if _skipped and session.exitstatus == 0:
        print(f"\n{len(_skipped)} test(s) skipped; the suite fails: {_skipped}")
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _limits_counted_afresh(monkeypatch):
    """Each test counts joins and guesses from nothing: the counts live in the cache,
    which outlives a test's transaction (and, on Redis, the whole run)."""
    monkeypatch.setattr(limits, "NAMESPACE", f"prepwork:test:{uuid.uuid4().hex}")


@pytest.fixture
def alice(db):
    return get_user_model().objects.create_user("alice", password=PASSWORD)


@pytest.fixture
def workshop(alice):
    return services.workshop_create(
        facilitator=alice, organisation="Northwind", title="Kickstart", dates={}
    )


def open_board(workshop, kind: str) -> Activity:
    """Move the room to the workshop's activity of this kind, as its facilitator does."""
    activity = Activity.objects.get(session__workshop=workshop, kind=kind)
    services.activity_open(workshop=workshop, activity=activity)
    workshop.refresh_from_db()
    return activity


@pytest.fixture
def experiences_activity(workshop):
    return open_board(workshop, Activity.Kind.EXPERIENCES)


@pytest.fixture
def bob(workshop):
    return services.participant_join(workshop=workshop, name="Bob", role="engineering")


@pytest.fixture
def carol(workshop):
    return services.participant_join(workshop=workshop, name="Carol", role="marketing")


@pytest.fixture
def other_workshop(db):
    owner = get_user_model().objects.create_user("olga", password=PASSWORD)
    return services.workshop_create(
        facilitator=owner, organisation="Elsewhere", title="Other", dates={}
    )


@pytest.fixture
def dave(other_workshop):
    return services.participant_join(workshop=other_workshop, name="Dave", role="data")


def participant_client(participant) -> Client:
    """A browser that joined as this participant."""
    client = Client()
    response = HttpResponse()
    access.remember_participant(response, participant)
    client.cookies.update(response.cookies)
    return client


@pytest.fixture
def alice_client(alice) -> Client:
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob) -> Client:
    return participant_client(bob)


@pytest.fixture
def carol_client(carol) -> Client:
    return participant_client(carol)


@pytest.fixture
def dave_client(dave) -> Client:
    return participant_client(dave)
