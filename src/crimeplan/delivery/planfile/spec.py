"""The plan file's checked content (`PlanSpec` and its parts) and its one error class."""

import datetime
import re
from dataclasses import dataclass, field

from ..constants import ActionStatus

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
LIST_SEPARATOR = "; "
ITEM_KEYS = frozenset({"text", "evidence", "references", "when"})
WHEN_MAX = 100


class PlanFileError(Exception):
    """A problem in a plan file, naming the file, the place in it and the field."""

    def __init__(self, *, file: str, where: str, field: str, message: str) -> None:
        self.file, self.where, self.field, self.message = file, where, field, message
        super().__init__(f"{file}: {where}: {field}: {message}")


@dataclass
class MilestoneSpec:
    title: str
    due: datetime.date
    done: datetime.date | None = None


@dataclass
class ActionSpec:
    priority: str
    commitment: int  # the commitment's position (1-based) within its priority
    title: str
    owner: str  # organisation slug
    start: datetime.date
    due: datetime.date
    status: str = ActionStatus.NOT_STARTED
    description: str = ""
    owner_person: str = ""  # e-mail address
    shared_with: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    golden_threads: list[str] = field(default_factory=list)
    baseline: str = ""
    target: str = ""
    measures: list[str] = field(default_factory=list)
    funding: list[int] = field(default_factory=list)  # positions (1-based) in the funding list
    completed_on: datetime.date | None = None
    fictional: bool = False
    milestones: list[MilestoneSpec] = field(default_factory=list)


@dataclass
class ItemSpec:
    text: str
    evidence: str = ""
    references: list[str] = field(default_factory=list)
    when: str = ""


@dataclass
class PrioritySpec:
    code: str
    title: str
    aim: str = ""
    commitments: list[str] = field(default_factory=list)
    delivered: list[ItemSpec] = field(default_factory=list)
    next: list[ItemSpec] = field(default_factory=list)


@dataclass
class FundingSpec:
    fund: str
    amount_pence: int
    round: str = ""
    years: str = ""
    bids: int | None = None
    priority: str = ""
    award_reference: str = ""


@dataclass
class PlanSpec:
    slug: str
    name: str
    force: str
    term_start: datetime.date  # first day of the first month
    term_end: datetime.date  # first day of the last month
    golden_threads: list[str] = field(default_factory=list)
    monitored_with: list[str] = field(default_factory=list)
    scrutinised_by: str = ""
    update_interval_days: int = 30
    foreword: str = ""  # rich text (delivery.richtext), cleaned when saved
    foreword_by: str = ""
    introduction: str = ""
    due_regard: list[str] = field(default_factory=list)
    glossary: dict[str, str] = field(default_factory=dict)
    # The performance frameworks (slugs) whose tables the plan update prints, in order.
    report_frameworks: list[str] = field(default_factory=list)
    priorities: list[PrioritySpec] = field(default_factory=list)
    funding: list[FundingSpec] = field(default_factory=list)
    actions: list[ActionSpec] = field(default_factory=list)
