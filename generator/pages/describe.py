"""Short Vietnamese descriptions of data for pages: dates, readings, plan labels."""
from __future__ import annotations

import datetime as dt
import functools

from .. import words
from ..deadlines import Reading
from ..model import Plan


@functools.cache
def vn_date(date: dt.date | None) -> str:
    # Cached: a national build writes the same few thousand dates 750,000 times in its lists.
    return date.strftime("%d/%m/%Y") if date else ""


def vn_count(n: int) -> str:
    """A whole number with dots between thousands, as Vietnamese writes it: 1.000."""
    return f"{n:,}".replace(",", ".")


def plan_short(plan: Plan) -> str:
    """A short label for a plan in cross-plan lists: province, year and number as written."""
    doc = plan.document
    number = doc.number if doc.number and not doc.number.startswith("/") else words.DOC_FIELDS["unnumbered"].split(" (")[0]
    return f"{doc.province} {doc.year} · {number}"


def describe_reading(reading: Reading | None, free_text: bool = False, start_written: bool = True) -> str:
    """How the site reads a task's time text, in words: dates, recurrence, or why there is no date.

    A start date is only told when the plan wrote a start (or gave no deadline): "Quý II/2019" in a
    completion column does not say that work starts on 1 April."""
    d = words.DEADLINES
    if free_text:
        return d["free_text_note"]
    if reading is None:
        return d["none_note"]
    parts = []
    if reading.start and (start_written or not reading.due):
        parts.append(f"{d['starts']} {vn_date(reading.start)}")
    milestone_dues = {m.due for m in reading.milestones}
    plain = [x for x in reading.due if x not in milestone_dues]
    if plain:
        parts.append(f"{d['due_on']} " + ", ".join(vn_date(x) for x in plain))
    for m in reading.milestones:
        when = vn_date(m.due) if m.due else f"{d['starts'].lower()} {vn_date(m.start)}"
        parts.append(f"{d['milestone']} {when}: {m.label}")
    if reading.recurring:
        freq = None
        if reading.rrule:
            rule = dict(item.split("=", 1) for item in reading.rrule.split(";"))
            freq = words.RRULE_WORDS.get(rule.get("FREQ", ""))
            if rule.get("FREQ") == "MONTHLY" and rule.get("INTERVAL") in ("3", "6", "12"):
                freq = {"3": "hằng quý", "6": "6 tháng một lần", "12": "hằng năm"}[rule["INTERVAL"]]
        parts.append(f"{d['repeats']} {freq}" if freq else words.STATES["recurring"])
    if reading.ongoing:
        parts.append(d["ongoing_note"])
    if reading.conditional:
        parts.append(d["conditional_note"])
    if not parts:
        return d["none_note"]
    return "; ".join([parts[0], *(p[:1].lower() + p[1:] for p in parts[1:])])


def time_as_written(start: str | None, due: str | None) -> str:
    return " – ".join(x for x in (start, due) if x)
