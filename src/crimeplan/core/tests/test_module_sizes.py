"""Modules that fit in a head: none over about 500 lines unless its docstring says why."""

import ast
from pathlib import Path

import crimeplan

LONGEST = 550  # "about 500"
REASON = "Longer than 500 lines because"
SOURCE = Path(crimeplan.__file__).parent


def _modules() -> list[Path]:
    return [
        path
        for path in sorted(SOURCE.rglob("*.py"))
        if "tests" not in path.relative_to(SOURCE).parts
        and "migrations" not in path.relative_to(SOURCE).parts
    ]


def test_long_modules_say_why() -> None:
    unexplained = []
    for path in _modules():
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines <= LONGEST:
            continue
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if REASON not in docstring:
            unexplained.append(f"{path.relative_to(SOURCE)} ({lines} lines)")
    assert not unexplained, (
        f"Split these, or say in the module docstring '{REASON} ...': " + "; ".join(unexplained)
    )


def test_the_rule_sees_the_source() -> None:
    assert len(_modules()) > 100
