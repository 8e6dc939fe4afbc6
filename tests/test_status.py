"""Status of every task of the fictional example plan, at two dates (see tests/fixtures/example/EXPECTED.md)."""
from __future__ import annotations

import datetime as dt
import filecmp
from pathlib import Path

import pytest

from generator import schedule, status
from generator.index import build_index
from generator.problems import ProblemsFound
from generator.project import read_project
from generator.status import history_of, recurring_periods, status_of

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "example"
FUTURE = ROOT / "tests" / "fixtures" / "example_future"
PLAN_KEY = "tinh-mau/2022-ke-hoach-mau"
JUNE = dt.date(2022, 6, 30)
MARCH = dt.date(2022, 3, 31)

# task id → (status as of 2022-06-30, status as of 2022-03-31); the same table as EXPECTED.md.
EXPECTED = {
    "i-1": ("done_on_time", "open_on_time"),
    "i-2": ("done_on_time", "no_report"),
    "i-3": ("done_late", "open_on_time"),
    "i-4": ("open_on_time", "no_report"),
    "i-5": ("open_on_time", "open_on_time"),
    "i-6": ("done_late", "open_overdue"),
    "ii-1": ("open_overdue", "no_report"),
    "ii-2": ("no_report", "no_report"),
    "ii-3": ("cancelled", "open_on_time"),
    "ii-4": ("open_overdue", "no_report"),
    "iii-1": ("apart", "apart"),
    "iii-2": ("apart", "apart"),
    "iii-3": ("apart", "apart"),
    "iii-4": ("apart", "apart"),
    "iv-1": ("done_on_time", "open_on_time"),
    "iv-2": ("done_on_time", "no_report"),
    "v-1": ("apart", "apart"),
    "v-1-1": ("done_on_time", "done_on_time"),
    "v-1-2": ("open_on_time", "no_report"),
    "vi-1": ("no_report", "no_report"),
}

# task id → deadline state (generator/schedule.py) as of 2022-06-30.
DEADLINE_STATES = {
    "i-1": "past", "i-2": "past", "i-3": "past", "i-4": "upcoming", "i-5": "upcoming", "i-6": "past",
    "ii-1": "past", "ii-2": "past", "ii-3": "upcoming", "ii-4": "past",
    "iii-1": "recurring", "iii-2": "ongoing", "iii-3": "conditional", "iii-4": "free_text",
    "iv-1": "upcoming", "iv-2": "past", "v-1": "none", "v-1-1": "past", "v-1-2": "upcoming", "vi-1": "upcoming",
}


@pytest.fixture(scope="module")
def project():
    return read_project(EXAMPLE, ROOT, as_of=JUNE)


def refs(index) -> dict:
    return {ref.task.id: ref for ref in index.tasks if ref.plan.key == PLAN_KEY}


def status_at(project, task_id: str, as_of: dt.date) -> status.Status:
    ref = refs(build_index(project, as_of))[task_id]
    return status_of(ref, history_of(ref), as_of)


def test_the_fixture_is_the_fictional_plan(project):
    assert [p.key for p in project.plans] == [PLAN_KEY]
    plan = project.plans[0]
    assert "(hư cấu, dùng để kiểm thử)" in plan.document.title
    assert plan.document.year == 2022 and plan.document.source == "fixture"
    assert project.provinces[0].name == "Tỉnh Mẫu (hư cấu)"
    assert sorted(refs(build_index(project, JUNE))) == sorted(EXPECTED)


@pytest.mark.parametrize("as_of, column", [(JUNE, 0), (MARCH, 1)], ids=["2022-06-30", "2022-03-31"])
def test_every_task_has_its_expected_status(project, as_of, column):
    index = build_index(project, as_of)
    found = {task_id: status_of(ref, history_of(ref), as_of).category for task_id, ref in refs(index).items()}
    assert found == {task_id: both[column] for task_id, both in EXPECTED.items()}


def test_every_status_case_and_deadline_state_is_covered():
    june = {both[0] for both in EXPECTED.values()}
    assert june == set(status.CATEGORIES) | {status.CANCELLED, status.APART}
    assert set(DEADLINE_STATES.values()) == set(schedule.STATES)


def test_deadline_states_as_of_june(project):
    index = build_index(project, JUNE)
    assert {task_id: index.state(ref) for task_id, ref in refs(index).items()} == DEADLINE_STATES


def test_due_on_the_as_of_date_and_not_done_is_open_on_time(project):
    s = status_at(project, "i-5", JUNE)
    assert s.due == JUNE and s.latest.entry.state == "in_progress"
    assert s.category == "open_on_time" and s.overdue_days == 0
    s = status_at(project, "i-1", MARCH)  # the same boundary at the second date
    assert s.due == MARCH and s.category == "open_on_time"


def test_done_on_the_due_date_is_on_time(project):
    s = status_at(project, "i-2", JUNE)
    assert s.latest.entry.completed == s.due == dt.date(2022, 5, 15)
    assert s.category == "done_on_time"


def test_done_one_day_late_is_late(project):
    s = status_at(project, "i-3", JUNE)
    assert s.latest.entry.completed - s.due == dt.timedelta(days=1)
    assert s.category == "done_late"


def test_overdue_days(project):
    assert status_at(project, "ii-1", JUNE).overdue_days == 30
    assert status_at(project, "ii-4", JUNE).overdue_days == 61   # paused counts as not done
    assert status_at(project, "i-6", MARCH).overdue_days == 31
    assert status_at(project, "i-6", JUNE).overdue_days == 0     # done (late): no longer overdue


def test_history_goes_not_started_in_progress_done(project):
    ref = refs(build_index(project, JUNE))["i-1"]
    history = history_of(ref)
    assert [(h.report.date, h.entry.state) for h in history] == [
        (dt.date(2022, 1, 15), "not_started"), (dt.date(2022, 2, 28), "in_progress"), (dt.date(2022, 4, 5), "done")]
    s = status_of(ref, history, JUNE)
    assert s.history == history and s.latest == history[-1]
    assert s.latest.entry.evidence[0].url == "https://example.org/tinh-mau/qd-45-2022.pdf"


def test_reports_after_the_as_of_date_are_ignored(project):
    """The project is read as of 06-30; an index and statuses as of 03-31 must not see later reports."""
    index = build_index(project, MARCH)
    assert index.as_of == MARCH
    for task_id, ref in refs(index).items():
        s = status_of(ref, history_of(ref), MARCH)
        assert all(h.report.date <= MARCH for h in s.history), task_id
        assert s.latest is None or s.latest.report.date <= MARCH
    s = status_of(refs(index)["i-1"], history_of(refs(index)["i-1"]), MARCH)
    assert [h.entry.state for h in s.history] == ["not_started", "in_progress"]
    assert status_at(project, "ii-3", MARCH).category == "open_on_time"  # cancelled only on 05-15


def test_target_and_actual(project):
    s = status_at(project, "iv-1", JUNE)
    ref = refs(build_index(project, JUNE))["iv-1"]
    assert [t.text for t in ref.task.targets] == ["tối thiểu 90%"]
    assert (ref.task.targets[0].comparator, ref.task.targets[0].value) == (">=", 90.0)
    assert s.latest.entry.actual == 92.5 and s.latest.report.date == dt.date(2022, 6, 20)
    assert status_at(project, "iv-1", MARCH).latest.entry.actual == 85


def test_group_task_reported_by_a_member(project):
    ref = refs(build_index(project, JUNE))["iv-2"]
    assert ref.task.lead_ids == ("so-ban-nganh",)
    s = status_of(ref, history_of(ref), JUNE)
    assert s.latest.report.agency_id == "so-noi-vu" and s.category == "done_on_time"


def test_subtasks_have_their_own_status(project):
    index = build_index(project, JUNE)
    tasks = refs(index)
    assert tasks["v-1-1"].parent.id == tasks["v-1-2"].parent.id == "v-1"
    assert status_at(project, "v-1", JUNE).category == "apart"


def test_recurring_periods_of_the_quarterly_task(project):
    ref = refs(build_index(project, JUNE))["iii-1"]
    history = history_of(ref)
    june = recurring_periods(ref, history, JUNE)
    assert [(p.due, p.reported.report.date if p.reported else None) for p in june] == [
        (dt.date(2022, 3, 31), dt.date(2022, 3, 25)), (dt.date(2022, 6, 30), None)]
    march = recurring_periods(ref, history, MARCH)
    assert [(p.due, p.reported is not None) for p in march] == [(dt.date(2022, 3, 31), True)]
    assert recurring_periods(ref, history, dt.date(2022, 3, 30)) == ()   # no quarter has ended yet
    assert recurring_periods(refs(build_index(project, JUNE))["i-1"], (), JUNE) == ()  # not recurring


def test_future_fixture_is_a_copy_of_the_example():
    for rel in ("tinh-mau/agencies.yml", "tinh-mau/2022-ke-hoach-mau/plan.yml"):
        assert filecmp.cmp(EXAMPLE / rel, FUTURE / rel, shallow=False), rel


def test_a_report_dated_after_the_as_of_date_is_refused():
    with pytest.raises(ProblemsFound) as raised:
        read_project(FUTURE, ROOT, as_of=JUNE)
    file = "tests/fixtures/example_future/tinh-mau/2022-ke-hoach-mau/progress/2022-07-15-so-tu-phap.yml"
    first = raised.value.problems[0]
    assert (first.file, first.line) == (file, 6)
    assert "Ngày 15/07/2022 ở sau ngày tính 30/06/2022 (date after as-of)" in first.message
    assert all(p.file == file and "(date after as-of)" in p.message for p in raised.value.problems)


def test_a_later_report_is_ignored_by_an_earlier_status():
    project = read_project(FUTURE, ROOT, as_of=dt.date(2022, 7, 31))
    ref = next(r for r in project.plans[0].walk() if r.task.id == "vi-1")
    history = history_of(ref)
    assert [h.report.date for h in history] == [dt.date(2022, 7, 15)]
    june = status_of(ref, history, JUNE)
    assert (june.category, june.latest, june.history) == ("no_report", None, ())
    assert status_of(ref, history, dt.date(2022, 7, 31)).category == "done_on_time"


def test_with_too_many_agencies_the_progress_hub_compares_provinces(monkeypatch):
    from generator.pages import progress
    from generator.pages.progress import ranking, render_progress_pages

    root = Path(__file__).resolve().parent.parent
    index = build_index(read_project(root / "plans", root), dt.date(2026, 11, 24))
    whole = {p.url: p.content for p in render_progress_pages(index)}
    assert "Tỉnh Bắc Giang" not in whole["tien-do/"] and not any(u.startswith("tien-do/bac") for u in whole)

    monkeypatch.setattr(progress, "LIST_LIMIT", len(ranking(index)) - 1)
    split = {p.url: p.content for p in render_progress_pages(index)}
    hub = split["tien-do/"]
    assert "So sánh các tỉnh" in hub and "So sánh các cơ quan" not in hub
    for province in index.provinces:
        url = f"tien-do/{province.slug}/"
        assert f'href="{province.slug}/"' in hub
        own = split[url]
        assert "So sánh các cơ quan" in own and f"Tiến độ thực hiện — tỉnh {province.name}" in own
        mine = {entry.agency.name for entry, _ in ranking(index) if entry.province.slug == province.slug}
        others = {entry.agency.name for entry, _ in ranking(index)} - mine
        assert all(f">{name}</a>" in own for name in mine)
        assert not any(f">{name}</a> <span" in own for name in others)
        assert 'href="../feed.xml"' in own  # the hub's feed: a province page has none of its own


@pytest.mark.parametrize("fixture", ["example", "synthetic"])
def test_monthly_overdue_snapshots_match_a_status_computed_for_every_task(fixture, tmp_path):
    import sys

    from generator.index import month_end, overdue_by_agency, snapshot_months
    from generator.status import OPEN_OVERDUE

    if fixture == "example":
        index = build_index(read_project(EXAMPLE, ROOT, as_of=JUNE), JUNE)
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        import synth

        synth.main(["--tasks", "600", "--out", str(tmp_path / "plans")])
        index = build_index(read_project(tmp_path / "plans", ROOT, as_of=synth.AS_OF), synth.AS_OF)
    months = snapshot_months(index)
    assert months
    found_any = False
    for year, month in months:
        date = month_end(year, month, index.as_of)
        expected = {(ref.plan.key, ref.task.id) for ref in index.tasks if ref.plan.reports and ref.task.lead_ids
                    and status_of(ref, history_of(ref), date).category == OPEN_OVERDUE}
        got = {(ref.plan.key, ref.task.id) for _, items in overdue_by_agency(index, date) for ref, _ in items}
        assert got == expected, (year, month)
        found_any = found_any or bool(got)
    assert found_any


def test_the_status_chart_labels_each_bar_in_words_with_its_count():
    import re
    from generator import words
    from generator.index import Summary
    from generator.pages.chart import status_chart

    counts = {"done_on_time": 40, "done_late": 10, "open_on_time": 0, "open_overdue": 20, "no_report": 5,
              "cancelled": 1, "apart": 3}
    svg = str(status_chart(Summary(counts), "bd"))
    width = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    assert width <= 320   # drawn at about its own size on a phone: its labels stay readable
    labels = re.findall(r'class="kh-chart-label">([^<]*)<', svg)
    assert labels == [f"{words.STATUS_ICONS[c]} {words.STATUS[c]}" for c in
                      ("done_on_time", "done_late", "open_on_time", "open_overdue", "no_report")]
    assert re.findall(r'class="kh-chart-count">(\d+)<', svg) == ["40", "10", "0", "20", "5"]
    bars = {c: int(w) for w, c in re.findall(r'<rect [^>]*width="(\d+)"[^>]*kh-bar-(\w+)"', svg)}
    assert set(bars) == {"done_on_time", "done_late", "open_overdue", "no_report"}   # no bar for a zero
    assert bars["done_on_time"] == 4 * bars["done_late"] == 2 * bars["open_overdue"] == 8 * bars["no_report"]
    assert bars["done_on_time"] + 6 < width   # the largest count still fits beside its bar
    # Each label sits just above its own bar, below the bar before it.
    label_y = [int(y) for y in re.findall(r'<text x="0" y="(\d+)" class="kh-chart-label"', svg)]
    bar_y = {c: int(y) for y, c in re.findall(r'<rect x="0" y="(\d+)"[^>]*kh-bar-(\w+)"', svg)}
    order = ("done_on_time", "done_late", "open_on_time", "open_overdue", "no_report")
    for n, category in enumerate(order):
        if category in bar_y:
            assert label_y[n] < bar_y[category] and (n + 1 == len(order) or bar_y[category] < label_y[n + 1])
