"""What every chart shares: vl-convert's SVG made an accessible image, and the month axis of a
monthly series. Each app builds its own Vega-Altair specs and decides where the rendered SVG
is kept, so that it is rendered once when its data changes, not on each request."""

import datetime
import json
import re
from typing import Any

import altair as alt
import vl_convert
from django.utils.formats import date_format
from django.utils.html import escape


def accessible_svg(svg: str, title: str, description: str, ident: str) -> str:
    """vl-convert's SVG has no role or title: add role="img", <title> and <desc>."""
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is None:
        raise ValueError("not an SVG document")
    tag = match.group(0)
    tag = re.sub(r'\s(?:role|aria-labelledby)="[^"]*"', "", tag)
    opened = tag[:-1] + f' role="img" aria-labelledby="{ident}-title {ident}-desc">'
    inner = (
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
    )
    return svg[: match.start()] + opened + inner + svg[match.end() :]


def render_svg(spec: dict[str, Any], *, title: str, description: str, ident: str) -> str:
    """A Vega-Lite spec rendered to an accessible SVG (a tenth of a second or more: callers
    keep the result)."""
    return accessible_svg(vl_convert.vegalite_to_svg(spec), title, description, ident)


# Months are held as "2024-05", which the renderer reads as midnight UTC on the first: kept in
# UTC, a month's point sits on its own tick, never on the month before's label.
MONTHS_SCALE = alt.Scale(type="utc")
# Ticks every 1, 2, 3, 6 or 12 months: the fewest that label each tick once with at most
# twelve labels, always at the start of a month (a month step divides the year, as the
# renderer counts steps within it). Longer series are ticked every few years.
MONTH_STEPS = (1, 2, 3, 6, 12)


def month_axis(months: int, translated: bool) -> alt.Axis:
    """The month axis of a monthly chart of `months` points: one label per tick, each a month
    and year, named in the active language when `translated` (the renderer knows only
    English month names)."""
    step = next((s for s in MONTH_STEPS if months <= 12 * s), None)
    ticks = (
        {"interval": "month", "step": step}
        if step is not None
        else {"interval": "year", "step": -(-months // 144)}
    )
    if translated:
        names = [date_format(datetime.date(2000, m, 1), "M") for m in range(1, 13)]
        label = f"{json.dumps(names)}[utcmonth(datum.value)] + ' ' + utcyear(datum.value)"
    else:
        label = "utcFormat(datum.value, '%b %Y')"
    return alt.Axis(labelExpr=label, tickCount=ticks)
