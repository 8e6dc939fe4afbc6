"""The report scaffold: a file a clerk fills in, valid as written, with Vietnamese errors for wrong ids."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.project import read_project
from generator.scaffold import STATE_LABELS, scaffold_report
from generator.status import history_of, status_of

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "example"
PLAN = "tinh-mau/2022-ke-hoach-mau"
AS_OF = dt.date(2022, 6, 30)
DAY = dt.date(2022, 6, 29)   # no report of the example has this date


@pytest.fixture(scope="module")
def project():
    return read_project(EXAMPLE, ROOT, as_of=AS_OF)


def write_and_read(tmp_path: Path, rel: str, text: str):
    """Put the file into a copy of the example (as plans/) and read the whole project back."""
    shutil.copytree(EXAMPLE, tmp_path / "plans")
    target = tmp_path / rel
    assert not target.exists()
    target.write_text(text, "utf-8")
    return read_project(tmp_path / "plans", tmp_path, as_of=AS_OF)


def test_path_and_header(project):
    path, text = scaffold_report(project, PLAN, ["i-1"], "so-tu-phap", DAY)
    assert path == "plans/tinh-mau/2022-ke-hoach-mau/progress/2022-06-29-so-tu-phap.yml"
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../../../../generator/schemas/report.schema.json"
    for state, label in STATE_LABELS.items():
        assert re.search(rf"^#\s+{state}\s+{label}", text, re.M), state
    assert STATE_LABELS == {"not_started": "chưa bắt đầu", "in_progress": "đang thực hiện", "done": "đã hoàn thành",
                            "paused": "tạm dừng", "cancelled": "không thực hiện"}
    for field in ("date", "agency", "reporter", "entries", "task", "state", "completed", "percent", "actual", "note", "evidence"):
        assert re.search(rf"^#\s+{field}\s", text, re.M), field
    assert "Sở Tư pháp tỉnh Mẫu (mã so-tu-phap)" in text


def test_the_schema_line_points_at_the_schema_from_the_file(project):
    path, text = scaffold_report(project, PLAN, ["i-1"], "so-tu-phap", DAY)
    relative = text.splitlines()[0].split("$schema=", 1)[1]
    assert ((ROOT / path).parent / relative).resolve() == (ROOT / "generator/schemas/report.schema.json").resolve()
    assert (ROOT / "generator/schemas/report.schema.json").is_file()


def test_one_entry_per_task_with_title_and_time_as_written(project):
    _, text = scaffold_report(project, PLAN, ["i-2", "ii-1", "i-2"], "van-phong-ubnd-tinh", DAY)  # i-2 once
    data = yaml.safe_load(text)
    assert data == {"date": DAY, "agency": "van-phong-ubnd-tinh",
                    "entries": [{"task": "i-2", "state": "in_progress"}, {"task": "ii-1", "state": "in_progress"}]}
    assert "# Nhiệm vụ i-2 (số 2): Ban hành quy chế mẫu về tiếp nhận hồ sơ" in text
    assert "# Thời gian hoàn thành trong kế hoạch: Trước ngày 15/5/2022" in text
    assert "# Vai trò của cơ quan: chủ trì" in text
    for optional in ("completed: 2022-06-29", "percent:", "actual:", "note:", "evidence:", "- title:", "number:", "url:"):
        assert re.search(rf"^\s+# +{re.escape(optional)}", text, re.M), optional


def test_targets_and_group_roles_are_shown(project):
    _, text = scaffold_report(project, PLAN, ["iv-1", "iii-1"], "so-tai-chinh", DAY)
    assert "# Chỉ tiêu: tối thiểu 90%" in text
    assert "# Vai trò của cơ quan: phối hợp, là thành viên của nhóm “Các Sở, ban, ngành”" in text
    assert "# Thời gian hoàn thành trong kế hoạch: Hàng quý" in text
    _, text = scaffold_report(project, PLAN, ["v-1"], "van-phong-ubnd-tinh", DAY)
    assert "# Thời gian trong kế hoạch: không nêu trong kế hoạch" in text


@pytest.mark.parametrize("tasks, agency", [
    (["i-1"], "so-tu-phap"),                               # lead
    (["ii-1", "i-2"], "so-tu-phap"),                       # coordinator
    (["iv-2", "iii-1"], "so-noi-vu"),                      # member of a group that leads / coordinates
    (["v-1", "v-1-1"], "van-phong-ubnd-tinh"),             # parent row and sub-row
    (["iv-1"], "so-tai-chinh"),                            # a task with a target
])
def test_the_written_file_is_a_valid_report(project, tmp_path, tasks, agency):
    path, text = scaffold_report(project, PLAN, tasks, agency, DAY)
    read = write_and_read(tmp_path, path, text)
    report = next(r for r in read.plans[0].reports if r.file == path)
    assert (report.date, report.agency_id) == (DAY, agency)
    assert [(e.task_id, e.state) for e in report.entries] == [(t, "in_progress") for t in tasks]


def test_uncommented_optional_lines_are_valid_too(project, tmp_path):
    """A clerk who removes '# ' from every optional line and says done still has a valid report."""
    path, text = scaffold_report(project, PLAN, ["iv-1"], "so-tai-chinh", DAY)
    filled = re.sub(r"^(\s+)# (completed|percent|actual|note|evidence|  - title|    number|    date|    url)",
                    r"\1\2", text, flags=re.M)
    filled = filled.replace("state: in_progress", "state: done").replace("actual: 0 ", "actual: 92.5 ")
    filled = filled.replace("# reporter:", "reporter:")
    assert filled != text
    read = write_and_read(tmp_path, path, filled)
    report = next(r for r in read.plans[0].reports if r.file == path)
    entry = report.entries[0]
    assert (entry.state, entry.completed, entry.percent, entry.actual) == ("done", DAY, 50, 92.5)
    assert entry.evidence[0].date == DAY and entry.evidence[0].url.startswith("https://")
    ref = next(r for r in read.plans[0].walk() if r.task.id == "iv-1")
    assert status_of(ref, history_of(ref), AS_OF).category == "done_on_time"


def test_multiline_titles_stay_in_comments(project):
    from dataclasses import replace
    plan = project.plans[0]
    section = plan.sections[0]
    task = replace(section.tasks[0], title="Dòng một\nDòng hai: có dấu # và “ngoặc”", due="- Quý I: việc A;\n- Quý II: việc B")
    other = replace(plan, sections=(replace(section, tasks=(task, *section.tasks[1:])), *plan.sections[1:]))
    province = replace(project.provinces[0], plans=(other,))
    _, text = scaffold_report(replace(project, provinces=(province,)), PLAN, ["i-1"], "so-tu-phap", DAY)
    data = yaml.safe_load(text)
    assert data["entries"] == [{"task": "i-1", "state": "in_progress"}]
    assert "  #     Dòng hai: có dấu # và “ngoặc”" in text
    assert "  #     - Quý II: việc B" in text


@pytest.mark.parametrize("plan, tasks, agency, fragments", [
    ("tinh-mau/2022-ke-hoach-mao", ["i-1"], "so-tu-phap",
     ["Không có kế hoạch 'tinh-mau/2022-ke-hoach-mao' (unknown plan).", "Có phải ý bạn là 'tinh-mau/2022-ke-hoach-mau'?"]),
    (PLAN, ["i-11"], "so-tu-phap",
     ["Kế hoạch tinh-mau/2022-ke-hoach-mau không có nhiệm vụ mã 'i-11' (unknown task).", "Có phải ý bạn là 'i-1'?"]),
    (PLAN, ["i-1"], "so-tu-phapp",
     ["Không có cơ quan mã 'so-tu-phapp'", "(unknown agency)", "Có phải ý bạn là 'so-tu-phap'?"]),
    (PLAN, ["i-1"], "Sở Tư pháp",
     ["Không có cơ quan mã 'Sở Tư pháp'", "Có phải ý bạn là 'so-tu-phap'?"]),
    (PLAN, ["i-1"], "so-tai-chinh",
     ["Cơ quan 'so-tai-chinh' không chủ trì hay phối hợp nhiệm vụ 'i-1' (not assigned).",
      "Cơ quan được giao nhiệm vụ này: so-tu-phap, van-phong-ubnd-tinh."]),
    (PLAN, ["i-5"], "so-tai-chinh",   # in the group so-ban-nganh, which i-5 does not name
     ["không chủ trì hay phối hợp nhiệm vụ 'i-5'"]),
    (PLAN, ["i-4", "i-1"], "so-tai-chinh",   # the second task is the wrong one
     ["nhiệm vụ 'i-1' (not assigned)"]),
    (PLAN, [], "so-tu-phap", ["Cần ít nhất một mã nhiệm vụ"]),
], ids=["plan", "task", "agency-id", "agency-name", "not-assigned", "group-not-named", "second-task", "no-task"])
def test_errors_are_vietnamese_with_did_you_mean(project, plan, tasks, agency, fragments):
    with pytest.raises(ValueError) as raised:
        scaffold_report(project, plan, tasks, agency, DAY)
    for fragment in fragments:
        assert fragment in str(raised.value)


def test_plan_may_be_given_as_a_path(project):
    for key in ("plans/tinh-mau/2022-ke-hoach-mau/plan.yml", "tinh-mau/2022-ke-hoach-mau/", " tinh-mau/2022-ke-hoach-mau"):
        assert scaffold_report(project, key, ["i-1"], "so-tu-phap", DAY)[0].endswith("/2022-06-29-so-tu-phap.yml")
