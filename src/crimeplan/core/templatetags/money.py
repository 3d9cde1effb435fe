"""Money in templates: `{% load money %}`, then `{{ amount_pence|pounds }}` prints
"£1,061,477.00" and `{{ amount_pence|pounds:"whole" }}` prints "£1,061,477" (the pence only
when there are some: "£447,404.50"). See `crimeplan.core.money.format_pence`."""

from django import template

from crimeplan.core.money import format_pence

register = template.Library()

STYLES = ("", "whole")


@register.filter
def pounds(pence: int | None, style: str = "") -> str:
    """Whole pence as pounds; "" for no amount. `style` is "" or "whole"; any other is a
    mistake in the template, refused rather than guessed at."""
    if style not in STYLES:
        raise template.TemplateSyntaxError(f'pounds takes no argument or "whole", not {style!r}')
    return format_pence(pence, whole=style == "whole")
