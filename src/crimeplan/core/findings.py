"""Findings: what a module's own workflow says "the force (or a partner) should do".

Complaint reviews, ASB Case Reviews, custody visiting, scrutiny panels and the Victims' Code
joint review each keep their own list, with their own workflow. The recommendations tracker
(`crimeplan.recommendations`) shows them all in one place; this module is the contract between
them, so that neither side imports the other:

- a module declares `findings` on its `ModuleConfig`: the dotted path of a function that takes
  no argument and returns every finding it holds (the tracker's full re-sync reads it);
- whenever its workflow creates or changes a finding, the module calls `announce(finding)`, and
  the tracker (if installed) brings its row up to date at once.

A finding carries no personal data. Its `title` is written by the module from references and
categories ("ASB Case Review ASB-2025-0007, recommendation 2"), never copied from a free-text
field a model declares personal; the reader follows `url` to the module's own page, which checks
who may see it.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.dispatch import Signal
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Finding:
    """One finding as its module holds it.

    `source` names the kind of finding (the tracker's source choices, e.g. "complaint_review");
    `key` is stable within the source and unique there (e.g. "12" for the module's row 12);
    `owner_id` is the primary key of the organisation that should act (None when the module does
    not know); `done_on` is set when the module's workflow says it was done (the owner acted);
    `withdrawn` when the module no longer holds it (deleted or erased)."""

    source: str
    key: str
    title: str
    url: str
    owner_id: int | None = None
    due_on: datetime.date | None = None
    done_on: datetime.date | None = None
    withdrawn: bool = False


# Sent with `finding=` by `announce`; the tracker connects a receiver.
finding_announced = Signal()


def announce(finding: Finding, *, sender: str) -> None:
    """Tell the tracker a finding was created or changed. `sender` is the module's app label."""
    finding_announced.send(sender=sender, finding=finding)


def sources() -> Iterator[tuple[str, Callable[[], Iterable[Finding]]]]:
    """(app label, findings function) for each installed module that declares findings."""
    from crimeplan.core.plugins import modules

    for config in modules():
        if config.findings is not None:
            yield config.label, import_string(config.findings)


# What the public is told of the actions that answer a finding ---------------------------------
#
# The public pages of a module that holds findings (the unsafe-place hotspots, the survey) show
# beside each finding what was done about it. The tracker knows which delivery action answers a
# finding (`Recommendation.action`) and delivery holds what the OPCC published about that action;
# the tracker provides the reader below when it starts (its AppConfig.ready), so the module reads
# them through this contract and imports neither.


@dataclass(frozen=True)
class PublicUpdate:
    """One update the OPCC published about an action, in English and (when written) Welsh."""

    published_on: datetime.date
    text: str
    text_cy: str = ""


@dataclass(frozen=True)
class Answer:
    """A delivery action that answers a finding: its title, its status (a delivery
    `ActionStatus` value; the page words it) and its published updates, newest first."""

    action_id: int
    title: str
    status: str
    updates: tuple[PublicUpdate, ...] = ()

    @property
    def answered_on(self) -> datetime.date | None:
        """The date of the first published update: when the public was first told."""
        return min((u.published_on for u in self.updates), default=None)


AnswerReader = Callable[[str, frozenset[str]], Mapping[str, list[Answer]]]
_answer_reader: AnswerReader | None = None


def read_answers_with(reader: AnswerReader) -> None:
    """Called once by the tracker when it starts: `reader(source, keys)` gives, for each key
    of `source` that a delivery action answers, those actions."""
    global _answer_reader
    _answer_reader = reader


def answers(source: str, keys: Iterable[str]) -> dict[str, list[Answer]]:
    """The actions answering each of these findings (absent keys: none). Without the tracker
    installed nothing is answered."""
    if _answer_reader is None:
        return {}
    return dict(_answer_reader(source, frozenset(keys)))
