"""The render step: every page of the site, as Markdown or as HTML (see RenderedPage), in memory, from the index alone."""
from __future__ import annotations

from typing import Iterator

from ..index import SiteIndex
from ..navigation import Scope
from .agencies import render_agency, render_agency_index
from .base import RenderedPage, clear_list_cells
from .deadlines import render_deadline_pages
from .home import render_home
from .plan import render_plan
from .progress import render_progress_pages
from .registers import render_register_pages
from .search import render_search
from .province import render_province
from .task import render_task

__all__ = ["RenderedPage", "render_pages"]


def render_pages(index: SiteIndex, scope: Scope = Scope()) -> Iterator[RenderedPage]:
    """Home, province, agency, plan, task and hub pages within `scope`, in a stable order."""
    # A task's list cells are kept while the pages are made, and let go with them.
    clear_list_cells()
    try:
        if scope.across:
            yield render_home(index)
        registries = {}
        for province in index.provinces:
            registries[province.slug] = province.registry
            if scope.has(province.slug):
                yield render_province(index, province)
                if province.registry is not None:
                    yield render_agency_index(index, province)
        for entry in index.agencies.values():
            if scope.has(entry.province.slug):
                yield render_agency(index, entry)
        for plan in index.plans:
            if scope.has(plan.province_slug):
                yield render_plan(index, plan)
        for ref in index.tasks:
            if scope.has(ref.plan.province_slug):
                yield render_task(index, ref, registries[ref.plan.province_slug])
        if scope.across:
            yield from render_deadline_pages(index)
            yield from render_progress_pages(index)
            yield from render_register_pages(list(index.registers), frozenset(plan.key for plan in index.plans))
            yield render_search(index)
    finally:
        clear_list_cells()
