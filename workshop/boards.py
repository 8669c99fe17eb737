"""The board registry: how a board app plugs into the room without the core naming it.

Each board registers itself in its AppConfig.ready(): the activity kind it serves, its
template (with the partials `board`, `present`, and optionally `controls` and
`personal`), and the functions that fill them. The room, the present view and
`seed_demo` ask this registry; an activity with no board registered yet shows its prompt
and a note that the board comes later.

Renders are of two kinds. A page is rendered for one member, and may show what is
theirs alone. A push is rendered once for an audience (every participant, the
facilitator, the projector) and carries nothing personal: a board that shows
per-person state defines `personal`, which finds in one go what each participant has of
their own on the board (their ratings, their hidden cards); each of them then gets a
small fragment of it on their own group, right after the shared push.

A board whose items change pushes them with `room.board_changed`: the open board's
partial `items-push` is rendered anew for each audience, when the change is its own or
of a kind it `watches`.

A board with items to prioritise registers `vote_items` and draws `{% dot_control %}` on
each item: the dot vote (workshop.votes) is then the core's, the same on every board.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workshop.models import Activity, Participant, Workshop

# context(*, activity, audience, member) -> dict for the board's partials; member is
# None when the render is shared by the whole audience.
BoardContext = Callable[..., dict[str, Any]]
# personal(*, workshop, activity) -> {participant id: dict for the `personal` partial},
# for the participants who have something of their own on the board.
PersonalContext = Callable[..., dict[str, Any]]
# seed(*, workshop, activity, people) fills the board for `seed_demo`.
Seed = Callable[..., None]
# vote_items(*, workshop) -> {item id: label} of the items every participant sees, which
# take dots when the facilitator opens a vote (workshop.votes).
VoteItems = Callable[..., dict[int, str]]


@dataclass(frozen=True)
class Board:
    kind: str
    template: str
    context: BoardContext
    personal: PersonalContext | None = None
    seed: Seed | None = None
    # Whether the facilitator can hide new items until a reveal on this board.
    hides_new_items: bool = False
    # Whether the facilitator can make the board anonymous (Activity.anonymous).
    anonymous_mode: bool = False
    # Whether the facilitator adds controls of the board's own (the `controls` partial).
    has_controls: bool = False
    # The board's items that a dot vote can be held on; None: the board has no vote.
    vote_items: VoteItems | None = None
    # The kinds of board whose items this board reads too (recipe lint reads guardrails,
    # assets and barriers): a change to them is pushed to this board while it is open.
    watches: tuple[str, ...] = ()

    @property
    def has_votes(self) -> bool:
        return self.vote_items is not None


_boards: dict[str, Board] = {}


def register(board: Board) -> None:
    if board.kind not in Activity.Kind.values:
        raise ValueError(f"{board.kind!r} is not an activity kind.")
    if board.kind in _boards and _boards[board.kind] != board:
        raise ValueError(f"A board for {board.kind!r} is already registered.")
    _boards[board.kind] = board


def for_activity(activity: Activity | None) -> Board | None:
    return None if activity is None else _boards.get(activity.kind)


def registered() -> list[Board]:
    """Every board, in agenda order."""
    order = {kind: position for position, kind in enumerate(Activity.Kind.values)}
    return sorted(_boards.values(), key=lambda board: order[board.kind])


def seed_all(*, workshop: Workshop, people: list[Participant]) -> None:
    """Fill every registered board of a workshop, for the demo."""
    activities = {activity.kind: activity for activity in Activity.objects.filter(
        session__workshop=workshop
    )}
    for board in registered():
        if board.seed is not None and board.kind in activities:
            board.seed(workshop=workshop, activity=activities[board.kind], people=people)
