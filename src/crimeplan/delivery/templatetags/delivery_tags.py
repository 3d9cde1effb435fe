"""Template filters for delivery pages and the report."""

from django import template

register = template.Library()


@register.filter
def pounds(pence: int | None) -> str:
    """Integer pence as pounds: £1,061,477 when whole, £447,404.50 otherwise."""
    if pence is None:
        return ""
    whole, part = divmod(int(pence), 100)
    return f"£{whole:,}" if part == 0 else f"£{whole:,}.{part:02d}"
