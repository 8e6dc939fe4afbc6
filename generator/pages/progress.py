"""Progress pages: the hub with a ranking of agencies, and the overdue list with a page per month."""
from __future__ import annotations

from typing import Iterator

from .. import feeds, words   # modules: feeds.py reads pages/ too
from ..index import SiteIndex, month_end, overdue_by_agency, snapshot_months, summarize
from ..status import NO_REPORT, OPEN_OVERDUE
from ..urls import overdue_month_url, overdue_url, progress_province_url, progress_url
from .base import RenderedPage, render, render_html
from .chart import status_chart
from .describe import vn_count
from .deadlines import LIST_LIMIT


def ranking(index: SiteIndex) -> list[tuple]:
    """Agencies with lead tasks that have a fixed deadline, most overdue first: (entry, summary)."""
    rows = []
    for entry in index.agencies.values():
        summary = summarize(index.progress.of(ref) for ref in entry.lead)
        if summary.fixed:
            rows.append((entry, summary))
    return sorted(rows, key=lambda r: (-r[1].counts[OPEN_OVERDUE], -(r[1].on_time_rate or 0) if r[1].on_time_rate is not None else 1,
                                       -r[1].counts[NO_REPORT], r[0].province.slug, r[0].agency.name))


def render_progress_pages(index: SiteIndex) -> Iterator[RenderedPage]:
    summary = summarize(index.progress.statuses.values())
    months = snapshot_months(index)
    rows = ranking(index)
    feed_limit = vn_count(feeds.NATIONAL_FEED_MAX_ITEMS)   # what the feed of all plans holds at most
    if len(rows) <= LIST_LIMIT:
        yield render("progress.md.j2", progress_url(), index=index, summary=summary,
                     chart=status_chart(summary, "bieu-do-toan-bo"), ranking=rows, months=months, provinces=[],
                     feed_limit=feed_limit)
    else:
        # Too many agencies for one page on a phone: the hub compares provinces, and each province
        # has a page comparing its agencies.
        provinces = [(p, summarize(index.progress.of(ref) for ref in index.province_tasks(p))) for p in index.provinces]
        yield render("progress.md.j2", progress_url(), index=index, summary=summary,
                     chart=status_chart(summary, "bieu-do-toan-bo"), ranking=[], months=months, provinces=provinces,
                     feed_limit=feed_limit)
        for province, own in provinces:
            yield render("progress.md.j2", progress_province_url(province.slug), index=index, summary=own,
                         chart=status_chart(own, "bieu-do-tinh"), months=months,
                         ranking=[row for row in rows if row[0].province.slug == province.slug],
                         provinces=[], province=province, feed_limit=feed_limit)
    unreported = _unreported_past(index)
    yield from _overdue_pages(index, overdue_url(), index.as_of, None, unreported, months)
    for year, month in months:
        date = month_end(year, month, index.as_of)
        yield from _overdue_pages(index, overdue_month_url(year, month), date, (year, month), [], months)


# A month's snapshot is an archive reached from the current list: in search, a hundred pages of the
# same title buried the list a reader looks for.
_ARCHIVE = (("search", {"exclude": True}),)
_OVERDUE_IDS = ("chua-bao-cao", "theo-thang")


def _overdue_pages(index: SiteIndex, url: str, as_of, month, unreported: list, months: list) -> Iterator[RenderedPage]:
    """One overdue list; when it is too long for a phone, a page of provinces and one page per province."""
    groups = overdue_by_agency(index, as_of)
    rows = sum(len(items) for _, items in groups)
    title = (words.PROGRESS["overdue_month_title"].format(month=month[1], year=month[0]) if month
             else words.PROGRESS["overdue_title"])
    common = dict(index=index, as_of=as_of, months=months, month=month, reserved_ids=_OVERDUE_IDS,
                  meta=_ARCHIVE if month else ())
    if rows <= LIST_LIMIT:
        yield render_html("overdue.html.j2", url, title, groups=groups, unreported=unreported[:LIST_LIMIT],
                          unreported_total=len(unreported), provinces=[], **common)
        return
    by_province: dict[str, list] = {}
    for entry, items in groups:
        by_province.setdefault(entry.province.slug, []).append((entry, items))
    provinces = [(p, sum(len(i) for _, i in by_province[p.slug])) for p in index.provinces if p.slug in by_province]
    yield render_html("overdue.html.j2", url, title, groups=[], unreported=unreported[:LIST_LIMIT],
                      unreported_total=len(unreported), provinces=provinces, **common)
    for province, _ in provinces:
        yield render_html("overdue.html.j2", f"{url}{province.slug}/",
                          words.TEXT["in_province"].format(title=title, province=province.name),
                          groups=by_province[province.slug], unreported=[], unreported_total=0, provinces=[],
                          province=province, **common)


def _unreported_past(index: SiteIndex) -> list:
    """Tasks whose final deadline has passed with no report at all: a fact, not a status."""
    return [ref for ref in index.tasks
            if (s := index.progress.of(ref)).category == NO_REPORT and s.due and s.due < index.as_of]
