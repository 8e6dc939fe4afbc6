"""A task's permanent page: everything the plan says about one task row."""
from __future__ import annotations

from ..index import SiteIndex
from ..model import TaskRef
from ..schedule import due_entries
from ..status import recurring_periods
from ..urls import task_url
from .base import RenderedPage, render_html, task_heading


def render_task(index: SiteIndex, ref: TaskRef, registry) -> RenderedPage:
    plan = ref.plan
    status = index.progress.of(ref)
    report_files = {h.report.file for h in status.history}
    changes = _changes(index, [plan.file, *sorted(report_files)])
    return render_html(
        "task.html.j2", task_url(plan, ref.task), task_heading(ref), reserved_ids=("tien-do",),
        ref=ref, t=ref.task, plan=plan, doc=plan.document, registry=registry,
        state=index.state(ref), as_of=index.as_of, dues=due_entries(ref), status=status,
        periods=recurring_periods(ref, status.history, index.as_of), changes=changes,
        has_history=bool(index.progress.changes),
    )


def _changes(index: SiteIndex, files: list[str]) -> list:
    """Commits that touched the plan file or a report about this task, newest first, each once."""
    seen, result = set(), []
    for file in files:
        for change in index.progress.changes.get(file, ()):
            if change.sha not in seen:
                seen.add(change.sha)
                result.append((change, file))
    return sorted(result, key=lambda item: (item[0].date, item[0].sha), reverse=True)
