"""Victims' feedback survey: its codebook, reading a quarter's responses and population, the
decision whether the sample allows weighting, and the estimates.

Pure: files and plain values in, plain values out, no ORM and no Django. The raking, Kish's
design effect and the estimates with intervals and a minimum base are voice's
(`voice.weighting`, `voice.estimates`); this module adds what differs for victims: one
grouping (the offence group, or the agency that dealt with the victim) in place of district,
age and sex, and weighting only where every group has enough respondents.

Nothing identifying is read: the codebook names the group and the coded questions, and every
other column of the file must be declared `ignored` (an identifier, a free-text comment),
which is then never read, so free text is never kept.
"""

import csv
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from crimeplan.voice import estimates, weighting
from crimeplan.voice.codebook import MAX_ERRORS_SHOWN, CodebookError, ResponsesError, Variable

MIN_YEAR, MAX_YEAR = 2000, 2100
QUARTERS = (1, 2, 3, 4)
MAX_LINE_CHARS = 10_000  # a survey row of codes is far shorter; a longer line is not one
MAX_ROWS = 100_000
DEFAULT_MIN_PER_GROUP = 30
DEFAULT_MIN_BASE = estimates.DEFAULT_MIN_BASE
QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
FORMULA_START = ("=", "+", "-", "@")
ALL = estimates.COUNTY  # the group code of the estimate over every respondent


@dataclass(frozen=True)
class FeedbackCodebook:
    title: str
    group: Variable
    questions: list[Variable]
    ignored: tuple[str, ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Response:
    line: int  # line (CSV) or row (XLSX) in the file, counting the header as 1
    group: str
    answers: dict[str, str | None]  # question id → answer code, None for no valid answer


@dataclass(frozen=True)
class WeightingDecision:
    weighted: bool
    reason: str


@dataclass(frozen=True)
class QuestionEstimate:
    question: str
    group: str  # ALL, or a group's value
    base: int
    share: float | None  # 0 to 1; None when the base is under the minimum
    low: float | None
    high: float | None
    standard_error: float | None  # as a share

    @property
    def suppressed(self) -> bool:
        return self.share is None


@dataclass(frozen=True)
class FeedbackResult:
    decision: WeightingDecision
    weights: list[float]
    design_effect: float
    effective_n: float
    estimates: list[QuestionEstimate]


def period_check(*, year: int, quarter: int) -> None:
    """Raises ValueError naming the field when the year or quarter cannot be a survey's."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year: {year} is not between {MIN_YEAR} and {MAX_YEAR}")
    if quarter not in QUARTERS:
        raise ValueError(f"quarter: {quarter} is not 1, 2, 3 or 4")


def _variable(name: str, spec: object, where: str) -> Variable:
    if not isinstance(spec, Mapping) or "column" not in spec or "codes" not in spec:
        raise CodebookError(f"{where}: needs a 'column' and 'codes'")
    if not isinstance(spec["codes"], Mapping) or not spec["codes"]:
        raise CodebookError(f"{where}: 'codes' must be a non-empty object of code → label")
    codes = {str(k).strip(): str(v) for k, v in spec["codes"].items()}
    positive = tuple(str(c) for c in spec.get("positive", []))
    missing = tuple(str(c) for c in spec.get("missing", []))
    unknown = (set(positive) | set(missing)) - set(codes)
    if unknown:
        raise CodebookError(f"{where}: {sorted(unknown)} are not among its codes")
    if set(positive) & set(missing):
        raise CodebookError(f"{where}: a code cannot be both positive and missing")
    return Variable(
        name=name,
        column=str(spec["column"]).strip(),
        codes=codes,
        text=str(spec.get("text", "")),
        positive=positive,
        positive_label=str(spec.get("positive_label", "")),
        missing=missing,
    )


def codebook_parse(raw: object, *, name: str = "codebook") -> FeedbackCodebook:
    """The codebook from its JSON object; CodebookError names the file and the part."""
    if not isinstance(raw, Mapping):
        raise CodebookError(f"{name}: the codebook must be a JSON object")
    group = _variable("group", raw.get("group"), f"{name}: group")
    questions: list[Variable] = []
    for index, spec in enumerate(raw.get("questions") or [], start=1):
        qid = str(spec.get("id", "")).strip() if isinstance(spec, Mapping) else ""
        if not QUESTION_ID.match(qid):
            raise CodebookError(
                f"{name}: question {index}: 'id' {qid!r} must be lower-case letters, digits "
                "and _ (at most 40)"
            )
        if qid == "group" or qid in {q.name for q in questions}:
            raise CodebookError(f"{name}: question id {qid} appears twice or is 'group'")
        question = _variable(qid, spec, f"{name}: question {qid}")
        if not question.positive:
            raise CodebookError(f"{name}: question {qid} names no 'positive' answers")
        questions.append(question)
    if not questions:
        raise CodebookError(f"{name}: no questions")
    columns = [group.column, *(q.column for q in questions)]
    repeated = sorted(c for c, n in Counter(columns).items() if n > 1)
    if repeated:
        raise CodebookError(f"{name}: column(s) {', '.join(repeated)} are used twice")
    ignored = tuple(str(c).strip() for c in raw.get("ignored", []))
    return FeedbackCodebook(
        title=str(raw.get("title", "")).strip()[:200],
        group=group,
        questions=questions,
        ignored=ignored,
        raw=dict(raw),
    )


def codebook_load(stream: IO[bytes], *, name: str) -> FeedbackCodebook:
    try:
        raw = json.loads(stream.read(1_000_001)[:1_000_000].decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CodebookError(f"{name}: not a readable JSON codebook ({error})") from error
    except RecursionError:
        raise CodebookError(f"{name}: the JSON is nested too deeply to read") from None
    return codebook_parse(raw, name=name)


def _lines(stream: IO[bytes], name: str) -> Iterator[str]:
    """The file's lines as text, one at a time, so a line that is too long or not UTF-8 is
    named by its number (and a long one refused before it is read whole)."""
    for number, raw in enumerate(iter(lambda: stream.readline(MAX_LINE_CHARS + 1), b""), start=1):
        if len(raw) > MAX_LINE_CHARS:
            raise ResponsesError(
                [f"{name}, line {number}: longer than {MAX_LINE_CHARS:,} characters"], 1
            )
        try:
            line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise ResponsesError(
                [f"{name}, line {number}: not UTF-8 text: save it as 'CSV UTF-8'"], 1
            ) from None
        if "\0" in line:
            raise ResponsesError([f"{name}, line {number}: holds a NUL byte"], 1)
        yield line


def _csv_rows(stream: IO[bytes], name: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(_lines(stream, name))
    try:
        for row in reader:
            yield reader.line_num, [cell.strip() for cell in row]
    except csv.Error as error:
        raise ResponsesError([f"{name}, line {reader.line_num}: {error}"], 1) from None


def _xlsx_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(stream: IO[bytes], name: str) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        # data_only=False: a formula cell reads as its formula, so it is found and refused.
        book = load_workbook(stream, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a file that is not one
        raise ResponsesError([f"{name}: not a readable .xlsx workbook ({error})"], 1) from None
    number = 0
    try:
        if not book.worksheets:
            raise ResponsesError([f"{name}: the workbook has no worksheet"], 1)
        for number, line in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            yield number, [_xlsx_cell(v) for v in line]
    except ResponsesError:
        raise
    except (KeyError, OSError, ValueError, TypeError, SyntaxError) as error:
        # A workbook that opens but whose sheet is damaged (its XML cut short raises the XML
        # parser's ParseError, a SyntaxError): named, not a server error.
        raise ResponsesError([f"{name}: not readable after row {number} ({error})"], 1) from None
    finally:
        book.close()


def _table(stream: IO[bytes], name: str) -> Iterator[tuple[int, list[str]]]:
    lower = name.lower()
    if lower.endswith(".csv"):
        return _csv_rows(stream, name)
    if lower.endswith(".xlsx"):
        return _xlsx_rows(stream, name)
    raise ResponsesError([f"{name}: a responses file must be .csv or .xlsx"], 1)


def _header(numbered: Iterator[tuple[int, list[str]]], name: str) -> list[str]:
    for _number, cells in numbered:
        if any(cells):
            return cells
    raise ResponsesError([f"{name}: the file is empty"], 1)


def _header_problems(header: list[str], codebook: FeedbackCodebook, name: str) -> list[str]:
    wanted = [codebook.group.column, *(q.column for q in codebook.questions)]
    problems = [f"{name}: column {c} (in the codebook) is not in the file" for c in wanted]
    problems = [p for p, c in zip(problems, wanted, strict=True) if c not in header]
    known = set(wanted) | set(codebook.ignored)
    problems += [
        f"{name}, line 1, field {c}: not a question code of the codebook (list it under "
        "'ignored' to leave the column unread)"
        for c in header
        if c and c not in known
    ]
    problems += [
        f"{name}, line 1, field {c}: the column is given twice; keep one"
        for c in sorted({c for c in header if c and header.count(c) > 1})
    ]
    return problems


def responses_load(stream: IO[bytes], *, name: str, codebook: FeedbackCodebook) -> list[Response]:
    """Every row of the file, checked against the codebook; ResponsesError lists every
    problem, each naming the file, the line and the field."""
    numbered = _table(stream, name)
    header = _header(numbered, name)
    header_problems = _header_problems(header, codebook, name)
    if header_problems:
        raise ResponsesError(header_problems[:MAX_ERRORS_SHOWN], len(header_problems))
    columns = {c: i for i, c in enumerate(header)}
    variables = [codebook.group, *codebook.questions]
    problems: list[str] = []
    total = 0
    responses: list[Response] = []
    for number, cells in numbered:
        if not any(cells):
            continue
        if len(responses) >= MAX_ROWS:
            raise ResponsesError([f"{name}, line {number}: more than {MAX_ROWS:,} rows"], 1)
        values = {v.name: _value(cells, columns[v.column]) for v in variables}
        found = [_problem(name, number, v, values[v.name]) for v in variables]
        found += [
            f"{name}, line {number}, field {c}: a spreadsheet formula; save the values only"
            for c, i in columns.items()
            if c in codebook.ignored and _value(cells, i).startswith("=")
        ]
        found = [p for p in found if p]
        if found:
            total += len(found)
            problems.extend(found[: max(0, MAX_ERRORS_SHOWN - len(problems))])
            continue
        answers = {
            q.name: None if values[q.name] in q.missing else values[q.name]
            for q in codebook.questions
        }
        responses.append(Response(number, codebook.group.codes[values["group"]], answers))
    if total:
        raise ResponsesError(problems, total)
    if not responses:
        raise ResponsesError([f"{name}: the file holds no responses, only a header"], 1)
    return responses


def _value(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _problem(name: str, number: int, variable: Variable, value: str) -> str:
    where = f"{name}, line {number}, field {variable.column}"
    if value.startswith(FORMULA_START) and value not in variable.codes:
        return f"{where}: {value[:40]!r} is a spreadsheet formula; save the values only"
    if value in variable.codes:
        return ""
    shown = f"{value[:40]!r}" if value else "blank"
    return f"{where}: {shown} is not one of the codebook's codes ({', '.join(variable.codes)})"


def population_parse(lines: Sequence[str], *, name: str, groups: Sequence[str]) -> dict[str, int]:
    """`group,victims` lines (a header line `group,victims` is allowed): the quarter's victims
    by group. Each group must be one of the codebook's group values."""
    population: dict[str, int] = {}
    problems: list[str] = []
    for number, row in enumerate(csv.reader(lines), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or (number == 1 and cells[:2] == ["group", "victims"]):
            continue
        where = f"{name}, line {number}"
        if len(cells) != 2:
            problems.append(f"{where}: needs two fields, group and victims")
        elif cells[0] not in groups:
            problems.append(f"{where}, field group: {cells[0][:40]!r} is not a codebook group")
        elif cells[0] in population:
            problems.append(f"{where}, field group: {cells[0]!r} appears twice")
        elif not cells[1].isdigit() or int(cells[1]) <= 0 or len(cells[1]) > 9:
            problems.append(f"{where}, field victims: {cells[1][:40]!r} is not a whole number > 0")
        else:
            population[cells[0]] = int(cells[1])
    if problems:
        raise ValueError("\n".join(problems))
    return population


def weighting_decision(
    *, respondents: Mapping[str, int], population: Mapping[str, int], min_per_group: int
) -> WeightingDecision:
    """Weight to the population only where every group has at least `min_per_group`
    respondents; otherwise the estimates are unweighted, and the reason says why."""
    if not population:
        return WeightingDecision(
            False, "No count of the quarter's victims by group was given, so nothing to weight to."
        )
    unmatched = sorted(set(respondents) - set(population))
    if unmatched:
        return WeightingDecision(
            False, f"Respondents in {', '.join(unmatched)} have no count of victims to weight to."
        )
    short = sorted(g for g in population if respondents.get(g, 0) < min_per_group)
    if short:
        counts = ", ".join(f"{g} {respondents.get(g, 0)}" for g in short)
        return WeightingDecision(
            False,
            f"Too few respondents to weight: every group needs at least {min_per_group} "
            f"and these have fewer ({counts}).",
        )
    return WeightingDecision(
        True,
        f"Weighted to the quarter's {sum(population.values()):,} victims by group; every "
        f"group has at least {min_per_group} respondents.",
    )


def feedback_estimates(
    *,
    responses: Sequence[Response],
    codebook: FeedbackCodebook,
    population: Mapping[str, int],
    min_per_group: int = DEFAULT_MIN_PER_GROUP,
    min_base: int = DEFAULT_MIN_BASE,
) -> FeedbackResult:
    """Weights (where the sample allows) and estimates every question, for all respondents
    (group ALL) and for each group."""
    groups = [r.group for r in responses]
    decision = weighting_decision(
        respondents=Counter(groups), population=population, min_per_group=min_per_group
    )
    weights = [1.0] * len(responses)
    if decision.weighted:
        try:
            # One margin (the group): raking to it is post-stratification.
            result = weighting.rake(
                respondents=[{"group": g} for g in groups],
                margins=[("group",)],
                population={"group": {g: float(n) for g, n in population.items()}},
                stratum="group",
                trim_factor=None,
            )
            weights = result.weights
        except weighting.WeightingError as error:
            decision = WeightingDecision(False, f"Weighting failed ({error}), so unweighted.")
    design_effect = weighting.kish_design_effect(weights)
    found: list[QuestionEstimate] = []
    for question in codebook.questions:
        by_group = estimates.question_estimates(
            districts=groups,
            weights=weights,
            answers=[r.answers.get(question.name) for r in responses],
            positive=set(question.positive),
            min_base=min_base,
        )
        found.extend(_share(question.name, e) for e in by_group.values())
    return FeedbackResult(decision, weights, design_effect, len(weights) / design_effect, found)


def _share(question: str, estimate: estimates.Estimate) -> QuestionEstimate:
    def fraction(value: float | None) -> float | None:
        return None if value is None else min(1.0, max(0.0, value / 100))

    return QuestionEstimate(
        question=question,
        group=estimate.area,
        base=estimate.base,
        share=fraction(estimate.percent),
        low=fraction(estimate.lower),
        high=fraction(estimate.upper),
        standard_error=None if estimate.standard_error is None else estimate.standard_error / 100,
    )


def change_between(now: QuestionEstimate, before: QuestionEstimate) -> estimates.Change | None:
    """The change in percentage points since an earlier quarter (voice's z test)."""

    def as_percent(e: QuestionEstimate) -> estimates.Estimate:
        def pct(v: float | None) -> float | None:
            return None if v is None else 100 * v

        return estimates.Estimate(
            e.group, e.base, pct(e.share), pct(e.low), pct(e.high), pct(e.standard_error)
        )

    return estimates.change_since(as_percent(now), as_percent(before))
