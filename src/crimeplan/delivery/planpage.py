"""The plan on a page: an SVG drawing of a plan's priorities and their aims around the plan,
with its golden threads and what it pays due regard to. Pure: a `PlanSpec` in, SVG text out;
its own words are looked up through the `gettext` given (for the plan update's Welsh copy).

The drawing is an image with a title and a description for screen readers; every page that
shows it prints the same content as a list beside it, so nothing is only in the picture.
"""

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .planfile import PlanSpec

WIDTH = 1000
MARGIN = 16
GAP = 16
CENTRE_WIDTH = 240
BOX_WIDTH = (WIDTH - 2 * MARGIN - CENTRE_WIDTH - 2 * GAP) // 2
PADDING = 12
TITLE_SIZE = 18
TEXT_SIZE = 15
LINE = 1.3  # line height, in font sizes
# Characters per line at a font size: an average glyph is about 0.55 of the size wide.
GLYPH = 0.55
FONT = "'Atkinson Hyperlegible', arial, sans-serif"
INK = "#0b0c0c"
BORDER = "#1d70b8"
FILL = "#f3f2f1"
CENTRE_FILL = "#1d70b8"
CENTRE_INK = "#ffffff"


def _same(message: str) -> str:
    return message


def wrap(text: str, *, width: int, size: int) -> list[str]:
    """The text in lines that fit `width` pixels at `size`; a word longer than a line is
    broken so nothing runs out of its box."""
    columns = max(8, int(width / (size * GLYPH)))
    return textwrap.wrap(" ".join(text.split()), width=columns, break_long_words=True) or [""]


@dataclass
class _Block:
    """Lines of text in a box: (text, size, bold)."""

    lines: list[tuple[str, int, bool]]

    @property
    def height(self) -> int:
        return int(sum(size * LINE for _, size, _ in self.lines)) + 2 * PADDING


def _block(title: str, body: str, width: int) -> _Block:
    inner = width - 2 * PADDING
    lines = [(line, TITLE_SIZE, True) for line in wrap(title, width=inner, size=TITLE_SIZE)]
    if body:
        lines += [(line, TEXT_SIZE, False) for line in wrap(body, width=inner, size=TEXT_SIZE)]
    return _Block(lines)


def _text(block: _Block, x: int, y: int, *, colour: str = INK, centre: bool = False) -> str:
    """The block's lines as one <text> with a <tspan> a line, starting at the box's top."""
    anchor = ' text-anchor="middle"' if centre else ""
    spans = []
    baseline = y + PADDING
    for line, size, bold in block.lines:
        baseline += int(size * LINE)
        weight = ' font-weight="bold"' if bold else ""
        spans.append(
            f'<tspan x="{x}" y="{baseline - int(size * (LINE - 1))}" font-size="{size}"'
            f"{weight}>{escape(line)}</tspan>"
        )
    return f'<text fill="{colour}"{anchor}>{"".join(spans)}</text>'


def _box(block: _Block, x: int, y: int, width: int, height: int) -> str:
    return (
        f'<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="6" fill="{FILL}" '
        f'stroke="{BORDER}" stroke-width="2"/>' + _text(block, x + PADDING, y)
    )


def _list_section(heading: str, entries: list[str], y: int) -> tuple[list[str], int]:
    """A heading and its entries in two columns across the foot of the drawing."""
    if not entries:
        return [], y
    width = (WIDTH - 2 * MARGIN - GAP) // 2
    parts = [
        f'<text x="{MARGIN}" y="{y + TITLE_SIZE}" font-size="{TITLE_SIZE}" font-weight="bold" '
        f'fill="{INK}">{escape(heading)}</text>'
    ]
    y += int(TITLE_SIZE * LINE) + 8
    half = (len(entries) + 1) // 2
    bottoms = []
    for column, chunk in enumerate((entries[:half], entries[half:])):
        x = MARGIN + column * (width + GAP)
        line_y = y
        for entry in chunk:
            lines = wrap(entry, width=width - 20, size=TEXT_SIZE)
            for number, line in enumerate(lines):
                line_y += int(TEXT_SIZE * LINE)
                bullet = "• " if number == 0 else ""
                indent = 0 if number == 0 else 14
                parts.append(
                    f'<text x="{x + indent}" y="{line_y}" font-size="{TEXT_SIZE}" '
                    f'fill="{INK}">{escape(bullet + line)}</text>'
                )
            line_y += 4
        bottoms.append(line_y)
    return parts, max(bottoms) + GAP


def description(spec: PlanSpec, gettext: Callable[[str], str] = _same) -> str:
    """What the drawing shows, in sentences, for its <desc>."""
    sentences = [gettext("%(count)s priorities around the plan.") % {"count": len(spec.priorities)}]
    for p in spec.priorities:
        sentence = gettext("%(code)s: %(title)s.") % {"code": p.code, "title": p.title}
        if p.aim:
            sentence += " " + gettext("Aim: %(aim)s") % {"aim": p.aim}
        sentences.append(sentence)
    if spec.golden_threads:
        threads = "; ".join(spec.golden_threads)
        sentences.append(gettext("Golden threads: %(threads)s.") % {"threads": threads})
    if spec.due_regard:
        regard = "; ".join(spec.due_regard)
        sentences.append(gettext("Due regard to: %(regard)s.") % {"regard": regard})
    return " ".join(sentences)


def plan_page_svg(
    spec: PlanSpec,
    *,
    id_prefix: str = "plan-on-a-page",
    gettext: Callable[[str], str] = _same,
    term: str = "",
) -> str:
    """The plan on a page as a standalone SVG document (also valid inline in HTML). `term`
    says the plan's term in the drawing's language (by default "May 2021 to March 2025")."""
    left, right = (
        spec.priorities[: (len(spec.priorities) + 1) // 2],
        spec.priorities[(len(spec.priorities) + 1) // 2 :],
    )
    left_blocks = [_block(f"{p.code}: {p.title}", p.aim, BOX_WIDTH) for p in left]
    right_blocks = [_block(f"{p.code}: {p.title}", p.aim, BOX_WIDTH) for p in right]
    parts: list[str] = []
    heading = _Block([(line, 24, True) for line in wrap(spec.name, width=WIDTH - 60, size=24)])
    parts.append(_text(heading, WIDTH // 2, MARGIN - PADDING, centre=True))
    top = MARGIN + heading.height
    y = top
    centre_x = MARGIN + BOX_WIDTH + GAP
    anchors: list[tuple[int, int]] = []
    for row in range(max(len(left_blocks), len(right_blocks))):
        pair = [b[row] if row < len(b) else None for b in (left_blocks, right_blocks)]
        height = max(b.height for b in pair if b is not None)
        for column, block in enumerate(pair):
            if block is None:
                continue
            x = MARGIN if column == 0 else centre_x + CENTRE_WIDTH + GAP
            parts.append(_box(block, x, y, BOX_WIDTH, height))
            anchors.append((x + BOX_WIDTH if column == 0 else x, y + height // 2))
        y += height + GAP
    bottom = max(y - GAP, top + 120)
    term = term or f"{spec.term_start:%B %Y} to {spec.term_end:%B %Y}"
    centre = _Block(
        [(line, TITLE_SIZE, True) for line in wrap(spec.name, width=CENTRE_WIDTH - 24, size=18)]
        + [(line, TEXT_SIZE, False) for line in wrap(term, width=CENTRE_WIDTH - 24, size=15)]
    )
    centre_y = top + (bottom - top - centre.height) // 2
    middle = (centre_x + CENTRE_WIDTH // 2, centre_y + centre.height // 2)
    lines = [
        f'<line x1="{ax}" y1="{ay}" x2="{middle[0]}" y2="{middle[1]}" stroke="{BORDER}" '
        f'stroke-width="2"/>'
        for ax, ay in anchors
    ]
    parts[1:1] = lines  # under the boxes
    parts.append(
        f'<rect x="{centre_x}" y="{centre_y}" width="{CENTRE_WIDTH}" height="{centre.height}" '
        f'rx="12" fill="{CENTRE_FILL}"/>'
        + _text(centre, centre_x + CENTRE_WIDTH // 2, centre_y, colour=CENTRE_INK, centre=True)
    )
    y = bottom + 2 * GAP
    threads, y = _list_section(gettext("Golden threads"), spec.golden_threads, y)
    regard, y = _list_section(gettext("Due regard"), spec.due_regard, y)
    parts += threads + regard
    height = y + MARGIN
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    title = gettext("%(plan)s: the plan on a page") % {"plan": spec.name}
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby={quoteattr(f"{title_id} {desc_id}")} '
        f'font-family={quoteattr(FONT)} class="delivery-plan-page">'
        f"<title id={quoteattr(title_id)}>{escape(title)}</title>"
        f"<desc id={quoteattr(desc_id)}>{escape(description(spec, gettext))}</desc>"
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>' + "".join(parts) + "</svg>"
    )
