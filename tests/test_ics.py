"""The iCalendar feed of task deadlines: events parsed back with icalendar, and the real plans end to end."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from itertools import islice

from dateutil.rrule import rrulestr
from icalendar import Calendar

from generator.deadlines import read_task_time
from generator.exports.ics import build_calendar
from generator.model import Document, Plan, Section, Task, TaskRef
from generator.urls import task_url

ROOT = Path(__file__).parent.parent
STAMP = dt.date(2024, 5, 1)


def make_plan(year: int = 2019, tasks: tuple[Task, ...] = ()) -> Plan:
    document = Document(
        type="plan", title="Kế hoạch thử, để kiểm tra", number="12/KH-UBND", issuer="UBND tỉnh Mẫu",
        province="Tỉnh Mẫu", place_date=None, date=dt.date(year, 1, 15), year=year, signature=None, source="",
    )
    section = Section(index=1, number="I", title="Nhiệm vụ", tasks=tasks)
    return Plan(
        province_slug="tinh-mau", slug=f"{year}-ke-hoach", file="plans/tinh-mau/ke-hoach/plan.yml",
        document=document, decision=None, legal_bases=(), preamble=None, purposes=None, requirements=None,
        content=(), implementation=(), recipients=(), missing_appendices=(), task_table=None, sections=(section,),
    )


def make_task(task_id: str, due: str | None, *, start: str | None = None, title: str | None = "Nhiệm vụ mẫu",
              year: int = 2019, lead: str | None = "Sở Nội vụ", number: str | None = "1") -> Task:
    return Task(
        id=task_id, number=number, title=title, lead=lead, coordinating=None, start=start, due=due,
        products=None, targets=(), subtasks=(), line=1, reading=read_task_time(start, due, year),
    )


def refs_for(*tasks: Task, year: int = 2019) -> list[TaskRef]:
    return list(make_plan(year, tuple(tasks)).walk())


def build(refs, site_url: str | None = None, name: str = "Hạn nhiệm vụ") -> bytes:
    return build_calendar(name, refs, stamp=STAMP, site_url=site_url, url_for=lambda r: task_url(r.plan, r.task))


def events(data: bytes) -> list:
    return Calendar.from_ical(data).walk("VEVENT")


def start_of(event) -> dt.date:
    return event.decoded("dtstart")


def test_calendar_properties_and_crlf():
    data = build(refs_for(make_task("i-1", "Tháng 3/2019")), name="Lịch hạn, tỉnh Mẫu")
    cal = Calendar.from_ical(data)
    assert str(cal["prodid"]) == "-//Cong khai ke hoach//vi"
    assert str(cal["version"]) == "2.0"
    assert str(cal["calscale"]) == "GREGORIAN"
    assert "X-WR-CALNAME:Lịch hạn\\, tỉnh Mẫu\r\n".encode() in data
    assert b"X-WR-TIMEZONE" not in data
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_due_date_event():
    task = make_task("i-1", "Trước ngày 31/12/2019", start="Tháng 3/2019")
    (event,) = events(build(refs_for(task)))
    assert start_of(event) == task.reading.due[0] == dt.date(2019, 12, 31)
    assert event.decoded("dtend") == dt.date(2020, 1, 1)
    assert "VALUE=DATE" in event["dtstart"].to_ical().decode() or isinstance(start_of(event), dt.date)
    assert not isinstance(start_of(event), dt.datetime)
    assert str(event["summary"]) == "Hạn: Nhiệm vụ mẫu"
    assert str(event["uid"]) == "tinh-mau/2019-ke-hoach/i-1/0@cong-khai-ke-hoach"
    assert [str(c) for c in event["categories"].cats] == ["Hạn nhiệm vụ"]
    assert "LOCATION" not in event and "RRULE" not in event
    assert str(event["description"]).split("\n") == [
        "Kế hoạch thử, để kiểm tra",
        "Số TT: 1",
        "Chủ trì: Sở Nội vụ",
        "Thời gian (nguyên văn): Tháng 3/2019 – Trước ngày 31/12/2019",
        "Trang nhiệm vụ: /tinh-mau/2019-ke-hoach/i-1/",
    ]


def test_several_due_dates_give_one_event_each_in_date_order():
    task = make_task("i-2", "Tháng 3, 6, 9/2019")
    found = events(build(refs_for(task)))
    assert [start_of(e) for e in found] == [dt.date(2019, 3, 31), dt.date(2019, 6, 30), dt.date(2019, 9, 30)]
    assert [str(e["uid"]).split("/")[3] for e in found] == ["0@cong-khai-ke-hoach", "1@cong-khai-ke-hoach",
                                                             "2@cong-khai-ke-hoach"]


def test_milestones_give_one_event_each_with_their_labels():
    due = ("- Quý IV/2019: Kết nối với CSDL về đăng ký kinh doanh;\n"
           "- Quý III/2020: Kết nối với CSDL về dân cư;\n"
           "- Đối với cấp huyện: từ 01/12/2020")
    task = make_task("i-3", due, title="Xây dựng Cổng dịch vụ công")
    found = events(build(refs_for(task)))
    assert [(start_of(e), str(e["summary"])) for e in found] == [
        (dt.date(2019, 12, 31), "Hạn: Kết nối với CSDL về đăng ký kinh doanh — Xây dựng Cổng dịch vụ công"),
        (dt.date(2020, 9, 30), "Hạn: Kết nối với CSDL về dân cư — Xây dựng Cổng dịch vụ công"),
        (dt.date(2020, 12, 1), "Bắt đầu: Đối với cấp huyện — Xây dựng Cổng dịch vụ công"),
    ]
    # the milestones' dues are the reading's dues: none of them gets a second, unlabelled event
    assert len(task.reading.due) == 2


def test_due_then_every_year_is_one_recurring_event():
    task = make_task("i-4", "Quý II/2019 và hàng năm", year=2018)
    (event,) = events(build(refs_for(task, year=2018)))
    assert start_of(event) == dt.date(2019, 6, 30)
    rule = event["rrule"]
    assert rule["FREQ"] == ["YEARLY"]
    assert "Định kỳ: Quý II/2019 và hàng năm" in str(event["description"])
    occurrences = list(islice(rrulestr(rule.to_ical().decode(), dtstart=dt.datetime(2019, 6, 30)), 3))
    assert [o.date() for o in occurrences] == [dt.date(2019, 6, 30), dt.date(2020, 6, 30), dt.date(2021, 6, 30)]


def test_every_quarter_starts_at_the_first_quarter_end_of_the_plan_year():
    task = make_task("i-5", "Hàng quý", year=2022)
    (event,) = events(build(refs_for(task, year=2022)))
    assert start_of(event) == dt.date(2022, 3, 31)
    rule = event["rrule"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["INTERVAL"] == [3] and rule["BYMONTHDAY"] == [-1]
    occurrences = list(islice(rrulestr(rule.to_ical().decode(), dtstart=dt.datetime(2022, 3, 31)), 4))
    assert [o.date() for o in occurrences] == [
        dt.date(2022, 3, 31), dt.date(2022, 6, 30), dt.date(2022, 9, 30), dt.date(2022, 12, 31)]


def test_first_period_ends_for_other_frequencies():
    tasks = (make_task("a", "Hàng năm", year=2018), make_task("b", "Định kỳ 6 tháng/1 lần", year=2018),
             make_task("c", "Hàng tháng", year=2018))
    found = events(build(refs_for(*tasks, year=2018)))
    assert [start_of(e) for e in found] == [dt.date(2018, 12, 31), dt.date(2018, 6, 30), dt.date(2018, 1, 31)]
    for event in found:
        rule = event["rrule"].to_ical().decode()
        days = list(islice(rrulestr(rule, dtstart=dt.datetime.combine(start_of(event), dt.time())), 4))
        assert all((d + dt.timedelta(days=1)).day == 1 for d in days), rule  # each one a month end
        assert days[0].date() == start_of(event)


def test_ongoing_conditional_free_and_unread_tasks_get_no_event():
    tasks = (make_task("a", "Thường xuyên"), make_task("b", "Ngay sau khi Kế hoạch được ban hành"),
             make_task("c", "Theo định kỳ và đột xuất"), make_task("d", None))
    assert [t.reading is None for t in tasks] == [False, False, False, True]
    assert events(build(refs_for(*tasks))) == []


def test_builds_are_byte_identical_and_uids_unique():
    tasks = (make_task("i-1", "Tháng 3, 6/2019"), make_task("i-2", "Quý II/2019 và hàng năm"),
             make_task("i-3", "Hàng quý"))
    first, second = build(refs_for(*tasks)), build(refs_for(*tasks))
    assert first == second
    found = events(first)
    uids = [str(e["uid"]) for e in found]
    assert len(uids) == len(set(uids)) == 4
    assert {e.decoded("dtstamp") for e in found} == {dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)}
    assert b"DTSTAMP:20240501T000000Z\r\n" in first


def test_url_only_with_site_url():
    refs = refs_for(make_task("ii-7", "Tháng 6/2019"))
    (without,) = events(build(refs))
    assert "URL" not in without
    assert "Trang nhiệm vụ: /tinh-mau/2019-ke-hoach/ii-7/" in str(without["description"])
    (with_url,) = events(build(refs, site_url="https://example.org/ke-hoach/"))
    assert str(with_url["url"]) == "https://example.org/ke-hoach/tinh-mau/2019-ke-hoach/ii-7/"
    assert "Trang nhiệm vụ: https://example.org/ke-hoach/tinh-mau/2019-ke-hoach/ii-7/" in str(with_url["description"])


def test_hostile_text_round_trips_exactly():
    title = 'Báo cáo ,;\\ <script>alert("x")</script>: "a";b,c'
    lead = "Sở A; Sở B, \\n không phải xuống dòng"
    task = make_task("i-9", "Tháng 6/2019", title=title, lead=lead, number="1,2;3")
    data = build(refs_for(task))
    (event,) = events(data)
    assert str(event["summary"]) == f"Hạn: {title}"
    description = str(event["description"]).split("\n")
    assert f"Chủ trì: {lead}" in description and "Số TT: 1,2;3" in description
    assert b"\\\\," not in data and b"\\\\;" not in data  # escaped once, not twice


def test_untitled_row_uses_the_page_wording():
    sub = make_task("i-1-a", "Tháng 6/2019", title=None, number=None)
    parent = Task(id="i-1", number="1", title="Cha", lead=None, coordinating=None, start=None, due=None,
                  products=None, targets=(), subtasks=(sub,), line=1)
    refs = refs_for(parent)
    from generator.pages.base import task_heading
    (event,) = events(build(refs))
    assert str(event["summary"]) == f"Hạn: {task_heading(refs[1])}"
    assert "Số TT" not in str(event["description"])


def _period_end(rule: str, year: int) -> dt.date:
    parts = dict(p.split("=") for p in rule.split(";"))
    if parts["FREQ"] == "YEARLY":
        return dt.date(year, 12, 31)
    month = int(parts.get("INTERVAL", "1"))
    return (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def test_every_event_of_the_real_plans_is_on_a_date_its_task_states():
    from generator.index import build_index
    from generator.project import read_project

    index = build_index(read_project(ROOT / "plans", ROOT))
    by_uid_prefix = {f"{r.plan.province_slug}/{r.plan.slug}/{r.task.id}": r for r in index.tasks}
    data = build(index.tasks, site_url="https://example.org/")
    assert data == build(index.tasks, site_url="https://example.org/")
    found = events(data)
    assert found, "the seed plans have deadlines"
    uids = [str(e["uid"]) for e in found]
    assert len(uids) == len(set(uids))
    seen = set()
    for event in found:
        prefix, _ = str(event["uid"]).rsplit("/", 1)
        ref = by_uid_prefix[prefix]
        reading, day = ref.task.reading, start_of(event)
        seen.add(prefix)
        assert reading is not None
        if str(event["summary"]).startswith("Bắt đầu: "):
            assert day in {m.start for m in reading.milestones if m.due is None}
        elif "RRULE" in event and not reading.due:
            # a rule with no stated date starts at the end of its first period in the plan's year
            assert day == _period_end(reading.rrule, ref.plan.document.year)
        else:
            assert day in reading.due, (prefix, day, reading)
        assert str(event["url"]) == "https://example.org/" + task_url(ref.plan, ref.task)
    # every task that states a date has its events
    dated = {k for k, r in by_uid_prefix.items() if r.task.reading and (r.task.reading.due or r.task.reading.rrule)}
    assert dated <= seen


def test_a_national_set_has_no_calendar_of_every_task_but_keeps_each_plans(monkeypatch):
    from generator.exports import ics, render_exports
    from generator.index import build_index
    from generator.pages import render_pages
    from generator.project import read_project

    root = Path(__file__).resolve().parent.parent
    real_index = build_index(read_project(root / "plans", root), dt.date(2026, 11, 24))

    small = dict(render_exports(real_index, None))
    assert "han/lich.ics" in small
    deadlines = next(p for p in render_pages(real_index) if p.url == "han/")
    assert "lich.ics" in deadlines.content and "Không có một tệp lịch chung" not in deadlines.content

    monkeypatch.setattr(ics, "NATIONAL_CALENDAR_MAX_TASKS", len(real_index.tasks) - 1)
    large = dict(render_exports(real_index, None))
    assert "han/lich.ics" not in large
    assert set(large) == set(small) - {"han/lich.ics"}
    deadlines = next(p for p in render_pages(real_index) if p.url == "han/")
    assert "lich.ics" not in deadlines.content
    assert f"Không có một tệp lịch chung cho cả {len(real_index.tasks)} nhiệm vụ" in deadlines.content


def test_fold_cuts_lines_where_icalendar_does():
    """Our folding must give icalendar's bytes: every mix of one-, two-, three- and four-byte
    characters and escapes, at every length around the cut and at every offset."""
    from icalendar.parser.string import _foldline
    from generator.exports.ics import fold

    alphabet = ["a", "\\", "^", ",", "đ", "ệ", "Ư", "€", "𝄞", " ", "\\n", "\\\\", "^^"]
    lines = []
    for length in range(60, 240):
        for shift in range(len(alphabet)):
            lines.append("DESCRIPTION:" + "".join(alphabet[(i * 7 + shift) % len(alphabet)] for i in range(length)))
    lines += ["X:" + "\\" * n for n in range(60, 200)] + ["X:" + "đ" * n for n in range(20, 120)] + ["", "SUMMARY:ngắn"]
    different = [line for line in lines if fold(line) != _foldline(line)]
    assert not different, different[:3]
    assert any("\r\n " in fold(line) for line in lines)


def test_events_are_the_bytes_icalendar_writes():
    from generator.exports.ics import _event, _occurrences, _description, event_bytes

    title = "Rà soát " + "thủ tục hành chính liên thông, \\ đ; ^quý^ " * 9
    tasks = (make_task("i-1", "Tháng 3, 6/2019", title=title, lead="Sở A; Sở B,\\n " * 12),
             make_task("i-2", "Quý II/2019 và hàng năm"), make_task("i-3", "Hàng quý", title="x" * 300))
    dtstamp = dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)
    compared = 0
    for ref in refs_for(*tasks):
        description, url = _description(ref, ref.task.reading, "https://example.org/", task_url(ref.plan, ref.task))
        for n, occ in enumerate(_occurrences(ref, ref.task.reading)):
            event = _event(ref, n, occ, dtstamp, description, url)
            assert event_bytes(event) == event.to_ical()
            compared += 1
    assert compared == 4
