"""A mistake in the data stops the build with every problem listed, and nothing is published."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from sitebuild import ROOT, build

FIXTURES = ROOT / "tests" / "fixtures"


def _plans_with(tmp_path: Path, *bad_names: str) -> Path:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans" / "bac-giang", plans / "bac-giang")
    for i, name in enumerate(bad_names):
        target = plans / "tinh-mau" / f"ke-hoach-{i}" / "plan.yml"
        target.parent.mkdir(parents=True)
        shutil.copy(FIXTURES / "bad" / f"{name}.yml", target)
    return plans


def test_build_stops_lists_every_problem_and_writes_nothing(tmp_path: Path):
    plans = _plans_with(tmp_path, "unknown_field", "duplicate_key")
    site = tmp_path / "published"
    site.mkdir()
    (site / "index.html").write_text("trang cũ", "utf-8")
    done = build(tmp_path, plans, site_dir=site)
    assert done.returncode != 0
    assert "Tìm thấy 2 lỗi" in done.stderr
    assert "plans/tinh-mau/ke-hoach-0/plan.yml:5:3: Trường không được biết 'titel'" in done.stderr
    assert "Có phải ý bạn là 'title'?" in done.stderr
    assert "plans/tinh-mau/ke-hoach-1/plan.yml:9:3: Trường 'year' bị lặp lại" in done.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text("utf-8") == "trang cũ"


def test_misplaced_or_misnamed_files_are_not_silently_ignored(tmp_path: Path):
    plans = _plans_with(tmp_path)
    (plans / "bac-giang" / "2018-mot-cua" / "plan.yaml").write_text("x: 1\n", "utf-8")
    (plans / "Bac Giang 2").mkdir()
    shutil.copy(FIXTURES / "good" / "plan.yml", plans / "Bac Giang 2" / "plan.yml")
    done = build(tmp_path, plans)
    assert done.returncode != 0
    assert "plans/bac-giang/2018-mot-cua/plan.yaml:1:1: Tên tệp phải kết thúc bằng .yml" in done.stderr
    assert "plans/Bac Giang 2/plan.yml:1:1: Tệp nằm sai chỗ" in done.stderr


def _check(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "check", *args], capture_output=True, text=True, cwd=cwd)


def test_check_command_accepts_the_real_data():
    done = _check(cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "5 kế hoạch, 193 nhiệm vụ" in done.stdout


def test_check_command_reports_file_line_and_hint(tmp_path: Path):
    bad = tmp_path / "plan.yml"
    shutil.copy(FIXTURES / "bad" / "wrong_type.yml", bad)
    done = _check("plan.yml", cwd=tmp_path)
    assert done.returncode == 1
    assert "plan.yml:16:9: sections[1].tasks[1].number phải là văn bản" in done.stderr
    assert "Gợi ý: Đặt văn bản trong dấu ngoặc kép" in done.stderr


def _read_problems(plans: Path):
    from generator.problems import ProblemsFound
    from generator.project import read_project

    try:
        read_project(plans, plans.parent)
    except ProblemsFound as found:
        return found.problems
    raise AssertionError("the data was accepted")


def test_an_unreadable_start_is_reported_at_the_start_line(tmp_path: Path):
    plans = _plans_with(tmp_path)
    plan = plans / "bac-giang" / "2018-mot-cua" / "plan.yml"
    text = plan.read_text("utf-8").replace('due: "Quý IV/2019"', 'start: "Tháng 13/2019"\n        due: "Quý IV/2019"', 1)
    plan.write_text(text, "utf-8")
    start_line = next(n for n, line in enumerate(text.splitlines(), 1) if "Tháng 13/2019" in line)
    [problem] = _read_problems(plans)
    assert (problem.line, "Tháng 13/2019" in problem.message) == (start_line, True), str(problem)


def test_a_broken_registry_is_reported_once_not_at_every_agency_cell(tmp_path: Path):
    plans = _plans_with(tmp_path)
    registry = plans / "bac-giang" / "agencies.yml"
    registry.write_text(registry.read_text("utf-8").replace("kind: department", "kind: departmnet", 1), "utf-8")
    problems = _read_problems(plans)
    assert [p.file for p in problems] == ["plans/bac-giang/agencies.yml"], [str(p) for p in problems[:3]]


def test_the_plan_that_names_another_province_is_the_one_blamed(tmp_path: Path):
    plans = tmp_path / "plans"
    for slug in ("2018-mot-cua", "2022-kiem-soat-tthc"):
        shutil.copytree(ROOT / "plans" / "bac-giang" / slug, plans / "bac-giang" / slug)
    shutil.copytree(ROOT / "plans" / "bac-ninh" / "2022-kiem-soat-tthc", plans / "bac-giang" / "2017-bac-ninh")
    # A broken registry cannot name the province, so the plans' names are compared with each other.
    registry = plans / "bac-giang" / "agencies.yml"
    registry.write_text((ROOT / "plans" / "bac-giang" / "agencies.yml").read_text("utf-8").replace("kind: department", "kind: departmnet", 1), "utf-8")
    problems = [p for p in _read_problems(plans) if "province differs" in p.message]
    assert [p.file for p in problems] == ["plans/bac-giang/2017-bac-ninh/plan.yml"]


def test_a_broken_agency_registry_is_reported_once_not_in_every_agency_cell(tmp_path: Path):
    plans = _plans_with(tmp_path)
    registry = plans / "bac-giang" / "agencies.yml"
    registry.write_text(registry.read_text("utf-8") + "province: Bắc Giang\n", "utf-8")   # a duplicate key
    problems = _read_problems(plans)
    assert [p.file for p in problems] == ["plans/bac-giang/agencies.yml"], problems
    assert "bị lặp lại" in problems[0].message
