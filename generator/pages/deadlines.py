"""Deadline pages: a hub, pages per year, quarter and month across all plans, and one per deadline state."""
from __future__ import annotations

from typing import Iterator

from .. import words
from ..index import SiteIndex
from ..exports.ics import has_national_calendar
from ..schedule import DueEntry, PAST, STATES, UPCOMING, quarter, sort_key
from ..urls import deadlines_url, month_url, quarter_url, state_url, year_url
from .base import RenderedPage, Row, render, render_html

# States whose tasks have no fixed date of their own get a list page each.
UNDATED = [s for s in STATES if s not in (UPCOMING, PAST)]


# Above this many rows a list page shows counts with links instead: a page must stay light on a phone.
LIST_LIMIT = 300


def render_deadline_pages(index: SiteIndex) -> Iterator[RenderedPage]:
    years = index.years()
    counts = {s: len(index.by_state.get(s, ())) for s in STATES}
    yield render("deadlines.md.j2", deadlines_url(), index=index, years=years,
                 national_calendar=has_national_calendar(len(index.tasks)),
                 year_counts={y: len(index.dues_in(y)) for y in years}, counts=counts, undated=UNDATED)
    titles, in_province = words.DEADLINES, words.TEXT["in_province"]
    for year in years:
        entries = index.dues_in(year)
        yield render_html("deadline_period.html.j2", year_url(year), titles["year_title"].format(year=year),
                          index=index, kind="year", year=year,
                          rows=_rows(index, entries), groups=_by_month(index, entries, LIST_LIMIT),
                          quarters={q: len(index.dues_in(year, q)) for q in range(1, 5)},
                          months={m: len(index.dues_in(year, month=m)) for m in range(1, 13)}, provinces=[])
        for q in range(1, 5):
            entries = index.dues_in(year, q)
            yield render_html("deadline_period.html.j2", quarter_url(year, q),
                              titles["quarter_title"].format(roman=words.ROMAN[q], year=year),
                              index=index, kind="quarter", year=year, quarter=q, rows=_rows(index, entries),
                              groups=_by_month(index, entries, LIST_LIMIT), quarters={},
                              months={m: len(index.dues_in(year, month=m)) for m in range(3 * q - 2, 3 * q + 1)},
                              provinces=[])
        for m in range(1, 13):
            url = month_url(year, m)
            title = titles["month_title"].format(month=m, year=year)
            rows = _rows(index, index.dues_in(year, month=m))
            split = _by_province(index, rows) if len(rows) > LIST_LIMIT else []
            yield render_html("deadline_period.html.j2", url, title, index=index, kind="month", year=year, month=m,
                              quarter=quarter_of_month(m), rows=[] if split else rows, groups=[], quarters={},
                              months={}, provinces=[(p, len(r)) for p, r in split], total=len(rows))
            for province, province_rows in split:
                yield render_html("deadline_period.html.j2", f"{url}{province.slug}/",
                                  in_province.format(title=title, province=province.name), index=index, kind="month",
                                  year=year, month=m, quarter=quarter_of_month(m), rows=province_rows, groups=[],
                                  quarters={}, months={}, provinces=[], province=province)
    for state in STATES:
        url = state_url(state)
        title = f"Nhiệm vụ: {words.STATES[state]}"
        refs = sorted(index.by_state.get(state, ()), key=lambda ref: sort_key(ref, index.as_of))
        rows = [Row(ref, state) for ref in refs]
        split = _by_province(index, rows) if len(rows) > LIST_LIMIT else []
        yield render_html("deadline_state.html.j2", url, title, index=index, state=state, rows=[] if split else rows,
                          provinces=[(p, len(r)) for p, r in split], total=len(rows))
        for province, province_rows in split:
            yield render_html("deadline_state.html.j2", f"{url}{province.slug}/",
                              in_province.format(title=title, province=province.name),
                              index=index, state=state, rows=province_rows, provinces=[], total=len(province_rows),
                              province=province)


def _by_province(index: SiteIndex, rows: list[Row]) -> list[tuple]:
    found: dict[str, list[Row]] = {}
    for row in rows:
        found.setdefault(row.ref.plan.province_slug, []).append(row)
    return [(p, found[p.slug]) for p in index.provinces if p.slug in found]


def quarter_of_month(month: int) -> int:
    return (month - 1) // 3 + 1


def _rows(index: SiteIndex, entries: list[DueEntry]) -> list[Row]:
    return [Row(e.ref, index.state(e.ref), date=e.date, label=e.label) for e in entries]


def _by_month(index: SiteIndex, entries: list[DueEntry], limit: int) -> list[tuple[int, list[Row]]]:
    """Rows grouped by month; none when there are too many for one page (the month pages list them)."""
    if len(entries) > limit:
        return []
    months: dict[int, list[Row]] = {}
    for e in entries:
        months.setdefault(e.date.month, []).append(Row(e.ref, index.state(e.ref), date=e.date, label=e.label))
    return sorted(months.items())


__all__ = ["render_deadline_pages", "quarter"]
