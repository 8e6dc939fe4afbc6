"""A plan's page: the document's details, its full text and its task table grouped by section."""
from __future__ import annotations

from ..index import SiteIndex
from ..model import Plan
from ..urls import plan_url, province_url, task_url
from .base import RenderedPage, render


def render_plan(index: SiteIndex, plan: Plan) -> RenderedPage:
    refs = index.plan_tasks(plan)
    by_section: dict[int, list] = {}
    for ref in refs:
        by_section.setdefault(ref.section.index, []).append(ref)
    return render(
        "plan.md.j2", plan_url(plan),
        plan=plan, doc=plan.document, task_count=len(refs), by_section=by_section,
        task_url=task_url, province_url=province_url,
    )
