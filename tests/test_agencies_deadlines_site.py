"""Integration: agency pages, deadline pages and calendars of the real site agree with the plans."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from icalendar import Calendar

from generator.urls import agency_url, month_url, quarter_url, task_url, year_url
from sitebuild import ROOT, page
from test_site import PROJECT, REFS

TASK_LINK = re.compile(r'href="((?:\.\./)*[a-z0-9/-]+/)"')


def _links(document: str, here: str) -> set[str]:
    """Site-relative directory URLs of every link on a page at `here`."""
    import posixpath
    found = set()
    for href in TASK_LINK.findall(document):
        target = posixpath.normpath(posixpath.join(here, href))
        found.add("" if target == "." else target + "/")
    return found


def _section(document: str, anchor: str) -> str:
    start = document.index(f'id="{anchor}"')
    nxt = document.find("<h2", start + 1)
    return document[start: nxt if nxt > 0 else None]


@pytest.mark.parametrize("ref", REFS[::3], ids=[f"{r.plan.key}/{r.task.id}" for r in REFS[::3]])
def test_task_page_links_each_of_its_agencies(real_site: Path, ref):
    here = task_url(ref.plan, ref.task)
    links = _links(page(real_site, here), here)
    for agency_id in (*ref.task.lead_ids, *ref.task.coordinating_ids):
        assert agency_url(ref.plan.province_slug, agency_id) in links


def test_every_agency_cell_of_the_seeds_resolves():
    cells = [r for r in REFS if r.task.lead or r.task.coordinating]
    assert cells and all((not r.task.lead or r.task.lead_ids) and (not r.task.coordinating or r.task.coordinating_ids) for r in cells)


def test_each_agency_page_lists_exactly_the_tasks_that_name_it(real_site: Path):
    expected: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for ref in REFS:
        for role, ids in (("nhiem-vu-chu-tri", ref.task.lead_ids), ("nhiem-vu-phoi-hop", ref.task.coordinating_ids)):
            for agency_id in ids:
                expected[(ref.plan.province_slug, agency_id, role)].add(task_url(ref.plan, ref.task))
    checked = 0
    for province in PROJECT.provinces:
        for agency_id in province.registry.agencies:
            here = agency_url(province.slug, agency_id)
            document = page(real_site, here)
            for role in ("nhiem-vu-chu-tri", "nhiem-vu-phoi-hop"):
                listed = {u for u in _links(_section(document, role), here) if u.count("/") == 3 and "/co-quan/" not in u}
                assert listed == expected[(province.slug, agency_id, role)], (here, role)
                checked += 1
    assert checked > 100


def test_group_members_see_the_tasks_given_to_their_group(real_site: Path):
    here = agency_url("bac-giang", "so-tu-phap")
    document = page(real_site, here)
    group_tasks = {task_url(r.plan, r.task) for r in REFS if r.plan.province_slug == "bac-giang"
                   and ("so-ban-nganh" in r.task.lead_ids or "so-ban-nganh" in r.task.coordinating_ids)}
    listed = {u for u in _links(_section(document, "nhiem-vu-qua-nhom"), here) if "/co-quan/" not in u and u.count("/") == 3}
    assert group_tasks and listed == group_tasks


def test_deadline_pages_list_each_task_under_each_of_its_periods(real_site: Path):
    expected: dict[str, set[str]] = defaultdict(set)
    for ref in REFS:
        reading = ref.task.reading
        if reading is None:
            continue
        dates = {*reading.due, *(m.due for m in reading.milestones if m.due)}
        for d in dates:
            url = task_url(ref.plan, ref.task)
            for period in (year_url(d.year), quarter_url(d.year, (d.month - 1) // 3 + 1), month_url(d.year, d.month)):
                expected[period].add(url)
    assert len(expected) > 20
    for period, urls in expected.items():
        listed = {u for u in _links(page(real_site, period), period) if u.count("/") == 3 and not u.startswith("han/")}
        assert listed == urls, period


def test_the_calendars_parse_and_their_dates_are_the_readings(real_site: Path):
    by_key = {f"{r.plan.province_slug}/{r.plan.slug}/{r.task.id}": r for r in REFS}
    files = sorted(real_site.rglob("lich.ics"))
    assert len(files) > 50
    for path in files:
        calendar = Calendar.from_ical(path.read_bytes())
        for event in calendar.walk("VEVENT"):
            ref = by_key[str(event["UID"]).split("@")[0].rsplit("/", 1)[0]]
            start = event["DTSTART"].dt
            reading = ref.task.reading
            allowed = {*reading.due, *(m.due for m in reading.milestones), *(m.start for m in reading.milestones)}
            assert start in allowed or "RRULE" in event, (path, event["UID"])


def test_deadline_command_prints_the_reading_as_json():
    done = subprocess.run([sys.executable, "-m", "generator", "deadline", "Quý II/2019 và hàng năm", "--year", "2019"],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    reading = json.loads(done.stdout)
    assert reading["due"] == ["2019-06-30"] and reading["recurring"] is True and reading["rrule"].startswith("FREQ=YEARLY")
    bad = subprocess.run([sys.executable, "-m", "generator", "deadline", "Tháng 13/2023", "--year", "2023"],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode != 0 and "Tháng 13/2023" in bad.stderr and "Gợi ý" in bad.stderr
