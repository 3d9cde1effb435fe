"""The Welsh copy of a published performance report.

Where the site offers Welsh (`CRIMEPLAN_LANGUAGES`, docs/how-to/welsh.md), a report is
published in both languages at once, so the Welsh one is never behind: the same figures, with
the framework's Welsh names (`name_cy`, `label_cy`, `period_note_cy` in its file), the analysts'
Welsh comments (`Commentary.text_cy`) filled from the same row, each chart and its summary
worded in Welsh and the notes said in Welsh. It is frozen with the report
(`Snapshot.document_cy`) and its PDF with the other files. What the Welsh copy needs and the
framework or the comments lack blocks publication (`welsh_gaps`), as a missing comment does.
"""

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext, gettext_noop, pgettext, pgettext_lazy

from crimeplan.core import exports
from crimeplan.core.languages import WELSH, html_lang, name_in
from crimeplan.core.pdf import tagged_pdf

from . import commentary, wording
from .engine import Table
from .framework import Framework

# The aims as a report prints them (the framework's values), marked to be said in Welsh.
AIM_WORDS = (
    pgettext_lazy("performance aim", "reduce"),
    pgettext_lazy("performance aim", "increase"),
    pgettext_lazy("performance aim", "monitor"),
)
# The figures a published report's page and PDF print, copied as they are into the Welsh copy
# (numbers, and values the page words in its own language: aim met, verdict, unit).
FIGURES = (
    "id",
    "force_baseline",
    "force_current",
    "force_change",
    "group_baseline",
    "group_current",
    "group_change",
    "force_rate_baseline",
    "force_rate_current",
    "group_rate_baseline",
    "group_rate_current",
    "change_unit",
    "aim_met",
    "verdict",
    "p_value",
    "target",
    "rank_of",
    "priorities",
)


def welsh_gaps(definition: Framework, table: Table, comments: Mapping[str, Any]) -> list[str]:
    """What the Welsh copy needs and does not have, one plain line each: the framework file's
    Welsh keys, and a Welsh comment beside each English one (`comments`: measure id to its
    Commentary)."""
    gaps = [f"the framework file's {key}" for key in definition.welsh_gaps]
    for row in table.rows:
        comment = comments.get(row.measure.id)
        if comment is not None and comment.text.strip() and not comment.text_cy.strip():
            gaps.append(f"a Welsh comment on {row.measure.name}")
    return gaps


def welsh_document(
    *,
    document: Mapping[str, Any],
    table: Table,
    notes: tuple[str, ...],
    definition: Framework,
    comments_cy: Mapping[str, str],
    title_cy: str,
    chart: Callable[[str], Mapping[str, Any]],
) -> dict[str, Any]:
    """The Welsh copy of the published `document` (outputs.to_json of `table`): the same
    figures, worded in Welsh. `chart(measure_id)` gives the measure's chart worded in Welsh."""
    names = {m.id: m.name_cy for m in definition.measures}
    labels = {p.name: p.label_cy for p in definition.periods}
    with translation.override(WELSH):
        rendered = commentary.rendered_comments(
            comments_cy, table.rows, definition, gettext=gettext, welsh=True
        )
        measures = []
        for row in document["measures"]:
            measure = definition.measure(row["id"])
            drawn = chart(measure.id)
            measures.append(
                {key: row[key] for key in FIGURES if key in row}
                | {
                    "measure": measure.name_cy,
                    "aim": pgettext("performance aim", measure.aim.value),
                    "period_note": measure.period_note_cy,
                    "comment": rendered.get(measure.id, ""),
                    "chart_svg": drawn["svg"],
                    "chart_summary": drawn["summary"],
                }
            )
        return {
            "schema_version": document["schema_version"],
            "language": WELSH,
            "title": title_cy,
            "framework": definition.name_cy,
            "force": document["force"],
            "periods": {
                name: {**period, "label": labels[name]}
                for name, period in document["periods"].items()
            },
            "notes": [wording.say(n, gettext, names=names, labels=labels) for n in table.notes],
            "data_notes": [wording.say(n, gettext, names=names, labels=labels) for n in notes],
            "measures": measures,
        }


def about(published_on: datetime.date) -> exports.About:
    """The Welsh copy's provenance: the English report's, said in Welsh by the template."""
    return exports.About(
        source=gettext_noop(
            "police recorded crime and the measures the framework names, computed by "
            "crimeplan from the data sources it lists"
        ),
        as_at=published_on,
    )


def pdf_bytes(document: Mapping[str, Any], *, published_on: datetime.date) -> bytes:
    """The Welsh copy as a tagged PDF (PDF/UA-1), with the same table as its page."""
    with translation.override(WELSH):
        html = render_to_string(
            "performance/published_document.html",
            {
                "document": document,
                "title": document["title"],
                "html_lang": html_lang(WELSH),
                "page_lang": html_lang(WELSH),
                "doc_lang": html_lang(WELSH),
                "about": about(published_on),
                "opcc_name": name_in(
                    WELSH, settings.CRIMEPLAN_OPCC_NAME, settings.CRIMEPLAN_OPCC_NAME_CY
                ),
            },
        )
    return tagged_pdf(html)
