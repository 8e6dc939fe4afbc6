"""A progress report file ready for a clerk to fill in: `python -m generator report …`.

`scaffold_report` checks the plan, the tasks and the agency against the validated project, then writes
a report that already passes every check: one entry per task in state in_progress, with the optional
fields as commented-out lines and, above each entry, the task's title and time as the plan writes them.
"""
from __future__ import annotations

import datetime
import difflib

from .agencies import Registry
from .model import Plan, Task, TaskRef
from .project import PROGRESS_DIR, Project

SCHEMA_LINE = "# yaml-language-server: $schema=../../../../generator/schemas/report.schema.json"

STATE_LABELS = {
    "not_started": "chưa bắt đầu",
    "in_progress": "đang thực hiện",
    "done": "đã hoàn thành",
    "paused": "tạm dừng",
    "cancelled": "không thực hiện",
}


def scaffold_report(project: Project, plan_key: str, task_ids: list[str], agency_id: str,
                    date: datetime.date) -> tuple[str, str]:
    """(path "plans/<tinh>/<ke-hoach>/progress/<date>-<agency>.yml", YAML text) of a new report.

    Raises ValueError, with a Vietnamese message, for an unknown plan, task or agency, or an agency
    that neither leads nor coordinates a task (directly or through a group it is in).
    """
    plan = _find_plan(project, plan_key)
    registry = next(p.registry for p in project.provinces if p.slug == plan.province_slug)
    if registry is None:
        raise ValueError(f"Tỉnh '{plan.province_slug}' chưa có danh mục cơ quan (plans/{plan.province_slug}/agencies.yml) "
                         "nên chưa báo cáo tiến độ được (no agency registry).")
    if agency_id not in registry.agencies:
        raise ValueError(f"Không có cơ quan mã '{agency_id}' trong plans/{plan.province_slug}/agencies.yml (unknown agency)."
                         + _did_you_mean(agency_id, list(registry.agencies), _id_by_name(agency_id, registry))
                         + " Mã cơ quan là phần cuối đường dẫn của trang cơ quan.")
    if not task_ids:
        raise ValueError("Cần ít nhất một mã nhiệm vụ (--task) (no task).")
    refs = {ref.task.id: ref for ref in plan.walk()}
    chosen: list[TaskRef] = []
    for task_id in dict.fromkeys(task_ids):  # a task named twice is reported once
        ref = refs.get(task_id)
        if ref is None:
            raise ValueError(f"Kế hoạch {plan.key} không có nhiệm vụ mã '{task_id}' (unknown task)."
                             + _did_you_mean(task_id, list(refs))
                             + " Mã nhiệm vụ là phần cuối đường dẫn của trang nhiệm vụ.")
        if not _roles(ref.task, agency_id, registry):
            assigned = _assigned(ref.task, registry)
            listed = ", ".join(assigned) if assigned else "không cơ quan nào trong danh mục"
            raise ValueError(f"Cơ quan '{agency_id}' không chủ trì hay phối hợp nhiệm vụ '{task_id}' (not assigned)."
                             + _did_you_mean(agency_id, assigned)
                             + f" Cơ quan được giao nhiệm vụ này: {listed}.")
        chosen.append(ref)
    path = f"plans/{plan.province_slug}/{plan.slug}/{PROGRESS_DIR}/{date.isoformat()}-{agency_id}.yml"
    return path, _text(plan, chosen, agency_id, registry, date)


def _find_plan(project: Project, plan_key: str) -> Plan:
    key = plan_key.strip().strip("/")
    key = key.removeprefix("plans/").removesuffix("/plan.yml")
    plans = {plan.key: plan for plan in project.plans}
    if key in plans:
        return plans[key]
    known = ", ".join(sorted(plans)) or "chưa có kế hoạch nào"
    raise ValueError(f"Không có kế hoạch '{plan_key}' (unknown plan)." + _did_you_mean(key, list(plans))
                     + f" Viết <tinh>/<ke-hoach> như trong đường dẫn của trang kế hoạch; các kế hoạch hiện có: {known}.")


def _did_you_mean(word: str, options: list[str], preferred: str | None = None) -> str:
    close = preferred or next(iter(difflib.get_close_matches(word, options, n=1, cutoff=0.6)), None)
    return f" Có phải ý bạn là '{close}'?" if close else ""


def _id_by_name(text: str, registry: Registry) -> str | None:
    """The id of the agency whose name or alias is closest to `text`, when the clerk typed a name."""
    name = registry.suggest(text.replace("-", " "))
    return next((a.id for a in registry.agencies.values() if name in a.spellings), None) if name else None


def _roles(task: Task, agency_id: str, registry: Registry) -> list[str]:
    """How the agency is assigned to the task, in words; empty when it is not."""
    roles = []
    for word, ids in (("chủ trì", task.lead_ids), ("phối hợp", task.coordinating_ids)):
        if agency_id in ids:
            roles.append(word)
        for group in ids:
            if group in registry.agencies and agency_id in registry.agencies[group].members:
                roles.append(f"{word}, là thành viên của nhóm “{registry.agencies[group].name}”")
    return roles


def _assigned(task: Task, registry: Registry) -> list[str]:
    """Ids of every agency that may report the task: named in it, or a member of a group named in it."""
    found: list[str] = []
    for agency_id in task.lead_ids + task.coordinating_ids:
        for one in (agency_id, *(registry.agencies[agency_id].members if agency_id in registry.agencies else ())):
            if one not in found:
                found.append(one)
    return found


def _comment(label: str, text: str, indent: str) -> list[str]:
    """A comment with a text kept as written; a text of several lines keeps its lines."""
    lines = [line.rstrip() for line in text.splitlines() if line.strip()] or [""]
    if len(lines) == 1:
        return [f"{indent}# {label}: {lines[0]}"]
    return [f"{indent}# {label}:"] + [f"{indent}#     {line}" for line in lines]


def _text(plan: Plan, refs: list[TaskRef], agency_id: str, registry: Registry, date: datetime.date) -> str:
    agency = registry.agencies[agency_id]
    states = "\n".join(f"#                  {state:<12} {label}" + (" (khi đó bắt buộc ghi completed)" if state == "done" else "")
                       for state, label in STATE_LABELS.items())
    head = [
        SCHEMA_LINE,
        "#",
        "# BÁO CÁO TIẾN ĐỘ",
        *_comment("Kế hoạch", f"{plan.document.title} ({plan.document.number or 'chưa ghi số'})", ""),
        f"# Cơ quan báo cáo: {agency.name} (mã {agency.id})",
        "#",
        "# Cách điền (mỗi dòng là 'tên trường: giá trị'; dòng bắt đầu bằng # là ghi chú, không được đọc):",
        "#   date       ngày báo cáo, viết năm-tháng-ngày (2022-06-30); phải trùng với ngày ở đầu tên tệp",
        "#              và không được sau ngày hôm nay.",
        "#   agency     mã cơ quan báo cáo; phải trùng với phần cuối tên tệp. Không sửa.",
        "#   reporter   (không bắt buộc) người hoặc bộ phận lập báo cáo.",
        "#   entries    mỗi nhiệm vụ một mục, bắt đầu bằng '- task:'.",
        "#     task       mã nhiệm vụ (phần cuối đường dẫn của trang nhiệm vụ). Không sửa.",
        "#     state      trạng thái, chọn MỘT trong:",
        states,
        "#     completed  ngày hoàn thành (năm-tháng-ngày): CHỈ ghi khi state là done, và không sau ngày báo cáo.",
        "#     percent    phần trăm khối lượng đã làm, từ 0 đến 100 (nếu đo được).",
        "#     actual     giá trị đạt được so với chỉ tiêu của nhiệm vụ, ví dụ 92.5 (dấu chấm, không dấu %).",
        "#     note       ghi chú ngắn.",
        "#     evidence   văn bản, sản phẩm chứng minh: title (tên), number (số), date (ngày), url (https://…).",
        "# Muốn dùng dòng nào thì xoá dấu '# ' ở đầu dòng đó, giữ nguyên các dấu cách thụt lề phía trước.",
        "# Báo cáo đã gửi thì không sửa, không xoá: khi có thay đổi, thêm một báo cáo mới với ngày mới.",
        "",
        f"date: {date.isoformat()}",
        f"agency: {agency.id}",
        '# reporter: "Họ tên hoặc bộ phận lập báo cáo"',
        "entries:",
    ]
    body: list[str] = []
    for ref in refs:
        body.extend(_entry(ref, agency_id, registry, date))
    return "\n".join(head + body) + "\n"


def _entry(ref: TaskRef, agency_id: str, registry: Registry, date: datetime.date) -> list[str]:
    task = ref.task
    label = f"Nhiệm vụ {task.id}" + (f" (số {task.number})" if task.number else "")
    if task.title:
        lines = _comment(label, task.title, "  ")
    elif ref.parent is not None and ref.parent.title:
        lines = _comment(label + ", dòng con của", ref.parent.title, "  ")
    else:
        lines = [f"  # {label}: (ô tên nhiệm vụ để trống trong kế hoạch)"]
    if task.start:
        lines += _comment("Thời gian bắt đầu trong kế hoạch", task.start, "  ")
    if task.due:
        lines += _comment("Thời gian hoàn thành trong kế hoạch", task.due, "  ")
    if not task.start and not task.due:
        lines.append("  # Thời gian trong kế hoạch: không nêu trong kế hoạch")
    for target in task.targets:
        lines += _comment("Chỉ tiêu", target.text, "  ")
    lines.append(f"  # Vai trò của cơ quan: {'; '.join(_roles(task, agency_id, registry))}")
    actual = "    # actual: 0            # giá trị đạt được so với chỉ tiêu" if task.targets else \
             "    # actual: 0            # chỉ dùng khi nhiệm vụ có chỉ tiêu"
    lines += [
        f"  - task: {task.id}",
        "    state: in_progress",
        f"    # completed: {date.isoformat()}",
        "    # percent: 50",
        actual,
        '    # note: "Ghi chú ngắn về tiến độ"',
        "    # evidence:",
        '    #   - title: "Tên văn bản hoặc sản phẩm"',
        '    #     number: "Số văn bản, ví dụ 123/QĐ-UBND"',
        f"    #     date: {date.isoformat()}",
        '    #     url: "https://địa-chỉ-công-khai-của-văn-bản"',
    ]
    return lines
