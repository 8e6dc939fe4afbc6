"""One bad plan file per case: each must be refused with its file, line, column and Vietnamese message."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.project import check_files

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted([*(FIXTURES / "bad").glob("*.yml"), *(FIXTURES / "bad").glob("*/agencies.yml")])
IDS = [p.stem if p.name != "agencies.yml" else p.parent.name for p in CASES]


def _expectation(path: Path) -> tuple[str, str | None]:
    head = path.read_bytes().split(b"\n")[:2]
    expect = re.match(r"# expect: (.*)", head[0].decode()).group(1)
    hint = re.match(r"# hint: (.*)", head[1].decode("utf-8", "replace"))
    return expect, hint.group(1) if hint else None


def test_good_fixture_is_valid():
    assert check_files([FIXTURES / "good" / "plan.yml"], FIXTURES) == []


@pytest.mark.parametrize("path", CASES, ids=IDS)
def test_bad_file_is_refused_with_its_place_and_message(path: Path):
    expect, hint = _expectation(path)
    problems = check_files([path], FIXTURES)
    assert problems, f"{path.name} was accepted"
    first = problems[0]
    name = path.relative_to(FIXTURES).as_posix()
    assert first.file == name
    assert f"{first.line}:{first.column}: {first.message}".startswith(expect), str(first)
    if hint:
        assert hint in first.hint, first.hint
    assert str(first).startswith(f"{name}:{first.line}:{first.column}: ")


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path):
    text = (FIXTURES / "good" / "plan.yml").read_text("utf-8")
    text = text.replace("  title:", "  titel:", 1).replace('        number: "1"', "        number: 1")
    bad = tmp_path / "plan.yml"
    bad.write_text(text, "utf-8")
    messages = [p.message for p in check_files([bad], tmp_path)]
    assert any("'titel'" in m for m in messages) and any("phải là văn bản" in m for m in messages), messages
