"""iCalendar (RFC 5545) feeds of task deadlines: all-day events built from each task's time reading.

Pure: takes TaskRefs, returns the bytes of an .ics file; nothing is written here. Builds are
byte-identical for the same input and the same `stamp` (the as-of date used for DTSTAMP).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterable

from icalendar import Calendar, Event, vRecur, vText

from ..deadlines import Reading
from ..model import TaskRef
from ..pages.base import task_heading
from ..schedule import recurrence

__all__ = ["build_calendar", "has_national_calendar"]

# A calendar of every task of a national set (100,000 tasks, tens of MB) is more than calendar apps
# subscribe to; above this many tasks there is none, and each plan's and agency's calendar remains.
NATIONAL_CALENDAR_MAX_TASKS = 5000

PRODID = "-//Cong khai ke hoach//vi"
UID_DOMAIN = "cong-khai-ke-hoach"
CATEGORY = "Hạn nhiệm vụ"


@dataclass(frozen=True)
class _Occurrence:
    """One event of a task before it becomes a VEVENT."""

    day: dt.date
    summary: str
    rrule: str | None = None


def has_national_calendar(task_count: int) -> bool:
    """Whether han/ offers one calendar of every task (small data sets only)."""
    return task_count <= NATIONAL_CALENDAR_MAX_TASKS


def build_calendar(name: str, refs: Iterable[TaskRef], *, stamp: dt.date, site_url: str | None,
                   url_for: Callable[[TaskRef], str], cache: dict | None = None) -> bytes:
    """An .ics file (bytes, CRLF line endings as icalendar produces) with the deadline events of `refs`.

    Each fixed due date, each dated milestone and each recurrence (one RRULE event) of a task becomes
    an all-day event; tasks that are ongoing, conditional, free text or unread get none. Events follow
    the order of `refs`, then date; UIDs are "<province>/<plan>/<task id>/<n>@cong-khai-ke-hoach".
    A task sits in many calendars (all, its plan's, each agency's): pass one `cache` dict to all the
    calls of a build so that each task's events are made and folded once.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", vText(name))  # a plain str would not be escaped for an X- property
    end = b"END:VCALENDAR\r\n"
    head = cal.to_ical()
    assert head.endswith(end)
    cache = {} if cache is None else cache
    events = []
    for ref in refs:
        key = (ref.plan.key, ref.task.id)
        if key not in cache:
            cache[key] = task_events(ref, stamp=stamp, site_url=site_url, url_for=url_for)
        events.append(cache[key])
    return head[: -len(end)] + b"".join(events) + end


def task_events(ref: TaskRef, *, stamp: dt.date, site_url: str | None, url_for: Callable[[TaskRef], str]) -> bytes:
    """The serialized VEVENT blocks of one task (empty when it has no dated deadline)."""
    reading = ref.task.reading
    if reading is None:
        return b""
    occurrences = _occurrences(ref, reading)
    if not occurrences:
        return b""
    dtstamp = dt.datetime.combine(stamp, dt.time(0, 0), tzinfo=dt.timezone.utc)
    description, url = _description(ref, reading, site_url, url_for(ref))
    return b"".join(event_bytes(_event(ref, n, occ, dtstamp, description, url)) for n, occ in enumerate(occurrences))


def event_bytes(event: Event) -> bytes:
    """event.to_ical(), folded by `fold` instead of icalendar's own folding.

    icalendar folds every content line a character at a time in Python: a third of a national
    build's calendar time. Its content lines (names, parameters, escaping) are kept as they are."""
    return "".join(fold(line) + "\r\n" for line in event.content_lines() if line).encode("utf-8")


def fold(line: str, limit: int = 75) -> str:
    """The line folded as icalendar's _foldline folds it (RFC 5545 3.1): pieces of fewer than `limit`
    octets joined by CRLF and a space, never cut inside a UTF-8 character, and a backslash or caret
    that would end a piece (and is not all of it) moved to the next one, so that no escape is split."""
    if len(line) < limit // 4 or len(data := line.encode("utf-8")) < limit:
        return line
    pieces, start = [], 0
    while len(data) - start >= limit:
        cut = start + limit - 1
        while data[cut] & 0xC0 == 0x80:   # a continuation byte: back to where the character starts
            cut -= 1
        if data[cut - 1] in b"\\^":   # ASCII, so never a part of another character; a piece is never one byte
            cut -= 1
        pieces.append(data[start:cut])
        start = cut
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode("utf-8")


# ---------------------------------------------------------------------------
# What events a task gets
# ---------------------------------------------------------------------------

def _occurrences(ref: TaskRef, reading: Reading) -> list[_Occurrence]:
    """The task's events sorted by date (ties keep the order: recurrence, fixed dues, milestones)."""
    heading = task_heading(ref)
    milestone_dues = {m.due for m in reading.milestones if m.due}
    fixed = [d for d in reading.due if d not in milestone_dues]
    found: list[_Occurrence] = []
    rec = recurrence(ref)
    if rec is not None:
        anchor, rule = rec
        if fixed and fixed[0] == anchor:
            fixed = fixed[1:]
        found.append(_Occurrence(anchor, f"Hạn: {heading}", rule))
    found.extend(_Occurrence(d, f"Hạn: {heading}") for d in fixed)
    for m in reading.milestones:
        if m.due:
            found.append(_Occurrence(m.due, f"Hạn: {m.label} — {heading}"))
        elif m.start:
            found.append(_Occurrence(m.start, f"Bắt đầu: {m.label} — {heading}"))
    return sorted(found, key=lambda occ: occ.day)  # stable: ties keep the order above


# ---------------------------------------------------------------------------
# Event text
# ---------------------------------------------------------------------------

def _time_as_written(ref: TaskRef, reading: Reading) -> str:
    start, due = ref.task.start, ref.task.due
    if start and start.strip() and due and due.strip():
        return f"{start} – {due}"
    return due if due and due.strip() else (start if start and start.strip() else reading.text)


def _page_url(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def _description(ref: TaskRef, reading: Reading, site_url: str | None, path: str) -> tuple[str, str | None]:
    """Plain-text DESCRIPTION (Vietnamese) and the absolute URL of the task page when `site_url` is known."""
    task = ref.task
    written = _time_as_written(ref, reading)
    lines = [ref.plan.document.title]
    if task.number:
        lines.append(f"Số TT: {task.number}")
    if task.lead:
        lines.append(f"Chủ trì: {task.lead}")
    lines.append(f"Thời gian (nguyên văn): {written}")
    if reading.recurring and reading.rrule:
        lines.append(f"Định kỳ: {written}")
    url = _page_url(site_url, path) if site_url else None
    lines.append(f"Trang nhiệm vụ: {url or '/' + path.lstrip('/')}")
    return "\n".join(lines), url


def _event(ref: TaskRef, n: int, occ: _Occurrence, dtstamp: dt.datetime, description: str,
           url: str | None) -> Event:
    event = Event()
    event.add("uid", f"{ref.plan.province_slug}/{ref.plan.slug}/{ref.task.id}/{n}@{UID_DOMAIN}")
    event.add("dtstamp", dtstamp)
    event.add("dtstart", occ.day)
    event.add("dtend", occ.day + dt.timedelta(days=1))
    if occ.rrule:
        event.add("rrule", vRecur.from_ical(occ.rrule))
    event.add("summary", occ.summary)
    event.add("description", description)
    event.add("categories", [CATEGORY])
    if url:
        event.add("url", url)
    return event
