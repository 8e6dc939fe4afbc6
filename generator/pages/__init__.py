"""The render step: every page of the site as Markdown in memory, from the index alone."""
from __future__ import annotations

from typing import Iterator

from ..index import SiteIndex
from .base import RenderedPage
from .home import render_home
from .plan import render_plan
from .province import render_province
from .task import render_task

__all__ = ["RenderedPage", "render_pages"]


def render_pages(index: SiteIndex) -> Iterator[RenderedPage]:
    """Home, province, plan and task pages, in a stable order."""
    yield render_home(index)
    for province in index.provinces:
        yield render_province(index, province)
    for plan in index.plans:
        yield render_plan(index, plan)
    for ref in index.tasks:
        yield render_task(ref)
