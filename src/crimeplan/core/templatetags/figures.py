"""{% load figures %}: {{ figure|grouped }} gives "39,857" for "39857" (crimeplan.core.figures)."""

from django import template

from crimeplan.core import figures

register = template.Library()


@register.filter
def grouped(text: object) -> str:
    return figures.grouped(text)
