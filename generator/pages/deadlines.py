"""Deadline pages: a hub, pages per year, quarter and month across all plans, and one per deadline state."""
from __future__ import annotations

from typing import Iterator

from ..index import SiteIndex
from ..schedule import DueEntry, PAST, STATES, UPCOMING, quarter, sort_key
from ..urls import deadlines_url, month_url, quarter_url, state_url, year_url
from .base import RenderedPage, Row, render

# States whose tasks have no fixed date of their own get a list page each.
UNDATED = [s for s in STATES if s not in (UPCOMING, PAST)]


def render_deadline_pages(index: SiteIndex) -> Iterator[RenderedPage]:
    years = index.years()
    counts = {s: len(index.by_state.get(s, ())) for s in STATES}
    yield render("deadlines.md.j2", deadlines_url(), index=index, years=years,
                 year_counts={y: len(index.dues_in(y)) for y in years}, counts=counts, undated=UNDATED)
    for year in years:
        entries = index.dues_in(year)
        yield render("deadline_period.md.j2", year_url(year), index=index, kind="year", year=year,
                     rows=_rows(index, entries), groups=_by_month(index, entries),
                     quarters={q: len(index.dues_in(year, q)) for q in range(1, 5)},
                     months={m: len(index.dues_in(year, month=m)) for m in range(1, 13)})
        for q in range(1, 5):
            entries = index.dues_in(year, q)
            yield render("deadline_period.md.j2", quarter_url(year, q), index=index, kind="quarter", year=year,
                         quarter=q, rows=_rows(index, entries), groups=_by_month(index, entries),
                         quarters={}, months={m: len(index.dues_in(year, month=m)) for m in range(3 * q - 2, 3 * q + 1)})
        for m in range(1, 13):
            entries = index.dues_in(year, month=m)
            yield render("deadline_period.md.j2", month_url(year, m), index=index, kind="month", year=year,
                         month=m, quarter=quarter_of_month(m), rows=_rows(index, entries), groups=[],
                         quarters={}, months={})
    for state in STATES:
        refs = sorted(index.by_state.get(state, ()), key=lambda ref: sort_key(ref, index.as_of))
        yield render("deadline_state.md.j2", state_url(state), index=index, state=state,
                     rows=[Row(ref, state) for ref in refs])


def quarter_of_month(month: int) -> int:
    return (month - 1) // 3 + 1


def _rows(index: SiteIndex, entries: list[DueEntry]) -> list[Row]:
    return [Row(e.ref, index.state(e.ref), date=e.date, label=e.label) for e in entries]


def _by_month(index: SiteIndex, entries: list[DueEntry]) -> list[tuple[int, list[Row]]]:
    months: dict[int, list[Row]] = {}
    for e in entries:
        months.setdefault(e.date.month, []).append(Row(e.ref, index.state(e.ref), date=e.date, label=e.label))
    return sorted(months.items())


__all__ = ["render_deadline_pages", "quarter"]
