"""Cross references that many pages need, computed once from the model."""
from __future__ import annotations

from dataclasses import dataclass

from .model import Plan, Province, TaskRef
from .project import Project


@dataclass(frozen=True)
class SiteIndex:
    provinces: tuple[Province, ...]
    plans: tuple[Plan, ...]
    tasks: tuple[TaskRef, ...]
    tasks_by_plan: dict[str, tuple[TaskRef, ...]]

    def plan_tasks(self, plan: Plan) -> tuple[TaskRef, ...]:
        return self.tasks_by_plan[plan.key]


def build_index(project: Project) -> SiteIndex:
    """Flatten every plan's tasks in document order and group them for the pages."""
    by_plan = {plan.key: tuple(plan.walk()) for plan in project.plans}
    tasks = tuple(ref for plan in project.plans for ref in by_plan[plan.key])
    return SiteIndex(project.provinces, project.plans, tasks, by_plan)
