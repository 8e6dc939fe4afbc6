"""Bad input at scale: about 2,000 synthetic tasks with 100 injected mistakes of every kind the
validator knows. Every mistake is reported at its file and line, and the build publishes nothing.

The data is FICTIONAL (bench/synth.py); it lives in a temporary folder and is never published.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import sys
from pathlib import Path

import pytest

from generator.problems import ProblemsFound
from generator.project import read_project
from sitebuild import ROOT, build

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402  (bench/ is not a package)

AS_OF = dt.date(2024, 6, 30)
TASKS, ERRORS, SEED = 2000, 100, 7


@pytest.fixture(scope="module")
def bad_set(tmp_path_factory) -> tuple[Path, list[dict]]:
    plans = tmp_path_factory.mktemp("scale") / "plans"
    info = synth.generate(plans, tasks=TASKS, seed=SEED, errors=ERRORS, as_of=AS_OF)
    return plans, info["errors"]


def test_the_clean_set_is_valid(tmp_path: Path):
    plans = tmp_path / "plans"
    info = synth.generate(plans, tasks=TASKS, seed=SEED, as_of=AS_OF)
    project = read_project(plans, tmp_path, as_of=AS_OF)
    assert sum(1 for plan in project.plans for _ in plan.walk()) == info["tasks"] == TASKS
    assert sum(len(plan.reports) for plan in project.plans) == info["reports"]
    assert len(project.registers) == 4 * info["provinces"]


def test_reading_in_parallel_finds_the_same_data_and_the_same_problems(bad_set, tmp_path, monkeypatch):
    from generator import project as project_module

    monkeypatch.setattr(project_module, "PARALLEL_FROM_FILES", 0)
    plans = tmp_path / "plans"
    synth.generate(plans, tasks=300, seed=SEED, as_of=AS_OF)
    assert read_project(plans, tmp_path, as_of=AS_OF, jobs=2) == read_project(plans, tmp_path, as_of=AS_OF)
    bad, _ = bad_set
    found = []
    for jobs in (1, 2):
        with pytest.raises(ProblemsFound) as raised:
            read_project(bad, bad.parent, as_of=AS_OF, jobs=jobs)
        found.append(raised.value.problems)
    assert found[0] == found[1] and len(found[0]) >= ERRORS


def test_the_manifest_spreads_the_mistakes_over_every_kind(bad_set):
    plans, manifest = bad_set
    kinds = {kind.name for kind in synth.Injector(synth.Synth(10), None).kinds()}
    assert len(manifest) == ERRORS
    assert {m["kind"] for m in manifest} == kinds
    assert (plans / "errors.json").is_file()
    for m in manifest:
        assert (plans / m["file"]).is_file(), m


def test_every_injected_mistake_is_reported_at_its_file_and_line(bad_set):
    plans, manifest = bad_set
    with pytest.raises(ProblemsFound) as found:
        read_project(plans, plans.parent, as_of=AS_OF)
    problems = found.value.problems
    missing = []
    for m in manifest:
        here = [p for p in problems if p.file.endswith(m["file"]) and p.line == m["line"]]
        if not any(m["expect"] in p.message for p in here):
            elsewhere = [f"{p.line}:{p.column}: {p.message}" for p in problems if p.file.endswith(m["file"])][:3]
            missing.append(f"{m['kind']} at {m['file']}:{m['line']} (expected '{m['expect']}'); reported in that file: {elsewhere}")
    assert not missing, "\n".join(missing)


def test_a_build_of_the_bad_set_fails_and_writes_no_page(bad_set, tmp_path: Path):
    plans, manifest = bad_set
    site = tmp_path / "published"
    site.mkdir()
    (site / "index.html").write_text("trang cũ", "utf-8")
    done = build(tmp_path, plans, site_dir=site, env={"AS_OF": AS_OF.isoformat()})
    assert done.returncode != 0
    assert "lỗi trong dữ liệu; trang web chưa được tạo" in done.stderr
    for m in manifest[:10]:
        assert f"{m['file']}:{m['line']}:" in done.stderr, m
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text("utf-8") == "trang cũ"


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path):
    def digest(folder: Path) -> str:
        h = hashlib.sha256()
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
        return h.hexdigest()

    synth.generate(tmp_path / "a", tasks=300, seed=3, errors=20, as_of=AS_OF)
    synth.generate(tmp_path / "b", tasks=300, seed=3, errors=20, as_of=AS_OF)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
