"""Names a room can read: what people type as a name is shown on every screen and the
projector, so it must be visible, and it must not turn the text around it backwards."""

import unicodedata

# Bidirectional controls (embeddings, overrides, isolates and marks): in a name they
# reverse the text after it on every screen, "Bob" shown as someone else's name.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u200e\u200f\u061c"  # marks
)
# Formats, spaces and controls draw nothing; nor do a few letters and symbols made to
# be blank (the Hangul fillers, the blank Braille pattern).
INVISIBLE_CATEGORIES = frozenset({"Cf", "Zs", "Cc", "Zl", "Zp"})
BLANK_CHARACTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def is_invisible(character: str) -> bool:
    return (
        character in BLANK_CHARACTERS
        or unicodedata.category(character) in INVISIBLE_CATEGORIES
    )


def readable_name(value: str) -> str:
    """The name without bidirectional controls, and without the invisible characters
    around it: a name made only of them becomes empty, which forms refuse as blank."""
    value = "".join(character for character in value if character not in BIDI_CONTROLS)
    start, end = 0, len(value)
    while start < end and is_invisible(value[start]):
        start += 1
    while end > start and is_invisible(value[end - 1]):
        end -= 1
    return value[start:end]
