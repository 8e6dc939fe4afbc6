"""The model: plain data classes for what the plans say. No I/O, no rendering."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterator

from .deadlines import Reading

if TYPE_CHECKING:
    from .agencies import Registry


@dataclass(frozen=True)
class Signature:
    formula: str | None
    signer: str | None


@dataclass(frozen=True)
class Document:
    type: str                   # plan | decision | appendix
    title: str
    number: str                 # as written, may be "/KH-UBND" for an unnumbered draft
    issuer: str
    province: str
    place_date: str | None
    date: dt.date | None
    year: int
    signature: Signature | None
    source: str


@dataclass(frozen=True)
class Block:
    heading: str | None
    body: str                   # Markdown without HTML


@dataclass(frozen=True)
class Decision:
    number: str | None
    title: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class MissingAppendix:
    label: str
    mentioned_as: str


@dataclass(frozen=True)
class TaskTable:
    kind: str                   # appendix | content
    label: str | None
    title: str | None
    issued_with: str | None
    columns: dict[str, str]


@dataclass(frozen=True)
class Target:
    """A quantitative target as written ("trên 99%"), with its reading where the text allows one."""

    text: str
    comparator: str | None      # ">", ">=", "<", "<=", "=" or None when unread
    value: float | None
    unit: str | None


@dataclass(frozen=True)
class Task:
    id: str
    number: str | None
    title: str | None
    lead: str | None
    coordinating: str | None
    start: str | None
    due: str | None
    products: str | None
    targets: tuple[Target, ...]
    subtasks: tuple["Task", ...]
    line: int                   # where the task starts in its plan file
    lead_ids: tuple[str, ...] = ()          # registry ids the lead cell names, in order
    coordinating_ids: tuple[str, ...] = ()
    reading: Reading | None = None          # the time texts as read; None when none or free text
    free_text_time: bool = False


@dataclass(frozen=True)
class Section:
    index: int                  # 1-based position in the table (numbers as written repeat)
    number: str | None
    title: str | None
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Evidence:
    title: str
    number: str | None
    date: dt.date | None
    url: str | None


@dataclass(frozen=True)
class ReportEntry:
    """What one report says about one task."""

    task_id: str
    state: str                  # not_started | in_progress | done | paused | cancelled
    completed: dt.date | None
    percent: float | None
    actual: float | None
    note: str | None
    evidence: tuple[Evidence, ...]
    line: int


@dataclass(frozen=True)
class Report:
    """One progress report file: an agency's word on some tasks of one plan at one date."""

    file: str
    date: dt.date
    agency_id: str
    reporter: str | None
    entries: tuple[ReportEntry, ...]


@dataclass(frozen=True)
class Plan:
    province_slug: str
    slug: str
    file: str                   # the plan file, relative to the project
    document: Document
    decision: Decision | None
    legal_bases: tuple[str, ...]
    preamble: str | None
    purposes: str | None
    requirements: str | None
    content: tuple[Block, ...]
    implementation: tuple[Block, ...]
    recipients: tuple[str, ...]
    missing_appendices: tuple[MissingAppendix, ...]
    task_table: TaskTable | None
    sections: tuple[Section, ...]
    reports: tuple[Report, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.province_slug}/{self.slug}"

    def walk(self) -> Iterator["TaskRef"]:
        """Every task and sub-row, in document order, with its section and parent."""
        for section in self.sections:
            yield from _walk(self, section, section.tasks, None)


@dataclass(frozen=True)
class TaskRef:
    """A task in its place: the plan, the section and the parent row it belongs to."""

    plan: Plan
    section: Section
    task: Task
    parent: Task | None
    position: int               # 1-based position among its siblings


def _walk(plan: Plan, section: Section, tasks: tuple[Task, ...], parent: Task | None) -> Iterator[TaskRef]:
    for position, task in enumerate(tasks, 1):
        yield TaskRef(plan, section, task, parent, position)
        yield from _walk(plan, section, task.subtasks, task)


@dataclass(frozen=True)
class Province:
    slug: str
    name: str
    plans: tuple[Plan, ...] = field(default=())
    registry: "Registry | None" = None
