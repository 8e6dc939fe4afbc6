"""What a task's reading means on the calendar: its dated entries, its periods and its deadline state."""
from __future__ import annotations

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
