"""A plan's page: the document's details, its full text and its task table grouped by section."""
from __future__ import annotations

from ..index import SiteIndex
from ..model import Plan
from ..urls import plan_url, province_url, task_url
from .base import RenderedPage, render
from .timeline import render_timeline


def render_plan(index: SiteIndex, plan: Plan) -> RenderedPage:
    refs = index.plan_tasks(plan)
    by_section: dict[int, list] = {}
    for ref in refs:
        by_section.setdefault(ref.section.index, []).append(ref)
    return render(
        "plan.md.j2", plan_url(plan),
        plan=plan, doc=plan.document, task_count=len(refs), by_section=by_section,
        timeline=render_timeline(refs, plan_url(plan), task_url), province_url=province_url,
        agencies=_agencies_named(index, plan),
    )


def _agencies_named(index: SiteIndex, plan: Plan) -> list:
    """The registry entries this plan's tasks name, in registry order, with how many tasks name each."""
    province = next(p for p in index.provinces if p.slug == plan.province_slug)
    if province.registry is None:
        return []
    counts: dict[str, int] = {}
    for ref in index.plan_tasks(plan):
        for agency_id in {*ref.task.lead_ids, *ref.task.coordinating_ids}:
            counts[agency_id] = counts.get(agency_id, 0) + 1
    return [(a, counts[a.id]) for a in province.registry.agencies.values() if a.id in counts]
