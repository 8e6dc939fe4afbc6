"""News feeds: items from progress reports and status changes, and the Atom documents made of them."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.deadlines import read_task_time
from generator.exports.atom import build_feed
from generator.feeds import FeedItem, feed_items
from generator.model import Document, Evidence, Plan, Report, ReportEntry, Section, Task, TaskRef
from generator.project import read_project
from generator.urls import task_url

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "tests" / "fixtures" / "example"
STAMP = dt.date(2024, 5, 1)
ATOM = "{http://www.w3.org/2005/Atom}"
NAMES = {("tinh-mau", "so-tu-phap"): "Sở Tư pháp", ("tinh-mau", "so-noi-vu"): "Sở Nội vụ"}


# ---------------------------------------------------------------------------
# Small fictional plans built from the model
# ---------------------------------------------------------------------------

def make_task(task_id: str, due: str | None, *, title: str | None = "Nhiệm vụ mẫu", number: str | None = "1",
              line: int = 1, year: int = 2022, targets=()) -> Task:
    return Task(
        id=task_id, number=number, title=title, lead="Sở Tư pháp", coordinating="Sở Nội vụ", start=None, due=due,
        products=None, targets=targets, subtasks=(), line=line, lead_ids=("so-tu-phap",),
        coordinating_ids=("so-noi-vu",), reading=read_task_time(None, due, year),
    )


def entry(task_id: str, state: str, *, completed: dt.date | None = None, percent: float | None = None,
          actual: float | None = None, note: str | None = None, evidence=()) -> ReportEntry:
    return ReportEntry(task_id=task_id, state=state, completed=completed, percent=percent, actual=actual,
                       note=note, evidence=tuple(evidence), line=3)


def report(date: dt.date, *entries: ReportEntry, agency: str = "so-tu-phap") -> Report:
    return Report(file=f"plans/tinh-mau/2022-ke-hoach/progress/{date}-{agency}.yml", date=date, agency_id=agency,
                  reporter=None, entries=entries)


def make_refs(*tasks: Task, reports: tuple[Report, ...] = (), title: str = "Kế hoạch thử, để kiểm tra") -> list[TaskRef]:
    document = Document(
        type="plan", title=title, number="12/KH-UBND", issuer="UBND tỉnh Mẫu", province="Tỉnh Mẫu",
        place_date=None, date=dt.date(2022, 1, 15), year=2022, signature=None, source="",
    )
    plan = Plan(
        province_slug="tinh-mau", slug="2022-ke-hoach", file="plans/tinh-mau/2022-ke-hoach/plan.yml",
        document=document, decision=None, legal_bases=(), preamble=None, purposes=None, requirements=None,
        content=(), implementation=(), recipients=(), missing_appendices=(), task_table=None,
        sections=(Section(index=1, number="I", title="Nhiệm vụ", tasks=tasks),), reports=reports,
    )
    return list(plan.walk())


def url_for(ref: TaskRef) -> str:
    return task_url(ref.plan, ref.task)


def build(items, site_url: str | None = None, stamp: dt.date = STAMP, title: str = "Tin mới — kế hoạch thử") -> bytes:
    return build_feed(title, "tinh-mau/2022-ke-hoach/tin-moi.xml", "tinh-mau/2022-ke-hoach/", items,
                      stamp=stamp, site_url=site_url, url_for=url_for)


def entries(data: bytes) -> list[ET.Element]:
    return ET.fromstring(data).findall(f"{ATOM}entry")


# ---------------------------------------------------------------------------
# Items
# ---------------------------------------------------------------------------

def test_a_report_gives_an_item_with_the_agency_name_and_the_state():
    task = make_task("i-1", "Tháng 12/2022")
    evidence = Evidence("Quyết định công bố thủ tục", "123/QĐ-UBND", dt.date(2022, 6, 20), None)
    refs = make_refs(task, reports=(report(dt.date(2022, 6, 30), entry("i-1", "done", completed=dt.date(2022, 6, 20),
                                                                         note="Đã công bố", evidence=[evidence])),))
    items = feed_items(refs, dt.date(2022, 6, 30), NAMES)
    (item,) = [i for i in items if i.kind == "report"]
    assert item.date == dt.date(2022, 6, 30)
    assert item.title == "Sở Tư pháp báo cáo: đã hoàn thành — Nhiệm vụ mẫu"
    assert item.agency_ids == ("so-tu-phap",)
    assert item.old_category is None and item.new_category is None
    assert item.key == "tinh-mau/2022-ke-hoach/i-1/report/2022-06-30/so-tu-phap"
    assert item.summary.split("\n") == [
        "Kế hoạch thử, để kiểm tra",
        "Nhiệm vụ I.1: Nhiệm vụ mẫu",
        "Cơ quan báo cáo: Sở Tư pháp",
        "Ngày báo cáo: 30/06/2022",
        "Tình trạng: đã hoàn thành",
        "Ngày hoàn thành: 20/06/2022",
        "Ghi chú: Đã công bố",
        "Minh chứng:",
        "- Quyết định công bố thủ tục, số 123/QĐ-UBND, ngày 20/06/2022",
    ]


def test_agency_names_come_from_the_task_province():
    # Agency ids repeat across provinces ("so-tu-phap" everywhere): the name is the task province's.
    task = make_task("i-1", "Tháng 12/2022")
    refs = make_refs(task, reports=(report(dt.date(2022, 6, 30), entry("i-1", "in_progress")),))
    names = {("tinh-khac", "so-tu-phap"): "Sở Tư pháp tỉnh khác", ("tinh-mau", "so-tu-phap"): "Sở Tư pháp Mẫu"}
    (item,) = [i for i in feed_items(refs, dt.date(2022, 6, 30), names) if i.kind == "report"]
    assert item.title.startswith("Sở Tư pháp Mẫu báo cáo")


def test_percent_and_actual_against_the_target():
    from generator.targets import read_target
    task = make_task("i-1", "Tháng 12/2022", targets=(read_target("trên 99%"),))
    refs = make_refs(task, reports=(report(dt.date(2022, 6, 30), entry("i-1", "in_progress", percent=60, actual=99.4)),))
    (item,) = [i for i in feed_items(refs, dt.date(2022, 6, 30), NAMES) if i.kind == "report"]
    assert item.title == "Sở Tư pháp báo cáo: đang thực hiện — Nhiệm vụ mẫu"
    assert "Khối lượng đã thực hiện: 60%" in item.summary.split("\n")
    assert "Kết quả đạt: 99,4% (chỉ tiêu: trên 99%)" in item.summary.split("\n")


def test_an_agency_missing_from_the_names_is_shown_by_its_id():
    refs = make_refs(make_task("i-1", "Tháng 12/2022"),
                     reports=(report(dt.date(2022, 6, 30), entry("i-1", "paused"), agency="so-moi"),))
    items = feed_items(refs, dt.date(2022, 6, 30))
    assert [i.title for i in items if i.kind == "report"] == ["so-moi báo cáo: tạm dừng — Nhiệm vụ mẫu"]


def test_in_progress_when_the_due_date_passes_becomes_overdue_the_day_after():
    task = make_task("i-1", "Tháng 6/2022")          # due 30/06/2022
    refs = make_refs(task, reports=(report(dt.date(2022, 5, 15), entry("i-1", "in_progress", percent=40)),))
    items = feed_items(refs, dt.date(2022, 12, 31), NAMES)
    assert [(i.date, i.kind, i.old_category, i.new_category) for i in items] == [
        (dt.date(2022, 7, 1), "status", "open_on_time", "open_overdue"),
        (dt.date(2022, 5, 15), "report", None, None),
        (dt.date(2022, 5, 15), "status", "no_report", "open_on_time"),
    ]
    overdue = items[0]
    assert overdue.title == "Chưa hoàn thành quá hạn — Nhiệm vụ mẫu"
    assert overdue.agency_ids == ("so-tu-phap", "so-noi-vu")
    assert overdue.key == "tinh-mau/2022-ke-hoach/i-1/status/2022-07-01/open_overdue"
    lines = overdue.summary.split("\n")
    assert "Tình trạng: chưa hoàn thành (trong hạn) → chưa hoàn thành quá hạn" in lines
    assert "Hạn hoàn thành: 30/06/2022" in lines
    assert "Báo cáo gần nhất: Sở Tư pháp, ngày 15/05/2022: đang thực hiện" in lines
    # on the due date itself nothing has changed yet
    assert [i.date for i in feed_items(refs, dt.date(2022, 6, 30), NAMES)] == [dt.date(2022, 5, 15)] * 2


def test_done_on_time_then_nothing_more():
    task = make_task("i-1", "Tháng 6/2022")
    refs = make_refs(task, reports=(report(dt.date(2022, 6, 10), entry("i-1", "done", completed=dt.date(2022, 6, 5))),))
    items = feed_items(refs, dt.date(2025, 1, 1), NAMES)
    assert [(i.date, i.kind, i.new_category) for i in items] == [
        (dt.date(2022, 6, 10), "report", None),
        (dt.date(2022, 6, 10), "status", "done_on_time"),
    ]
    assert items[1].title == "Hoàn thành đúng hạn — Nhiệm vụ mẫu"


def test_overdue_then_done_late():
    task = make_task("i-1", "Tháng 6/2022")
    refs = make_refs(task, reports=(
        report(dt.date(2022, 6, 1), entry("i-1", "in_progress")),
        report(dt.date(2022, 8, 1), entry("i-1", "done", completed=dt.date(2022, 7, 20))),
    ))
    items = feed_items(refs, dt.date(2022, 12, 31), NAMES)
    assert [(i.date, i.kind, i.old_category, i.new_category) for i in items if i.kind == "status"] == [
        (dt.date(2022, 8, 1), "status", "open_overdue", "done_late"),
        (dt.date(2022, 7, 1), "status", "open_on_time", "open_overdue"),
        (dt.date(2022, 6, 1), "status", "no_report", "open_on_time"),
    ]


def test_a_task_without_reports_yields_nothing_even_after_its_due_date():
    refs = make_refs(make_task("i-1", "Tháng 6/2022"), make_task("i-2", "Thường xuyên", line=2),
                     make_task("i-3", "Hàng năm", line=3))
    assert feed_items(refs, dt.date(2030, 1, 1), NAMES) == []


def test_a_task_without_fixed_deadline_only_reports_and_cancellation():
    task = make_task("i-1", "Thường xuyên")
    refs = make_refs(task, reports=(report(dt.date(2022, 3, 1), entry("i-1", "in_progress")),
                                    report(dt.date(2022, 9, 1), entry("i-1", "cancelled", note="Không còn cần"))))
    items = feed_items(refs, dt.date(2023, 1, 1), NAMES)
    assert [(i.date, i.kind, i.old_category, i.new_category) for i in items] == [
        (dt.date(2022, 9, 1), "report", None, None),
        (dt.date(2022, 9, 1), "status", "apart", "cancelled"),
        (dt.date(2022, 3, 1), "report", None, None),
    ]
    assert items[1].title == "Không thực hiện — Nhiệm vụ mẫu"


def test_nothing_after_the_as_of_date():
    task = make_task("i-1", "Tháng 6/2022")
    refs = make_refs(task, reports=(report(dt.date(2022, 5, 1), entry("i-1", "in_progress")),
                                    report(dt.date(2022, 9, 1), entry("i-1", "done", completed=dt.date(2022, 8, 1)))))
    items = feed_items(refs, dt.date(2022, 6, 15), NAMES)
    assert all(i.date <= dt.date(2022, 6, 15) for i in items)
    assert len(items) == 2


def test_items_are_newest_first_in_a_stable_order():
    tasks = (make_task("i-1", "Tháng 6/2022", line=1), make_task("i-2", "Tháng 12/2022", number="2", line=2))
    reports = (report(dt.date(2022, 3, 1), entry("i-2", "not_started")),
               report(dt.date(2022, 4, 1), entry("i-1", "in_progress"), entry("i-2", "in_progress")),
               report(dt.date(2022, 4, 1), entry("i-1", "in_progress"), agency="so-noi-vu"))
    refs = make_refs(*tasks, reports=reports)
    items = feed_items(refs, dt.date(2022, 12, 31), NAMES)
    dates = [i.date for i in items]
    assert dates == sorted(dates, reverse=True)
    assert len({i.key for i in items}) == len(items)
    # the order does not depend on the order of the refs, and a ref given twice counts once
    assert feed_items(list(reversed(refs)) + refs, dt.date(2022, 12, 31), NAMES) == items
    assert [i.key for i in items if i.date == dt.date(2022, 4, 1)] == [
        "tinh-mau/2022-ke-hoach/i-1/report/2022-04-01/so-noi-vu",
        "tinh-mau/2022-ke-hoach/i-1/report/2022-04-01/so-tu-phap",
        "tinh-mau/2022-ke-hoach/i-1/status/2022-04-01/open_on_time",
        "tinh-mau/2022-ke-hoach/i-2/report/2022-04-01/so-tu-phap",
    ]


def test_the_real_plans_carry_no_invented_events():
    as_of = dt.date(2030, 1, 1)
    project = read_project(ROOT / "plans", ROOT, as_of=as_of)
    refs = [ref for plan in project.plans for ref in plan.walk()]
    assert len(refs) > 100
    assert feed_items(refs, as_of) == []
    data = build([], stamp=as_of)
    assert entries(data) == []


@pytest.mark.skipif(not EXAMPLE.is_dir(), reason="the fictional example fixture is not there yet")
def test_the_example_fixture_gives_one_report_item_per_entry():
    from generator.index import build_index
    as_of = dt.date(2022, 6, 30)
    project = read_project(EXAMPLE, ROOT, as_of=as_of)
    index = build_index(project, as_of)
    (plan,) = [p for p in index.plans if p.key == "tinh-mau/2022-ke-hoach-mau"]
    province = next(p for p in index.provinces if p.slug == plan.province_slug)
    names = {(province.slug, a.id): a.name for a in province.registry.agencies.values()} if province.registry else {}
    items = feed_items(index.plan_tasks(plan), as_of, names)
    reports = [i for i in items if i.kind == "report"]
    assert len(reports) == sum(len(r.entries) for r in plan.reports if r.date <= as_of) > 0
    assert all(names.get((province.slug, i.agency_ids[0]), i.agency_ids[0]) in i.title for i in reports)
    assert len({i.key for i in items}) == len(items)
    assert [i.date for i in items] == sorted((i.date for i in items), reverse=True)
    assert len(entries(build(items, stamp=as_of))) == len(items)


# ---------------------------------------------------------------------------
# The Atom document
# ---------------------------------------------------------------------------

def sample_items() -> list[FeedItem]:
    task = make_task("i-1", "Tháng 6/2022")
    refs = make_refs(task, reports=(report(dt.date(2022, 5, 15), entry("i-1", "in_progress", percent=40)),))
    return feed_items(refs, dt.date(2022, 12, 31), NAMES)


def test_the_feed_parses_with_one_entry_per_item():
    items = sample_items()
    data = build(items, site_url="https://ke-hoach.example/")
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = ET.fromstring(data)
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "vi"
    assert root.findtext(f"{ATOM}id") == "tag:cong-khai-ke-hoach,2024:tinh-mau/2022-ke-hoach/tin-moi.xml"
    assert root.findtext(f"{ATOM}title") == "Tin mới — kế hoạch thử"
    assert root.findtext(f"{ATOM}updated") == "2022-07-01T00:00:00+00:00"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Công khai kế hoạch"
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links == {"self": "https://ke-hoach.example/tinh-mau/2022-ke-hoach/tin-moi.xml",
                     "alternate": "https://ke-hoach.example/tinh-mau/2022-ke-hoach/"}
    found = entries(data)
    assert len(found) == len(items) == 3
    for element, item in zip(found, items):
        assert element.findtext(f"{ATOM}id") == "tag:cong-khai-ke-hoach,2024:" + item.key
        assert element.findtext(f"{ATOM}title") == item.title
        assert element.findtext(f"{ATOM}updated") == element.findtext(f"{ATOM}published") == f"{item.date}T00:00:00+00:00"
        assert element.find(f"{ATOM}link").get("href") == "https://ke-hoach.example/tinh-mau/2022-ke-hoach/i-1/"
        content = element.find(f"{ATOM}content")
        assert content.get("type") == "text" and content.text == item.summary
        assert element.find(f"{ATOM}category").get("term") == item.kind


def test_without_site_url_links_are_relative_to_the_feed_and_there_is_no_self_link():
    data = build(sample_items())
    root = ET.fromstring(data)
    assert [(link.get("rel"), link.get("href")) for link in root.findall(f"{ATOM}link")] == [("alternate", "./")]
    assert {e.find(f"{ATOM}link").get("href") for e in entries(data)} == {"i-1/"}


def test_an_empty_feed_is_valid_and_dated_by_the_stamp():
    root = ET.fromstring(build([]))
    assert root.findall(f"{ATOM}entry") == []
    assert root.findtext(f"{ATOM}updated") == "2024-05-01T00:00:00+00:00"
    assert root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}title")


def test_two_builds_are_byte_identical_and_carry_no_clock():
    first = build(sample_items(), site_url="https://ke-hoach.example")
    assert first == build(sample_items(), site_url="https://ke-hoach.example")
    assert build([]) == build([])
    assert b"feedgen" not in first
    assert str(dt.date.today().year).encode() not in build([], stamp=dt.date(2001, 1, 1))


def test_hostile_text_is_escaped_and_round_trips():
    hostile = "<script>alert('x')</script> & \"ngoặc\" ]]> </title>"
    task = make_task("i-1", "Tháng 6/2022", title=hostile)
    refs = make_refs(task, title="Kế hoạch <b>đậm</b>", reports=(
        report(dt.date(2022, 5, 15), entry("i-1", "in_progress", note="Ghi chú <img src=x onerror=alert(1)>\x0b")),))
    items = feed_items(refs, dt.date(2022, 12, 31), NAMES)
    data = build(items, title="Tin <script>alert(1)</script>")
    assert b"<script>" not in data and b"<img" not in data and b"<b>" not in data
    root = ET.fromstring(data)
    assert root.findtext(f"{ATOM}title") == "Tin <script>alert(1)</script>"
    found = entries(data)
    assert [e.findtext(f"{ATOM}title") for e in found] == [i.title for i in items]
    assert all(hostile in i.title for i in items)
    report_entry = found[[i.kind for i in items].index("report")]
    text = report_entry.findtext(f"{ATOM}content")
    assert "Ghi chú <img src=x onerror=alert(1)>" in text and "\x0b" not in text
    assert "Kế hoạch <b>đậm</b>" in text


def test_the_feed_of_all_plans_keeps_the_newest_items_and_plan_feeds_stay_complete(monkeypatch):
    from generator import feeds
    from generator.exports import render_exports
    from generator.index import build_index
    from generator.urls import feed_url, plan_url, progress_url

    as_of = dt.date(2022, 6, 30)
    index = build_index(read_project(EXAMPLE, ROOT, as_of=as_of), as_of)
    (plan,) = [p for p in index.plans if p.key == "tinh-mau/2022-ke-hoach-mau"]
    whole = dict(render_exports(index, None))
    all_entries = entries(whole[feed_url(progress_url())])
    assert len(all_entries) > 2
    monkeypatch.setattr(feeds, "NATIONAL_FEED_MAX_ITEMS", 2)
    capped = dict(render_exports(index, None))
    newest = entries(capped[feed_url(progress_url())])
    assert [e.findtext(f"{ATOM}id") for e in newest] == [e.findtext(f"{ATOM}id") for e in all_entries[:2]]
    assert capped[feed_url(plan_url(plan))] == whole[feed_url(plan_url(plan))]
    assert len(entries(capped[feed_url(plan_url(plan))])) > 2
