"""Who may do what, decided in one place.

Three kinds of people reach a workshop: its facilitator (a Django user), its
participants (a signed cookie bound to that one workshop) and stakeholders (the share
token, read only). Views and the websocket consumer both ask this module; nothing
else decides.
"""

import enum
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from workshop import limits
from workshop.models import Activity, Participant, Workshop

PARTICIPANT_COOKIE_AGE = 60 * 60 * 24 * 90  # a workshop can run over several weeks
_COOKIE_SALT = "prepwork.participant"


class Refused(PermissionDenied):
    """A 403 that says why, in words a participant understands."""


class Audience(enum.StrEnum):
    """Who a render is for, when it is shared by many screens: every participant, the
    facilitator, or the projector, which the whole room reads and so shows only what
    every participant may see."""

    PARTICIPANTS = "participants"
    FACILITATOR = "facilitator"
    PROJECTOR = "projector"


@dataclass(frozen=True)
class Member:
    """Someone in a workshop's room: its facilitator, or one of its participants."""

    workshop: Workshop
    participant: Participant | None = None

    @property
    def is_facilitator(self) -> bool:
        return self.participant is None

    @property
    def audience(self) -> Audience:
        return Audience.FACILITATOR if self.participant is None else Audience.PARTICIPANTS


class Authored(Protocol):
    """An item someone put on a board: a card, a goal, a barrier, a recipe. Its author is
    empty for the facilitator's own items (a starter deck included)."""

    author_id: int | None
    hidden: bool


def participant_cookie_name(workshop: Workshop) -> str:
    return f"prepwork_p{workshop.pk}"


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=_COOKIE_SALT)


def remember_participant(response: HttpResponse, participant: Participant) -> None:
    workshop = participant.workshop
    response.set_cookie(
        participant_cookie_name(workshop),
        _signer().sign(f"{workshop.pk}.{participant.pk}"),
        max_age=PARTICIPANT_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        # Over TLS only when the site is served at an https:// address, as the session.
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _cookie_participant_id(cookies: dict, workshop: Workshop) -> int | None:
    """The participant id a genuine cookie of this workshop names, if any."""
    raw = cookies.get(participant_cookie_name(workshop))
    if not raw:
        return None
    try:
        value = _signer().unsign(raw, max_age=PARTICIPANT_COOKIE_AGE)
        workshop_pk, participant_pk = (int(part) for part in value.split("."))
    except (signing.BadSignature, ValueError):
        return None
    return participant_pk if workshop_pk == workshop.pk else None


def _participant_from_cookies(cookies: dict, workshop: Workshop) -> Participant | None:
    """The participant a cookie names, if it is genuine, of this workshop, and not removed."""
    participant_pk = _cookie_participant_id(cookies, workshop)
    if participant_pk is None:
        return None
    participant = Participant.objects.filter(
        pk=participant_pk, workshop=workshop, removed_at__isnull=True
    ).first()
    if participant is not None:
        participant.workshop = workshop
    return participant


def was_removed(request: HttpRequest, workshop: Workshop) -> bool:
    """Whether this browser belonged to a participant the facilitator removed."""
    participant_pk = _cookie_participant_id(request.COOKIES, workshop)
    return participant_pk is not None and Participant.objects.filter(
        pk=participant_pk, removed_at__isnull=False
    ).exists()


def member_of(*, workshop: Workshop, user, cookies: dict) -> Member | None:
    """Who this is in this workshop, or None for a stranger. Shared by views and socket."""
    if user is not None and user.is_authenticated and workshop.facilitator_id == user.pk:
        return Member(workshop=workshop)
    participant = _participant_from_cookies(cookies, workshop)
    if participant is not None:
        return Member(workshop=workshop, participant=participant)
    return None


def workshop_for_code(code: str, request: HttpRequest | None = None) -> Workshop:
    """The workshop a code names. Given the request, a code that names none counts as a
    guess from its address, and an address that has guessed too often is refused."""
    workshop = (
        Workshop.objects.select_related("current_activity__session", "facilitator")
        .filter(code=code.upper())
        .first()
    )
    if workshop is None:
        if request is not None:
            limits.check_code_guesses(request)
            limits.count_code_guess(request)
        raise Http404("There is no workshop with that code.")
    return workshop


def require_member(request: HttpRequest, code: str) -> Member:
    workshop = workshop_for_code(code, request)
    member = member_of(workshop=workshop, user=request.user, cookies=request.COOKIES)
    if member is None:
        # A stranger over the guessing limit learns nothing, not even that this code is
        # a workshop's; members never wait on the count.
        limits.check_code_guesses(request)
        raise Refused("Join this workshop first: you are not one of its participants.")
    return member


def require_facilitator(request: HttpRequest, code: str) -> Member:
    member = require_member(request, code)
    if not member.is_facilitator:
        raise Refused("Only the facilitator can do that.")
    return member


def require_stakeholder(token: str) -> Workshop:
    """The workshop whose roadmap a share link shows: read-only, no account. An unknown,
    replaced or revoked token is a 404, telling nothing about which workshops exist."""
    workshop = Workshop.objects.filter(share_token=token, shared_at__isnull=False).first()
    if workshop is None:
        raise Http404("No roadmap is shared at this address.")
    return workshop


def require_participant(request: HttpRequest, code: str) -> Member:
    member = require_member(request, code)
    if member.is_facilitator:
        raise Refused("That is for participants; the facilitator watches the room.")
    return member


def check_can_contribute(member: Member, activity: Activity) -> None:
    """Participants write only to the open, unlocked activity; the facilitator anywhere."""
    if member.is_facilitator:
        return
    if member.workshop.current_activity_id != activity.pk:
        raise Refused(f"“{activity.title}” is not open right now.")
    if activity.locked:
        raise Refused(f"The facilitator has locked “{activity.title}”.")


def audience_sees(audience: Audience, item: Authored) -> bool:
    """Hidden items are for their author and the facilitator; never for a shared screen."""
    return not item.hidden or audience == Audience.FACILITATOR


def audience_sees_author(audience: Audience, workshop: Workshop, item) -> bool:
    """Who wrote an item written on an anonymous board is nobody's to see, but for the
    facilitator of a workshop set up to show them (its author knows it was them)."""
    if not getattr(item, "anonymous", False):
        return True
    return audience == Audience.FACILITATOR and workshop.facilitator_sees_names


def can_see(member: Member, item: Authored) -> bool:
    if audience_sees(member.audience, item):
        return True
    return item.author_id == member.participant.pk


def check_can_edit(member: Member, item: Authored) -> None:
    """Everyone edits only what they wrote; the facilitator's own items have no author."""
    if member.is_facilitator and item.author_id is None:
        return
    if member.participant is None or item.author_id != member.participant.pk:
        raise Refused("You can only edit your own cards.")


def check_can_progress(member: Member, item) -> None:
    """An item's status (open, in progress, resolved) moves on by its author, its owner
    or the facilitator."""
    owner = getattr(item, "owner_id", None)
    if member.participant is not None and owner == member.participant.pk:
        return
    if member.is_facilitator:
        return
    if item.author_id != member.participant.pk:
        raise Refused("Only its author, its owner or the facilitator can change that.")


def check_can_remove(member: Member, item: Authored) -> None:
    """The author removes their own item; the facilitator moderates every item."""
    if member.is_facilitator:
        return
    check_can_edit(member, item)
