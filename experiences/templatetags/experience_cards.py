from django import template
from django.utils.safestring import SafeString

from experiences import cards
from workshop.templatetags.room import form_token

register = template.Library()


@register.simple_tag(takes_context=True)
def card_controls(context, card) -> SafeString:
    return cards.controls(
        card, shared=context.get("shared", False), me=context.get("me"),
        audience=context.get("audience", ""), csrf_field=form_token(context),
    )


@register.simple_tag(takes_context=True)
def rating_form(context, card, oob=False) -> SafeString:
    """This person's rating form for the card, their own scores chosen (none in a shared
    render)."""
    return cards.rating_form(card, csrf_field=form_token(context), oob=oob)


@register.simple_tag
def card_stats(card) -> SafeString:
    return cards.stats(card)
