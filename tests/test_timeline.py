"""The plan timeline: columns, marks, hidden words, counts below, escaping, links and size."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from markupsafe import Markup

from generator.deadlines import read_task_time
from generator.model import Document, Plan, Section, Task, TaskRef
from generator.pages import timeline
from generator.pages.timeline import render_timeline
from generator.urls import plan_url, task_url

ROOT = Path(__file__).parent.parent
YEAR = 2022


# ---------------------------------------------------------------------------
# Building plans in memory
# ---------------------------------------------------------------------------

def task(id: str, title: str | None = None, start: str | None = None, due: str | None = None, *,
         number: str | None = None, subtasks: tuple[Task, ...] = (), free_text: bool = False) -> Task:
    return Task(
        id=id, number=number if number is not None else id, title=title or f"Nhiệm vụ {id}",
        lead=None, coordinating=None, start=start, due=due, products=None, targets=(), subtasks=subtasks,
        line=1, reading=None if free_text else read_task_time(start, due, YEAR), free_text_time=free_text,
    )


def plan(*tasks: Task, year: int = YEAR, sections: tuple[Section, ...] = ()) -> Plan:
    document = Document(type="plan", title="Kế hoạch thử", number="1/KH-UBND", issuer="UBND tỉnh",
                        province="Mẫu", place_date=None, date=None, year=year, signature=None, source="thu.pdf")
    return Plan(province_slug="tinh-mau", slug="ke-hoach", file="plans/tinh-mau/ke-hoach/plan.yml",
                document=document, decision=None, legal_bases=(), preamble=None, purposes=None,
                requirements=None, content=(), implementation=(), recipients=(), missing_appendices=(),
                task_table=None, sections=sections or (Section(1, "I", "Nhóm thử", tuple(tasks)),))


def render(*tasks: Task) -> str:
    p = plan(*tasks)
    out = render_timeline(tuple(p.walk()), plan_url(p), task_url)
    assert isinstance(out, Markup)
    return str(out)


# ---------------------------------------------------------------------------
# Reading the HTML back
# ---------------------------------------------------------------------------

def text(fragment: str) -> str:
    """Visible and hidden text of an HTML fragment, tags dropped."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def column_labels(page: str) -> list[str]:
    """The screen-reader labels of the period columns, in order."""
    head = re.search(r"<thead>(.*?)</thead>", page, re.S)[1]
    return re.findall(r'<span class="kh-tl-sr">([^<]*)</span></th>', head)


def short_labels(page: str) -> list[str]:
    head = re.search(r"<thead>(.*?)</thead>", page, re.S)[1]
    return [text(s) for s in re.findall(r'<span aria-hidden="true">(.*?)</span>', head)]


def row(page: str, task_id: str) -> str:
    """The <tr> of the task whose page is `task_id`."""
    rows = [r for r in re.findall(r"<tr[ >].*?</tr>", page, re.S) if f'href="{task_id}/"' in r]
    assert len(rows) == 1, f"expected one row for {task_id}, found {len(rows)}"
    return rows[0]


def cells(tr: str) -> list[str]:
    return re.findall(r"<td[^>]*>.*?</td>", tr, re.S)


def cell_at(page: str, task_id: str, label: str) -> str:
    """The cell of task `task_id` in the column read as `label` ("Tháng 6/2022")."""
    return cells(row(page, task_id))[column_labels(page).index(label)]


def classes(td: str) -> set[str]:
    m = re.match(r'<td class="([^"]*)"', td)
    return set(m[1].split()) if m else set()


def months(year: int, first: int, last: int) -> list[str]:
    return [f"Tháng {m}/{year}" for m in range(first, last + 1)]


# ---------------------------------------------------------------------------
# Columns
# ---------------------------------------------------------------------------

def test_columns_span_earliest_to_latest_month():
    page = render(task("1", due="Tháng 3/2022"), task("2", due="Quý III/2022"), task("3", due="Trước ngày 15/11/2022"))
    assert column_labels(page) == months(2022, 3, 11)
    assert short_labels(page) == [f"T{m}/2022" for m in range(3, 12)]
    assert '<th scope="col">' in page and page.count('<th scope="col">') == 1 + 9  # the task column + months


def test_columns_cross_a_year():
    page = render(task("1", start="Tháng 11/2022", due="Tháng 2/2023"))
    assert column_labels(page) == ["Tháng 11/2022", "Tháng 12/2022", "Tháng 1/2023", "Tháng 2/2023"]


def test_quarters_when_span_exceeds_24_months():
    page = render(task("1", due="Quý I/2022"), task("2", due="Tháng 2/2024"))  # 26 months
    assert column_labels(page) == ["Quý I/2022", "Quý II/2022", "Quý III/2022", "Quý IV/2022",
                                   "Quý I/2023", "Quý II/2023", "Quý III/2023", "Quý IV/2023", "Quý I/2024"]
    assert short_labels(page)[0] == "Q1/2022" and short_labels(page)[-1] == "Q1/2024"
    assert "theo quý" in page
    assert classes(cell_at(page, "2", "Quý I/2024")) >= {"u", "d"}


def test_months_up_to_24_months():
    page = render(task("1", due="Tháng 1/2022"), task("2", due="Tháng 12/2023"))  # exactly 24 months
    assert column_labels(page) == months(2022, 1, 12) + months(2023, 1, 12)


# ---------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------

def test_quarter_task_runs_april_to_june_with_its_due_in_june():
    page = render(task("1", due="Tháng 1/2022"), task("2", due="Quý II/2022"), task("3", due="Tháng 12/2022"))
    for label in months(2022, 4, 6):
        assert "u" in classes(cell_at(page, "2", label)), label
    for label in months(2022, 1, 3) + months(2022, 7, 12):
        assert cell_at(page, "2", label) == "<td></td>", label
    june = cell_at(page, "2", "Tháng 6/2022")
    assert "d" in classes(june)
    assert '<b aria-hidden="true">◆</b>' in june                      # a visible mark, not colour alone
    assert "<i>hạn chót 30/06/2022</i>" in june                         # hidden words for screen readers
    assert "hạn chót" not in cell_at(page, "2", "Tháng 4/2022")


def test_under_way_is_said_once_per_run():
    page = render(task("1", start="Tháng 2/2022", due="Tháng 11/2022"))
    tr = row(page, "1")
    assert text(tr).count("đang thực hiện") == 1
    assert "đang thực hiện" in cell_at(page, "1", "Tháng 2/2022")
    assert cell_at(page, "1", "Tháng 5/2022") == '<td class="u"></td>'


def test_due_only_is_a_single_mark():
    page = render(task("1", due="Trước ngày 15/12/2022"), task("2", due="Tháng 10/2022"))
    dec = cell_at(page, "1", "Tháng 12/2022")
    assert classes(dec) == {"d"} and "hạn chót 15/12/2022" in dec
    assert "đang thực hiện" not in row(page, "1")
    assert all(c == "<td></td>" for c in cells(row(page, "1"))[:-1])


def test_milestones_in_their_months_with_labels():
    cell = ("- Quý IV/2019: Kết nối với CSDL về đăng ký kinh doanh;\n"
            "- Quý III/2020: Kết nối với CSDL về dân cư;\n"
            "- Quý IV/2020: Kết nối với Công thanh toán tập trung.")
    page = render(task("1", due=cell))
    assert column_labels(page) == months(2019, 10, 12) + months(2020, 1, 12)
    sept = cell_at(page, "1", "Tháng 9/2020")
    assert "m" in classes(sept) and '<b aria-hidden="true">●</b>' in sept
    assert "<i>mốc: Kết nối với CSDL về dân cư, 30/09/2020</i>" in sept
    assert "mốc: Kết nối với CSDL về đăng ký kinh doanh, 31/12/2019" in cell_at(page, "1", "Tháng 12/2019")
    assert "mốc: Kết nối với Công thanh toán tập trung, 31/12/2020" in cell_at(page, "1", "Tháng 12/2020")
    # A milestone's date is said once, as the milestone, not again as a bare due date.
    assert "hạn chót" not in page


def test_open_ended_milestones_and_start():
    start = "- Đối với Trung tâm HCC tỉnh: từ 01- 6/2022\n- Đối với Trung tâm HCC cấp huyện: từ 01/12/2022"
    page = render(task("1", start=start), task("2", due="Kể từ ngày 01/03/2022"))
    assert "mốc: Đối với Trung tâm HCC tỉnh, từ 01/06/2022" in cell_at(page, "1", "Tháng 6/2022")
    assert "mốc: Đối với Trung tâm HCC cấp huyện, từ 01/12/2022" in cell_at(page, "1", "Tháng 12/2022")
    march = cell_at(page, "2", "Tháng 3/2022")
    assert "b" in classes(march) and '<b aria-hidden="true">▶</b>' in march and "bắt đầu 01/03/2022" in march
    # Ongoing from its start: under way to the end of the chart.
    assert all("u" in classes(c) for c in cells(row(page, "2"))[2:])


def test_empty_cells_are_empty():
    page = render(task("1", due="Tháng 1/2022"), task("2", due="Tháng 12/2022"))
    assert cells(row(page, "1"))[1:] == ["<td></td>"] * 11


# ---------------------------------------------------------------------------
# Tasks without dates
# ---------------------------------------------------------------------------

def test_undated_tasks_are_counted_below_not_in_rows():
    page = render(
        task("1", due="Quý II/2022"),
        task("2", due="Thường xuyên"), task("3", due="Thường xuyên"),
        task("4", due="Ngay sau khi có văn bản hướng dẫn"),
        task("5", due="Hàng năm"),
        task("6"),
        task("7", due="Khi nào xong thì thôi", free_text=True),
    )
    for task_id in "234567":
        assert f'href="{task_id}/"' not in page
    rest = re.search(r'<ul class="kh-tl-rest">(.*?)</ul>', page, re.S)[1]
    assert [text(li) for li in re.findall(r"<li>(.*?)</li>", rest)] == [
        "Thường xuyên: 2 nhiệm vụ", "Định kỳ: 1 nhiệm vụ", "Khi có điều kiện: 1 nhiệm vụ",
        "Không nêu thời gian: 1 nhiệm vụ", "Thời gian ghi bằng lời: 1 nhiệm vụ",
    ]
    assert page.index("</table>") < page.index('<ul class="kh-tl-rest">')


def test_only_nonzero_counts():
    page = render(task("1", due="Quý II/2022"), task("2", due="Thường xuyên"))
    assert "Thường xuyên: 1 nhiệm vụ" in page
    for word in ("Định kỳ:", "Khi có điều kiện:", "Không nêu thời gian:", "Thời gian ghi bằng lời:"):
        assert word not in page
    assert "kh-tl-rest" in page


def test_no_counts_when_every_task_is_dated():
    page = render(task("1", due="Quý II/2022"))
    assert "kh-tl-rest" not in page


def test_no_dated_task_says_so():
    page = render(task("1", due="Thường xuyên"), task("2", due="Theo chỉ đạo của UBND tỉnh"))
    assert "<table" not in page
    assert "Kế hoạch không ghi ngày tháng cụ thể cho nhiệm vụ nào." in page
    assert "Thường xuyên: 1 nhiệm vụ" in page and "Khi có điều kiện: 1 nhiệm vụ" in page


def test_group_row_places_its_dated_subrows_and_is_not_counted():
    parent = task("2", "Nhóm việc", number="2", subtasks=(
        task("2-1", "Việc con có hạn", due="Tháng 5/2022", number="-"),
        task("2-2", "Việc con thường xuyên", due="Thường xuyên", number="-"),
    ))
    page = render(task("1", due="Tháng 3/2022"), parent)
    group, sub = row(page, "2"), row(page, "2-1")
    assert 'class="g"' in group and all(c == "<td></td>" for c in cells(group))
    assert 'class="s1"' in sub and "hạn chót 31/05/2022" in sub
    assert page.index('href="2/"') < page.index('href="2-1/"')
    assert "Thường xuyên: 1 nhiệm vụ" in page and "Không nêu thời gian" not in page


# ---------------------------------------------------------------------------
# Row headers, links, escaping, accessibility frame
# ---------------------------------------------------------------------------

def test_every_row_header_links_its_task_page():
    p = plan(task("1", due="Tháng 3/2022"), task("2", due="Quý II/2022"), task("3", due="Tháng 9/2022"))
    page = str(render_timeline(tuple(p.walk()), "tinh-mau/ke-hoach/", task_url))
    headers = re.findall(r'<th scope="row">(.*?)</th>', page, re.S)
    assert len(headers) == 3
    for task_id, header in zip("123", headers):
        assert re.search(rf'<span class="kh-tl-n">{task_id}</span> <a href="{task_id}/">Nhiệm vụ {task_id}</a>', header)
    # From another page the links are relative to it.
    elsewhere = str(render_timeline(tuple(p.walk()), "tinh-mau/", task_url))
    assert 'href="ke-hoach/2/"' in elsewhere


def test_hostile_title_is_escaped():
    page = render(task("1", "<script>x</script> & \"q\" <b>", due="Quý II/2022"))
    assert "<script>" not in page and "<b>\"" not in page
    assert "&lt;script&gt;x&lt;/script&gt; &amp; &#34;q&#34; &lt;b&gt;" in page


def test_hostile_milestone_label_is_escaped():
    page = render(task("1", due="- Quý II/2022: <img src=x onerror=alert(1)>"))
    assert "<img" not in page and "mốc: &lt;img src=x onerror=alert(1)&gt;, 30/06/2022" in page


def test_long_title_kept_whole_for_screen_readers():
    title = "Rà soát " + "rất dài " * 40 + "kết thúc"
    page = render(task("1", title, due="Quý II/2022"))
    assert f'<a href="1/">{title}</a>' in page     # cut visually by CSS only


def test_frame_is_an_accessible_scrolling_region():
    page = render(task("1", due="Quý II/2022"), task("2", due="Hàng năm"))
    assert re.search(r'<div class="kh-tl-wrap" role="region" aria-label="[^"]+" tabindex="0">\s*<table', page)
    assert "<caption" in page
    assert "<script" not in page and "style=" not in page
    # One HTML block for Markdown: no blank line anywhere.
    assert "\n\n" not in page.strip()


def test_recurring_dated_task_is_marked():
    page = render(task("1", due="Quý II/2022 và hàng năm"))
    assert '<span class="kh-tl-sr">và định kỳ</span>' in row(page, "1")


def test_sections_name_their_rows_when_there_are_several():
    one = render(task("1", due="Quý II/2022"), task("2", due="Quý III/2022"))
    assert "rowgroup" not in one and one.count("<tbody>") == 1
    p = plan(sections=(
        Section(1, "I", "Nhóm <đầu>", (task("i-1", due="Quý II/2022"),)),
        Section(2, None, None, (task("ii-1", due="Thường xuyên"),)),       # nothing dated: no group
        Section(3, "III", "Nhóm cuối", (task("iii-1", due="Quý III/2022"),)),
    ))
    page = str(render_timeline(tuple(p.walk()), plan_url(p), task_url))
    names = re.findall(r'<th scope="rowgroup" colspan="(\d+)"><span>(.*?)</span></th>', page)
    assert names == [("7", "I. Nhóm &lt;đầu&gt;"), ("7", "III. Nhóm cuối")]   # the task column + 6 months
    assert page.count("<tbody>") == 2
    assert page.index("I. Nhóm") < page.index('href="i-1/"') < page.index("III. Nhóm") < page.index('href="iii-1/"')


# ---------------------------------------------------------------------------
# Size
# ---------------------------------------------------------------------------

def test_size_150_tasks_by_24_months():
    long_title = "Tổ chức thực hiện toàn bộ quy trình tiếp nhận, giải quyết thủ tục hành chính thuộc thẩm quyền " * 2
    dues = ["Quý I/2022", "Từ tháng 2 đến tháng 11/2022", "Trước ngày 31/12/2023", "Tháng 3, 6, 9, 12/2023",
            "Kể từ ngày 01/01/2022"]
    tasks = [task(f"t-{i}", long_title, due=dues[i % len(dues)], number=str(i)) for i in range(150)]
    page = render(*tasks)
    assert len(column_labels(page)) == 24
    assert len(page.encode("utf-8")) < 150_000, len(page.encode("utf-8"))


# ---------------------------------------------------------------------------
# The real Bắc Giang 2018 plan
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bac_giang_2018():
    from generator.index import build_index
    from generator.project import read_project

    index = build_index(read_project(ROOT / "plans", ROOT))
    p = next(p for p in index.plans if p.key == "bac-giang/2018-mot-cua")
    return p, index.plan_tasks(p)


def test_bac_giang_2018(bac_giang_2018):
    p, refs = bac_giang_2018
    page = str(render_timeline(refs, plan_url(p), task_url))
    assert len(page.encode("utf-8")) < 40_000
    # Dates run from 9/2018 to 12/2020, 28 months: the chart is by quarter, and 31/12/2018 falls in Q4/2018.
    assert column_labels(page)[0] == "Quý III/2018" and column_labels(page)[-1] == "Quý IV/2020"
    due = cell_at(page, "ii-6", "Quý IV/2018")
    assert "d" in classes(due) and "hạn chót 31/12/2018" in due
    assert "mốc: Kết nối với CSDL về dân cư, 30/09/2020" in cell_at(page, "iii-8", "Quý III/2020")
    # Undated tasks are counted, not drawn.
    assert 'href="ii-4/"' not in page and "Thường xuyên: 4 nhiệm vụ" in page
    assert "Khi có điều kiện: 4 nhiệm vụ" in page and "Định kỳ: 5 nhiệm vụ" in page
    headers = re.findall(r'<th scope="row">(.*?)</th>', page, re.S)
    assert len(headers) == 15 and all('<a href="' in h for h in headers)


def test_bac_giang_2018_by_month(bac_giang_2018, monkeypatch):
    """With month columns (a chart up to 28 months wide), ii-6 "Trước ngày 31/12/2018" is due in T12/2018."""
    monkeypatch.setattr(timeline, "MAX_MONTHS", 28)
    p, refs = bac_giang_2018
    page = str(render_timeline(refs, plan_url(p), task_url))
    assert column_labels(page)[0] == "Tháng 9/2018" and column_labels(page)[-1] == "Tháng 12/2020"
    assert "T12/2018" in short_labels(page)
    due = cell_at(page, "ii-6", "Tháng 12/2018")
    assert classes(due) == {"d"} and "hạn chót 31/12/2018" in due
    assert sum("hạn chót" in c for c in cells(row(page, "ii-6"))) == 1


def test_counts_agree_with_deadline_states():
    """A task both ongoing and recurring is counted as recurring, as generator.schedule.state_of says."""
    page = render(task("1", due="Quý II/2022"), task("2", due="Thường xuyên và hàng năm"))
    assert "Định kỳ: 1 nhiệm vụ" in page and "Thường xuyên:" not in page
