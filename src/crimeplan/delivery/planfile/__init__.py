"""The plan file: a Police and Crime Plan as TOML or as a spreadsheet, read into a checked
`PlanSpec` and written back without loss. Pure: no database.

The TOML layout is that of `shared/fixtures/plan/gloucestershire-2021-25.toml`, extended with
optional keys (`slug`, `update_interval_days`, the plan's `foreword`, `foreword_by`,
`introduction`, `due_regard` and `[glossary]`, a priority's `next`, items with evidence,
references and when, funding's `priority` and `award_reference`, and `[[actions]]` with their
`[[actions.milestones]]`); docs/how-to/delivery.md describes every key. The spreadsheet holds
the same content, one sheet per table.
"""

from .reading import read_plan_file, spec_from_document
from .spec import (
    ActionSpec,
    FundingSpec,
    ItemSpec,
    MilestoneSpec,
    PlanFileError,
    PlanSpec,
    PrioritySpec,
)
from .workbook import read_workbook, xlsx_bytes
from .writing import document_from_spec, toml_bytes

__all__ = [
    "ActionSpec",
    "FundingSpec",
    "ItemSpec",
    "MilestoneSpec",
    "PlanFileError",
    "PlanSpec",
    "PrioritySpec",
    "document_from_spec",
    "read_plan_file",
    "read_workbook",
    "spec_from_document",
    "toml_bytes",
    "xlsx_bytes",
]
