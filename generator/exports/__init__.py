"""Machine-readable files beside the pages: calendars (and later tables, feeds and data packages)."""
from __future__ import annotations

from typing import Iterator

from ..index import SiteIndex
from ..urls import agency_url, calendar_url, deadlines_url, plan_url, task_url
from .ics import build_calendar


def render_exports(index: SiteIndex, site_url: str | None) -> Iterator[tuple[str, bytes]]:
    """(path, content) of every exported file, in a stable order."""
    def url_for(ref):
        return task_url(ref.plan, ref.task)

    def calendar(name, refs):
        return build_calendar(name, refs, stamp=index.as_of, site_url=site_url, url_for=url_for)

    yield calendar_url(deadlines_url()), calendar("Hạn nhiệm vụ — tất cả kế hoạch", index.tasks)
    for plan in index.plans:
        yield calendar_url(plan_url(plan)), calendar(f"Hạn nhiệm vụ — {plan.document.title}", index.plan_tasks(plan))
    for entry in index.agencies.values():
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
