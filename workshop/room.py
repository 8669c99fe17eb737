"""The room, as pages and as pushes.

A page is rendered for one member (or for the projector) and may show what is theirs
alone. A push is rendered once per audience and sent to that audience's group: when the
facilitator moves the room, locks a board or reveals its cards, every participant's
screen gets the same new stage in one frame, the facilitator's screen its own, the
projector its own; nobody re-fetches the room.

Boards use the room through the public functions here: `board_activity` (the activity a
write goes to, checked), `render_room` (the whole room again, after a form posted
without JavaScript), `back_to_room` (the answer to a facilitator's control), `written`
(the answer to a write whose push shows it),
`push_stage` (the board changed for everyone) and `push_board` (its items changed, not
its forms).
"""

from functools import partial

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import trigger_client_event

from workshop import access, addresses, boards, live, selectors, votes
from workshop.access import Audience, Member
from workshop.forms import NorthStarForm
from workshop.http import HtmxHttpRequest
from workshop.models import AMBITIONS, Activity, Participant, Workshop

ROOM = "workshop/room.html"
PRESENT = "workshop/present.html"
TEAM = "workshop/team.html"
NORTH_STAR = "workshop/north_star.html"
VOTE = "workshop/_vote.html"


# --- Boards' activities ---------------------------------------------------------------


def find_board_activity(workshop: Workshop, kind: str) -> Activity | None:
    current = workshop.current_activity
    if current is not None and current.kind == kind:
        return current
    return (
        Activity.objects.select_related("session")
        .filter(session__workshop=workshop, kind=kind)
        .first()
    )


def board_activity(member: Member, kind: str) -> Activity:
    """The workshop's activity of this kind, if this member may write to it now."""
    activity = find_board_activity(member.workshop, kind)
    if activity is None:
        raise Http404("This workshop has no such board.")
    access.check_can_contribute(member, activity)
    return activity


# --- What a screen shows --------------------------------------------------------------


def viewer_context(*, workshop: Workshop, audience: Audience, member: Member | None) -> dict:
    """Who a render is for, as every board's templates read it."""
    return {
        "workshop": workshop,
        "audience": audience,
        "member": member,
        # A shared render carries every control and lets the per-person style choose.
        "shared": member is None,
        "me": member.participant.pk if member is not None and member.participant else None,
    }


def stage_context(
    *, workshop: Workshop, audience: Audience, member: Member | None = None, options=None
) -> dict:
    """The open activity and its board, for one member or (member None) a whole audience."""
    activity = workshop.current_activity
    board = boards.for_activity(activity)
    context = {
        "activity": activity,
        "board": board,
        **viewer_context(workshop=workshop, audience=audience, member=member),
    }
    if board is not None:
        context.update(
            votes.stage_context(
                workshop=workshop, activity=activity, audience=audience, member=member
            )
        )
        context.update(
            board.context(
                workshop=workshop, activity=activity, audience=audience,
                member=member, options=options,
            )
        )
    if audience == Audience.FACILITATOR:
        context["agenda"] = selectors.agenda(workshop)
    return context


def presence_context(workshop: Workshop) -> dict:
    return {"presence": selectors.presence(workshop)}


def page_context(request: HtmxHttpRequest, member: Member, **extra) -> dict:
    workshop = member.workshop
    context = stage_context(
        workshop=workshop, audience=member.audience, member=member, options=request.GET
    )
    context.update(presence_context(workshop))
    context["join_link"] = addresses.join_url(request, workshop)
    context.update(extra)
    return context


def present_context(request: HtmxHttpRequest, member: Member) -> dict:
    """The projector's page: what every participant may see, large, and how to join."""
    workshop = member.workshop
    context = stage_context(workshop=workshop, audience=Audience.PROJECTOR, options=request.GET)
    context.update(presence_context(workshop))
    context["join_link"] = addresses.join_url(request, workshop)
    context["join_origin"] = addresses.public_origin(request)
    context["reachable"] = addresses.reachable_by_others(request)
    return context


def render_room(request: HtmxHttpRequest, member: Member, status: int = 200, **extra):
    template = ROOM
    if request.htmx:
        template += "#room-body"
    return render(request, template, page_context(request, member, **extra), status=status)


def back_to_room(request: HtmxHttpRequest, member: Member) -> HttpResponse:
    """After a control: htmx gets an empty 204 (the push updates every screen),
    a plain form post goes back to the room."""
    if request.htmx:
        return HttpResponse(status=204)
    return redirect("room", member.workshop.code)


def written(request: HtmxHttpRequest, member: Member, saved: str = "") -> HttpResponse:
    """After a write the board's push shows everyone, this screen included: htmx gets an
    empty answer (an editor open in the room's editor panel closes) and, if `saved`
    says what happened, it is announced; a plain form post goes back to the room."""
    if not request.htmx:
        return redirect("room", member.workshop.code)
    response = HttpResponse("")
    return trigger_client_event(response, "roomSaved", {"message": saved}) if saved else response


# --- Pushes ---------------------------------------------------------------------------


def push_stage(
    workshop: Workshop, *, moved: bool = False, audiences: tuple[Audience, ...] = tuple(Audience)
) -> None:
    """The open board changed for everyone: render its stage once per audience and push
    it, then each participant's own share of it. `moved`: the room went to another
    activity (the timer and "done" reset too). `audiences`: fewer, when the one who made
    the change gets their screen back in the answer to their request."""
    for audience in audiences:
        live.publish(
            [live.audience(workshop.pk, audience)],
            partial(stage_fragment, workshop_id=workshop.pk, audience=audience, moved=moved),
        )
    live.publish_each(partial(personal_fragments, workshop_id=workshop.pk))
    if moved:
        live.presence_changed(workshop.pk)


def board_changed(workshop: Workshop, kind: str, *, itself: bool = True) -> None:
    """Items of the board of `kind` changed: push the open board's items if it shows
    them (it is that board, or it watches that kind). `itself=False` from a board that
    pushes its own changes another way (one goal, one card): only its watchers then."""
    board = boards.for_activity(workshop.current_activity)
    if board is not None and ((itself and board.kind == kind) or kind in board.watches):
        push_board(workshop, "items-push")


def push_board(workshop: Workshop, part: str) -> None:
    """The open board's items changed, not its forms: render the board's partial `part`
    once for participants and once for the facilitator, the projector's whole stage
    (it has no forms), and push them; then each participant's own share. A form left
    out of the push keeps what someone is typing, and the frame does not carry lists
    that grow with the room (everyone in the room as a possible owner)."""
    for audience in (Audience.PARTICIPANTS, Audience.FACILITATOR):
        live.publish(
            [live.audience(workshop.pk, audience)],
            partial(board_fragment, workshop_id=workshop.pk, audience=audience, part=part),
        )
    live.publish(
        [live.audience(workshop.pk, Audience.PROJECTOR)],
        partial(
            stage_fragment, workshop_id=workshop.pk, audience=Audience.PROJECTOR, moved=False
        ),
    )
    live.publish_each(partial(personal_fragments, workshop_id=workshop.pk))


def board_fragment(*, workshop_id: int, audience: Audience, part: str) -> str:
    workshop = Workshop.objects.select_related("current_activity__session").get(pk=workshop_id)
    context = stage_context(workshop=workshop, audience=audience)
    if context["board"] is None:
        return ""
    return live.render(f"{context['board'].template}#{part}", context)


def stage_fragment(*, workshop_id: int, audience: Audience, moved: bool) -> str:
    workshop = Workshop.objects.select_related("current_activity__session").get(pk=workshop_id)
    context = stage_context(workshop=workshop, audience=audience)
    context["moved"] = moved
    template = PRESENT if audience == Audience.PROJECTOR else ROOM
    return live.render(f"{template}#stage-push", context)


def personal_fragments(*, workshop_id: int) -> dict[str, str]:
    """What the shared stage left out for each participant, for their own group: their
    own share of the board, then their own dots in its vote."""
    workshop = Workshop.objects.select_related("current_activity").get(pk=workshop_id)
    activity = workshop.current_activity
    board = boards.for_activity(activity)
    if board is None:
        return {}
    shares: list[tuple[str, dict[int, dict]]] = [
        (f"{VOTE}#mine", votes.personal_shares(workshop=workshop, activity=activity))
    ]
    if board.personal is not None:
        shares.insert(0, (
            f"{board.template}#personal",
            board.personal(workshop=workshop, activity=activity),
        ))
    if not any(by_participant for _, by_participant in shares):
        return {}
    # A board's items drawn again for one person carry the vote's controls too.
    shared = {"workshop": workshop, "activity": activity, "shared": True,
              **votes.shared_context(workshop, votes.vote_on(activity))}
    fragments: dict[str, str] = {}
    for template, by_participant in shares:
        for participant_id, context in by_participant.items():
            group = live.participant(participant_id)
            html = live.render(template, {**shared, **context})
            fragments[group] = fragments.get(group, "") + html
    return fragments


def presence_fragment(*, workshop_id: int) -> str:
    """Who is in the room, in a frame whose size does not grow with the room; with the
    team roster when the Team board is open."""
    workshop = (
        Workshop.objects.select_related("current_activity").filter(pk=workshop_id).first()
    )
    if workshop is None:
        return ""
    context = {"workshop": workshop, **presence_context(workshop)}
    html = live.render("workshop/_people.html#summary", context)
    activity = workshop.current_activity
    if activity is not None and activity.kind == Activity.Kind.TEAM:
        html += live.render(f"{TEAM}#roster", {"workshop": workshop, **team_context(workshop)})
    return html


# --- The core's own boards ------------------------------------------------------------

TEAM_NAMES_SHOWN = 60


def team_context(workshop: Workshop) -> dict:
    """The room by role; past a few dozen people, each role shows its count and the
    first names only."""
    people = selectors.people_by_name(workshop)
    roles = []
    for value, label in Participant.Role.choices:
        members = [person for person in people if person.role == value]
        roles.append({"value": value, "label": label, "count": len(members), "people": members})
    if len(people) > TEAM_NAMES_SHOWN:
        share = max(1, TEAM_NAMES_SHOWN // max(1, sum(1 for r in roles if r["count"])))
        for role in roles:
            role["more"] = max(0, role["count"] - share)
            role["people"] = role["people"][:share]
    return {"roles": roles, "team_total": len(people)}


def _team_board_context(*, workshop, activity, audience, member=None, options=None) -> dict:
    return team_context(workshop)


TEAM_BOARD = boards.Board(kind=Activity.Kind.TEAM, template=TEAM, context=_team_board_context)



def north_star_levels(workshop: Workshop) -> list[dict]:
    """The pyramid, top (the whole product) to bottom (one function), the chosen level marked."""
    return [
        {
            "value": value, "label": label, "explained": AMBITIONS[value],
            "chosen": workshop.ambition == value,
        }
        for value, label in reversed(Workshop.Ambition.choices)
    ]


def _north_star_board_context(*, workshop, activity, audience, member=None, options=None) -> dict:
    context = {"levels": north_star_levels(workshop)}
    if audience == Audience.FACILITATOR:
        context["north_star_form"] = NorthStarForm.of(workshop)
    return context


def _seed_north_star(*, workshop, activity, people) -> None:
    # The demo is seeded before anyone is in the room: nothing to push.
    workshop.ambition = Workshop.Ambition.EXPERIENCE
    workshop.north_star = "Every customer feels known, from their first visit to their hundredth."
    workshop.save(update_fields=["ambition", "north_star"])


NORTH_STAR_BOARD = boards.Board(
    kind=Activity.Kind.NORTH_STAR, template=NORTH_STAR, context=_north_star_board_context,
    seed=_seed_north_star,
)
