"""What a task's reading means on the calendar: its dated entries, its periods and its deadline state."""
from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass

from .model import TaskRef

# Deadline states, in the order pages list them; a task has exactly one.
UPCOMING, RECURRING, PAST, ONGOING, CONDITIONAL, FREE_TEXT, NONE = (
    "upcoming", "recurring", "past", "ongoing", "conditional", "free_text", "none")
STATES = (UPCOMING, RECURRING, PAST, ONGOING, CONDITIONAL, FREE_TEXT, NONE)


@dataclass(frozen=True)
class DueEntry:
    """One dated deadline of a task: a due date, or a milestone's due (with its label)."""

    ref: TaskRef
    date: dt.date
    label: str | None = None


def due_entries(ref: TaskRef) -> list[DueEntry]:
    """Every fixed deadline a task's time text states: milestones with their labels, then plain dues."""
    reading = ref.task.reading
    if reading is None:
        return []
    entries = [DueEntry(ref, m.due, m.label) for m in reading.milestones if m.due]
    milestone_dues = {m.due for m in reading.milestones}
    entries += [DueEntry(ref, d) for d in reading.due if d not in milestone_dues]
    return sorted(entries, key=lambda e: e.date)


def state_of(ref: TaskRef, as_of: dt.date) -> str:
    """The one deadline state of a task as of a date (a fact about its deadline, not its progress)."""
    task = ref.task
    reading = task.reading
    if task.free_text_time:
        return FREE_TEXT
    if reading is None:
        return NONE
    dues = [e.date for e in due_entries(ref)]
    if any(d >= as_of for d in dues):
        return UPCOMING
    if reading.recurring:
        return RECURRING
    if dues:
        return PAST
    if reading.ongoing:
        return ONGOING
    if reading.conditional:
        return CONDITIONAL
    return NONE


def next_due(ref: TaskRef, as_of: dt.date) -> dt.date | None:
    return next((e.date for e in due_entries(ref) if e.date >= as_of), None)


def sort_key(ref: TaskRef, as_of: dt.date) -> tuple:
    """Upcoming deadlines first (soonest first), then the rest in a stable order."""
    upcoming = next_due(ref, as_of)
    dues = due_entries(ref)
    if upcoming:
        return (0, upcoming.toordinal(), ref.plan.key, ref.task.line)
    if dues:
        return (1, -dues[-1].date.toordinal(), ref.plan.key, ref.task.line)
    return (2, STATES.index(state_of(ref, as_of)), ref.plan.key, ref.task.line)


def quarter(date: dt.date) -> int:
    return (date.month - 1) // 3 + 1


def recurrence(ref: TaskRef) -> tuple[dt.date, str] | None:
    """A recurring task's first deadline and its RRULE: the first fixed due date it states, else the
    end of the rule's first period in the plan's year (a yearly task is due by 31/12)."""
    reading = ref.task.reading
    if reading is None or not reading.recurring or not reading.rrule:
        return None
    milestone_dues = {m.due for m in reading.milestones if m.due}
    fixed = [d for d in reading.due if d not in milestone_dues]
    anchor = fixed[0] if fixed else _first_period_end(reading.rrule, ref.plan.document.year)
    return anchor, _anchored_rule(reading.rrule, anchor)


def _rule_parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.upper().split(";") if "=" in part)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _calendar.monthrange(year, month)[1])


def _first_period_end(rule: str, year: int) -> dt.date:
    """The last day of the rule's first period in `year`: yearly 31/12, 6-monthly 30/06, quarterly 31/03, monthly 31/01."""
    parts = _rule_parts(rule)
    freq, interval = parts.get("FREQ", "YEARLY"), int(parts.get("INTERVAL", "1"))
    if freq == "MONTHLY":
        months = interval - 1
        return _month_end(year + months // 12, months % 12 + 1)
    if freq == "WEEKLY":
        return dt.date(year, 1, 1) + dt.timedelta(days=7 * interval - 1)
    if freq == "DAILY":
        return dt.date(year, 1, 1) + dt.timedelta(days=interval - 1)
    return dt.date(year + interval - 1, 12, 31)


def _anchored_rule(rule: str, anchor: dt.date) -> str:
    """The rule, made to fall on a month end each time when its anchor is one and it says no day.

    A yearly rule also gets the anchor's month, since a yearly BYMONTHDAY alone means every month.
    """
    parts = _rule_parts(rule)
    if "BYMONTHDAY" in parts or parts.get("FREQ") not in ("MONTHLY", "YEARLY"):
        return rule
    if anchor != _month_end(anchor.year, anchor.month):
        return rule
    extra = ""
    if parts["FREQ"] == "YEARLY" and "BYMONTH" not in parts:
        extra += f";BYMONTH={anchor.month}"
    return f"{rule}{extra};BYMONTHDAY=-1"


