"""What changed between two published versions of the plan update, in plain English, section
by section, for the note a later version carries.

A section is what follows an <h2> or <h3> heading up to the next one; sections are matched
by the heading's id (so a retitled section is still the same section), or, when it has no
id, by the heading's text (an h3's with its h2's: every priority has its "What we've
done"). Within a section the list items are compared as sets (an edited item reads as one
removed and one added), tables are matched by caption and compared cell by cell, and the
rest of the text is compared as a whole. The contents list (<nav>) is left out (it only
repeats the headings), and so is the <h1> (the title, which names the month).

The lines are worded in the active language (`gettext`), so the plan update's Welsh copy says
in Welsh what changed since its last Welsh copy.
"""

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.translation import gettext, ngettext

ITEM_TEXT_LIMIT = 80
SECTION_HEADINGS = frozenset({"h2", "h3"})


@dataclass
class Table:
    caption: str
    rows: list[tuple[str, ...]] = field(default_factory=list)


@dataclass
class Section:
    key: str
    title: str
    parent: str = ""  # the h2 an h3 sits under
    items: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """How the section is named in a sentence: an h3's heading is not unique ("What
        we've done" is under every priority), so it is named with its h2's."""
        if self.parent:
            return gettext("'%(title)s' under '%(parent)s'") % {
                "title": self.title,
                "parent": self.parent,
            }
        return f"'{self.title}'"


def _squash(text: str) -> str:
    return " ".join(text.split())


class _SectionReader(HTMLParser):
    VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"})
    # The contents repeat the headings, and the h1 is the report's title (it names the date).
    IGNORED = frozenset({"nav", "h1", "script", "style", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [Section(key="", title="the opening")]
        self.open: list[str] = []
        self.heading: list[str] | None = None
        self.heading_id = ""
        self.heading_level = ""
        self.chapter: Section | None = None  # the latest h2's section
        self.keys: Counter[str] = Counter()
        self.items: list[list[str]] = []  # text of the list items being read, innermost last
        self.table: Table | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        self.open.append(tag)
        if tag in SECTION_HEADINGS and "nav" not in self.open:
            self.heading, self.heading_id = [], dict(attrs).get("id") or ""
            self.heading_level = tag
        elif tag == "li":
            self.items.append([])
        elif tag == "table":
            self.table = Table(caption="")
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.open:
            return
        while self.open:
            closed = self.open.pop()
            self._close(closed)
            if closed == tag:
                break

    def _close(self, tag: str) -> None:
        section = self.sections[-1]
        if tag in SECTION_HEADINGS and self.heading is not None:
            self._start_section(_squash("".join(self.heading)))
            self.heading = None
        elif tag == "li" and self.items:
            text = _squash("".join(self.items.pop()))
            if text and "nav" not in self.open:
                section.items.append(text)
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(_squash("".join(self.cell)))
            self.cell = None
        elif tag == "tr" and self.row is not None and self.table is not None:
            self.table.rows.append(tuple(self.row))
            self.row = None
        elif tag == "table" and self.table is not None:
            section.tables.append(self.table)
            self.table = None

    def _start_section(self, title: str) -> None:
        chapter = self.chapter if self.heading_level == "h3" else None
        # Without an id, a heading is known by its text (and an h3 by its h2's too); a text
        # that comes again is numbered so that every section keeps a key of its own.
        key = self.heading_id or (f"{chapter.key}/{title}" if chapter else title)
        self.keys[key] += 1
        if self.keys[key] > 1:
            key = f"{key}#{self.keys[key]}"
        section = Section(key=key, title=title, parent=chapter.title if chapter else "")
        self.sections.append(section)
        if self.heading_level == "h2":
            self.chapter = section

    def handle_data(self, data: str) -> None:
        if self.IGNORED.intersection(self.open):
            return
        if self.heading is not None:
            self.heading.append(data)
        elif self.items:
            self.items[-1].append(data)  # nested lists: the text counts for the innermost item
        elif self.cell is not None:
            self.cell.append(data)
        elif self.table is not None and "caption" in self.open:
            self.table.caption += data
        elif data.strip():
            self.sections[-1].prose.append(_squash(data))


def read_sections(html: str) -> list[Section]:
    reader = _SectionReader()
    reader.feed(html)
    reader.close()
    for section in reader.sections:
        for table in section.tables:
            table.caption = _squash(table.caption)
    first, *rest = reader.sections
    return rest if not (first.items or first.tables or first.prose) else reader.sections


def _shorten(text: str) -> str:
    if len(text) <= ITEM_TEXT_LIMIT:
        return text
    return text[: ITEM_TEXT_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _item_changes(label: str, before: Section, after: Section) -> list[str]:
    removed = Counter(before.items) - Counter(after.items)
    added = Counter(after.items) - Counter(before.items)
    if not added and not removed:
        return []
    counts = []
    if added:
        n = added.total()
        counts.append(ngettext("%(count)s item added", "%(count)s items added", n) % {"count": n})
    if removed:
        n = removed.total()
        if added:
            counts.append(gettext("%(count)s removed") % {"count": n})
        else:
            counts.append(
                ngettext("%(count)s item removed", "%(count)s items removed", n) % {"count": n}
            )
    lines = [
        gettext("Section %(label)s: %(counts)s.") % {"label": label, "counts": ", ".join(counts)}
    ]
    lines += [
        gettext("Section %(label)s: added '%(text)s'.") % {"label": label, "text": _shorten(text)}
        for text in added.elements()
    ]
    lines += [
        gettext("Section %(label)s: removed '%(text)s'.") % {"label": label, "text": _shorten(text)}
        for text in removed.elements()
    ]
    return lines


def _table_name(table: Table, position: int) -> str:
    return table.caption or gettext("table %(number)s") % {"number": position + 1}


def _rows_by_name(table: Table) -> dict[str, tuple[str, ...]]:
    """A table's rows by their first cell; a name that comes again (a table in two parts
    with the same measures) is numbered."""
    rows: dict[str, tuple[str, ...]] = {}
    for row in table.rows:
        name = row[0] if row else ""
        key, number = name, 1
        while key in rows:
            number += 1
            key = f"{name} ({number})"
        rows[key] = row
    return rows


def _table_changes(label: str, before: Section, after: Section) -> list[str]:
    lines = []
    previous = {_table_name(t, i): t for i, t in enumerate(before.tables)}
    current = {_table_name(t, i): t for i, t in enumerate(after.tables)}
    for name, table in current.items():
        old = previous.get(name)
        if old is None:
            lines.append(
                gettext("Section %(label)s: new table '%(name)s'.") % {"label": label, "name": name}
            )
            continue
        old_rows, new_rows = _rows_by_name(old), _rows_by_name(table)
        added = [key for key in new_rows if key not in old_rows]
        removed = [key for key in old_rows if key not in new_rows]
        changed = sum(
            sum(a != b for a, b in zip(old_rows[key], row, strict=False))
            + abs(len(old_rows[key]) - len(row))
            for key, row in new_rows.items()
            if key in old_rows
        )
        parts = []
        if changed:
            parts.append(
                ngettext(
                    "figures changed (%(count)s cell)", "figures changed (%(count)s cells)", changed
                )
                % {"count": changed}
            )
        if added:
            rows = {"count": len(added), "rows": ", ".join(map(_shorten, added))}
            parts.append(
                ngettext(
                    "%(count)s row added (%(rows)s)", "%(count)s rows added (%(rows)s)", len(added)
                )
                % rows
            )
        if removed:
            rows = {"count": len(removed), "rows": ", ".join(map(_shorten, removed))}
            parts.append(
                ngettext(
                    "%(count)s row removed (%(rows)s)",
                    "%(count)s rows removed (%(rows)s)",
                    len(removed),
                )
                % rows
            )
        if parts:
            lines.append(
                gettext("Section %(label)s: table '%(name)s' %(changes)s.")
                % {"label": label, "name": name, "changes": ", ".join(parts)}
            )
    lines += [
        gettext("Section %(label)s: table '%(name)s' removed.") % {"label": label, "name": name}
        for name in previous
        if name not in current
    ]
    return lines


def _section_changes(before: Section, after: Section) -> list[str]:
    label = after.label
    lines = []
    if before.title != after.title:
        lines.append(
            gettext("Section %(label)s is now called '%(title)s'.")
            % {"label": before.label, "title": after.title}
        )
    lines += _item_changes(label, before, after)
    lines += _table_changes(label, before, after)
    if before.prose != after.prose:
        lines.append(gettext("Section %(label)s: text changed.") % {"label": label})
    return lines


def what_changed(previous_html: str, current_html: str) -> list[str]:
    """Plain-English lines saying what `current_html` changes from `previous_html`, in the
    order of the current version's sections, then the sections it dropped; [] when the two
    say the same."""
    previous = {section.key: section for section in read_sections(previous_html)}
    current = read_sections(current_html)
    current_keys = {section.key for section in current}
    lines = []
    for section in current:
        old = previous.get(section.key)
        if old is None:
            n = len(section.items)
            if n:
                lines.append(
                    ngettext(
                        "New section %(label)s with %(count)s item.",
                        "New section %(label)s with %(count)s items.",
                        n,
                    )
                    % {"label": section.label, "count": n}
                )
            else:
                lines.append(gettext("New section %(label)s.") % {"label": section.label})
        else:
            lines += _section_changes(old, section)
    lines += [
        gettext("Section removed: %(label)s.") % {"label": section.label}
        for key, section in previous.items()
        if key not in current_keys
    ]
    return lines
