"""Progress pages: the hub with a ranking of agencies, and the overdue list with a page per month."""
from __future__ import annotations

from typing import Iterator

from ..index import SiteIndex, month_end, overdue_by_agency, snapshot_months, summarize
from ..status import NO_REPORT, OPEN_OVERDUE
from ..urls import overdue_month_url, overdue_url, progress_url
from .base import RenderedPage, render
from .chart import status_chart


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
    yield render("progress.md.j2", progress_url(), index=index, summary=summary,
                 chart=status_chart(summary, "bieu-do-toan-bo"), ranking=ranking(index), months=months)
    yield render("overdue.md.j2", overdue_url(), index=index, as_of=index.as_of, groups=overdue_by_agency(index),
                 unreported=_unreported_past(index), months=months, month=None)
    for year, month in months:
        date = month_end(year, month, index.as_of)
        yield render("overdue.md.j2", overdue_month_url(year, month), index=index, as_of=date,
                     groups=overdue_by_agency(index, date), unreported=[], months=months, month=(year, month))


def _unreported_past(index: SiteIndex) -> list:
    """Tasks whose final deadline has passed with no report at all: a fact, not a status."""
    return [ref for ref in index.tasks
            if (s := index.progress.of(ref)).category == NO_REPORT and s.due and s.due < index.as_of]
