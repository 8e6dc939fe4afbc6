"""Cross references that many pages need, computed once from the model: tasks by plan, by agency,
by deadline period and by deadline state, as of one date."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

from .agencies import Agency
from .model import Plan, Province, TaskRef
from .project import Project
from .history import Change
from .schedule import (CONDITIONAL, FREE_TEXT, NONE, ONGOING, RECURRING, DueEntry, due_entries,
                       sort_key, state_of)
from .status import (APART, CANCELLED, CATEGORIES, DONE_LATE, DONE_ON_TIME, OPEN_OVERDUE, Status, history_of,
                     status_of)


@dataclass(frozen=True)
class AgencyTasks:
    """An agency and the tasks that name it: as lead, as coordinator, or through a group it is in."""

    province: Province
    agency: Agency
    lead: tuple[TaskRef, ...]
    coordinating: tuple[TaskRef, ...]
    via_group: tuple[tuple[TaskRef, str, str], ...]   # (task, group id, "lead" | "coordinating")

    @property
    def key(self) -> tuple[str, str]:
        return (self.province.slug, self.agency.id)


@dataclass(frozen=True)
class SiteIndex:
    as_of: dt.date
    provinces: tuple[Province, ...]
    plans: tuple[Plan, ...]
    tasks: tuple[TaskRef, ...]
    tasks_by_plan: dict[str, tuple[TaskRef, ...]]
    agencies: dict[tuple[str, str], AgencyTasks]
    states: dict[tuple[str, str], str]                # (plan key, task id) → deadline state
    dues: tuple[DueEntry, ...]                         # every dated deadline, by date
    by_state: dict[str, tuple[TaskRef, ...]] = field(default_factory=dict)
    progress: "Progress | None" = None
    registers: tuple = ()

    def plan_tasks(self, plan: Plan) -> tuple[TaskRef, ...]:
        return self.tasks_by_plan[plan.key]

    def province_tasks(self, province: Province) -> tuple[TaskRef, ...]:
        return tuple(ref for plan in province.plans for ref in self.tasks_by_plan[plan.key])

    def state(self, ref: TaskRef) -> str:
        return self.states[(ref.plan.key, ref.task.id)]

    def province_agencies(self, province: Province) -> list[AgencyTasks]:
        return [a for a in self.agencies.values() if a.province.slug == province.slug]

    def years(self) -> list[int]:
        return sorted({e.date.year for e in self.dues})

    def dues_in(self, year: int, quarter_: int | None = None, month: int | None = None) -> list[DueEntry]:
        months = [month] if month is not None else range(1, 13) if quarter_ is None else range(3 * quarter_ - 2, 3 * quarter_ + 1)
        return [e for m in months for e in self._dues_by_month.get((year, m), ())]

    @cached_property
    def reported_with_deadline(self) -> list[tuple[TaskRef, Status]]:
        """The tasks that can be overdue on a date before the index date (a fixed deadline and a report
        by the index date), with their status on the index date: found once for all the monthly snapshots."""
        return [(ref, status) for ref in self.tasks if ref.plan.reports
                for status in (self.progress.of(ref),) if status.due is not None and status.history]

    @cached_property
    def _dues_by_month(self) -> dict[tuple[int, int], list[DueEntry]]:
        """The dues of each month, in date order (a national set's deadline pages ask for 200 periods)."""
        found: dict[tuple[int, int], list[DueEntry]] = defaultdict(list)
        for e in self.dues:
            found[(e.date.year, e.date.month)].append(e)
        return found


def build_index(project: Project, as_of: dt.date | None = None, changes: dict[str, tuple[Change, ...]] | None = None) -> SiteIndex:
    """Flatten every plan's tasks in document order and build the cross references as of a date."""
    as_of = as_of or dt.date.today()
    by_plan = {plan.key: tuple(plan.walk()) for plan in project.plans}
    tasks = tuple(ref for plan in project.plans for ref in by_plan[plan.key])
    states = {(ref.plan.key, ref.task.id): state_of(ref, as_of) for ref in tasks}
    by_state: dict[str, list[TaskRef]] = defaultdict(list)
    for ref in tasks:
        by_state[states[(ref.plan.key, ref.task.id)]].append(ref)
    dues = tuple(sorted((e for ref in tasks for e in due_entries(ref)),
                        key=lambda e: (e.date, e.ref.plan.key, e.ref.task.line)))
    return SiteIndex(
        as_of=as_of,
        provinces=project.provinces,
        plans=project.plans,
        tasks=tasks,
        tasks_by_plan=by_plan,
        agencies=_agencies(project, tasks, as_of),
        states=states,
        dues=dues,
        by_state={k: tuple(v) for k, v in by_state.items()},
        progress=build_progress(tasks, as_of, changes),
        registers=project.registers,
    )


def _agencies(project: Project, tasks: tuple[TaskRef, ...], as_of: dt.date) -> dict[tuple[str, str], AgencyTasks]:
    lead: dict[tuple[str, str], list[TaskRef]] = defaultdict(list)
    coordinating: dict[tuple[str, str], list[TaskRef]] = defaultdict(list)
    via: dict[tuple[str, str], list[tuple[TaskRef, str, str]]] = defaultdict(list)
    registries = {p.slug: p.registry for p in project.provinces}
    for ref in tasks:
        province = ref.plan.province_slug
        registry = registries[province]
        for role, ids, bucket in (("lead", ref.task.lead_ids, lead), ("coordinating", ref.task.coordinating_ids, coordinating)):
            for agency_id in ids:
                bucket[(province, agency_id)].append(ref)
                for member in registry.agencies[agency_id].members:
                    via[(province, member)].append((ref, agency_id, role))
    # A task sits in the lists of each of its agencies (and their groups' members): its key is worked
    # out once, not once per list (indexing the 100,000-task set: 7.7 s → 4.4 s).
    keys = {id(ref): sort_key(ref, as_of) for ref in tasks}
    result = {}
    for province in project.provinces:
        if province.registry is None:
            continue
        for agency in province.registry.agencies.values():
            key = (province.slug, agency.id)
            result[key] = AgencyTasks(
                province, agency,
                tuple(sorted(lead[key], key=lambda ref: keys[id(ref)])),
                tuple(sorted(coordinating[key], key=lambda ref: keys[id(ref)])),
                tuple(sorted(via[key], key=lambda item: keys[id(item[0])])),
            )
    return result


__all__ = ["AgencyTasks", "SiteIndex", "build_index", "CONDITIONAL", "FREE_TEXT", "NONE", "ONGOING", "RECURRING"]


# --- Progress: status of every task as of the index date, summaries, overdue lists -------------

@dataclass(frozen=True)
class Summary:
    """Counts of tasks per status category, and the shares a reader compares."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def fixed(self) -> int:
        """Tasks with a fixed deadline: the ones the four categories (and "no report") describe."""
        return sum(self.counts.get(c, 0) for c in CATEGORIES)

    def share(self, category: str) -> float:
        return self.counts.get(category, 0) / self.fixed if self.fixed else 0.0

    @property
    def on_time_rate(self) -> float | None:
        done = self.counts.get(DONE_ON_TIME, 0) + self.counts.get(DONE_LATE, 0)
        return self.counts.get(DONE_ON_TIME, 0) / done if done else None


def summarize(statuses: Iterable[Status]) -> Summary:
    counts = Counter(s.category for s in statuses)
    return Summary({c: counts.get(c, 0) for c in (*CATEGORIES, CANCELLED, APART)})


@dataclass(frozen=True)
class Progress:
    """Status of every task as of one date, with the report history it came from."""

    as_of: dt.date
    statuses: dict[tuple[str, str], Status]
    changes: dict[str, tuple[Change, ...]]     # file → commits, newest first

    def of(self, ref: TaskRef) -> Status:
        return self.statuses[(ref.plan.key, ref.task.id)]


def build_progress(tasks: Iterable[TaskRef], as_of: dt.date, changes: dict[str, tuple[Change, ...]] | None = None) -> Progress:
    statuses = {(ref.plan.key, ref.task.id): status_of(ref, history_of(ref), as_of) for ref in tasks}
    return Progress(as_of, statuses, changes or {})


def overdue_by_agency(index: "SiteIndex", as_of: dt.date | None = None) -> list[tuple[AgencyTasks, list[tuple[TaskRef, Status]]]]:
    """Tasks not done after their deadline as of a date (the index date by default), under each lead agency."""
    as_of = as_of or index.as_of
    late: dict[tuple[str, str], list[tuple[TaskRef, Status]]] = defaultdict(list)
    if as_of == index.as_of:
        found = ((ref, index.progress.of(ref)) for ref in index.tasks if ref.plan.reports)
    else:
        # Overdue on an earlier date needs a fixed final deadline before that date and a report by
        # then; the deadline does not depend on the date, and the reports by then are some of the
        # reports by the index date (its status's history). Only those tasks get a status of their
        # own for each monthly snapshot.
        found = ((ref, status_of(ref, status.history, as_of)) for ref, status in index.reported_with_deadline
                 if as_of > status.due and status.history[0].report.date <= as_of)
    for ref, status in found:
        if status.category == OPEN_OVERDUE:
            for agency_id in ref.task.lead_ids:
                late[(ref.plan.province_slug, agency_id)].append((ref, status))
    return [(index.agencies[key], sorted(items, key=lambda item: -item[1].overdue_days))
            for key, items in sorted(late.items(), key=lambda kv: (-len(kv[1]), kv[0]))]


def snapshot_months(index: "SiteIndex") -> list[tuple[int, int]]:
    """The months that have an overdue-list snapshot: from the first deadline to the as-of month."""
    first = min((e.date for e in index.dues), default=None)
    if first is None or first > index.as_of:
        return []
    months, (y, m) = [], (first.year, first.month)
    while (y, m) <= (index.as_of.year, index.as_of.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def month_end(year: int, month: int, cap: dt.date) -> dt.date:
    end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return min(end, cap)
