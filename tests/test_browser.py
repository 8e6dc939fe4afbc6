"""What a reader sees in a real browser, at phone and desktop widths."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser import serve

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def base_url(real_site: Path):
    with serve(real_site) as url:
        yield url


def test_plan_page_fits_a_phone_and_its_tasks_open(browser, base_url):
    page = browser.new_page(viewport=PHONE)
    page.goto(base_url + "bac-giang/2018-mot-cua/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    first = page.locator("table.kh-plan-tasks tbody tr").first
    label = first.locator("td").nth(2).evaluate("td => getComputedStyle(td, '::before').content")
    assert "Đơn vị chủ trì" in label  # each row stacks into a card with its own labels
    link = page.locator("table.kh-plan-tasks").get_by_role("link", name="Kế hoạch của UBND tỉnh triển khai thực hiện Nghị định số 61/2018/NĐ-CP")
    link.click()
    page.wait_for_url("**/bac-giang/2018-mot-cua/i-1/")
    assert page.locator("h1").inner_text() == "Kế hoạch của UBND tỉnh triển khai thực hiện Nghị định số 61/2018/NĐ-CP"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()


SMALL_PHONE = {"width": 360, "height": 640}   # the narrowest common screen of a cheap Android phone


@pytest.mark.parametrize("path", [
    "", "bac-giang/", "bac-giang/2018-mot-cua/", "bac-giang/2018-mot-cua/i-1/", "bac-giang/co-quan/",
    "bac-giang/co-quan/bao-bac-giang/", "han/", "han/2019/", "han/da-qua-han/", "tien-do/", "cham-muon/", "so-cong-khai/",
    "tim-kiem/", "du-lieu/",
])
def test_every_page_type_fits_a_small_phone_without_sideways_scrolling(browser, base_url, path):
    page = browser.new_page(viewport=SMALL_PHONE)
    assert page.goto(base_url + path).status == 200   # the page itself, not the 404 page
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]
    page.close()


def test_home_lists_the_plans_and_the_nav_stays_small(browser, base_url):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(base_url)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("ul.kh-plan-list > li").count() == 5
    nav = page.locator("nav.md-nav--primary a.md-nav__link")
    assert nav.count() < 40  # provinces, plans and hubs: never the 193 task pages
    assert not any(re.search(r"/[a-z]+-\d+(-\d+)*/$", href or "") for href in nav.evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    page.close()


def test_task_page_prints_without_navigation(browser, base_url):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(base_url + "bac-ninh/2022-kiem-soat-tthc/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator("table.kh-plan-tasks").first.is_visible()
    page.close()
