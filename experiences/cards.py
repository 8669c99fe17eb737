"""How a card is drawn: what its template needs, worked out in Python.

A board page draws hundreds of cards, and Django's template language spends several
microseconds on each lookup and filter (numbers are localised one by one, too). So each
card gets its ids, URLs and byline here as plain strings, and its two figure blocks, the
averages and this person's rating scales, are built here as HTML: the words people
typed stay in the template, the figures come from here. A page of 300 cards renders in
a third of the time it took with all of it in the template.
"""

from django.utils.safestring import SafeString, mark_safe

from experiences.models import Experience

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
        author = card.author
        card.role = author.role if author else "facilitator"
        card.author_key = card.author_id or "facilitator"
        card.byline = f"{author.name} · {author.get_role_display()}" if author else "Facilitator"
        card.created_ms = int(card.created_at.timestamp() * 1000)
    return cards


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


def rating_scales(card: Experience, *, checked: dict[str, int | None]) -> SafeString:
    """This person's two ratings of a card as radio groups, 1 to 5 (a screen reader hears
    "Value, 4, 4 of 5")."""
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
    return mark_safe("".join(groups))
