"""The cells of a task in cross-plan lists are made once per build, and never outlive the data they came from."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from generator.index import build_index
from generator.pages import render_pages
from generator.pages.base import list_cells
from generator.project import read_project

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "example"
JUNE = dt.date(2022, 6, 30)


def _first_titled(index):
    return next(ref for ref in index.tasks if ref.task.title)


def test_cells_are_reused_for_the_same_task():
    ref = _first_titled(build_index(read_project(EXAMPLE, ROOT, as_of=JUNE), JUNE))
    assert list_cells(ref) is list_cells(ref)


def test_a_rebuild_with_changed_data_gets_new_cells():
    # `mkdocs serve` builds again in the same process: a task with the same plan and id but a new
    # title (the clerk's edit) must show the new title, not the cached one.
    ref = _first_titled(build_index(read_project(EXAMPLE, ROOT, as_of=JUNE), JUNE))
    before = list_cells(ref)
    edited = dataclasses.replace(ref, task=dataclasses.replace(ref.task, title="Tên <mới> & khác"))
    after = list_cells(edited)
    assert after.heading == "Tên &lt;mới&gt; &amp; khác"
    assert before.heading != after.heading
    assert list_cells(ref).heading == before.heading


def test_render_pages_lets_the_previous_builds_cells_go():
    from generator.pages import base

    old = build_index(read_project(EXAMPLE, ROOT, as_of=JUNE), JUNE)
    list_cells(_first_titled(old))
    pages = render_pages(build_index(read_project(EXAMPLE, ROOT, as_of=JUNE), JUNE))
    next(pages)   # the generator runs up to its first page
    assert all(ref.plan is not _first_titled(old).plan for ref, _ in base._LIST_CELLS.values())
    for _ in pages:
        pass
    assert not base._LIST_CELLS   # nor are this build's kept once its pages are made
