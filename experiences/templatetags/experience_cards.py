from django import template
from django.utils.safestring import SafeString

from experiences import cards

register = template.Library()


@register.simple_tag
def rating_scales(card) -> SafeString:
    """The card's rating scales, with this person's own scores chosen (none in a shared
    render)."""
    mine = getattr(card, "my_rating", None)
    checked = {"value": mine.value, "feasibility": mine.feasibility} if mine else {}
    return cards.rating_scales(card, checked=checked)


@register.simple_tag
def card_stats(card) -> SafeString:
    return cards.stats(card)
