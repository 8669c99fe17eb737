"""The audit and barriers board through its URLs: who may do what, bad input refused
with a reason and nothing saved, and pages that cost the same queries at any size."""

import pytest
from django.urls import reverse

from barriers import services
from barriers.models import Asset, Barrier
from tests.barriers.conftest import ASSET, BARRIER, article
from tests.conftest import open_board
from workshop.models import Activity

HX = {"HX-Request": "true"}


def url(name, workshop, *ids):
    return reverse(name, args=[workshop.code, *ids])


def page(client, workshop, name="room") -> str:
    return client.get(reverse(name, args=[workshop.code])).content.decode()


def test_a_participant_adds_an_asset_and_logs_a_barrier_with_an_owner_and_commitment(
    bob_client, carol, workshop, barriers_activity
):
    assert bob_client.post(url("asset_list", workshop), ASSET, headers=HX).status_code == 200
    response = bob_client.post(url("barrier_list", workshop), {
        **BARRIER, "owner": carol.pk, "next_step": "Agree copy blocks", "due": "2027-01-31",
    }, headers=HX)
    assert response.status_code == 200
    barrier = Barrier.objects.get()
    assert (barrier.owner, barrier.next_step, str(barrier.due)) == (carol, "Agree copy blocks",
                                                                     "2027-01-31")
    board = page(bob_client, workshop)
    assert "Product tags by life stage" in board and "Every variant needs its own legal" in board
    assert 'data-owner="p{}"'.format(carol.pk) in board


@pytest.mark.parametrize("data, field, message", [
    ({**BARRIER, "category": "weather"}, "category", "not one of the available choices"),
    ({**BARRIER, "severity": "dire"}, "severity", "not one of the available choices"),
    ({**BARRIER, "description": "x" * 301}, "description", "at most 300 characters"),
    ({**BARRIER, "due": "31/31/2027"}, "due", "like 2027-03-31"),
    ({**BARRIER, "owner_name": "Priya", "owner": "OWNER"}, "owner_name", "not both"),
    ({**BARRIER, "owner": "DAVE"}, "owner", "this workshop"),
])
def test_bad_barriers_are_refused_beside_the_field_and_nothing_is_saved(
    bob_client, carol, dave, workshop, barriers_activity, data, field, message
):
    data = {key: {"OWNER": carol.pk, "DAVE": dave.pk}.get(value, value)
            for key, value in data.items()}
    response = bob_client.post(url("barrier_list", workshop), data, headers=HX)
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="barrier-{field}_error"' in html and message in html
    assert not Barrier.objects.exists()


def test_bad_assets_and_statuses_are_refused(bob_client, workshop, asset, barrier):
    response = bob_client.post(url("asset_list", workshop), {**ASSET, "status": "lost"},
                               headers=HX)
    assert response.status_code == 422 and Asset.objects.count() == 1
    assert bob_client.post(url("asset_status", workshop, asset.pk), {"status": "lost"},
                           headers=HX).status_code == 400
    assert bob_client.post(url("barrier_status", workshop, barrier.pk), {"status": "done"},
                           headers=HX).status_code == 400
    asset.refresh_from_db()
    barrier.refresh_from_db()
    assert (asset.status, barrier.status) == ("missing", "open")


def test_only_authors_edit_and_only_author_owner_or_facilitator_progress(
    alice_client, bob_client, carol_client, carol, workshop, asset, barrier
):
    for name, item in (("asset_edit", asset), ("barrier_edit", barrier)):
        assert carol_client.get(url(name, workshop, item.pk)).status_code == 403
        assert alice_client.get(url(name, workshop, item.pk)).status_code == 403
        assert bob_client.get(url(name, workshop, item.pk)).status_code == 200
    assert carol_client.post(url("asset_status", workshop, asset.pk), {"status": "have"},
                             headers=HX).status_code == 403
    status = url("barrier_status", workshop, barrier.pk)
    assert carol_client.post(status, {"status": "in_progress"}, headers=HX).status_code == 403
    Barrier.objects.filter(pk=barrier.pk).update(owner=carol)
    assert carol_client.post(status, {"status": "in_progress"}, headers=HX).status_code == 200
    assert alice_client.post(status, {"status": "resolved"}, headers=HX).status_code == 200
    assert Barrier.objects.get().status == "resolved"
    assert carol_client.post(url("barrier_delete", workshop, barrier.pk),
                             headers=HX).status_code == 403
    assert alice_client.post(url("barrier_delete", workshop, barrier.pk),
                             headers=HX).status_code == 200
    assert not Barrier.objects.exists()


def test_forged_ids_and_strangers_are_refused(
    bob_client, dave_client, workshop, other_workshop, asset, barrier
):
    theirs = Asset.objects.create(workshop=other_workshop, category="data", name="Theirs",
                                  status="missing")
    assert bob_client.post(url("asset_to_barrier", workshop, theirs.pk),
                           headers=HX).status_code == 404
    assert bob_client.post(url("asset_status", other_workshop, asset.pk), {"status": "have"},
                           headers=HX).status_code == 403
    assert dave_client.post(url("barrier_list", workshop), BARRIER, headers=HX).status_code == 403
    assert Barrier.objects.count() == 1


def test_a_gap_becomes_a_barrier_once_and_the_audit_links_to_it(
    bob_client, carol_client, workshop, asset
):
    response = carol_client.post(url("asset_to_barrier", workshop, asset.pk), headers=HX)
    assert response.status_code == 200
    again = bob_client.post(url("asset_to_barrier", workshop, asset.pk), headers=HX)
    assert again.status_code == 409 and "a barrier already" in again.content.decode()
    barrier = Barrier.objects.get()
    assert barrier.asset == asset
    assert f'href="#barrier-{barrier.pk}"' in page(bob_client, workshop)
    Asset.objects.filter(pk=asset.pk).update(status="have")
    Barrier.objects.all().delete()
    have = bob_client.post(url("asset_to_barrier", workshop, asset.pk), headers=HX)
    assert have.status_code == 409 and not Barrier.objects.exists()


def test_writes_to_a_locked_or_closed_board_are_refused(
    alice_client, bob_client, workshop, barriers_activity, asset
):
    alice_client.post(url("activity_lock", workshop, barriers_activity.pk), {"locked": "on"},
                      headers=HX)
    locked = bob_client.post(url("barrier_list", workshop), BARRIER, headers=HX)
    assert locked.status_code == 403 and "locked" in locked.content.decode()
    barriers_activity.refresh_from_db()
    barriers_activity.locked = False
    barriers_activity.save()
    open_board(workshop, Activity.Kind.GOALS)
    closed = bob_client.post(url("asset_to_barrier", workshop, asset.pk), headers=HX)
    assert closed.status_code == 403 and "not open" in closed.content.decode()
    assert not Barrier.objects.exists()


def test_an_edit_over_a_newer_version_shows_the_newer_one_and_keeps_the_typing(
    bob_client, workshop, barrier
):
    edit = url("barrier_edit", workshop, barrier.pk)
    data = {**BARRIER, "status": "open", "version": 1}
    assert bob_client.post(edit, {**data, "description": "First"}, headers=HX).status_code == 200
    late = bob_client.post(edit, {**data, "description": "Second"}, headers=HX)
    assert late.status_code == 409
    html = late.content.decode()
    assert "changed while you were editing" in html and "“First”" in html
    assert 'value="Second"' in html and 'name="version" value="2"' in html
    assert Barrier.objects.get().description == "First"


def test_the_anonymous_mode_hides_names_from_everyone_but_the_author(
    alice_client, bob_client, carol_client, workshop, barriers_activity
):
    assert bob_client.post(url("activity_anonymous", workshop, barriers_activity.pk),
                           {"anonymous": "on"}, headers=HX).status_code == 403
    alice_client.post(url("activity_anonymous", workshop, barriers_activity.pk),
                      {"anonymous": "on"}, headers=HX)
    bob_client.post(url("barrier_list", workshop), BARRIER, headers=HX)
    barrier = Barrier.objects.get()
    for screen in (page(carol_client, workshop), page(alice_client, workshop)):
        drawn = article(screen, barrier)
        assert "Bob" not in drawn and 'data-author="anonymous"' in drawn
    projected = page(alice_client, workshop, "present").split('id="stage"')[1]
    assert "Every variant needs" in projected  # unfinished, so on the projector
    assert "Bob" not in projected.split('class="join-card"')[0]
    carols = page(carol_client, workshop)
    assert "Anonymous · Engineering" in carols
    assert "Nobody sees names, the facilitator included" in carols
    assert "You (anonymous to the others)" in page(bob_client, workshop)


def test_a_workshop_set_up_to_show_names_shows_them_to_its_facilitator_alone(
    alice_client, carol_client, workshop, barriers_activity, bob
):
    workshop.facilitator_sees_names = True
    workshop.save()
    barriers_activity.anonymous = True
    barriers_activity.save()
    services.barrier_create(workshop=workshop, activity=barriers_activity, author=bob, **BARRIER)
    barrier = Barrier.objects.get()
    assert "Bob · Engineering" in article(page(alice_client, workshop), barrier)
    assert "The facilitator can see names" in page(alice_client, workshop)
    carols = page(carol_client, workshop)
    assert "Bob" not in article(carols, barrier) and "The facilitator can see names" in carols


def test_the_board_costs_the_same_queries_at_5_and_300_items(
    alice_client, bob_client, bob, carol, workshop, barriers_activity, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fill(count):
        assets = Asset.objects.bulk_create(
            Asset(workshop=workshop, author=bob, category=Asset.Category.values[n % 5],
                  name=f"Asset {n}", status=Asset.Status.values[n % 3])
            for n in range(Asset.objects.count(), count)
        )
        Barrier.objects.bulk_create(
            Barrier(workshop=workshop, author=bob, asset=asset, owner=carol if n % 2 else None,
                    owner_name="" if n % 2 else "Priya", category="data", severity="high",
                    description=f"Barrier {asset.name}")
            for n, asset in enumerate(assets)
        )

    screens = [(bob_client, "room"), (alice_client, "room"), (alice_client, "present")]
    fill(5)
    counts = []
    for client, name in screens:
        with CaptureQueriesContext(connection) as queries:
            page(client, workshop, name)
        counts.append(len(queries))
    fill(300)
    for (client, name), count in zip(screens, counts):
        with django_assert_num_queries(count):
            assert "Asset 299" in page(client, workshop, name)


def test_the_room_votes_on_barriers_with_the_cores_dot_vote(
    alice_client, bob_client, carol_client, workshop, barriers_activity, barrier
):
    vote = url("vote_open", workshop, barriers_activity.pk)
    assert alice_client.post(vote, {"budget": "2"}, headers=HX).status_code == 204
    dots = url("dots", workshop, barriers_activity.pk)
    assert 'class="dots participant-only' in article(page(carol_client, workshop), barrier)
    assert carol_client.post(dots, {"item": barrier.pk, "change": "give"},
                             headers=HX).status_code == 200
    alice_client.post(url("vote_reveal", workshop, barriers_activity.pk), headers=HX)
    for screen in (page(bob_client, workshop), page(alice_client, workshop, "present")):
        assert '<span class="result-dots">1 dot</span>' in screen
    alice_client.post(url("barrier_delete", workshop, barrier.pk), headers=HX)
    assert '<span class="result-dots">' not in page(bob_client, workshop)


def test_an_author_edits_and_removes_an_asset_and_others_may_not(
    alice_client, bob_client, carol_client, workshop, asset
):
    edit = url("asset_edit", workshop, asset.pk)
    data = {**ASSET, "status": "partial", "version": 1}
    assert carol_client.post(edit, data, headers=HX).status_code == 403
    assert bob_client.post(edit, data, headers=HX).status_code == 200
    stale = bob_client.post(edit, {**data, "name": "Older words"}, headers=HX)
    assert stale.status_code == 409 and "This asset changed" in stale.content.decode()
    assert Asset.objects.get().status == "partial"
    assert bob_client.post(url("asset_status", workshop, asset.pk), {"status": "have"},
                           headers=HX).status_code == 200
    assert carol_client.post(url("asset_delete", workshop, asset.pk),
                             headers=HX).status_code == 403
    assert alice_client.post(url("asset_delete", workshop, asset.pk),
                             headers=HX).status_code == 200
    assert not Asset.objects.exists()
