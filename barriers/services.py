"""Writes to the asset audit and the barriers board: validated, saved in one
transaction; the board's items are then pushed anew to each audience
(workshop.room.push_board), as who wrote an anonymous barrier differs by audience."""

from django.db import transaction
from django.db.models import F

from barriers.models import Asset, Barrier
from workshop import room, services
from workshop.models import Activity, Participant, Workshop
from workshop.services import EditConflict

Kind = Activity.Kind


class AlreadyABarrier(Exception):
    """The asset's gap is a barrier already."""

    def __init__(self, barrier: Barrier):
        super().__init__("That gap is a barrier already.")
        self.barrier = barrier


def _board_changed(workshop: Workshop) -> None:
    room.board_changed(workshop, Kind.BARRIERS)


# --- The asset audit --------------------------------------------------------------------


@transaction.atomic
def asset_create(
    *, workshop: Workshop, author: Participant | None, category: str, name: str,
    status: str, note: str = "",
) -> Asset:
    asset = Asset(
        workshop=workshop, author=author, category=category, name=name.strip(),
        status=status, note=note.strip(),
    )
    asset.full_clean(exclude=["workshop", "author"])
    asset.save()
    _board_changed(workshop)
    return asset


@transaction.atomic
def asset_update(
    *, asset: Asset, version: int, category: str, name: str, status: str, note: str = ""
) -> Asset:
    """Save an edit made to `version`; refuse it if someone saved a newer one meanwhile."""
    current = Asset.objects.select_for_update().get(pk=asset.pk)
    if current.version != version:
        raise EditConflict(current)
    current.category, current.name, current.status = category, name.strip(), status
    current.note = note.strip()
    current.full_clean(exclude=["workshop", "author", "version"])
    current.version = F("version") + 1
    current.save(update_fields=["category", "name", "status", "note", "version"])
    current.refresh_from_db()
    _board_changed(asset.workshop)
    return current


@transaction.atomic
def asset_set_status(*, asset: Asset, status: str) -> None:
    """A tick in the audit's checklist: have it, partly, missing."""
    Asset.objects.filter(pk=asset.pk).update(status=status, version=F("version") + 1)
    _board_changed(asset.workshop)


@transaction.atomic
def asset_delete(*, asset: Asset) -> None:
    asset.delete()
    _board_changed(asset.workshop)


# Where a gap in each part of the audit stands in the way.
GAP_CATEGORIES = {
    Asset.Category.DATA: Barrier.Category.DATA,
    Asset.Category.METADATA: Barrier.Category.METADATA,
    Asset.Category.TECHNOLOGY: Barrier.Category.TECHNOLOGY,
    Asset.Category.TALENT: Barrier.Category.CAPACITY,
    Asset.Category.PROCESS: Barrier.Category.COORDINATION,
}


@transaction.atomic
def barrier_from_asset(
    *, asset: Asset, activity: Activity, author: Participant | None
) -> Barrier:
    """Make a gap in the audit a barrier, linked to it: a missing asset a severe one."""
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    existing = asset.barriers.first()
    if existing is not None:
        raise AlreadyABarrier(existing)
    missing = asset.status == Asset.Status.MISSING
    description = f"{asset.name}: {'missing' if missing else 'only partly there'}"
    if asset.note:
        description += f". {asset.note}"
    barrier = Barrier(
        workshop=asset.workshop, asset=asset, category=GAP_CATEGORIES[asset.category],
        description=description[:300],
        severity=Barrier.Severity.HIGH if missing else Barrier.Severity.MEDIUM,
        author=author, anonymous=activity.anonymous,
    )
    barrier.full_clean(exclude=["workshop", "asset", "author", "owner"])
    barrier.save()
    _board_changed(barrier.workshop)
    return barrier


# --- Barriers ---------------------------------------------------------------------------


@transaction.atomic
def barrier_create(
    *, workshop: Workshop, activity: Activity, author: Participant | None, **fields
) -> Barrier:
    """Log a barrier; written while the board is anonymous, it stays anonymous."""
    barrier = Barrier(workshop=workshop, author=author, anonymous=activity.anonymous, **fields)
    barrier.description = barrier.description.strip()
    barrier.full_clean(exclude=["workshop", "author", "owner", "asset"])
    barrier.save()
    _board_changed(workshop)
    return barrier


EDITABLE = ["category", "description", "severity", "owner", "owner_name", "next_step", "due",
            "status"]


@transaction.atomic
def barrier_update(*, barrier: Barrier, version: int, **fields) -> Barrier:
    """Save an edit made to `version`; refuse it if someone saved a newer one meanwhile."""
    current = Barrier.objects.select_for_update().get(pk=barrier.pk)
    if current.version != version:
        raise EditConflict(current)
    for name in EDITABLE:
        if name in fields:
            setattr(current, name, fields[name])
    current.full_clean(exclude=["workshop", "author", "owner", "asset", "version"])
    current.version = F("version") + 1
    current.save(update_fields=[*EDITABLE, "version"])
    current.refresh_from_db()
    _board_changed(barrier.workshop)
    return current


@transaction.atomic
def barrier_set_status(*, barrier: Barrier, status: str) -> None:
    Barrier.objects.filter(pk=barrier.pk).update(status=status, version=F("version") + 1)
    _board_changed(barrier.workshop)


@transaction.atomic
def barrier_delete(*, barrier: Barrier) -> None:
    services.dot_item_removed(workshop=barrier.workshop, kind=Kind.BARRIERS, item_id=barrier.pk)
    barrier.delete()
    _board_changed(barrier.workshop)
