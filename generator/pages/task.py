"""A task's permanent page: everything the plan says about one task row."""
from __future__ import annotations

from ..model import TaskRef
from ..urls import plan_url, province_url, task_url
from .base import RenderedPage, render


def render_task(ref: TaskRef) -> RenderedPage:
    plan = ref.plan
    return render(
        "task.md.j2", task_url(plan, ref.task),
        ref=ref, t=ref.task, plan=plan, doc=plan.document,
        plan_url=plan_url, task_url=task_url, province_url=province_url,
    )
