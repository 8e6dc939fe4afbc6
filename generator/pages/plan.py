"""A plan's page: the document's details, its full text and its task table grouped by section."""
from __future__ import annotations

from ..index import SiteIndex, summarize
from ..model import Plan
from ..urls import plan_url, province_url, task_url
from .base import RenderedPage, render_html
from .chart import status_chart
from .timeline import render_timeline


# The page's sections that other pages link to.
_PLAN_IDS = ("tien-do", "tien-trinh", "co-quan", "bang-nhiem-vu")


def render_plan(index: SiteIndex, plan: Plan) -> RenderedPage:
    refs = index.plan_tasks(plan)
    by_section: dict[int, list] = {}
    for ref in refs:
        by_section.setdefault(ref.section.index, []).append(ref)
    return render_html(
        "plan.html.j2", plan_url(plan), plan.document.title, reserved_ids=_PLAN_IDS,
        plan=plan, doc=plan.document, task_count=len(refs), by_section=by_section,
        timeline=render_timeline(refs, plan_url(plan), task_url), province_url=province_url,
        agencies=_agencies_named(index, plan), **_progress(index, plan, refs),
    )


def _progress(index: SiteIndex, plan: Plan, refs) -> dict:
    """The plan's progress summary: overall, per section and per lead agency, and each task's status."""
    of = index.progress.of
    summary = summarize(of(ref) for ref in refs)
    sections = [(section, summarize(of(r) for r in refs if r.section.index == section.index)) for section in plan.sections]
    registry = next(p.registry for p in index.provinces if p.slug == plan.province_slug)
    leads = []
    if registry is not None:
        for agency in registry.agencies.values():
            led = [r for r in refs if agency.id in r.task.lead_ids]
            if led:
                leads.append((agency, summarize(of(r) for r in led)))
    return {"summary": summary, "chart": status_chart(summary, "bieu-do-tien-do"), "section_summaries": sections,
            "lead_summaries": leads, "statuses": {ref.task.id: of(ref) for ref in refs}, "as_of": index.as_of}


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
