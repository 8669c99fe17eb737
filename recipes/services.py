"""Writes to the planning boards: validated, saved in one transaction; the board's items
are then pushed anew to each audience (workshop.room.push_board)."""

from django.db import transaction

from recipes.models import STARTER, STARTER_GUARDRAIL, Guardrail, Persofail
from workshop import room, services
from workshop.models import Activity, Participant, Workshop

Kind = Activity.Kind


def _board_changed(workshop: Workshop) -> None:
    current = workshop.current_activity
    if current is not None and current.kind == Kind.PERSOFAILS:
        room.push_board(workshop, "items-push")


@transaction.atomic
def persofail_create(
    *, workshop: Workshop, author: Participant | None, text: str, hurt: str, kind: str
) -> Persofail:
    persofail = Persofail(
        workshop=workshop, author=author, text=text.strip(), hurt=hurt.strip(), kind=kind
    )
    persofail.full_clean(exclude=["workshop", "author"])
    persofail.save()
    _board_changed(workshop)
    return persofail


@transaction.atomic
def persofail_delete(*, persofail: Persofail) -> None:
    services.dot_item_removed(
        workshop=persofail.workshop, kind=Kind.PERSOFAILS, item_id=persofail.pk
    )
    persofail.delete()
    _board_changed(persofail.workshop)


@transaction.atomic
def guardrail_create(
    *, workshop: Workshop, author: Participant | None, text: str,
    persofail: Persofail | None = None,
) -> Guardrail:
    """A rule recipes can cite, from a persofail or on its own."""
    guardrail = Guardrail(workshop=workshop, author=author, persofail=persofail, text=text.strip())
    guardrail.full_clean(exclude=["workshop", "author", "persofail"])
    guardrail.save()
    _board_changed(workshop)
    return guardrail


@transaction.atomic
def guardrail_delete(*, guardrail: Guardrail) -> None:
    guardrail.delete()
    _board_changed(guardrail.workshop)


@transaction.atomic
def starter_add(*, workshop: Workshop) -> Persofail:
    """The method's own example, with its guardrail: the room sees what a good one is."""
    persofail = persofail_create(workshop=workshop, author=None, **STARTER)
    guardrail_create(workshop=workshop, author=None, text=STARTER_GUARDRAIL, persofail=persofail)
    return persofail
