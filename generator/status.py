"""Status of a task as of a date, from its deadline and the progress reports dated up to that date.

The four categories are the Government Office's: done on time, done late, not done within the
deadline, not done and overdue; plus "no report" when nothing is reported. Tasks without a fixed
deadline (ongoing, recurring, conditional) are kept apart and never put in those four.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Report, ReportEntry, TaskRef
from dateutil.rrule import rrulestr

from .schedule import due_entries, recurrence

DONE_ON_TIME, DONE_LATE, OPEN_ON_TIME, OPEN_OVERDUE, NO_REPORT = (
    "done_on_time", "done_late", "open_on_time", "open_overdue", "no_report")
CANCELLED, APART = "cancelled", "apart"
CATEGORIES = (DONE_ON_TIME, DONE_LATE, OPEN_ON_TIME, OPEN_OVERDUE, NO_REPORT)


@dataclass(frozen=True)
class Reported:
    """One report's entry about a task, with the report it came from."""

    report: Report
    entry: ReportEntry


@dataclass(frozen=True)
class Status:
    category: str               # one of CATEGORIES, CANCELLED, or APART (no fixed deadline)
    as_of: dt.date
    due: dt.date | None         # the final fixed deadline, when the task has one
    latest: Reported | None     # the newest report on or before as_of
    history: tuple[Reported, ...]   # every report on or before as_of, oldest first

    @property
    def overdue_days(self) -> int:
        return (self.as_of - self.due).days if self.category == OPEN_OVERDUE and self.due else 0


def history_of(ref: TaskRef) -> tuple[Reported, ...]:
    """Every report entry about this task in its plan, oldest first."""
    found = [Reported(r, e) for r in ref.plan.reports for e in r.entries if e.task_id == ref.task.id]
    return tuple(sorted(found, key=lambda x: (x.report.date, x.report.agency_id)))


def status_of(ref: TaskRef, history: tuple[Reported, ...], as_of: dt.date) -> Status:
    """The category of a task as of `as_of`, counting only reports dated on or before it."""
    known = tuple(h for h in history if h.report.date <= as_of)
    latest = _latest(ref, known)
    dues = [e.date for e in due_entries(ref)]
    reading = ref.task.reading
    fixed = bool(dues) and not (reading is not None and reading.recurring)
    due = max(dues) if fixed else None
    if latest is not None and latest.entry.state == "cancelled":
        return Status(CANCELLED, as_of, due, latest, known)
    if not fixed:
        return Status(APART, as_of, None, latest, known)
    if latest is None:
        return Status(NO_REPORT, as_of, due, None, known)
    if latest.entry.state == "done":
        category = DONE_ON_TIME if latest.entry.completed <= due else DONE_LATE
    else:
        category = OPEN_ON_TIME if as_of <= due else OPEN_OVERDUE
    return Status(category, as_of, due, latest, known)


def _latest(ref: TaskRef, known: tuple[Reported, ...]) -> Reported | None:
    """The newest report; on the same day, a lead agency's word counts over a coordinator's."""
    if not known:
        return None
    day = known[-1].report.date
    same_day = [h for h in known if h.report.date == day]
    leads = [h for h in same_day if h.report.agency_id in ref.task.lead_ids]
    return (leads or same_day)[-1]


@dataclass(frozen=True)
class PeriodReport:
    """For a recurring task: one period's deadline, and the report that came for it, if any."""

    due: dt.date
    reported: Reported | None


def recurring_periods(ref: TaskRef, history: tuple[Reported, ...], as_of: dt.date, limit: int = 24) -> tuple[PeriodReport, ...]:
    """Each period of a recurring task that has ended by `as_of`, with the report dated within it."""
    rec = recurrence(ref)
    if rec is None:
        return ()
    anchor, rule = rec
    occurrences = [d.date() for d in rrulestr(rule, dtstart=dt.datetime.combine(anchor, dt.time())).between(
        dt.datetime.combine(anchor, dt.time()), dt.datetime.combine(as_of, dt.time()), inc=True)][-limit:]
    periods, previous = [], None
    for due in occurrences:
        inside = [h for h in history if (previous is None or h.report.date > previous) and h.report.date <= due
                  and h.entry.state in ("done", "in_progress")]
        periods.append(PeriodReport(due, inside[-1] if inside else None))
        previous = due
    return tuple(periods)
