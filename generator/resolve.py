"""Resolve what a plan's text refers to: agency cells against the province registry, and time texts
into readings. Whatever cannot be resolved is a problem at the line where it is written."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .agencies import Registry, resolve_cell
from .deadlines import Reading, UnreadableTime, read_task_time
from .load import Loaded
from .problems import Problem
from .validate import iter_tasks


@dataclass(frozen=True)
class TaskFacts:
    lead_ids: tuple[str, ...]
    coordinating_ids: tuple[str, ...]
    reading: Reading | None


def resolve_plan(doc: Loaded, registry: Registry | None, year: int,
                 registry_broken: bool = False) -> tuple[dict[str, TaskFacts], list[Problem]]:
    """Facts for every task id of a schema-valid plan, and the problems found on the way.

    When the province's agencies.yml exists but has its own errors, those are the ones to report:
    the plan's agency cells are not each flagged again."""
    facts: dict[str, TaskFacts] = {}
    problems: list[Problem] = []
    for path, task in iter_tasks(doc.data):
        ids: dict[str, tuple[str, ...]] = {}
        for field in ("lead", "coordinating"):
            cell = task.get(field)
            if not cell:
                ids[field] = ()
            elif registry is None:
                ids[field] = ()
                if registry_broken:
                    continue
                problems.append(doc.problem(path + (field,), "Tỉnh này chưa có danh mục cơ quan nên không đọc được ô cơ quan (no agency registry).",
                                            "Tạo tệp plans/<tinh>/agencies.yml liệt kê các cơ quan mà kế hoạch giao việc."))
            else:
                resolution = resolve_cell(cell, registry)
                ids[field] = resolution.agency_ids
                for missing in resolution.unresolved:
                    hint = f"Có phải ý bạn là '{missing.suggestion}'? " if missing.suggestion else ""
                    hint += "Nếu đây là một cơ quan mới, thêm nó (hoặc cách viết này vào aliases) trong agencies.yml của tỉnh."
                    problems.append(doc.problem(path + (field,), f"Không tìm thấy cơ quan '{missing.fragment}' trong danh mục cơ quan của tỉnh (unknown agency).", hint))
        reading = None
        if not task.get("free_text_time"):
            try:
                reading = _read(task.get("start"), task.get("due"), year)
            except UnreadableTime as err:
                field = _unreadable_field(task, year)
                problems.append(doc.problem(path + (field,), f"{str(err).rstrip('.')} (unreadable time).",
                                            f"{err.hint} Nếu văn bản ghi thời gian bằng lời, thêm dòng 'free_text_time: true' vào nhiệm vụ này."))
        facts[task["id"]] = TaskFacts(ids["lead"], ids["coordinating"], reading)
    return facts, problems


def _unreadable_field(task: dict, year: int) -> str:
    """Which column holds the text that cannot be read: the start column when it fails on its own."""
    if task.get("start"):
        try:
            _read(task["start"], None, year)
        except UnreadableTime:
            return "start"
    return "due" if task.get("due") else "start"


@lru_cache(maxsize=8192)
def _read(start: str | None, due: str | None, year: int) -> Reading | None:
    # Plans repeat the same few time texts thousands of times: read each once.
    return read_task_time(start, due, year)
