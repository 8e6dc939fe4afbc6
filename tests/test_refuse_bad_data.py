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
