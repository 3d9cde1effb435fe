"""A performance table as a report prints it: headings, rows of printed cells, verdicts and notes.

`report_table(slug)` reads the framework's latest stored version and the stored data through
the same cached computation as the performance pages (`computed.computed_table`), so a report
and the pages cannot disagree. `report_table_from(table)` does the same from a computed table
alone (no database), which is what the golden tests use.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext, gettext_noop, pgettext

from crimeplan.core.languages import ENGLISH, WELSH

from . import commentary, selectors, wording
from .computed import computed_table
from .constants import ALPHA, Aim, MeasureKind, Verdict
from .engine import MeasureRow, Table, ordinal
from .framework import COMPARATORS, Framework, Measure, Period
from .models import Framework as FrameworkRecord

SIGNIFICANCE_MESSAGE = gettext_noop(
    "Verdict: whether a change is larger than chance alone would be expected to give, tested "
    'at the %(level)s level. "No significant change" means the change could be chance, '
    'even where the aim is met or missed; "not testable" says why no test was possible (for '
    "example, a survey's sample sizes were not published, or a target is not a sample)."
)
SIGNIFICANCE = SIGNIFICANCE_MESSAGE % {"level": f"{ALPHA:.0%}"}

# The comparators' names (framework.COMPARATORS), marked to be said in Welsh.
COMPARATOR_WORDS = (gettext_noop("Region"), gettext_noop("England and Wales"))

# Says a piece of the framework's own English (its source, its notes, a name it gives no Welsh
# for) in the table's language: given by the caller that keeps the translations (the plan
# update's translation memory); `where` says which piece it is.
Say = Callable[[str, str], str]


def _as_typed(text: str, where: str) -> str:
    return text


@dataclass(frozen=True)
class Column:
    key: str  # the key of ReportRow.cells
    heading: str
    period: str  # "baseline", "current", or "" for a column spanning both (a change)


@dataclass(frozen=True)
class ShareRow:
    """One component's share of the row's total, printed under it ("Pers: 40.01%")."""

    measure_id: str
    name: str
    force_baseline: str
    group_baseline: str
    force_current: str
    group_current: str
    force_change: str  # percentage points
    group_change: str
    verdict: str
    verdict_reason: str


@dataclass(frozen=True)
class ReportRow:
    measure_id: str
    measure: str
    kind: str  # count | percentage | share | target | rank | duration
    section: str  # a heading the row sits under ("" for none)
    aim: str  # "Reduce", "Increase", "Improve (1 = best)"
    cells: Mapping[str, str]  # column key → printed text ("" where not held)
    aim_met: str  # "Yes", "No" or "" (with aim_met_reason)
    aim_met_reason: str
    verdict: str  # the test of chance
    verdict_reason: str  # why it is not testable ("" when tested)
    p_value: str
    priorities: tuple[str, ...]
    period_note: str  # the row's data period where it differs from the table's
    shares: tuple[ShareRow, ...] = ()
    commentary: str = ""


@dataclass(frozen=True)
class ReportTable:
    slug: str
    title: str
    source: str
    force: str
    baseline_label: str
    current_label: str
    columns: tuple[Column, ...]
    rows: tuple[ReportRow, ...]
    priorities: Mapping[str, str]  # code → title, in the framework's order
    notes: tuple[str, ...]  # the framework's notes, then the computation's
    significance: str = SIGNIFICANCE
    version: int | None = None
    as_at: datetime.datetime | None = None
    sections: tuple[str, ...] = field(default=())

    @property
    def commentary(self) -> tuple[tuple[str, str], ...]:
        """(measure name, comment) for each row that has one."""
        return tuple((row.measure, row.commentary) for row in self.rows if row.commentary)


# -- columns ----------------------------------------------------------------------------------


def _figure_word(kinds: set[MeasureKind]) -> tuple[str, str]:
    """How the figure and change columns are headed, by the kinds of the table's rows."""
    if kinds <= {MeasureKind.COUNT}:
        return gettext("Number"), gettext("%(percent)s change") % {"percent": "%"}
    if kinds <= {MeasureKind.PERCENTAGE}:
        return "%", gettext("Difference (percentage points)")
    if kinds <= {MeasureKind.TARGET, MeasureKind.RANK}:
        return gettext("Figure"), ""
    return gettext("Figure"), gettext("Change")


def _force(what: str) -> str:
    return gettext("%(what)s: force") % {"what": what}


def _group(what: str) -> str:
    return gettext("%(what)s: group") % {"what": what}


def _columns(table: Table, rows: list[MeasureRow]) -> tuple[Column, ...]:
    kinds = {row.measure.kind for row in rows}
    figure, change = _figure_word(kinds)
    counts = MeasureKind.COUNT in kinds
    columns = []
    for period in ("baseline", "current"):
        columns += [
            Column(f"force_{period}", _force(figure), period),
            Column(f"group_{period}", _group(figure), period),
        ]
        if counts:
            columns += [
                Column(f"force_rate_{period}", _force(gettext("Rate per 1,000")), period),
                Column(f"group_rate_{period}", _group(gettext("Rate per 1,000")), period),
            ]
    if counts:
        columns.append(Column("force_difference", _force(gettext("Difference in number")), ""))
    if change:
        columns += [
            Column("force_change", _force(change), ""),
            Column("group_change", _group(change), ""),
        ]
    if counts:
        columns += [
            Column("force_rate_change", _force(gettext("Change in rate")), ""),
            Column("group_rate_change", _group(gettext("Change in rate")), ""),
        ]
    if MeasureKind.TARGET in kinds:
        columns.append(Column("target", gettext("Target"), ""))
    columns += _comparator_columns(rows)
    return tuple(columns)


def _comparator_columns(rows: list[MeasureRow]) -> list[Column]:
    columns = []
    for area, label in COMPARATORS.items():
        if not any(area in row.comparators for row in rows):
            continue
        key = area.replace("-", "_")
        rates = any(r.measure.kind == MeasureKind.COUNT and area in r.comparators for r in rows)
        what = gettext("Rate per 1,000") if rates else gettext("Figure")
        words = {"what": what, "area": gettext(label)}
        columns += [
            Column(f"{key}_baseline", gettext("%(what)s: %(area)s") % words, "baseline"),
            Column(f"{key}_current", gettext("%(what)s: %(area)s") % words, "current"),
            Column(f"{key}_change", gettext("Change: %(area)s") % words, ""),
        ]
    return columns


# -- cells ------------------------------------------------------------------------------------


def _with_unit(text: str, unit: str) -> str:
    return f"{text}{unit}" if text else ""


def _difference(row: MeasureRow) -> str:
    baseline, current = row.force.baseline, row.force.current
    if baseline is None or current is None:
        return ""
    return row.value_text(current - baseline)


def _cells(row: MeasureRow) -> dict[str, str]:
    printed = row.printed() | row.printed_extra()
    kind = row.measure.kind
    cells = {key: printed[key] for key in printed}
    if kind == MeasureKind.PERCENTAGE:
        for key in ("force_baseline", "group_baseline", "force_current", "group_current"):
            cells[key] = _with_unit(printed[key], "%")
    elif kind == MeasureKind.COUNT:
        cells["force_difference"] = _difference(row)
        for key in ("force_change", "group_change"):
            cells[key] = _with_unit(printed[key], "%")
    elif kind == MeasureKind.RANK:
        of = row.measure.rank_of
        for key in ("force_baseline", "group_baseline", "force_current", "group_current"):
            cells[key] = _rank(int(printed[key]), of) if printed[key] else ""
    _comparator_cells(row, printed, cells)
    return cells


def _comparator_cells(row: MeasureRow, printed: Mapping[str, str], cells: dict[str, str]) -> None:
    for area in COMPARATORS:
        key = area.replace("-", "_")
        if row.measure.kind == MeasureKind.COUNT:
            cells[f"{key}_baseline"] = printed[f"{key}_rate_baseline"]
            cells[f"{key}_current"] = printed[f"{key}_rate_current"]
            cells[f"{key}_change"] = _with_unit(printed[f"{key}_change"], "%")
        elif row.measure.kind == MeasureKind.PERCENTAGE:
            for part in ("baseline", "current"):
                cells[f"{key}_{part}"] = _with_unit(printed[f"{key}_{part}"], "%")


def _rank(rank: int, of: int | None) -> str:
    """ "3rd of 43"; in Welsh "safle 3 o 43" (position 3 of 43), its ordinals being another
    matter."""
    if translation.get_language() == WELSH:
        return gettext("position %(rank)s of %(of)s") % {"rank": rank, "of": of}
    return f"{ordinal(rank)} of {of}"


def _aim(row: MeasureRow) -> str:
    if row.measure.kind == MeasureKind.RANK:
        return gettext("Improve (1 = best)")
    if row.measure.aim is Aim.MONITOR:
        return gettext("No aim (shown for context)")
    return pgettext("performance aim", row.measure.aim.value).capitalize()


def _aim_met(row: MeasureRow) -> tuple[str, str]:
    if row.aim_met is not None:
        return (gettext("Yes") if row.aim_met else gettext("No")), ""
    m = row.measure
    if m.aim is Aim.MONITOR:
        return "", gettext("no aim is set for this measure")
    if m.kind == MeasureKind.RANK and row.force.current is not None:
        return "", gettext("only one rank is published, so no improvement can be seen yet")
    return "", gettext("the figures for both periods are not all held")


def _share_row(row: MeasureRow, names: "_Names") -> ShareRow:
    extra = row.printed_extra()
    printed = row.printed()
    return ShareRow(
        measure_id=row.measure.id,
        name=names.measure(row.measure),
        force_baseline=_with_unit(extra["force_share_baseline"], "%"),
        group_baseline=_with_unit(extra["group_share_baseline"], "%"),
        force_current=_with_unit(extra["force_share_current"], "%"),
        group_current=_with_unit(extra["group_share_current"], "%"),
        force_change=printed["force_change"],
        group_change=printed["group_change"],
        verdict=row.test.verdict.value,
        verdict_reason=names.say(row.test.reason, f"{row.measure.id}: why not testable"),
    )


@dataclass(frozen=True)
class _Names:
    """The framework's names in the table's language: its own Welsh (`name_cy`...) where it
    gives one for a Welsh table, else `say` of the English."""

    welsh: bool = False
    say: Say = _as_typed

    def measure(self, m: Measure) -> str:
        return (self.welsh and m.name_cy) or self.say(m.name, f"the measure {m.id}")

    def period_note(self, m: Measure) -> str:
        if not m.period_note:
            return ""
        return (self.welsh and m.period_note_cy) or self.say(
            m.period_note, f"the measure {m.id}: its data period"
        )

    def label(self, p: Period) -> str:
        return (self.welsh and p.label_cy) or self.say(p.label, f"the {p.name} period")


def report_row(
    row: MeasureRow,
    shares: tuple[MeasureRow, ...] = (),
    commentary: str = "",
    names: _Names = _Names(),
) -> ReportRow:
    met, met_reason = _aim_met(row)
    return ReportRow(
        measure_id=row.measure.id,
        measure=names.measure(row.measure),
        kind=row.measure.kind.value,
        section=row.measure.section and names.say(row.measure.section, "a section's heading"),
        aim=_aim(row),
        cells=_cells(row),
        aim_met=met,
        aim_met_reason=met_reason,
        verdict=row.test.verdict.value,
        verdict_reason=names.say(row.test.reason, f"{row.measure.id}: why not testable"),
        p_value=row.printed()["p_value"],
        priorities=row.measure.priorities,
        period_note=names.period_note(row.measure),
        shares=tuple(_share_row(share, names) for share in shares),
        commentary=commentary,
    )


# -- the table --------------------------------------------------------------------------------


def report_table_from(
    table: Table,
    *,
    slug: str = "",
    notes: tuple[str, ...] = (),
    comments: Mapping[str, str] | None = None,
    version: int | None = None,
    as_at: datetime.datetime | None = None,
    welsh: bool = False,
    say: Say = _as_typed,
) -> ReportTable:
    """The printable table from a computed one. Share measures are printed under the total
    they are a share of, not as rows of their own; `comments` are rendered comment texts by
    measure id.

    Its words are in the active language. A `welsh` table takes the framework's Welsh names
    and labels, and gives `say` whatever of the framework's English has no Welsh in its file
    (its source, its notes, a name it leaves out), with where it is."""
    with translation.override(WELSH if welsh else ENGLISH):
        return _report_table(table, slug, notes, comments or {}, version, as_at, welsh, say)


def _report_table(
    table: Table,
    slug: str,
    notes: tuple[str, ...],
    comments: Mapping[str, str],
    version: int | None,
    as_at: datetime.datetime | None,
    welsh: bool,
    say: Say,
) -> ReportTable:
    framework: Framework = table.framework
    names = _Names(welsh=welsh, say=say)
    shares: dict[str, list[MeasureRow]] = {}
    main: list[MeasureRow] = []
    for row in table.rows:
        if row.measure.kind == MeasureKind.SHARE and row.measure.share_of:
            shares.setdefault(row.measure.share_of, []).append(row)
        else:
            main.append(row)
    rows = tuple(
        report_row(
            row, tuple(shares.get(row.measure.id, ())), comments.get(row.measure.id, ""), names
        )
        for row in main
    )
    measure_names = {m.id: names.measure(m) for m in framework.measures}
    labels = {p.name: names.label(p) for p in framework.periods}
    framework_notes = tuple(
        names.say(note, f"the table's note {number}")
        for number, note in enumerate(framework.notes, start=1)
    )
    computed_notes = tuple(
        wording.say(note, gettext, names=measure_names, labels=labels) if welsh else note
        for note in (*table.notes, *notes)
    )
    return ReportTable(
        slug=slug,
        title=(welsh and framework.name_cy) or names.say(framework.name, "the table's title"),
        source=framework.source and names.say(framework.source, "the table's source"),
        force=table.force,
        baseline_label=labels["baseline"],
        current_label=labels["current"],
        columns=_columns(table, main),
        rows=rows,
        priorities=dict(framework.priorities),
        notes=tuple(dict.fromkeys((*framework_notes, *computed_notes))),
        significance=gettext(SIGNIFICANCE_MESSAGE) % {"level": f"{ALPHA:.0%}"},
        version=version,
        as_at=as_at,
        sections=tuple(dict.fromkeys(row.section for row in rows if row.section)),
    )


def report_table(framework_slug: str, *, welsh: bool = False, say: Say = _as_typed) -> ReportTable:
    """The framework's table from its latest stored version and the stored data, with its
    commentary (figures filled in from the table). Raises Framework.DoesNotExist for an
    unknown slug and FrameworkVersion.DoesNotExist when it has no saved definition.

    A `welsh` table (for a Welsh copy of the plan update) is worded in Welsh, with the
    analysts' Welsh comments; see `report_table_from` for `say`."""
    record = FrameworkRecord.objects.get(slug=framework_slug)
    computed = computed_table(record)
    framework = computed.table.framework
    comments = selectors.comments(record)
    with translation.override(WELSH if welsh else ENGLISH):
        if welsh:
            texts = {}
            for measure_id, comment in comments.items():
                if comment.text.strip():
                    texts[measure_id] = comment.text_cy.strip() or say(
                        comment.text, f"the comment on the measure {measure_id}"
                    )
        else:
            texts = {measure_id: c.text for measure_id, c in comments.items()}
        rendered = commentary.rendered_comments(
            texts, computed.table.rows, framework, gettext=gettext if welsh else str, welsh=welsh
        )
        return report_table_from(
            computed.table,
            slug=framework_slug,
            notes=computed.notes,
            comments=rendered,
            version=computed.version.number,
            as_at=computed.as_at,
            welsh=welsh,
            say=say,
        )


def verdict_counts(table: ReportTable) -> dict[str, int]:
    """How many rows have each verdict: for a summary line above the table."""
    counts: dict[str, int] = {v.value: 0 for v in Verdict}
    for row in table.rows:
        counts[row.verdict] += 1
    return {verdict: n for verdict, n in counts.items() if n}


__all__ = [
    "SIGNIFICANCE",
    "Column",
    "ReportRow",
    "ReportTable",
    "ShareRow",
    "report_row",
    "report_table",
    "report_table_from",
    "verdict_counts",
]
