"""Money in templates: whole pence printed as pounds."""

from django import template

from crimeplan.commissioning.money import format_pence

register = template.Library()


@register.filter
def pounds(pence: int | None) -> str:
    return format_pence(pence)
