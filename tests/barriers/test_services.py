"""The audit and barriers' rules: a gap becomes a barrier once, linked to it; a barrier
is unfinished without an owner and a commitment; overdue once its date has passed."""

import datetime

import pytest

from barriers import services
from barriers.models import Asset, Barrier
from tests.barriers.conftest import BARRIER
from workshop.services import EditConflict


def test_a_missing_asset_becomes_a_severe_barrier_linked_to_it(asset, barriers_activity, carol):
    barrier = services.barrier_from_asset(asset=asset, activity=barriers_activity, author=carol)
    assert barrier.asset == asset and barrier.category == "metadata"
    assert barrier.severity == "high" and barrier.author == carol
    assert barrier.description == "Product tags by life stage: missing. Tagged by type only."
    with pytest.raises(services.AlreadyABarrier):
        services.barrier_from_asset(asset=asset, activity=barriers_activity, author=carol)
    assert Barrier.objects.count() == 1


def test_a_barrier_is_unfinished_until_it_has_an_owner_and_a_commitment(barrier, carol):
    assert barrier.is_unfinished
    barrier.owner = carol
    assert barrier.is_unfinished  # no commitment yet
    barrier.next_step, barrier.due = "Agree copy blocks with legal", datetime.date(2027, 1, 31)
    assert not barrier.is_unfinished
    barrier.owner, barrier.owner_name = None, "Priya Nair (Analytics)"
    assert not barrier.is_unfinished


def test_a_past_due_date_is_accepted_and_overdue_until_resolved(workshop, barriers_activity):
    past = datetime.date(2026, 11, 1)
    barrier = services.barrier_create(
        workshop=workshop, activity=barriers_activity, author=None, due=past,
        next_step="Ask legal", owner_name="Hana", **BARRIER,
    )
    assert barrier.is_overdue(datetime.date(2026, 12, 2))
    barrier.status = Barrier.Status.RESOLVED
    assert not barrier.is_overdue(datetime.date(2026, 12, 2))


def test_a_barrier_written_on_an_anonymous_board_stays_anonymous(workshop, barriers_activity, bob):
    barriers_activity.anonymous = True
    anonymous = services.barrier_create(
        workshop=workshop, activity=barriers_activity, author=bob, **BARRIER
    )
    barriers_activity.anonymous = False
    named = services.barrier_create(
        workshop=workshop, activity=barriers_activity, author=bob, **BARRIER
    )
    assert anonymous.anonymous and not named.anonymous


def test_an_edit_over_a_newer_version_is_refused_with_that_version(asset, barrier):
    services.asset_update(asset=asset, version=1, category="metadata", name="Tags", status="partial")
    with pytest.raises(EditConflict) as conflict:
        services.asset_update(asset=asset, version=1, category="data", name="Old", status="have")
    assert conflict.value.current.name == "Tags"
    assert Asset.objects.get().name == "Tags"
    services.barrier_update(barrier=barrier, version=1, description="Newer words")
    with pytest.raises(EditConflict):
        services.barrier_update(barrier=barrier, version=1, description="Older words")
    assert Barrier.objects.get().description == "Newer words"
