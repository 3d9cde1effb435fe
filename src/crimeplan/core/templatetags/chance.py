"""{% load chance %}: {{ p|p_value }} gives "p < 0.001"; {{ p|chance }} "very unlikely to be
chance", in the page's language (crimeplan.core.chance)."""

from django import template
from django.utils.translation import gettext

from crimeplan.core import chance as words

register = template.Library()


@register.filter
def p_value(p: object) -> str:
    return words.p_value_text(p)


@register.filter
def chance(p: object) -> str:
    return words.chance_words(p, gettext)
