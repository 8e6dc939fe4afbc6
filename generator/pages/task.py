"""A task's permanent page: everything the plan says about one task row."""
from __future__ import annotations

from ..index import SiteIndex
from ..model import TaskRef
from ..schedule import due_entries
from ..urls import task_url
from .base import RenderedPage, render


def render_task(index: SiteIndex, ref: TaskRef, registry) -> RenderedPage:
    plan = ref.plan
    return render(
        "task.md.j2", task_url(plan, ref.task),
        ref=ref, t=ref.task, plan=plan, doc=plan.document, registry=registry,
        state=index.state(ref), as_of=index.as_of, dues=due_entries(ref),
    )
