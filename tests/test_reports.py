"""Progress report files: one mistake per case, each with its file:line and Vietnamese message.

Each case copies the fictional example (tests/fixtures/example/) into a temporary plans/ folder and adds
ONE bad report file; reading the project must then refuse exactly that file.
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.problems import ProblemsFound
from generator.project import read_project

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "example"
AS_OF = dt.date(2022, 6, 30)
PROGRESS = "tinh-mau/2022-ke-hoach-mau/progress/"


def report(date: str, agency: str, entries: str) -> str:
    """A report file: date on line 1, agency on line 2, entries from line 4."""
    return f"date: {date}\nagency: {agency}\nentries:\n{entries}"


def read_with(tmp_path: Path, rel: str, text: str):
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLE, plans)
    path = plans / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return read_project(plans, tmp_path, as_of=AS_OF)


# case → (file under plans/, its text, expected line, column, message fragment, hint fragment)
CASES = {
    "unknown_task": (
        PROGRESS + "2022-06-25-so-tu-phap.yml",
        report("2022-06-25", "so-tu-phap", "  - task: i-44\n    state: in_progress\n"),
        4, 5, "Kế hoạch tinh-mau/2022-ke-hoach-mau không có nhiệm vụ mã 'i-44' (unknown task).",
        "Có phải ý bạn là 'i-4'?"),
    "agency_not_assigned": (
        PROGRESS + "2022-06-30-so-tai-chinh.yml",
        report("2022-06-30", "so-tai-chinh", "  - task: i-1\n    state: in_progress\n"),
        4, 5, "Cơ quan 'so-tai-chinh' không chủ trì hay phối hợp nhiệm vụ 'i-1' (not assigned).",
        "Chỉ cơ quan được giao"),
    "group_member_not_assigned": (  # so-tai-chinh is in the group so-ban-nganh, which i-5 does not name
        PROGRESS + "2022-06-30-so-tai-chinh.yml",
        report("2022-06-30", "so-tai-chinh", "  - task: i-5\n    state: in_progress\n"),
        4, 5, "không chủ trì hay phối hợp nhiệm vụ 'i-5' (not assigned)", "qua nhóm"),
    "unknown_agency": (
        PROGRESS + "2022-06-25-so-tu-phapp.yml",
        report("2022-06-25", "so-tu-phapp", "  - task: i-1\n    state: in_progress\n"),
        2, 1, "Không có cơ quan mã 'so-tu-phapp' trong danh mục cơ quan của tỉnh (unknown agency).",
        "Có phải ý bạn là 'so-tu-phap'? Mã cơ quan phải có trong plans/<tinh>/agencies.yml."),
    "impossible_completed_date": (
        PROGRESS + "2022-06-25-so-tu-phap.yml",
        report("2022-06-25", "so-tu-phap", "  - task: i-1\n    state: done\n    completed: 2022-02-30\n"),
        6, 5, "Ngày '2022-02-30' không có thật (impossible date).", "ví dụ 2022-06-30"),
    "impossible_report_date": (
        PROGRESS + "2022-02-30-so-tu-phap.yml",
        report("2022-02-30", "so-tu-phap", "  - task: i-1\n    state: in_progress\n"),
        1, 1, "Ngày '2022-02-30' không có thật (impossible date).", "năm-tháng-ngày"),
    "date_after_as_of": (
        PROGRESS + "2022-07-01-so-tu-phap.yml",
        report("2022-07-01", "so-tu-phap", "  - task: i-1\n    state: in_progress\n"),
        1, 1, "Ngày 01/07/2022 ở sau ngày tính 30/06/2022 (date after as-of).", "trong tương lai"),
    "done_without_completed": (
        PROGRESS + "2022-06-25-so-tu-phap.yml",
        report("2022-06-25", "so-tu-phap", "  - task: i-1\n    state: done\n"),
        5, 5, "Nhiệm vụ đã hoàn thành (done) cần ngày hoàn thành (missing completed).", "completed: YYYY-MM-DD"),
    "completed_without_done": (
        PROGRESS + "2022-06-25-so-tu-phap.yml",
        report("2022-06-25", "so-tu-phap", "  - task: i-1\n    state: in_progress\n    completed: 2022-06-01\n"),
        6, 5, "Chỉ ghi ngày hoàn thành khi state là done (completed without done).", "đổi state thành done"),
    "completed_after_report": (
        PROGRESS + "2022-06-28-so-tu-phap.yml",
        report("2022-06-28", "so-tu-phap", "  - task: i-1\n    state: done\n    completed: 2022-06-29\n"),
        6, 5, "Ngày hoàn thành 29/06/2022 sau ngày báo cáo 28/06/2022 (completed after report).",
        "đến ngày báo cáo"),
    "same_task_twice": (
        PROGRESS + "2022-06-25-so-tu-phap.yml",
        report("2022-06-25", "so-tu-phap",
               "  - task: i-4\n    state: in_progress\n  - task: i-4\n    state: in_progress\n    percent: 50\n"),
        6, 5, "Nhiệm vụ 'i-4' được báo cáo hai lần trong cùng tệp; lần đầu ở dòng 4 (duplicate entry).",
        "gộp hai mục"),
    "file_name_other_date": (
        PROGRESS + "2022-06-25-so-tu-phap.yml",
        report("2022-06-24", "so-tu-phap", "  - task: i-4\n    state: in_progress\n"),
        1, 1, "Tên tệp '2022-06-25-so-tu-phap.yml' không khớp với ngày và cơ quan trong tệp (file name).",
        "Đặt tên tệp là 2022-06-24-so-tu-phap.yml"),
    "file_name_free_form": (
        PROGRESS + "bao-cao-thang-6.yml",
        report("2022-06-25", "so-tu-phap", "  - task: i-4\n    state: in_progress\n"),
        1, 1, "Tên tệp 'bao-cao-thang-6.yml' không khớp với ngày và cơ quan trong tệp (file name).",
        "Đặt tên tệp là 2022-06-25-so-tu-phap.yml"),
    "no_such_plan": (
        "tinh-mau/2099-khong-co/progress/2022-06-25-so-tu-phap.yml",
        report("2022-06-25", "so-tu-phap", "  - task: i-4\n    state: in_progress\n"),
        1, 1, "Không có kế hoạch plans/tinh-mau/2099-khong-co/plan.yml cho báo cáo này (no plan).",
        "bên cạnh plan.yml"),
    "unknown_field": (
        PROGRESS + "2022-06-25-so-tu-phap.yml",
        report("2022-06-25", "so-tu-phap", "  - task: i-4\n    state: in_progress\n    notes: \"chậm\"\n"),
        6, 5, "Trường không được biết 'notes' trong entries[1] (unknown field).", "Có phải ý bạn là 'note'?"),
    "javascript_url": (
        PROGRESS + "2022-06-25-so-tu-phap.yml",
        report("2022-06-25", "so-tu-phap",
               "  - task: i-4\n    state: in_progress\n    evidence:\n      - title: \"Quyết định\"\n"
               "        url: \"javascript:alert(1)\"\n"),
        8, 9, "Đường dẫn 'javascript:alert(1)' ở entries[1].evidence[1].url không hợp lệ", "http:// hoặc https://"),
    "unknown_state": (
        PROGRESS + "2022-06-25-so-tu-phap.yml",
        report("2022-06-25", "so-tu-phap", "  - task: i-4\n    state: finished\n"),
        5, 5, "Giá trị 'finished' của entries[1].state không hợp lệ (invalid value).",
        "not_started, in_progress, done, paused, cancelled"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_report(tmp_path, case):
    rel, text, line, column, message, hint = CASES[case]
    with pytest.raises(ProblemsFound) as raised:
        read_with(tmp_path, rel, text)
    problems = raised.value.problems
    assert len(problems) == 1, "\n".join(map(str, problems))
    problem = problems[0]
    assert problem.file == f"plans/{rel}"
    assert (problem.line, problem.column) == (line, column), str(problem)
    assert message in problem.message
    assert hint in problem.hint
    assert f"plans/{rel}:{line}:{column}: " in str(raised.value)


def test_every_problem_of_one_file_is_listed(tmp_path):
    text = report("2022-06-25", "so-tu-phap",
                  "  - task: i-44\n    state: in_progress\n  - task: i-1\n    state: done\n")
    with pytest.raises(ProblemsFound) as raised:
        read_with(tmp_path, PROGRESS + "2022-06-25-so-tu-phap.yml", text)
    assert [(p.line, p.message.rsplit("(", 1)[1]) for p in raised.value.problems] == [
        (4, "unknown task)."), (7, "missing completed).")]


def test_a_coordinator_and_a_member_of_a_coordinating_group_may_report(tmp_path):
    text = report("2022-06-30", "so-tai-chinh",
                  "  - task: iii-1\n    state: in_progress\n  - task: i-4\n    state: not_started\n")
    project = read_with(tmp_path, PROGRESS + "2022-06-30-so-tai-chinh.yml", text)
    reports = [r for r in project.plans[0].reports if r.date == AS_OF and r.agency_id == "so-tai-chinh"]
    assert [(e.task_id, e.state, e.line) for e in reports[0].entries] == [("iii-1", "in_progress", 4), ("i-4", "not_started", 6)]


def test_a_report_on_the_as_of_date_is_accepted(tmp_path):
    text = report("2022-06-30", "so-tai-chinh", "  - task: i-4\n    state: done\n    completed: 2022-06-30\n")
    project = read_with(tmp_path, PROGRESS + "2022-06-30-so-tai-chinh.yml", text)
    assert any(r.date == AS_OF and e.task_id == "i-4" and e.completed == AS_OF
               for r in project.plans[0].reports for e in r.entries)


def guide_example() -> str:
    """The report example of the clerk's guide (docs/huong-dan-cap-nhat.md), its first yaml block."""
    text = (ROOT / "docs" / "huong-dan-cap-nhat.md").read_text("utf-8")
    return text.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_the_guide_example_is_a_valid_report(tmp_path):
    project = read_with(tmp_path, PROGRESS + "2022-06-30-so-tu-phap.yml", guide_example())
    report = next(r for r in project.plans[0].reports if r.file.endswith("2022-06-30-so-tu-phap.yml"))
    assert [(e.task_id, e.state) for e in report.entries] == [("i-4", "in_progress"), ("v-1-2", "done")]


@pytest.mark.parametrize("old, new", [("state: in_progress", "state: done"), ("task: i-4", "task: i-44")])
def test_the_guide_quotes_real_messages(tmp_path, old, new):
    with pytest.raises(ProblemsFound) as raised:
        read_with(tmp_path, PROGRESS + "2022-06-30-so-tu-phap.yml", guide_example().replace(old, new, 1))
    guide = (ROOT / "docs" / "huong-dan-cap-nhat.md").read_text("utf-8")
    assert len(raised.value.problems) == 1
    assert str(raised.value.problems[0]) in guide
