"""Integration: build the real site and read its HTML as a citizen's browser would get it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.index import build_index
from generator.project import read_project
from generator.urls import plan_url, task_url
from sitebuild import ROOT, article_text, fold, page

PROJECT = read_project(ROOT / "plans", ROOT)
INDEX = build_index(PROJECT)
REFS = INDEX.tasks


def test_the_five_seed_plans_and_all_their_tasks_are_published(real_site: Path):
    assert len(PROJECT.plans) == 5
    assert len(REFS) == 193
    sources = {plan.document.source for plan in PROJECT.plans}
    assert sources == {p.name for p in (ROOT.parent / "shared" / "seeds").glob("*.txt")}


@pytest.mark.parametrize("ref", REFS, ids=[f"{r.plan.key}/{r.task.id}" for r in REFS])
def test_every_task_page_shows_its_fields_as_written(real_site: Path, ref):
    text = article_text(page(real_site, task_url(ref.plan, ref.task)))
    task = ref.task
    for field in ("title", "lead", "coordinating", "start", "due", "products"):
        value = getattr(task, field)
        table = ref.plan.task_table
        if field == "start" and not value and table and "start" not in table.columns:
            continue  # the document's table has no start column: nothing to say "not stated" about
        if value:
            assert fold(value) in text, f"{field} missing: {value!r}"
        else:
            assert "không nêu trong kế hoạch" in text
    if task.number:
        assert task.number in text
    assert fold(ref.plan.document.title) in text


@pytest.mark.parametrize("plan", PROJECT.plans, ids=[p.key for p in PROJECT.plans])
def test_every_plan_page_links_each_of_its_tasks(real_site: Path, plan):
    document = page(real_site, plan_url(plan))
    links = set(re.findall(r'href="([a-z0-9-]+)/"', document))
    expected = {ref.task.id for ref in INDEX.plan_tasks(plan)}
    assert expected <= links, expected - links
    text = article_text(document)
    for section in plan.sections:
        if section.title:
            assert fold(section.title) in text


def test_home_lists_every_plan(real_site: Path):
    document = page(real_site, "")
    for plan in PROJECT.plans:
        assert f'href="{plan_url(plan)}"' in document


def test_task_pages_stay_out_of_the_navigation(real_site: Path):
    ref = REFS[0]
    document = page(real_site, task_url(ref.plan, ref.task))
    nav_links = re.findall(r'class="md-nav__link', document)
    assert len(nav_links) < 40, len(nav_links)
    assert not re.search(r'<nav class="md-nav md-nav--primary".*href="[^"]*/i-2/"', document, re.S)


def test_an_unnumbered_draft_says_so(real_site: Path):
    text = article_text(page(real_site, "bac-ninh/2025-kiem-soat-tthc/"))
    assert "chưa ghi số" in text


def test_missing_appendices_are_declared(real_site: Path):
    text = article_text(page(real_site, "bac-ninh/2025-kiem-soat-tthc/"))
    assert "Phụ lục 1" in text and "Phụ lục 02" in text
    assert "không nằm trong văn bản nguồn" in text


def test_real_tasks_carry_no_invented_status(real_site: Path):
    for ref in REFS[:: 17]:
        text = article_text(page(real_site, task_url(ref.plan, ref.task)))
        assert "Chưa có báo cáo tiến độ" in text
        assert "quá hạn" not in text.lower()


def test_a_national_home_page_lists_provinces_not_every_plan(monkeypatch):
    import datetime as dt

    from generator.index import build_index
    from generator.pages import home
    from generator.project import read_project

    index = build_index(read_project(ROOT / "plans", ROOT), dt.date(2026, 11, 24))
    full = home.render_home(index).content
    assert all(plan.document.title in full for plan in index.plans)
    monkeypatch.setattr(home, "HOME_PLANS_MAX", len(index.plans) - 1)
    compact = home.render_home(index).content
    assert not any(plan.document.title in compact for plan in index.plans)
    for province in index.provinces:
        tasks = sum(1 for ref in index.tasks if ref.plan.province_slug == province.slug)
        assert f'<a href="{province.slug}/">Tỉnh {province.name}</a>' in compact
        assert f"{len(province.plans)} kế hoạch · {tasks} nhiệm vụ" in compact
        assert f'<a href="{province.slug}/co-quan/">các cơ quan</a>' in compact
