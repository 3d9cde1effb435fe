"""A survey's codebook, and reading its responses (CSV, XLSX or SPSS .sav) against it.

The codebook is JSON: which column holds each respondent variable (district, age band, sex)
and each question, the answer codes each may take, which answers count as "positive" for
the published percentage, and whether a higher percentage is better (`"better": "higher"`,
the default) or worse (`"lower"`). Every value in the responses file is checked against it;
the errors name the file, the row and the field, and nothing is stored unless every row is
valid.
"""

import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RESPONDENT_VARIABLES = ("district", "age_band", "sex")
DEFAULT_MARGINS = (("district", "age_band"), ("district", "sex"))
MAX_ERRORS_SHOWN = 50
# A question's `better`: which way its positive share should move.
BETTER = ("higher", "lower")


class CodebookError(ValueError):
    pass


class ResponsesError(ValueError):
    """Every problem found in a responses file, each naming its file, row and field."""

    def __init__(self, problems: list[str], total: int) -> None:
        self.problems = problems
        self.total = total
        shown = "\n".join(problems)
        more = f"\n… and {total - len(problems)} more" if total > len(problems) else ""
        super().__init__(f"{total} problem(s) in the responses:\n{shown}{more}")


@dataclass(frozen=True)
class Variable:
    name: str
    column: str
    codes: dict[str, str]  # code in the file → value stored (e.g. "1" → "E07000078")
    text: str = ""
    positive: tuple[str, ...] = ()
    positive_label: str = ""
    missing: tuple[str, ...] = ()  # codes meaning no valid answer (don't know, refused)
    # A question's "better": whether more positive answers are good news ("higher", the
    # default: "feel safe") or bad ("lower": "witnessed ASB").
    higher_is_better: bool = True


@dataclass(frozen=True)
class Codebook:
    title: str
    respondent: dict[str, Variable]
    questions: list[Variable]
    margins: tuple[tuple[str, ...], ...] = DEFAULT_MARGINS
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


def _variable(name: str, spec: Mapping[str, Any], where: str) -> Variable:
    if not isinstance(spec, Mapping) or "column" not in spec or "codes" not in spec:
        raise CodebookError(f"{where}: needs a 'column' and 'codes'")
    codes = {str(k): str(v) for k, v in dict(spec["codes"]).items()}
    if not codes:
        raise CodebookError(f"{where}: 'codes' is empty")
    missing = tuple(str(c) for c in spec.get("missing", []))
    positive = tuple(str(c) for c in spec.get("positive", []))
    unknown = (set(positive) | set(missing)) - set(codes)
    if unknown:
        raise CodebookError(f"{where}: {sorted(unknown)} are not among its codes")
    if set(positive) & set(missing):
        raise CodebookError(f"{where}: a code cannot be both positive and missing")
    better = str(spec.get("better", "higher"))
    if better not in BETTER:
        raise CodebookError(f"{where}: 'better' must be 'higher' or 'lower', not {better!r}")
    return Variable(
        name=name,
        column=str(spec["column"]),
        codes=codes,
        text=str(spec.get("text", "")),
        positive=positive,
        positive_label=str(spec.get("positive_label", "")),
        missing=missing,
        higher_is_better=better == "higher",
    )


def codebook_parse(raw: Mapping[str, Any]) -> Codebook:
    respondent_spec = raw.get("respondent") or {}
    respondent = {}
    for name in RESPONDENT_VARIABLES:
        if name not in respondent_spec:
            raise CodebookError(f"codebook: respondent variable '{name}' is not described")
        respondent[name] = _variable(name, respondent_spec[name], f"codebook: {name}")
    questions = []
    seen: set[str] = set()
    for index, spec in enumerate(raw.get("questions") or [], start=1):
        qid = str(spec.get("id", "")).strip() if isinstance(spec, Mapping) else ""
        if not qid:
            raise CodebookError(f"codebook: question {index} has no 'id'")
        if qid in seen:
            raise CodebookError(f"codebook: question id {qid} appears twice")
        seen.add(qid)
        question = _variable(qid, spec, f"codebook: question {qid}")
        if not question.positive:
            raise CodebookError(f"codebook: question {qid} names no 'positive' answers")
        questions.append(question)
    if not questions:
        raise CodebookError("codebook: no questions")
    margins = tuple(tuple(m) for m in raw.get("margins", DEFAULT_MARGINS))
    for margin in margins:
        if not margin or set(margin) - set(RESPONDENT_VARIABLES):
            raise CodebookError(f"codebook: margin {list(margin)} must use {RESPONDENT_VARIABLES}")
    return Codebook(
        title=str(raw.get("title", "")),
        respondent=respondent,
        questions=questions,
        margins=margins,
        raw=dict(raw),
    )


def codebook_read(path: Path) -> Codebook:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CodebookError(f"{path}: not a readable JSON codebook ({error})") from error
    except RecursionError:
        raise CodebookError(f"{path}: the JSON is nested too deeply to read") from None
    if not isinstance(raw, dict):
        raise CodebookError(f"{path}: the codebook must be a JSON object")
    try:
        return codebook_parse(raw)
    except CodebookError as error:
        raise CodebookError(f"{Path(path).name}: {error}") from error


def _cell(value: object) -> str:
    """A file's value as the codebook writes codes: 2.0 from SPSS or Excel is "2"."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN: SPSS's system-missing
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value).strip()


def _rows(path: Path) -> Iterator[dict[str, str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from _csv_rows(path)
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a file that is not one
            raise ResponsesError(
                [f"{path.name}: not a readable .xlsx workbook ({error})"], 1
            ) from None
        lines = book.worksheets[0].iter_rows(values_only=True)
        header = [_cell(h) for h in next(lines, ())]
        for number, line in enumerate(lines, start=2):
            if any(v not in (None, "") for v in line[len(header) :]):
                book.close()
                raise ResponsesError(
                    [f"{path.name}, row {number}: a value in a column with no heading"], 1
                )
            if any(v not in (None, "") for v in line):
                yield dict(zip(header, (_cell(v) for v in line), strict=False))
        book.close()
    elif suffix == ".sav":
        import pyreadstat

        frame, _meta = pyreadstat.read_sav(str(path))
        for record in frame.to_dict(orient="records"):
            yield {str(k): _cell(v) for k, v in record.items()}
    else:
        raise ResponsesError([f"{path.name}: a responses file must be .csv, .xlsx or .sav"], 1)


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    """A CSV file's rows; a file that is not UTF-8 text, holds a NUL byte or has a row with
    more fields than the header is refused, naming the row (never read in part)."""
    row_number = 1
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            for row_number, row in enumerate(reader, start=2):
                if None in row or any("\0" in (v or "") for v in row.values()):
                    raise ResponsesError(
                        [
                            f"{path.name}, row {row_number}: more fields than the header has, "
                            "or a NUL byte: the row cannot be read as the header says"
                        ],
                        1,
                    )
                yield {str(k).strip(): _cell(v) for k, v in row.items()}
    except UnicodeDecodeError:
        raise ResponsesError(
            [f"{path.name}, row {row_number + 1}: not UTF-8 text: save the file as 'CSV UTF-8'"],
            1,
        ) from None
    except csv.Error as error:
        raise ResponsesError([f"{path.name}, row {row_number + 1}: {error}"], 1) from None


@dataclass(frozen=True)
class Response:
    row: int  # the row in the file, counting the header as row 1
    respondent: dict[str, str]  # district, age_band, sex → stored value
    answers: dict[str, str | None]  # question id → answer code, None if no valid answer


def responses_read(path: Path, codebook: Codebook) -> list[Response]:
    """Every row of the file, validated; raises ResponsesError listing every problem."""
    path = Path(path)
    problems: list[str] = []
    total = 0
    responses = []
    variables = [*codebook.respondent.values(), *codebook.questions]
    for row_number, row in enumerate(_rows(path), start=2):
        if row_number == 2:
            absent = [v.column for v in variables if v.column not in row]
            if absent:
                raise ResponsesError(
                    [
                        f"{path.name}: column {c} (in the codebook) is not in the file"
                        for c in absent
                    ],
                    len(absent),
                )
        respondent: dict[str, str] = {}
        answers: dict[str, str | None] = {}
        for variable in variables:
            value = row.get(variable.column, "")
            if value not in variable.codes:
                total += 1
                if len(problems) < MAX_ERRORS_SHOWN:
                    shown = f"'{value}'" if value else "blank"
                    problems.append(
                        f"{path.name}, row {row_number}, field {variable.column}: {shown} is not "
                        f"one of the codebook's codes ({', '.join(sorted(variable.codes))})"
                    )
                continue
            if variable.name in codebook.respondent:
                respondent[variable.name] = variable.codes[value]
            else:
                answers[variable.name] = None if value in variable.missing else value
        responses.append(Response(row_number, respondent, answers))
    if total:
        raise ResponsesError(problems, total)
    if not responses:
        raise ResponsesError([f"{path.name}: the file holds no responses"], 1)
    return responses
