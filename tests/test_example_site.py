"""Integration: the fictional example plan built with a fixed as-of date shows every status as expected."""
from __future__ import annotations

import filecmp
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.urls import agency_url, overdue_month_url, overdue_url, task_url
from sitebuild import ROOT, article_text, build, page

EXAMPLE = ROOT / "tests" / "fixtures" / "example"
PLAN = "tinh-mau/2022-ke-hoach-mau/"
# The categories EXPECTED.md gives as of 2022-06-30, in the words the site shows.
EXPECTED = {
    "i-1": "Hoàn thành đúng hạn", "i-2": "Hoàn thành đúng hạn", "i-3": "Hoàn thành quá hạn",
    "i-4": "Chưa hoàn thành (trong hạn)", "i-5": "Chưa hoàn thành (trong hạn)", "i-6": "Hoàn thành quá hạn",
    "ii-1": "Chưa hoàn thành, quá hạn", "ii-2": "Chưa có báo cáo", "ii-3": "Không thực hiện",
    "ii-4": "Chưa hoàn thành, quá hạn", "iii-1": "Không có hạn cố định", "iii-2": "Không có hạn cố định",
    "iii-3": "Không có hạn cố định", "iii-4": "Không có hạn cố định", "iv-1": "Hoàn thành đúng hạn",
    "iv-2": "Hoàn thành đúng hạn", "v-1": "Không có hạn cố định", "v-1-1": "Hoàn thành đúng hạn",
    "v-1-2": "Chưa hoàn thành (trong hạn)", "vi-1": "Chưa có báo cáo",
}


def _build(workdir: Path) -> Path:
    done = build(workdir, EXAMPLE, env={"AS_OF": "2022-06-30"})
    assert done.returncode == 0, done.stderr
    return workdir / "site"


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("example"))


@pytest.mark.parametrize("task_id", sorted(EXPECTED))
def test_each_task_page_shows_its_expected_status_in_words(example_site: Path, task_id: str):
    text = article_text(page(example_site, PLAN + task_id))
    progress = text.split("Tiến độ", 1)[1]
    assert EXPECTED[task_id] in progress.split("tính đến ngày 30/06/2022")[0], progress[:200]


def test_plan_summary_counts_match(example_site: Path):
    text = article_text(page(example_site, PLAN))
    counts = {label: sum(1 for v in EXPECTED.values() if v == label) for label in set(EXPECTED.values())}
    for label in ("Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Chưa hoàn thành, quá hạn", "Chưa có báo cáo"):
        assert f"{label} {counts[label]}" in text, label


def test_overdue_list_and_its_snapshots_list_exactly_the_overdue_tasks(example_site: Path):
    def listed(url):
        document = page(example_site, url)
        document = document[document.index("<article"):document.index("</article>")]
        main = document.split("Đã qua hạn chót nhưng chưa có báo cáo")[0].split("Danh sách theo từng tháng")[0]
        return {t for t in EXPECTED if f'href="../{"../" if url != overdue_url() else ""}{PLAN}{t}/"' in main}

    assert listed(overdue_url()) == {"ii-1", "ii-4"}
    assert listed(overdue_month_url(2022, 6)) == {"ii-1", "ii-4"}
    assert listed(overdue_month_url(2022, 3)) == {"i-6"}


def test_task_page_shows_report_timeline_with_evidence(example_site: Path):
    document = page(example_site, PLAN + "i-1")
    text = article_text(document)
    assert text.index("Đã hoàn thành") < text.index("Đang thực hiện") < text.index("Chưa bắt đầu")  # newest first
    assert 'href="https://example.org' in document


def test_feeds_parse_and_carry_the_reports(example_site: Path):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(example_site / "tien-do" / "feed.xml").getroot()
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles and any("quá hạn" in t for t in titles)
    agency_feed = ET.parse(example_site / agency_url("tinh-mau", "so-tu-phap") / "feed.xml").getroot()
    assert agency_feed.findall("a:entry", ns)


def test_two_builds_with_the_same_data_and_date_are_byte_identical(example_site: Path, tmp_path: Path):
    again = _build(tmp_path)
    comparison = filecmp.dircmp(example_site, again)

    def differences(c):
        yield from (f"{c.left}/{n}" for n in c.diff_files + c.left_only + c.right_only)
        for sub in c.subdirs.values():
            yield from differences(sub)

    files = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for rel in files:
        assert (example_site / rel).read_bytes() == (again / rel).read_bytes(), rel
    assert not list(differences(comparison))
