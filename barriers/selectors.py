"""Reads of the asset audit and the barriers board, each costing the same number of
queries however many items there are; and who each screen may see wrote a barrier."""

from copy import copy

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from barriers.forms import AssetForm, BarrierForm
from barriers.models import ASSET_PROMPTS, Asset, Barrier
from workshop.access import Audience, Member, audience_sees_author
from workshop.models import Activity, Participant, Workshop

BOARD = "barriers/board.html"
ROLE_LABELS = dict(Participant.Role.choices)
# The projector lists this many unfinished barriers; the rest are counted.
PROJECTOR_UNFINISHED = 6


def board_url(workshop: Workshop) -> str:
    return reverse("barrier_list", args=[workshop.code])


def assets_url(workshop: Workshop) -> str:
    return reverse("asset_list", args=[workshop.code])


def with_people():
    return Barrier.objects.select_related("owner", "author", "asset")


def prepare_barriers(
    barriers: list[Barrier], *, workshop: Workshop, audience: Audience, me: int | None,
) -> list[Barrier]:
    """What each barrier's template needs, for one screen: its author shown only where
    that screen may see it, its owner, and whether it is finished."""
    url = board_url(workshop)
    today = timezone.localdate()
    for barrier in barriers:
        barrier.dom = mark_safe(f"barrier-{barrier.pk}")
        barrier.url = mark_safe(f"{url}{barrier.pk}/")
        mine = me is not None and barrier.author_id == me
        named = mine or audience_sees_author(audience, workshop, barrier)
        author = barrier.author
        if author is None:
            barrier.byline = "Facilitator"
        elif mine:
            barrier.byline = "You" + (" (anonymous to the others)" if barrier.anonymous else "")
        elif named:
            barrier.byline = f"{author.name} · {ROLE_LABELS[author.role]}"
        else:
            barrier.byline = f"Anonymous · {ROLE_LABELS[author.role]}"
        # Who may edit is shown by each page's member style, keyed by the author; an
        # anonymous author's key is nobody's but their own page's.
        barrier.author_key = (
            (barrier.author_id or "facilitator") if named else "anonymous"
        )
        barrier.owner_label = (
            barrier.owner.name if barrier.owner is not None else barrier.owner_name
        )
        barrier.owner_key = (
            f"p{barrier.owner_id}" if barrier.owner_id else
            (f"n-{barrier.owner_name.lower()}" if barrier.owner_name else "none")
        )
        barrier.overdue = barrier.is_overdue(today)
        barrier.unfinished = barrier.is_unfinished
    return barriers


def heat_map(barriers: list[Barrier]) -> dict:
    """Barriers not yet resolved, by category and severity: where the trouble gathers."""
    severities = Barrier.Severity.choices
    tally: dict[tuple[str, str], int] = {}
    for barrier in barriers:
        if barrier.status != Barrier.Status.RESOLVED:
            key = (barrier.category, barrier.severity)
            tally[key] = tally.get(key, 0) + 1
    rows = []
    for value, label in Barrier.Category.choices:
        cells = []
        for severity, severity_label in severities:
            count = tally.get((value, severity), 0)
            # Five shades, the darkest from four barriers up.
            cells.append({"severity": severity, "label": severity_label, "count": count,
                          "heat": min(count, 4)})
        rows.append({"category": value, "label": label, "cells": cells,
                     "total": sum(cell["count"] for cell in cells)})
    return {"severities": severities, "rows": rows}


def owners(barriers: list[Barrier]) -> list[tuple[str, str]]:
    """The owners to filter by, as (key, name), in name order."""
    seen = {b.owner_key: b.owner_label for b in barriers if b.owner_key != "none"}
    return sorted(seen.items(), key=lambda pair: pair[1].lower())


def by_category(items: list, choices, prompts: dict | None = None) -> list[dict]:
    groups = {value: [] for value, _ in choices}
    for item in items:
        groups[item.category].append(item)
    return [
        {"value": value, "label": label, "items": groups[value],
         "prompt": (prompts or {}).get(value, "")}
        for value, label in choices
    ]


def board_context(
    *, workshop: Workshop, activity: Activity, audience: Audience,
    member: Member | None = None, options=None,
) -> dict:
    me = member.participant.pk if member is not None and member.participant else None
    assets = list(Asset.objects.filter(workshop=workshop).prefetch_related("barriers"))
    url = assets_url(workshop)
    for asset in assets:
        asset.dom = mark_safe(f"asset-{asset.pk}")
        asset.url = mark_safe(f"{url}{asset.pk}/")
        asset.barrier = next(iter(asset.barriers.all()), None)
    barriers = prepare_barriers(
        list(with_people().filter(workshop=workshop)), workshop=workshop, audience=audience,
        me=me,
    )
    unfinished = [b for b in barriers if b.unfinished]
    context = {
        "asset_groups": by_category(assets, Asset.Category.choices, ASSET_PROMPTS),
        "gaps": [asset for asset in assets if asset.is_gap],
        "asset_total": len(assets),
        "barrier_groups": by_category(barriers, Barrier.Category.choices),
        "barrier_total": len(barriers),
        "heat": heat_map(barriers),
        "owners": owners(barriers),
        "statuses": Barrier.Status.choices,
        "asset_statuses": Asset.Status.choices,
        "unfinished": unfinished,
        "barriers_url": board_url(workshop),
        "assets_url": url,
        "asset_form": AssetForm(),
        "barrier_form": BarrierForm(workshop=workshop),
    }
    if audience == Audience.PROJECTOR:
        context["unfinished"] = unfinished[:PROJECTOR_UNFINISHED]
        context["more_unfinished"] = max(0, len(unfinished) - PROJECTOR_UNFINISHED)
    return context


def personal_shares(*, workshop: Workshop, activity: Activity) -> dict[int, dict]:
    """Each author's own anonymous barriers, drawn as theirs (with their controls): the
    shared push drew them as anybody's."""
    shares: dict[int, dict] = {}
    mine = with_people().filter(workshop=workshop, anonymous=True, author__isnull=False)
    for barrier in mine:
        own = prepare_barriers(
            [copy(barrier)], workshop=workshop, audience=Audience.PARTICIPANTS,
            me=barrier.author_id,
        )[0]
        shares.setdefault(
            barrier.author_id, {"own": [], "statuses": Barrier.Status.choices}
        )["own"].append(own)
    return shares


def vote_items(*, workshop: Workshop) -> dict[int, str]:
    """The barriers a dot vote is held on: which to tackle first."""
    return dict(
        Barrier.objects.filter(workshop=workshop, hidden=False).values_list("pk", "description")
    )
