"""A plan's timeline: its dated tasks against months (or quarters), as a plain, accessible HTML table.

Made at build time, no JavaScript. Each row is a task with a fixed date; each column a month (a quarter
when the plan spans more than 24 months). A cell says whether the task is under way, has a due date or
a milestone in that period, with a visible symbol and words for screen readers (never colour alone).
Tasks without a fixed date are counted below the table by kind.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Sequence

from markupsafe import Markup

from ..model import Plan, Section, Task, TaskRef
from ..words import TEXT
from .base import environment, task_heading
from .markup import relative_url

__all__ = ["render_timeline"]

MAX_MONTHS = 24  # beyond this many months the columns are quarters

# Every word the timeline shows (kept here until they move to generator/words.py).
WORDS = {
    "region": "Biểu đồ thời gian các nhiệm vụ (cuộn ngang để xem hết)",
    "caption_month": "Thời gian thực hiện các nhiệm vụ, theo tháng",
    "caption_quarter": "Thời gian thực hiện các nhiệm vụ, theo quý",
    "task": "Nhiệm vụ",
    "key_due": "hạn chót",
    "key_milestone": "mốc",
    "key_start": "bắt đầu",
    "key_running": "đang thực hiện",
    "key_recurring": "lặp lại định kỳ",
    "month_short": "T{month}/{year}",
    "month_full": "Tháng {month}/{year}",
    "quarter_short": "Q{quarter}/{year}",
    "quarter_full": "Quý {roman}/{year}",
    "running": "đang thực hiện",
    "due": "hạn chót {date}",
    "milestone_due": "mốc: {label}, {date}",
    "milestone_from": "mốc: {label}, từ {date}",
    "start": "bắt đầu {date}",
    "recurring": "và định kỳ",
    "no_dates": "Kế hoạch không ghi ngày tháng cụ thể cho nhiệm vụ nào.",
    "rest_intro": "Nhiệm vụ không có trên biểu đồ (không ghi ngày tháng cụ thể):",
    "rest_intro_all": "Thời gian các nhiệm vụ:",
    "count": "{label}: {n} nhiệm vụ",
}

# Kinds of tasks left off the timeline, in the order they are listed.
KINDS = {
    "ongoing": "Thường xuyên",
    "recurring": "Định kỳ",
    "conditional": "Khi có điều kiện",
    "none": "Không nêu thời gian",
    "free_text": "Thời gian ghi bằng lời",
}

SYMBOLS = {"due": "◆", "milestone": "●", "start": "▶", "recurring": "↻"}

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Column:
    first: date
    last: date
    short: str                  # "T1/2022", shown (hidden from screen readers)
    full: str                   # "Tháng 1/2022", read by screen readers
    quarter: bool = False


@dataclass(frozen=True)
class Cell:
    css: str = ""               # "u" under way, "d" due, "m" milestone, "b" start (space separated)
    symbols: str = ""           # visible marks, hidden from screen readers
    words: str = ""             # visually hidden text


@dataclass(frozen=True)
class Row:
    number: str
    title: str
    href: str
    depth: int                  # 0 for a task, 1 for its sub-rows, 2 for theirs …
    group: bool                 # no date of its own: shown only to place its dated sub-rows
    recurring: bool
    cells: tuple[Cell, ...]

    @property
    def css(self) -> str:
        """Row classes: "s1"/"s2" sub-row depth (deeper rows indent like depth 2), "g" a group row."""
        return " ".join(filter(None, [f"s{min(self.depth, 2)}" if self.depth else "", "g" if self.group else ""]))


EMPTY = Cell()


def render_timeline(refs: Sequence[TaskRef], here: str, task_url: Callable[[Plan, Task], str]) -> Markup:
    """The timeline of one plan's tasks as an accessible HTML table (Markup)."""
    dated = [ref for ref in refs if _dates(ref.task)]
    columns = _columns([d for ref in dated for d in _dates(ref.task)])
    on_timeline = {id(ref.task) for ref in dated}
    # A row with sub-rows and no time of its own is shown when one of its sub-rows is, to place them.
    group_rows = {id(ref.task) for ref in refs if _is_group(ref.task) and _any_dated(ref.task.subtasks)}
    depth: dict[int, int] = {}
    for ref in refs:
        depth[id(ref.task)] = 0 if ref.parent is None else depth.get(id(ref.parent), 0) + 1
    rows = [
        (ref.section, _row(ref, columns, here, task_url, group=id(ref.task) in group_rows, depth=depth[id(ref.task)]))
        for ref in refs
        if id(ref.task) in on_timeline or id(ref.task) in group_rows
    ]
    counts = _counts(ref.task for ref in refs if id(ref.task) not in on_timeline)
    # The key lists only the marks this chart uses.
    used = {css for _, row in rows for cell in row.cells for css in cell.css.split()}
    used |= {"r"} if any(row.recurring for _, row in rows) else set()
    html = environment().get_template("timeline.html.j2").render(
        t=WORDS, symbols=SYMBOLS, charted=bool(rows), groups=_by_section(rows), columns=columns,
        quarters=bool(columns) and columns[0].quarter, counts=counts, used=used,
    )
    return Markup(html)


# ---------------------------------------------------------------------------
# Dates and columns
# ---------------------------------------------------------------------------

def _dates(task: Task) -> list[date]:
    """Every fixed date the task's time texts state (start, dues, milestones)."""
    r = task.reading
    if r is None:
        return []
    found = [r.start, *r.due] + [d for m in r.milestones for d in (m.start, m.due)]
    return [d for d in found if d is not None]


def _any_dated(tasks: Sequence[Task]) -> bool:
    return any(_dates(t) or _any_dated(t.subtasks) for t in tasks)


def _is_group(task: Task) -> bool:
    return bool(task.subtasks) and task.reading is None and not task.free_text_time


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def _month_first(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _columns(dates: list[date]) -> list[Column]:
    """Months from the earliest date to the latest; quarters when that is more than 24 months."""
    if not dates:
        return []
    lo, hi = _month_index(min(dates)), _month_index(max(dates))
    if hi - lo + 1 > MAX_MONTHS:
        lo, hi, step = lo - lo % 3, hi - hi % 3, 3
    else:
        step = 1
    columns = []
    for index in range(lo, hi + 1, step):
        first, last = _month_first(index), _month_first(index + step) - timedelta(days=1)
        if step == 1:
            labels = {"month": first.month, "year": first.year}
            columns.append(Column(first, last, WORDS["month_short"].format(**labels), WORDS["month_full"].format(**labels)))
        else:
            q = (first.month - 1) // 3 + 1
            labels = {"quarter": q, "roman": _ROMAN[q], "year": first.year}
            columns.append(Column(first, last, WORDS["quarter_short"].format(**labels),
                                  WORDS["quarter_full"].format(**labels), quarter=True))
    return columns


def _day(d: date) -> str:
    return f"{d:%d/%m/%Y}"


# ---------------------------------------------------------------------------
# Rows and cells
# ---------------------------------------------------------------------------

def _by_section(rows: list[tuple[Section, Row]]) -> list[tuple[str | None, list[Row]]]:
    """Rows grouped by section in order; each group named ("II. Title") when there is more than one."""
    groups: list[tuple[Section, list[Row]]] = []
    for section, row in rows:
        if not groups or groups[-1][0] is not section:
            groups.append((section, []))
        groups[-1][1].append(row)
    if len(groups) < 2:
        return [(None, [row for _, row in rows])]
    return [(_section_name(section), section_rows) for section, section_rows in groups]


def _section_name(section: Section) -> str:
    if section.number and section.title:
        return " ".join(f"{section.number}. {section.title}".split())
    return " ".join((section.title or section.number or TEXT["section_untitled"]).split())


def _row(ref: TaskRef, columns: list[Column], here: str, task_url: Callable[[Plan, Task], str],
         group: bool, depth: int) -> Row:
    task = ref.task
    cells = tuple(EMPTY for _ in columns) if group else _cells(task, columns)
    return Row(
        number=task.number or "",
        title=" ".join(task_heading(ref).split()),
        href=relative_url(here, task_url(ref.plan, task)),
        depth=depth,
        group=group,
        recurring=bool(task.reading and task.reading.recurring),
        cells=cells,
    )


def _cells(task: Task, columns: list[Column]) -> tuple[Cell, ...]:
    r = task.reading
    assert r is not None
    milestone_dues = {m.due for m in r.milestones if m.due}
    # Under way from the start to the last due; with no due, an ongoing task runs to the end of the chart.
    run_end = r.due[-1] if r.due else (columns[-1].last if r.ongoing else None)
    cells, in_run = [], False
    for col in columns:
        css, symbols, words = [], [], []
        running = r.start is not None and run_end is not None and r.start <= col.last and run_end >= col.first
        if running:
            css.append("u")
            if not in_run:
                words.append(WORDS["running"])
        in_run = running
        inside = lambda d: d is not None and col.first <= d <= col.last  # noqa: E731
        if r.start and not r.due and inside(r.start) and not any(m.start == r.start for m in r.milestones):
            css.append("b")
            symbols.append(SYMBOLS["start"])
            words.insert(0, WORDS["start"].format(date=_day(r.start)))
        # A due that is also a milestone's due is told once, as the milestone.
        dues = [d for d in r.due if inside(d) and d not in milestone_dues]
        if dues:
            css.append("d")
            symbols.append(SYMBOLS["due"])
            words.extend(WORDS["due"].format(date=_day(d)) for d in dues)
        marks = []
        for m in r.milestones:
            if m.due is not None and inside(m.due):
                marks.append(WORDS["milestone_due"].format(label=m.label, date=_day(m.due)))
            elif m.due is None and inside(m.start):
                marks.append(WORDS["milestone_from"].format(label=m.label, date=_day(m.start)))
        if marks:
            css.append("m")
            symbols.append(SYMBOLS["milestone"])
            words.extend(marks)
        cells.append(Cell(" ".join(css), "".join(symbols), "; ".join(words)) if css else EMPTY)
    return tuple(cells)


# ---------------------------------------------------------------------------
# Tasks left off the timeline
# ---------------------------------------------------------------------------

def _kind(task: Task) -> str | None:
    """Why a task has no place on the timeline (None for a group row, whose time is in its sub-rows).

    The order of the tests is that of generator.schedule.state_of, so these counts agree with the
    deadline pages (a task "Thường xuyên và hàng năm" is counted as recurring on both).
    """
    r = task.reading
    if task.free_text_time:
        return "free_text"
    if r is None:
        return None if task.subtasks else "none"
    if r.recurring:
        return "recurring"
    if r.ongoing:
        return "ongoing"
    if r.conditional:
        return "conditional"
    return "none"


def _counts(tasks) -> list[str]:
    """ "Thường xuyên: 4 nhiệm vụ", … for each kind with at least one task, in KINDS order."""
    counts = dict.fromkeys(KINDS, 0)
    for task in tasks:
        kind = _kind(task)
        if kind:
            counts[kind] += 1
    return [WORDS["count"].format(label=KINDS[k], n=n) for k, n in counts.items() if n]
