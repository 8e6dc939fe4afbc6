"""What every page kind shares: the rendered page record, the Jinja environment and its filters."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jinja2

from .. import words
from ..model import Plan, TaskRef
from ..urls import src_uri
from .markup import lines, md_inline, narrative, relative_url


@dataclass(frozen=True)
class RenderedPage:
    """One generated page: its URL, the virtual Markdown source and its content."""

    url: str
    content: str

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
    env.globals.update(w=words, rel=relative_url, task_heading=task_heading, doc_type=doc_type)
    return env


def render(template: str, url: str, **context) -> RenderedPage:
    content = environment().get_template(template).render(here=url, **context)
    return RenderedPage(url, content)


def task_heading(ref: TaskRef) -> str:
    """The words that name a task: its title, or for an untitled row where it sits."""
    task = ref.task
    if task.title:
        return task.title
    if ref.parent is not None:
        return words.TEXT["untitled_row"].format(position=ref.position, parent=ref.parent.number or ref.parent.id)
    return words.TEXT["untitled_task"].format(number=task.number or task.id)


def doc_type(plan: Plan) -> str:
    return words.DOCUMENT_TYPES[plan.document.type]
