"""Machine-readable files beside the pages: calendars (and later tables, feeds and data packages)."""
from __future__ import annotations

from typing import Iterator

from .. import feeds   # its NATIONAL_FEED_MAX_ITEMS is read when a build runs
from ..index import SiteIndex
from ..navigation import Scope
from ..urls import agency_url, calendar_url, deadlines_url, feed_url, plan_url, progress_url, task_url
from .atom import build_feed
from .ics import build_calendar, has_national_calendar
from .registers import render_register_exports


def render_exports(index: SiteIndex, site_url: str | None, scope: Scope = Scope()) -> Iterator[tuple[str, bytes]]:
    """(path, content) of every exported file within `scope`, in a stable order."""
    def url_for(ref):
        return task_url(ref.plan, ref.task)

    events: dict = {}

    def calendar(name, refs):
        return build_calendar(name, refs, stamp=index.as_of, site_url=site_url, url_for=url_for, cache=events)

    if scope.across and has_national_calendar(len(index.tasks)):
        yield calendar_url(deadlines_url()), calendar("Hạn nhiệm vụ — tất cả kế hoạch", index.tasks)
    yield from _feeds(index, site_url, url_for, scope)
    if scope.across:
        yield from render_register_exports(list(index.registers), site_url=site_url, stamp=index.as_of)
    for plan in index.plans:
        if scope.has(plan.province_slug):
            yield calendar_url(plan_url(plan)), calendar(f"Hạn nhiệm vụ — {plan.document.title}", index.plan_tasks(plan))
    for entry in index.agencies.values():
        if not scope.has(entry.province.slug):
            continue
        refs = _unique([*entry.lead, *entry.coordinating, *(item[0] for item in entry.via_group)])
        yield (calendar_url(agency_url(entry.province.slug, entry.agency.id)),
               calendar(f"Hạn nhiệm vụ — {entry.agency.name} ({entry.province.name})", refs))


def _unique(refs):
    seen, result = set(), []
    for ref in sorted(refs, key=lambda r: (r.plan.key, r.task.line)):
        key = (ref.plan.key, ref.task.id)
        if key not in seen:
            seen.add(key)
            result.append(ref)
    return result


def _feeds(index: SiteIndex, site_url: str | None, url_for, scope: Scope) -> Iterator[tuple[str, bytes]]:
    """Atom feeds of reports and status changes: all plans, each plan, each agency."""
    names = {(p.slug, a.id): a.name for p in index.provinces if p.registry for a in p.registry.agencies.values()}
    refs = index.tasks if scope.across else [r for r in index.tasks if scope.has(r.plan.province_slug)]
    items = feeds.feed_items(refs, index.as_of, agency_names=names)

    def feed(title, page, selected):
        return feed_url(page), build_feed(title, feed_url(page), page, selected, stamp=index.as_of,
                                          site_url=site_url, url_for=url_for)

    if scope.across:
        yield feed("Tiến độ — tất cả kế hoạch", progress_url(), items[:feeds.NATIONAL_FEED_MAX_ITEMS])
    by_plan: dict[str, list] = {}
    for item in items:
        by_plan.setdefault(item.ref.plan.key, []).append(item)
    for plan in index.plans:
        if scope.has(plan.province_slug):
            yield feed(f"Tiến độ — {plan.document.title}", plan_url(plan), by_plan.get(plan.key, []))
    order = {id(i): n for n, i in enumerate(items)}
    by_agency: dict[tuple[str, str], list] = {}
    by_task: dict[tuple[str, str], list] = {}
    for item in items:
        for agency_id in item.agency_ids:
            by_agency.setdefault((item.ref.plan.province_slug, agency_id), []).append(item)
        if item.kind == "status":
            by_task.setdefault((item.ref.plan.key, item.ref.task.id), []).append(item)
    for entry in index.agencies.values():
        if not scope.has(entry.province.slug):
            continue
        page = agency_url(entry.province.slug, entry.agency.id)
        chosen = {id(i): i for i in by_agency.get((entry.province.slug, entry.agency.id), [])}
        for ref in (*entry.lead, *entry.coordinating, *(v[0] for v in entry.via_group)):
            chosen.update((id(i), i) for i in by_task.get((ref.plan.key, ref.task.id), []))
        selected = sorted(chosen.values(), key=lambda i: order[id(i)])
        yield feed(f"Tiến độ — {entry.agency.name} ({entry.province.name})", page, selected)
