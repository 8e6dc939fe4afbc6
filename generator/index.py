"""Cross references that many pages need, computed once from the model: tasks by plan, by agency,
by deadline period and by deadline state, as of one date."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from .agencies import Agency
from .model import Plan, Province, TaskRef
from .project import Project
from .schedule import (CONDITIONAL, FREE_TEXT, NONE, ONGOING, RECURRING, DueEntry, due_entries,
                       quarter, sort_key, state_of)


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

    def plan_tasks(self, plan: Plan) -> tuple[TaskRef, ...]:
        return self.tasks_by_plan[plan.key]

    def state(self, ref: TaskRef) -> str:
        return self.states[(ref.plan.key, ref.task.id)]

    def province_agencies(self, province: Province) -> list[AgencyTasks]:
        return [a for a in self.agencies.values() if a.province.slug == province.slug]

    def years(self) -> list[int]:
        return sorted({e.date.year for e in self.dues})

    def dues_in(self, year: int, quarter_: int | None = None, month: int | None = None) -> list[DueEntry]:
        return [e for e in self.dues if e.date.year == year
                and (quarter_ is None or quarter(e.date) == quarter_) and (month is None or e.date.month == month)]


def build_index(project: Project, as_of: dt.date | None = None) -> SiteIndex:
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
    result = {}
    for province in project.provinces:
        if province.registry is None:
            continue
        for agency in province.registry.agencies.values():
            key = (province.slug, agency.id)
            order = lambda ref: sort_key(ref, as_of)  # noqa: E731
            result[key] = AgencyTasks(
                province, agency,
                tuple(sorted(lead[key], key=order)),
                tuple(sorted(coordinating[key], key=order)),
                tuple(sorted(via[key], key=lambda item: sort_key(item[0], as_of))),
            )
    return result


__all__ = ["AgencyTasks", "SiteIndex", "build_index", "CONDITIONAL", "FREE_TEXT", "NONE", "ONGOING", "RECURRING"]
