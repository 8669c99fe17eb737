"""How a card is drawn: what its template needs, worked out in Python.

A board page draws hundreds of cards, and Django's template language spends several
microseconds on each lookup and filter (numbers are localised one by one, too). So each
card gets its ids, URLs and byline here as plain strings, and the parts that are the
same shape on every card, its controls, its averages and this person's rating scales,
are built here as HTML: the words people typed stay in the template. A page of 300 cards
renders in a third of the time it took with all of it in the template.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from experiences.models import Experience
from workshop.access import Audience
from workshop.models import Participant

ROLE_LABELS = dict(Participant.Role.choices)

DIMENSIONS = (("value", "Value"), ("feasibility", "Feasibility"))


def address(cards: list[Experience], *, board_url: str) -> list[Experience]:
    """Each card's DOM id and URL, built from its primary key and the board's URL: nothing
    a person typed, so they need no escaping."""
    for card in cards:
        card.dom = mark_safe(f"experience-{card.pk}")
        card.url = mark_safe(f"{board_url}{card.pk}/")
    return cards


def prepare(cards: list[Experience], *, board_url: str) -> list[Experience]:
    for card in address(cards, board_url=board_url):
        if hasattr(card, "author_name"):  # read with the board (selectors.with_stats)
            name, role = card.author_name, card.author_role
        else:
            author = card.author
            name, role = (author.name, author.role) if author else (None, None)
        card.role = role or "facilitator"
        card.author_key = card.author_id or "facilitator"
        card.byline = f"{name} · {ROLE_LABELS[role]}" if name is not None else "Facilitator"
        card.created_ms = int(card.created_at.timestamp() * 1000)
    return cards


def controls(
    card: Experience, *, shared: bool, me: int | None, audience: str, csrf_field: str
) -> SafeString:
    """Edit for the card's author, Remove for the facilitator on others' cards. A shared
    render carries both, and each page's member style shows the right one."""
    title = escape(card.title)
    parts = []
    if shared or card.author_id == me:
        parts.append(
            f'<a class="text-button mine contrib" href="{card.url}edit/" '
            f'hx-get="{card.url}edit/" hx-target="#{card.dom}-body" hx-swap="outerHTML">'
            f'Edit<span class="visually-hidden"> {title}</span></a>'
        )
    if shared or (audience == Audience.FACILITATOR and card.author_id):
        parts.append(
            f'<form class="moderate" method="post" action="{card.url}delete/" '
            f'hx-post="{card.url}delete/" hx-swap="none" '
            f'hx-confirm="Remove “{title}” from the board?">{csrf_field}'
            f'<button class="text-button danger">Remove<span class="visually-hidden"> {title}'
            "</span></button></form>"
        )
    return mark_safe("".join(parts))


def stats(card: Experience) -> SafeString:
    """The card's averages and how many rated, with a meter each; the averages ride on
    data attributes too, for the page's own sorting of live cards."""
    sort_values, rows = [], []
    for key, label in DIMENSIONS:
        average, count = getattr(card, f"avg_{key}"), getattr(card, f"{key}_count")
        sort_values.append(f' data-{key}="{average:.2f}"' if average is not None else f' data-{key}=""')
        number = (
            f'<span class="stat-number">{average:.1f}</span>' if count
            else '<span class="stat-number is-empty">no ratings</span>'
        )
        # The meter's width, in steps of 5% (the stylesheet has one class a step).
        meter = 0 if average is None else round(average / 5 * 20) * 5
        rows.append(
            f'<div class="stat"><dt>{label}</dt><dd>{number} '
            f'<span class="stat-count">{count} rating{"" if count == 1 else "s"}</span>'
            f'<span class="meter" aria-hidden="true"><span class="meter-fill meter-{meter}">'
            "</span></span></dd></div>"
        )
    return mark_safe(
        f'<dl class="card-stats" id="experience-{card.pk}-stats"{"".join(sort_values)}>'
        f'{"".join(rows)}</dl>'
    )


def rating_form(card: Experience, *, csrf_field: str, oob: bool = False) -> SafeString:
    """The form this person rates a card with: their two scores as radio groups, 1 to 5
    (a screen reader hears "Value, 4, 4 of 5"), sent as soon as one changes. `oob`: it
    replaces the one on the page wherever it is (a person's own share of the board)."""
    mine = getattr(card, "my_rating", None)
    checked = {"value": mine.value, "feasibility": mine.feasibility} if mine else {}
    swap = ' hx-swap-oob="true"' if oob else ""
    return mark_safe(
        f'<form class="rate participant-only contrib" id="{card.dom}-rating"{swap} method="post" '
        f'action="{card.url}rate/" hx-post="{card.url}rate/" hx-trigger="change" hx-swap="none">'
        f'{csrf_field}<p class="rate-heading">Your rating</p>{rating_scales(checked=checked)}'
        '<button class="rate-save button small">Save rating</button></form>'
    )


def rating_scales(*, checked: dict[str, int | None]) -> str:
    groups = []
    for key, label in DIMENSIONS:
        mine = checked.get(key)
        options = "".join(
            f'<label><input type="radio" name="{key}" value="{score}"'
            f'{" checked" if mine == score else ""}>{score}</label>'
            for score in range(1, 6)
        )
        groups.append(
            f'<fieldset class="rate-row"><legend>{label}</legend>'
            f'<span class="scale">{options}</span></fieldset>'
        )
    return "".join(groups)
