"""What the news feeds tell: each progress report entry and each change of a task's status category.

Pure: takes TaskRefs and an as-of date, returns FeedItems; nothing is read or written here and no
clock is consulted. Every item comes from the data: a report entry, or a change of category that
`generator.status` computes from the reports and the deadline. A task that nobody has reported on
yields nothing (its category stays "no_report", or "apart" when it has no fixed deadline).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Mapping

from .model import ReportEntry, TaskRef
from .pages.base import full_number, task_heading
from .pages.describe import vn_date
from .status import (APART, CANCELLED, DONE_LATE, DONE_ON_TIME, NO_REPORT, OPEN_ON_TIME, OPEN_OVERDUE,
                     Reported, Status, history_of, status_of)

__all__ = ["FeedItem", "feed_items", "REPORT", "STATUS", "CATEGORY_LABELS", "REPORT_STATE_LABELS"]

REPORT, STATUS = "report", "status"

# Vietnamese words of the feeds (to move to words.py).
CATEGORY_LABELS = {
    DONE_ON_TIME: "hoàn thành đúng hạn",
    DONE_LATE: "hoàn thành quá hạn",
    OPEN_ON_TIME: "chưa hoàn thành (trong hạn)",
    OPEN_OVERDUE: "chưa hoàn thành quá hạn",
    NO_REPORT: "chưa có báo cáo",
    CANCELLED: "không thực hiện",
    APART: "không có hạn cố định",
}
REPORT_STATE_LABELS = {
    "not_started": "chưa bắt đầu",
    "in_progress": "đang thực hiện",
    "done": "đã hoàn thành",
    "paused": "tạm dừng",
    "cancelled": "không thực hiện",
}
FEED_WORDS = {
    "reported": "{agency} báo cáo: {state} — {heading}",
    "task": "Nhiệm vụ {number}: {heading}",
    "task_unnumbered": "Nhiệm vụ: {heading}",
    "agency": "Cơ quan báo cáo: {agency}",
    "reporter": "Người lập báo cáo: {reporter}",
    "report_date": "Ngày báo cáo: {date}",
    "state": "Tình trạng: {state}",
    "completed": "Ngày hoàn thành: {date}",
    "percent": "Khối lượng đã thực hiện: {percent}%",
    "actual": "Kết quả đạt: {actual}",
    "actual_target": "Kết quả đạt: {actual} (chỉ tiêu: {target})",
    "note": "Ghi chú: {note}",
    "evidence": "Minh chứng:",
    "evidence_number": "số {number}",
    "evidence_date": "ngày {date}",
    "change": "Tình trạng: {old} → {new}",
    "due": "Hạn hoàn thành: {date}",
    "passed": "Hạn hoàn thành đã qua ngày {date}.",
    "lead": "Chủ trì: {lead}",
    "latest": "Báo cáo gần nhất: {agency}, ngày {date}: {state}",
    "latest_none": "Chưa có báo cáo tiến độ.",
}


# The feed of all plans carries the newest items only. A national set's whole history (100,000 items,
# 100 MB) is more than a feed reader should fetch on every poll, and took a tenth of the build to
# write; each plan's and each agency's feed stays complete, and every report is in the open data.
NATIONAL_FEED_MAX_ITEMS = 1000


@dataclass(frozen=True)
class FeedItem:
    """One piece of news about a task: a progress report entry, or a change of its status category."""

    date: dt.date               # when it happened (report date, or the day a deadline passed)
    kind: str                   # REPORT | STATUS
    ref: TaskRef
    title: str                  # Vietnamese, one line
    summary: str                # plain text, several lines
    old_category: str | None    # for STATUS: generator.status categories before and after; None for REPORT
    new_category: str | None
    agency_ids: tuple[str, ...]     # the reporting agency for a report; lead + coordinating ids for a change
    key: str                    # stable and unique: "<province>/<plan>/<task>/<kind>/<date>/<agency or category>"


def feed_items(refs: Iterable[TaskRef], as_of: dt.date,
               agency_names: Mapping[tuple[str, str], str] | None = None) -> list[FeedItem]:
    """Every report entry about these tasks dated on or before `as_of`, and every change of status
    category up to `as_of`, newest first.

    The category is evaluated at each report date and on the day after the task's final fixed due
    date; an item is emitted when it differs from the one before. Before any report the category is
    what status_of gives with no report ("no_report", or "apart"), so a task without reports yields
    no item. Ties (same date) are ordered by plan, task position in its file, task id, reports before
    status changes, then key; the same task given twice counts once. `agency_names` maps (province
    slug, agency id) to the name in that province's registry (ids repeat across provinces); an id
    missing from it is shown as is.
    """
    names = agency_names or {}
    seen: set[tuple[str, str]] = set()
    items: list[FeedItem] = []
    for ref in refs:
        ident = (ref.plan.key, ref.task.id)
        if ident in seen:
            continue
        seen.add(ident)
        history = tuple(h for h in history_of(ref) if h.report.date <= as_of)
        items.extend(_report_item(ref, h, names) for h in history)
        items.extend(_status_items(ref, history, as_of, names))
    items.sort(key=lambda i: (-i.date.toordinal(), i.ref.plan.key, i.ref.task.line, i.ref.task.id,
                              0 if i.kind == REPORT else 1, i.key))
    return items


# ---------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------

def _report_item(ref: TaskRef, reported: Reported, names: Mapping[tuple[str, str], str]) -> FeedItem:
    report, entry = reported.report, reported.entry
    agency = names.get((ref.plan.province_slug, report.agency_id)) or report.agency_id
    state = REPORT_STATE_LABELS.get(entry.state, entry.state)
    w = FEED_WORDS
    lines = [ref.plan.document.title, _task_line(ref), w["agency"].format(agency=agency)]
    if report.reporter:
        lines.append(w["reporter"].format(reporter=report.reporter))
    lines.append(w["report_date"].format(date=vn_date(report.date)))
    lines.append(w["state"].format(state=state))
    lines.extend(_entry_lines(ref, entry))
    return FeedItem(
        date=report.date, kind=REPORT, ref=ref,
        title=w["reported"].format(agency=agency, state=state, heading=_one_line(task_heading(ref))),
        summary="\n".join(lines), old_category=None, new_category=None,
        agency_ids=(report.agency_id,),
        key=f"{ref.plan.key}/{ref.task.id}/{REPORT}/{report.date.isoformat()}/{report.agency_id}",
    )


def _entry_lines(ref: TaskRef, entry: ReportEntry) -> list[str]:
    w = FEED_WORDS
    lines = []
    if entry.completed:
        lines.append(w["completed"].format(date=vn_date(entry.completed)))
    if entry.percent is not None:
        lines.append(w["percent"].format(percent=_number(entry.percent)))
    if entry.actual is not None:
        targets = ref.task.targets
        actual = _number(entry.actual)
        if len(targets) == 1 and targets[0].unit:
            actual += targets[0].unit
        target = "; ".join(t.text for t in targets)
        lines.append(w["actual_target"].format(actual=actual, target=target) if target
                     else w["actual"].format(actual=actual))
    if entry.note:
        lines.append(w["note"].format(note=entry.note))
    if entry.evidence:
        lines.append(w["evidence"])
        for ev in entry.evidence:
            parts = [ev.title]
            if ev.number:
                parts.append(w["evidence_number"].format(number=ev.number))
            if ev.date:
                parts.append(w["evidence_date"].format(date=vn_date(ev.date)))
            if ev.url:
                parts.append(ev.url)
            lines.append("- " + ", ".join(parts))
    return lines


# ---------------------------------------------------------------------------
# Status changes
# ---------------------------------------------------------------------------

def _status_items(ref: TaskRef, history: tuple[Reported, ...], as_of: dt.date,
                  names: Mapping[tuple[str, str], str]) -> list[FeedItem]:
    before = status_of(ref, (), as_of)     # the category with no report: no_report, or apart
    days = {h.report.date for h in history}
    if before.due is not None and before.due + dt.timedelta(days=1) <= as_of:
        days.add(before.due + dt.timedelta(days=1))
    found, previous = [], before.category
    for day in sorted(days):
        status = status_of(ref, history, day)
        if status.category != previous:
            found.append(_status_item(ref, previous, status, names))
            previous = status.category
    return found


def _status_item(ref: TaskRef, old: str, status: Status, names: Mapping[tuple[str, str], str]) -> FeedItem:
    w = FEED_WORDS
    new = status.category
    label = CATEGORY_LABELS[new]
    lines = [ref.plan.document.title, _task_line(ref),
             w["change"].format(old=CATEGORY_LABELS[old], new=label)]
    if status.due is not None:
        lines.append(w["due"].format(date=vn_date(status.due)))
        if status.as_of > status.due and (status.latest is None or status.latest.report.date <= status.due):
            lines.append(w["passed"].format(date=vn_date(status.due)))
    if ref.task.lead:
        lines.append(w["lead"].format(lead=ref.task.lead))
    latest = status.latest
    if latest is None:
        lines.append(w["latest_none"])
    else:
        agency = names.get((ref.plan.province_slug, latest.report.agency_id)) or latest.report.agency_id
        lines.append(w["latest"].format(agency=agency, date=vn_date(latest.report.date),
                                        state=REPORT_STATE_LABELS.get(latest.entry.state, latest.entry.state)))
        if latest.entry.completed:
            lines.append(w["completed"].format(date=vn_date(latest.entry.completed)))
    agency_ids = tuple(dict.fromkeys(ref.task.lead_ids + ref.task.coordinating_ids))
    return FeedItem(
        date=status.as_of, kind=STATUS, ref=ref,
        title=f"{label[:1].upper()}{label[1:]} — {_one_line(task_heading(ref))}",
        summary="\n".join(lines), old_category=old, new_category=new, agency_ids=agency_ids,
        key=f"{ref.plan.key}/{ref.task.id}/{STATUS}/{status.as_of.isoformat()}/{new}",
    )


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------

def _task_line(ref: TaskRef) -> str:
    number = full_number(ref).strip()
    heading = _one_line(task_heading(ref))
    if number in ("", "–"):
        return FEED_WORDS["task_unnumbered"].format(heading=heading)
    return FEED_WORDS["task"].format(number=number, heading=heading)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _number(value: float) -> str:
    """A number the Vietnamese way: no useless zeros, a comma before the decimals (99,4)."""
    text = str(int(value)) if float(value).is_integer() else format(value, ".12g")
    return text.replace(".", ",")
