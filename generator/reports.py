"""Progress reports: turn a schema-valid report file into the model, checking it against its plan,
the province's agency registry and the as-of date."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePosixPath

from .agencies import Registry
from .load import Loaded
from .model import Evidence, Plan, Report, ReportEntry
from .problems import Problem

STATES = ("not_started", "in_progress", "done", "paused", "cancelled")
_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.yml$")


def check_report(doc: Loaded, plan: Plan, registry: Registry | None, as_of: dt.date) -> list[Problem]:
    """Every problem of one report that only its plan, registry and the as-of date can reveal."""
    data = doc.data
    problems: list[Problem] = []
    dates = _real_dates(doc, problems)
    report_date = dates.get(("date",))
    name = PurePosixPath(doc.file).name
    match = _NAME.match(name)
    expected = f"{data['date']}-{data['agency']}.yml"
    if not match or name != expected:
        problems.append(doc.problem(("date",), f"Tên tệp '{name}' không khớp với ngày và cơ quan trong tệp (file name).",
                                    f"Đặt tên tệp là {expected} (ngày báo cáo, gạch ngang, mã cơ quan)."))
    agency_id = data["agency"]
    if registry is None or agency_id not in registry.agencies:
        from difflib import get_close_matches
        close = get_close_matches(agency_id, list(registry.agencies), n=1) if registry else []
        hint = (f"Có phải ý bạn là '{close[0]}'? " if close else "") + "Mã cơ quan phải có trong plans/<tinh>/agencies.yml."
        problems.append(doc.problem(("agency",), f"Không có cơ quan mã '{agency_id}' trong danh mục cơ quan của tỉnh (unknown agency).", hint))
        registry_ok = False
    else:
        registry_ok = True
    tasks = {ref.task.id: ref.task for ref in plan.walk()}
    seen: dict[str, int] = {}
    for i, entry in enumerate(data["entries"]):
        path = ("entries", i)
        task_id = entry["task"]
        if task_id in seen:
            problems.append(doc.problem(path + ("task",), f"Nhiệm vụ '{task_id}' được báo cáo hai lần trong cùng tệp; lần đầu ở dòng {seen[task_id]} (duplicate entry).",
                                        "Mỗi nhiệm vụ chỉ một mục trong một báo cáo: gộp hai mục lại."))
        seen.setdefault(task_id, doc.where(path + ("task",))[0])
        task = tasks.get(task_id)
        if task is None:
            from difflib import get_close_matches
            close = get_close_matches(task_id, list(tasks), n=1)
            problems.append(doc.problem(path + ("task",), f"Kế hoạch {plan.key} không có nhiệm vụ mã '{task_id}' (unknown task).",
                                        (f"Có phải ý bạn là '{close[0]}'? " if close else "") + "Mã nhiệm vụ là phần cuối đường dẫn của trang nhiệm vụ."))
        elif registry_ok and not _assigned(agency_id, task.lead_ids + task.coordinating_ids, registry):
            problems.append(doc.problem(path + ("task",), f"Cơ quan '{agency_id}' không chủ trì hay phối hợp nhiệm vụ '{task_id}' (not assigned).",
                                        "Chỉ cơ quan được giao (trực tiếp hoặc qua nhóm như “Các Sở, ban, ngành”) mới báo cáo nhiệm vụ đó."))
        completed = dates.get(path + ("completed",))
        if entry["state"] == "done" and "completed" not in entry:
            problems.append(doc.problem(path + ("state",), "Nhiệm vụ đã hoàn thành (done) cần ngày hoàn thành (missing completed).",
                                        "Thêm dòng 'completed: YYYY-MM-DD' vào mục này."))
        if entry["state"] != "done" and "completed" in entry:
            problems.append(doc.problem(path + ("completed",), "Chỉ ghi ngày hoàn thành khi state là done (completed without done).",
                                        "Xoá dòng completed, hoặc đổi state thành done."))
        for k, _ in enumerate(entry.get("evidence", ())):
            ev_date = dates.get(path + ("evidence", k, "date"))
            if ev_date and report_date and ev_date > report_date:
                problems.append(doc.problem(path + ("evidence", k, "date"), f"Văn bản ngày {ev_date:%d/%m/%Y} có sau ngày báo cáo {report_date:%d/%m/%Y} (evidence after report).",
                                            "Một báo cáo chỉ dẫn văn bản đã có đến ngày báo cáo; văn bản mới hơn thuộc báo cáo sau."))
        if completed and report_date and completed > report_date:
            problems.append(doc.problem(path + ("completed",), f"Ngày hoàn thành {completed:%d/%m/%Y} sau ngày báo cáo {report_date:%d/%m/%Y} (completed after report).",
                                        "Một báo cáo chỉ kể việc đã xảy ra đến ngày báo cáo."))
    for path, date in dates.items():
        if date > as_of:
            problems.append(doc.problem(path, f"Ngày {date:%d/%m/%Y} ở sau ngày tính {as_of:%d/%m/%Y} (date after as-of).",
                                        "Báo cáo không được ghi ngày trong tương lai; kiểm tra lại năm và tháng."))
    return problems


def _assigned(agency_id: str, ids: tuple[str, ...], registry: Registry) -> bool:
    return agency_id in ids or any(agency_id in registry.agencies[i].members for i in ids if i in registry.agencies)


def _real_dates(doc: Loaded, problems: list[Problem]) -> dict[tuple, dt.date]:
    """Every date of the report that is a real date, by its path; impossible ones become problems."""
    data = doc.data
    found: list[tuple[tuple, str]] = [(("date",), data["date"])]
    for i, entry in enumerate(data["entries"]):
        if "completed" in entry:
            found.append((("entries", i, "completed"), entry["completed"]))
        for k, ev in enumerate(entry.get("evidence", ())):
            if "date" in ev:
                found.append((("entries", i, "evidence", k, "date"), ev["date"]))
    dates = {}
    for path, text in found:
        try:
            dates[path] = dt.date.fromisoformat(text)
        except ValueError:
            problems.append(doc.problem(path, f"Ngày '{text}' không có thật (impossible date).",
                                        "Viết ngày theo dạng năm-tháng-ngày và kiểm tra ngày trong tháng, ví dụ 2022-06-30."))
    return dates


def report_from_loaded(doc: Loaded) -> Report:
    """The model of a report that passed `check_report`."""
    data = doc.data
    entries = tuple(
        ReportEntry(
            task_id=e["task"], state=e["state"],
            completed=dt.date.fromisoformat(e["completed"]) if e.get("completed") else None,
            percent=e.get("percent"), actual=e.get("actual"),
            note=e.get("note", "").strip() or None,
            evidence=tuple(Evidence(ev["title"].strip(), ev.get("number"), dt.date.fromisoformat(ev["date"]) if ev.get("date") else None,
                                    ev.get("url")) for ev in e.get("evidence", ())),
            line=doc.where(("entries", i))[0],
        )
        for i, e in enumerate(data["entries"])
    )
    return Report(doc.file, dt.date.fromisoformat(data["date"]), data["agency"], data.get("reporter"), entries)
