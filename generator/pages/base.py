"""What every page kind shares: the rendered page record, the Jinja environment and its filters."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import urls, words
from ..model import Plan, TaskRef
from ..urls import src_uri
from .describe import describe_reading, plan_short, time_as_written, vn_date
from .markup import Anchors, Heading, lines, md_inline, narrative, relative_url


@dataclass(frozen=True)
class RenderedPage:
    """One generated page: its URL and its Markdown; or, for a page written as HTML (`title` set),
    its HTML, its plain-text title, its headings and what its Markdown would say in front matter."""

    url: str
    content: str
    title: str | None = None
    headings: tuple[Heading, ...] = ()
    meta: tuple[tuple[str, object], ...] = ()   # (key, value) pairs, e.g. (("search", {"exclude": True}),)

    @property
    def is_html(self) -> bool:
        return self.title is not None

    @property
    def src_uri(self) -> str:
        return src_uri(self.url)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md_inline, lines=lines, narrative=narrative)
    # tojson (the search page's names): Vietnamese letters as themselves, half the bytes of \uXXXX;
    # still safe in a single-quoted attribute, since < > & ' are escaped.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.globals.update(
        w=words, rel=relative_url, task_heading=task_heading, doc_type=doc_type, full_number=full_number,
        plan_url=urls.plan_url, task_url=urls.task_url, province_url=urls.province_url,
        agency_url=urls.agency_url, agencies_url=urls.agencies_url, calendar_url=urls.calendar_url,
        deadlines_url=urls.deadlines_url, year_url=urls.year_url, quarter_url=urls.quarter_url,
        month_url=urls.month_url, state_url=urls.state_url, progress_url=urls.progress_url,
        progress_province_url=urls.progress_province_url,
        overdue_url=urls.overdue_url, overdue_month_url=urls.overdue_month_url, feed_url=urls.feed_url,
        plan_short=plan_short, vn_date=vn_date, describe=describe_task,
        data_url=urls.data_url, plan_csv_url=urls.plan_csv_url, agency_csv_url=urls.agency_csv_url,
        task_json_url=urls.task_json_url, cells=list_cells,
    )
    return env


@dataclass(frozen=True)
class ListCells:
    """A task's cells in the cross-plan lists (deadline, overdue and agency pages), escaped once."""

    plan_url: str
    plan_short: str
    number: str
    task_url: str
    heading: Markup        # task_heading | lines
    lead: Markup           # lead | lines ("" when the plan names none)
    written: Markup        # time as written | lines ("" when none)
    described: str         # the time as read, in words


# A task sits in many lists (its agencies', its periods', each month's overdue list): its cells are
# made once per build. render_pages clears this, so a rebuild (`mkdocs serve`) never sees old data.
_LIST_CELLS: dict[tuple[str, str], tuple[TaskRef, ListCells]] = {}


def list_cells(ref: TaskRef) -> ListCells:
    key = (ref.plan.key, ref.task.id)
    found = _LIST_CELLS.get(key)
    if found is not None and found[0] is ref:
        return found[1]
    task = ref.task
    made = ListCells(urls.plan_url(ref.plan), plan_short(ref.plan), full_number(ref), urls.task_url(ref.plan, task),
                     lines(task_heading(ref)), lines(task.lead), lines(time_as_written(task.start, task.due)),
                     describe_task(task))
    _LIST_CELLS[key] = (ref, made)
    return made


def describe_task(task) -> str:
    """How the site reads the task's time text, in words (its start told only when the plan wrote one)."""
    return describe_reading(task.reading, task.free_text_time, bool(task.start))


def clear_list_cells() -> None:
    _LIST_CELLS.clear()


def render(template: str, url: str, **context) -> RenderedPage:
    content = environment().get_template(template).render(here=url, **context)
    return RenderedPage(url, content)


def render_html(template: str, url: str, title: str, reserved_ids: tuple[str, ...] = (),
                meta: tuple[tuple[str, object], ...] = (), **context) -> RenderedPage:
    """A page written as HTML: the template makes its headings with `anchors.heading(level, text, …)`;
    `title` is given to it as `title`, for its first heading."""
    anchors = Anchors(reserved_ids)
    title = " ".join(title.split())
    content = environment().get_template(template).render(here=url, anchors=anchors, title=title, **context)
    # Blocks follow each other line by line, as Markdown writes them; blank lines are left by the
    # template's conditions only (no page text keeps a blank line: `lines` makes them <br>).
    return RenderedPage(url, _BLANK_LINES.sub("\n", content).strip("\n"), title, tuple(anchors.headings), meta)


_BLANK_LINES = re.compile(r"\n{2,}")


def task_heading(ref: TaskRef) -> str:
    """The words that name a task: its title, or for an untitled row where it sits."""
    task = ref.task
    if task.title:
        return task.title
    if ref.parent is not None:
        return words.TEXT["untitled_row"].format(position=ref.position, parent=ref.parent.number or ref.parent.id)
    return words.TEXT["untitled_task"].format(number=task.number or task.id)


def full_number(ref: TaskRef) -> str:
    """The task's number with its section's ("II.7", "V.11.1"); "–" marks a row the table leaves unnumbered."""
    parts = [ref.section.number] if ref.section.number else []
    own = ref.task.number if ref.task.number not in (None, "-", "+") else None
    if own is None and ref.parent is not None and ref.parent.number:
        parts.append(ref.parent.number)
    if own:
        parts.append(own)
    label = ".".join(parts)
    return f"{label} –" if own is None else label


def doc_type(plan: Plan) -> str:
    return words.DOCUMENT_TYPES[plan.document.type]


@dataclass(frozen=True)
class Row:
    """One line of a cross-plan task list: the task, its deadline state, and what put it there."""

    ref: TaskRef
    state: str
    date: object = None         # the due date this row lists the task under, if any
    label: str | None = None    # the milestone's label, if the date is a milestone
    role: str | None = None     # "Chủ trì", "Phối hợp", or the group it came through
