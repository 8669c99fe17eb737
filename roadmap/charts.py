"""The roadmap's charts as inline SVG: the goals 2x2, the quarter timeline and the
barrier heat map.

The server draws them so that the roadmap page and its PDF show the same picture:
WeasyPrint runs no JavaScript, and the page then needs none either. Each chart scales to
the width of its container, names itself for screen readers, and uses only rect, line,
circle and text, which WeasyPrint draws faithfully. User text goes through format_html,
so a label is always shown as text, never read as markup.
"""

from collections import Counter
from collections.abc import Iterable

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Vendored in static/fonts and declared in static/css/roadmap-fonts.css.
FONT = "'Source Sans 3', sans-serif"

ACCENT = "#233a8b"
STRONG = "#172a6b"
SOFT = "#e6eaf8"
INK = "#17203a"
MUTED = "#5b647d"
WARNING = "#d99a1e"
DANGER = "#b3261e"
LINE = "#c9ccd8"
WHITE = "#ffffff"
NEAR_WHITE = "#fcfaf6"

# A heat-map cell is shaded against the largest count, never against fewer than this.
HOT = 3


def goals_grid(goals: list[tuple[str, float, float]]) -> SafeString:
    """The goals 2x2, each goal (text, x, y) a circle numbered 1..n in the order given,
    to match the legend the caller prints. x runs from business efficiency (-1) to
    customer understanding (1), y from back-stage (-1) to front-stage (1)."""
    if not goals:
        return _nothing("No goals placed yet")
    margin, side, radius = 30, 360, 12
    centre = margin + side / 2
    # A goal on the very edge keeps its whole circle inside the grid.
    reach = side / 2 - radius - 2
    parts = [
        format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}"/>',
            margin, margin, side, side, SOFT, LINE,
        ),
        _line(margin, centre, margin + side, centre),
        _line(centre, margin, centre, margin + side),
        _text(centre, margin - 10, "Front-stage", anchor="middle", fill=MUTED, weight=600),
        _text(centre, margin + side + 20, "Back-stage", anchor="middle", fill=MUTED, weight=600),
        _text(margin + 8, centre - 8, "Business efficiency", fill=MUTED, weight=600),
        _text(margin + side - 8, centre - 8, "Customer understanding", anchor="end",
              fill=MUTED, weight=600),
    ]
    for number, (text, x, y) in enumerate(goals, start=1):
        # SVG's y grows downwards; the grid's grows upwards.
        cx, cy = centre + x * reach, centre - y * reach
        parts.append(format_html(
            '<g><title>{}. {}</title>'
            '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="2"/>{}</g>',
            number, _clip(text, 120), _n(cx), _n(cy), radius, ACCENT, WHITE,
            _text(cx, cy + 4, str(number), anchor="middle", fill=WHITE, weight=700, size=11),
        ))
    quadrants = Counter(_quadrant(x, y) for _, x, y in goals)
    summary = f"{_count(len(goals), 'goal')} on the 2x2: " + "; ".join(
        f"{n} {quadrant}" for quadrant, n in quadrants.most_common()
    )
    return _svg(width=2 * margin + side, height=2 * margin + side, summary=summary,
                body=_join(parts))


def timeline(quarters: list[tuple[str, list[tuple[str, bool]]]]) -> SafeString:
    """One column per quarter, in the order given, with the recipes (name, chosen first)
    launching then stacked beneath it; the recipes chosen to do first are filled."""
    recipes = [recipe for _, launching in quarters for recipe in launching]
    if not recipes:
        return _nothing("No recipes on the timeline yet")
    pad, column, gap, bar, head = 8, 160, 12, 28, 34
    shown = [(quarter, shortlist(launching)) for quarter, launching in quarters]
    longest = max(len(rows) + bool(more) for _, (rows, more) in shown)
    parts = []
    for index, (quarter, (launching, more)) in enumerate(shown):
        left = pad + index * (column + gap)
        parts += [
            _text(left, pad + 14, _clip(quarter, 20), fill=STRONG, weight=700, size=13),
            _line(left, pad + 22, left + column, pad + 22, colour=ACCENT, width=2),
        ]
        for row, (name, first) in enumerate(launching):
            top = pad + head + row * (bar + 8)
            fill, ink, weight = (ACCENT, WHITE, 600) if first else (WHITE, INK, 400)
            parts.append(format_html(
                '<g><title>{}</title>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="4" fill="{}" stroke="{}" '
                'stroke-width="1.5"/>{}</g>',
                _clip(name, 120), left, top, column, bar, fill, ACCENT,
                _text(left + 10, top + bar / 2 + 4, _clip(name, 24), fill=ink, weight=weight),
            ))
        if more:
            top = pad + head + len(launching) * (bar + 8)
            parts.append(_text(left + 10, top + bar / 2 + 4, f"+ {more} more", fill=MUTED))
    chosen = sum(first for _, first in recipes)
    span = quarters[0][0] if len(quarters) == 1 else f"{quarters[0][0]} to {quarters[-1][0]}"
    summary = (
        f"Timeline of {_count(len(recipes), 'recipe')} over "
        f"{_count(len(quarters), 'quarter')}, {span}; {chosen} chosen to do first"
    )
    return _svg(
        width=2 * pad + len(quarters) * column + (len(quarters) - 1) * gap,
        height=2 * pad + head + longest * (bar + 8) - 8,
        summary=summary,
        body=_join(parts),
    )


# A quarter's column lists this many recipes, the chosen ones first; the rest are counted.
MOST_PER_QUARTER = 6


def shortlist(launching: list[tuple[str, bool]]) -> tuple[list[tuple[str, bool]], int]:
    """A quarter's recipes as a column shows them, chosen ones first, and how many more."""
    ordered = sorted(launching, key=lambda recipe: not recipe[1])
    if len(ordered) <= MOST_PER_QUARTER:
        return ordered, 0
    return ordered[:MOST_PER_QUARTER - 1], len(ordered) - MOST_PER_QUARTER + 1


def heat_map(rows: list[tuple[str, list[int]]], columns: list[str]) -> SafeString:
    """Barrier categories (rows) by severity (columns), each cell shaded by its count
    from near white to red, and the count printed unless it is zero."""
    if any(len(counts) != len(columns) for _, counts in rows):
        raise ValueError("Each row of the heat map needs one count per column.")
    total = sum(sum(counts) for _, counts in rows)
    if not total:
        return _nothing("No barriers recorded yet")
    pad, label, cell, height, head = 8, 210, 80, 34, 26
    # One barrier in a cell is worth a look, not an alarm.
    most = max(HOT, *(max(counts) for _, counts in rows))
    parts = [
        _text(label + (i + 0.5) * cell, pad + 14, _clip(name, 12), anchor="middle",
              fill=STRONG, weight=600)
        for i, name in enumerate(columns)
    ]
    for r, (category, counts) in enumerate(rows):
        top = pad + head + r * height
        parts.append(_text(label - 10, top + height / 2 + 4, _clip(category, 32), anchor="end"))
        for c, count in enumerate(counts):
            share = count / most
            parts.append(format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}"/>',
                label + c * cell, top, cell, height, _heat(share), LINE,
            ))
            if count:
                # Dark enough for white text from about three quarters of the most.
                ink = WHITE if share >= 0.75 else INK
                parts.append(_text(label + (c + 0.5) * cell, top + height / 2 + 5, str(count),
                                   anchor="middle", fill=ink, weight=700, size=14))
    worst = max(
        ((count, category, column) for category, counts in rows
         for count, column in zip(counts, columns)),
        key=lambda cell: cell[0],
    )
    summary = (
        f"Barriers by category and severity: {_count(total, 'barrier')}; "
        f"the most, {worst[0]}, are {worst[1]}, {worst[2]}"
    )
    return _svg(
        width=label + len(columns) * cell + pad,
        height=2 * pad + head + len(rows) * height,
        summary=summary,
        body=_join(parts),
    )


def _svg(*, width: float, height: float, summary: str, body: SafeString) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="100%" '
        'role="img" aria-label="{}" font-family="{}" font-size="12">'
        "<title>{}</title>{}</svg>",
        _n(width), _n(height), summary, FONT, summary, body,
    )


def _nothing(message: str) -> SafeString:
    return _svg(width=400, height=48, summary=message,
                body=_text(200, 29, message, anchor="middle", fill=MUTED, size=14))


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK,
          weight: int = 400, size: int = 12) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" fill="{}" font-weight="{}" font-size="{}">'
        "{}</text>",
        _n(x), _n(y), anchor, fill, weight, size, text,
    )


def _line(x1: float, y1: float, x2: float, y2: float, *, colour: str = LINE,
          width: float = 1) -> SafeString:
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>',
        _n(x1), _n(y1), _n(x2), _n(y2), colour, width,
    )


def _join(parts: Iterable[str]) -> SafeString:
    # conditional_escape leaves the pieces already built as they are and escapes any other.
    return mark_safe("".join(conditional_escape(part) for part in parts))


def _clip(text: str, limit: int) -> str:
    """The text on one line, cut to limit characters with an ellipsis. Cut before it is
    escaped, so that an entity such as &amp; is never cut in half."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _n(value: float) -> str:
    return f"{round(value, 1):g}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _quadrant(x: float, y: float) -> str:
    stage = "front-stage" if y >= 0 else "back-stage"
    side = "customer understanding" if x >= 0 else "business efficiency"
    return f"{stage}, {side}"



def _heat(share: float) -> str:
    """The colour of a heat-map cell holding this share of the largest count: near white
    for none, amber at half, red for the most."""
    low, high, t = (NEAR_WHITE, WARNING, share * 2) if share <= 0.5 else (
        WARNING, DANGER, share * 2 - 1)
    a, b = (bytes.fromhex(colour[1:]) for colour in (low, high))
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b))
