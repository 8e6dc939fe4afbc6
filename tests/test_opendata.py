"""Open data: the tables (CSV, JSON, .xlsx), the Frictionless Data Package, the JSON beside each task
page and the "Dữ liệu mở" page, on the real plans, the fictional example with reports, the fictional
registers and hostile text."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import frictionless
import markdown
import openpyxl
import pytest
from markupsafe import escape

from generator.exports.datapackage import DEFAULT_LICENSE
from generator.exports.tables import (FORMULA_PREFIXES, agency_csv_url, csv_bytes, neutralise, plan_csv_url,
                                      render_data_exports, row_counts, table_definitions, table_rows, task_json_url)
from generator.index import build_index
from generator.pages import render_pages
from generator.pages.markup import relative_url
from generator.pages.opendata import human_size, render_opendata_page
from generator.registers import read_registers
from generator.project import read_project
from generator.urls import task_url

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
REAL_AS_OF = dt.date(2022, 6, 1)
EXAMPLE_AS_OF = dt.date(2022, 6, 30)
BOM = "\ufeff".encode("utf-8")
LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "CC BY 4.0"}
MAIN = ["nhiem-vu", "co-quan", "nhiem-vu-co-quan", "bao-cao", "so-cong-khai"]
TASK_FIELDS = ["id", "number", "title", "lead", "coordinating", "start", "due", "products", "free_text_time", "line"]

# Text a spreadsheet would run as a formula, and text with commas and quotes, put into a copy of the
# hostile fixture plan (fields that need no agency or time reading).
FORMULA_TITLE = '=HYPERLINK("https://example.org/?x=1","Bấm vào, đây")'
QUOTED_TITLE = 'Nhiệm vụ "thí điểm", có dấu phẩy; và “ngoặc kép”, cả \'nháy đơn\''
FORMULA_PRODUCTS = "@SUM(A1:A9)"
FORMULA_DUE = "+1-1 (ghi bằng lời)"
FORMULA_SECTION = "-Nhóm có dấu trừ"


def write(files, out: Path) -> dict[str, bytes]:
    found = {}
    for path, content in files:
        assert path not in found, f"{path} rendered twice"
        found[path] = content
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return found


def read_csv(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(BOM)
    text = content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def valid_package(path: Path) -> frictionless.Report:
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    return report


@pytest.fixture(scope="module")
def real_index():
    return build_index(read_project(ROOT / "plans", ROOT), REAL_AS_OF)


@pytest.fixture(scope="module")
def real(real_index, tmp_path_factory):
    out = tmp_path_factory.mktemp("opendata-real")
    return out, write(render_data_exports(real_index, license=LICENSE, site_url=None), out)


@pytest.fixture(scope="module")
def example_index():
    project = read_project(FIXTURES / "example", ROOT, as_of=EXAMPLE_AS_OF)
    registers, problems = read_registers(FIXTURES / "registers", ROOT)
    assert problems == []
    return replace(build_index(project, EXAMPLE_AS_OF), registers=tuple(registers))


@pytest.fixture(scope="module")
def example(example_index, tmp_path_factory):
    out = tmp_path_factory.mktemp("opendata-example")
    files = render_data_exports(example_index, license=LICENSE, site_url="https://example.org/ke-hoach/")
    return out, write(files, out)


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory):
    plans = tmp_path_factory.mktemp("hostile") / "plans"
    shutil.copytree(FIXTURES / "hostile", plans)
    plan = plans / "tinh-mau" / "2024-thu-nghiem" / "plan.yml"
    text = plan.read_text("utf-8")
    text = text.replace('''title: "Nhiệm vụ <script>alert('task')</script> | * _ [x](javascript:alert(1)) </title>"''',
                        "title: " + json.dumps(FORMULA_TITLE, ensure_ascii=False))
    text = text.replace('products: "*Sản phẩm* __đậm__ `mã`"', "products: " + json.dumps(FORMULA_PRODUCTS))
    text = text.replace('due: "Quý II <!-- bình luận -->"', "due: " + json.dumps(FORMULA_DUE, ensure_ascii=False))
    text = text.replace('''title: "Nhóm <script>alert('section')</script> # ## {: onclick=alert(1) }"''',
                        "title: " + json.dumps(FORMULA_SECTION, ensure_ascii=False))
    assert text.count(FORMULA_TITLE.split('"')[0]) == 1 and FORMULA_PRODUCTS in text and FORMULA_SECTION in text
    plan.write_text(text, "utf-8")
    project = read_project(plans, plans.parent, as_of=REAL_AS_OF)
    index = build_index(project, REAL_AS_OF)
    registers, problems = read_registers(FIXTURES / "registers_hostile", ROOT)
    assert problems == []
    return replace(index, registers=tuple(registers))


@pytest.fixture(scope="module")
def hostile(hostile_index, tmp_path_factory):
    out = tmp_path_factory.mktemp("opendata-hostile")
    return out, write(render_data_exports(hostile_index, license=LICENSE, site_url=None), out)


# ---------------------------------------------------------------------------
# The data package
# ---------------------------------------------------------------------------

def test_real_data_package_validates_with_every_table(real, real_index):
    out, files = real
    report = valid_package(out / "du-lieu" / "datapackage.json")
    descriptor = json.loads(files["du-lieu/datapackage.json"])
    assert [r["name"] for r in descriptor["resources"]] == MAIN
    rows = {task.name: task.stats.get("rows", 0) for task in report.tasks}
    assert rows["nhiem-vu"] == len(real_index.tasks) == 193
    assert rows["co-quan"] == len(real_index.agencies)


def test_example_data_package_validates_with_reports_and_registers(example, example_index):
    out, files = example
    valid_package(out / "du-lieu" / "datapackage.json")
    counts = row_counts(example_index)
    assert counts["bao-cao"] == sum(len(r.entries) for p in example_index.plans for r in p.reports) > 0
    assert counts["so-cong-khai"] == sum(len(r.entries) for r in example_index.registers) > 0


def test_hostile_data_package_validates(hostile):
    out, _ = hostile
    valid_package(out / "du-lieu" / "datapackage.json")


def test_package_documents_every_column_in_vietnamese_and_english(real):
    _, files = real
    descriptor = json.loads(files["du-lieu/datapackage.json"])
    tables = table_definitions()
    assert descriptor["licenses"] == [LICENSE]
    assert descriptor["created"] == "2022-06-01T00:00:00Z"
    assert descriptor["as_of"] == "2022-06-01"
    assert "01/06/2022" in descriptor["citation"]
    for resource in descriptor["resources"]:
        table = tables[resource["name"]]
        assert resource["path"] == f"{table.name}.csv"
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == list(table.field_names)
        for field, column in zip(fields, table.columns):
            assert field["title"] == column.title and any(ord(ch) > 127 for ch in column.title), column.name  # Vietnamese
            assert re.match(r"[A-Za-z][A-Za-z ,.'()/-]+", column.en) and column.en not in (column.title, column.explanation)  # English
            assert column.en in field["description"] and column.explanation in field["description"]
        content = files[f"du-lieu/{table.name}.csv"]
        assert resource["bytes"] == len(content)


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------

def test_csv_files_have_bom_crlf_and_field_names(real):
    _, files = real
    for name, table in table_definitions().items():
        content = files[f"du-lieu/{name}.csv"]
        assert content.startswith(BOM)
        text = content.decode("utf-8-sig")
        assert text.startswith(",".join(table.field_names) + "\r\n")
        assert text.endswith("\r\n")
        # Every record ends with CRLF: re-writing what csv reads back gives the same text.
        again = io.StringIO(newline="")
        csv.writer(again, lineterminator="\r\n").writerows(csv.reader(io.StringIO(text, newline="")))
        assert again.getvalue() == text


def test_csv_row_counts_match_the_model(real, real_index):
    _, files = real
    counts = row_counts(real_index)
    for name in MAIN:
        assert len(read_csv(files[f"du-lieu/{name}.csv"])) == counts[name], name
    assert counts["nhiem-vu"] == 193
    assert counts["co-quan"] == len(real_index.agencies)
    assert counts["nhiem-vu-co-quan"] == sum(len(e.lead) + len(e.coordinating) + len(e.via_group)
                                             for e in real_index.agencies.values())
    rows = table_rows(real_index)
    assert {n: len(r) for n, r in rows.items()} == counts
    keys = [(r["plan_key"], r["task_id"]) for r in read_csv(files["du-lieu/nhiem-vu.csv"])]
    assert keys == [(ref.plan.key, ref.task.id) for ref in real_index.tasks]


def test_example_report_rows_match_the_reports(example, example_index):
    _, files = example
    rows = read_csv(files["du-lieu/bao-cao.csv"])
    expected = [(p.key, r.date.isoformat(), r.agency_id, e.task_id, e.state)
                for p in example_index.plans for r in p.reports for e in r.entries]
    assert [(r["plan_key"], r["report_date"], r["report_agency_id"], r["task_id"], r["state"]) for r in rows] == expected
    statuses = {r["task_id"]: r["status"] for r in read_csv(files["du-lieu/nhiem-vu.csv"])}
    # tests/fixtures/example/EXPECTED.md
    assert statuses["i-1"] == "done_on_time" and statuses["i-3"] == "done_late"
    assert statuses["ii-1"] == "open_overdue" and statuses["ii-3"] == "cancelled" and statuses["iii-1"] == "apart"
    tasks = {r["task_id"]: r for r in read_csv(files["du-lieu/nhiem-vu.csv"])}
    assert tasks["ii-1"]["url"] == "https://example.org/ke-hoach/tinh-mau/2022-ke-hoach-mau/ii-1/"


def test_example_register_rows(example, example_index):
    _, files = example
    rows = read_csv(files["du-lieu/so-cong-khai.csv"])
    assert len(rows) == sum(len(r.entries) for r in example_index.registers)
    first = next(r for r in rows if r["register"] == "xin-loi" and r["entry_number"] == "1")
    assert first["source_url"] == "https://mau.example/xin-loi/06"
    assert json.loads(first["fields"])["procedure"] == "Thủ tục mẫu cấp giấy mẫu (hư cấu)"


def test_per_plan_and_per_agency_tables(real, real_index):
    _, files = real
    for plan in real_index.plans:
        rows = read_csv(files[plan_csv_url(plan)])
        assert [r["task_id"] for r in rows] == [ref.task.id for ref in real_index.plan_tasks(plan)]
    tables = table_definitions()
    for (province, agency_id), entry in real_index.agencies.items():
        content = files[agency_csv_url(province, agency_id)]
        assert content.decode("utf-8-sig").startswith(",".join(tables["nhiem-vu-co-quan"].field_names) + "\r\n")
        rows = read_csv(content)
        assert {r["agency_id"] for r in rows} <= {agency_id}
        assert sorted((r["plan_key"], r["task_id"]) for r in rows if r["role"] == "lead" and not r["via_group_id"]) == \
            sorted((ref.plan.key, ref.task.id) for ref in entry.lead)
        assert sorted((r["plan_key"], r["task_id"]) for r in rows if r["role"] == "coordinating" and not r["via_group_id"]) == \
            sorted((ref.plan.key, ref.task.id) for ref in entry.coordinating)
        assert sorted((r["plan_key"], r["task_id"], r["via_group_id"], r["role"]) for r in rows if r["via_group_id"]) == \
            sorted((ref.plan.key, ref.task.id, group, role) for ref, group, role in entry.via_group)


def test_vietnamese_title_round_trips_in_csv(real, real_index):
    _, files = real
    rows = {(r["plan_key"], r["task_id"]): r for r in read_csv(files["du-lieu/nhiem-vu.csv"])}
    for ref in real_index.tasks:
        row = rows[(ref.plan.key, ref.task.id)]
        assert row["title"] == neutralise(ref.task.title or "")
        assert row["lead"] == neutralise(ref.task.lead or "")
    ii7 = rows[("bac-giang/2018-mot-cua", "ii-7")]
    assert ii7["title"].startswith("Tổ chức thực hiện toàn bộ quy trình tiếp nhận, giải quyết thủ tục hành chính")
    assert ii7["lead"].startswith("'- Các Sở, cơ quan thuộc UBND tỉnh;\n- Trung tâm")  # a leading "-" is neutralised
    assert ii7["full_number"] == "II.7" and ii7["due"] == "Quý II/2019" and ii7["due_dates"] == "2019-06-30"


def test_titles_with_commas_and_quotes_round_trip(real_index):
    table = table_definitions()["nhiem-vu"]
    ref = real_index.tasks[0]
    row = {**table_rows(real_index)["nhiem-vu"][0], "title": QUOTED_TITLE, "products": "a\r\nb, \"c\""}
    (back,) = read_csv(csv_bytes(table, [row]))
    assert back["title"] == QUOTED_TITLE and back["products"] == "a\r\nb, \"c\""
    assert back["task_id"] == ref.task.id


def test_hostile_text_is_neutralised_in_csv(hostile, hostile_index):
    _, files = hostile
    rows = read_csv(files["du-lieu/nhiem-vu.csv"])
    row = next(r for r in rows if r["task_id"] == "i-1")
    assert row["title"] == "'" + FORMULA_TITLE
    assert row["products"] == "'" + FORMULA_PRODUCTS
    assert row["due"] == "'" + FORMULA_DUE
    assert row["section_title"] == "'" + FORMULA_SECTION
    for name in MAIN:
        for r in read_csv(files[f"du-lieu/{name}.csv"]):
            for key, value in r.items():
                assert not value.startswith(FORMULA_PREFIXES), (name, key, value)
    # The JSON tables and the task JSON keep the text exactly.
    data = json.loads(files["du-lieu/nhiem-vu.json"])
    assert next(r for r in data["rows"] if r["task_id"] == "i-1")["title"] == FORMULA_TITLE
    ref = next(r for r in hostile_index.tasks if r.task.id == "i-1")
    assert json.loads(files[task_json_url(ref.plan, ref.task)])["title"] == FORMULA_TITLE
    # Markup in the hostile registers stays literal text too.
    registers = read_csv(files["du-lieu/so-cong-khai.csv"])
    assert registers and registers[0]["agency"] == "<script>alert('agency')</script>"


def test_neutralise():
    assert [neutralise(t) for t in ["=1+1", "+1", "-1", "@A1", "\tx", "a=1", "", "'x"]] == \
        ["'=1+1", "'+1", "'-1", "'@A1", "'\tx", "a=1", "", "'x"]


# ---------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------

def test_json_tables_hold_the_same_rows(real, real_index):
    _, files = real
    tables = table_definitions()
    for name in MAIN:
        data = json.loads(files[f"du-lieu/{name}.json"])
        assert data["as_of"] == "2022-06-01" and data["license"] == LICENSE
        assert [f["name"] for f in data["fields"]] == list(tables[name].field_names)
        assert len(data["rows"]) == row_counts(real_index)[name]
    rows = json.loads(files["du-lieu/nhiem-vu.json"])["rows"]
    assert [r["title"] for r in rows] == [ref.task.title for ref in real_index.tasks]


def test_one_task_json_beside_each_task_page(real, real_index):
    _, files = real
    urls = {task_url(ref.plan, ref.task) for ref in real_index.tasks}
    pages = {page.url for page in render_pages(real_index)}
    assert len(urls) == len(real_index.tasks) == 193 and urls <= pages
    json_files = sorted(p for p in files if p.endswith("/task.json"))
    assert json_files == sorted(f"{u}task.json" for u in urls)
    assert "bac-giang/2018-mot-cua/ii-7/task.json" in files


@pytest.mark.parametrize("which", ["real", "example"])
def test_task_json_equals_its_task(which, request):
    index = request.getfixturevalue(f"{which}_index")
    _, files = request.getfixturevalue(which)
    for ref in index.tasks:
        data = json.loads(files[task_json_url(ref.plan, ref.task)])
        task = ref.task
        for name in TASK_FIELDS:
            assert data[name] == getattr(task, name), (ref.task.id, name)
        assert data["lead_ids"] == list(task.lead_ids) and data["coordinating_ids"] == list(task.coordinating_ids)
        registry = next(p.registry for p in index.provinces if p.slug == ref.plan.province_slug)
        assert [(a["id"], a["name"]) for a in data["lead_agencies"]] == \
            [(a, registry.agencies[a].name) for a in task.lead_ids]
        assert [a["id"] for a in data["coordinating_agencies"]] == list(task.coordinating_ids)
        assert data["targets"] == [{"text": t.text, "comparator": t.comparator, "value": t.value, "unit": t.unit}
                                   for t in task.targets]
        assert data["reading"] == (task.reading.to_json() if task.reading else None)
        assert data["deadline_state"]["code"] == index.state(ref)
        status = index.progress.of(ref)
        assert data["status"]["category"] == status.category
        assert data["status"]["due"] == (status.due.isoformat() if status.due else None)
        assert data["status"]["as_of"] == index.as_of.isoformat()
        assert len(data["reports"]) == len(status.history)
        if status.latest:
            assert data["status"]["latest"]["date"] == status.latest.report.date.isoformat()
            assert data["status"]["latest"]["state"] == status.latest.entry.state
        else:
            assert data["status"]["latest"] is None
        assert data["plan"]["key"] == ref.plan.key and data["plan"]["number"] == ref.plan.document.number


def test_example_task_json_has_its_reports(example, example_index):
    _, files = example
    data = json.loads(files["tinh-mau/2022-ke-hoach-mau/i-1/task.json"])
    assert data["url"] == "https://example.org/ke-hoach/tinh-mau/2022-ke-hoach-mau/i-1/"
    assert [(r["date"], r["state"]) for r in data["reports"]] == [
        ("2022-01-15", "not_started"), ("2022-02-28", "in_progress"), ("2022-04-05", "done")]
    assert data["status"]["category"] == "done_on_time" and data["status"]["latest"]["completed"] == "2022-03-15"


# ---------------------------------------------------------------------------
# The workbook
# ---------------------------------------------------------------------------

def _sheet_rows(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c for c in row))) for row in ws.iter_rows(min_row=2)]


def test_workbook_opens_with_a_sheet_per_table(real, real_index):
    _, files = real
    wb = openpyxl.load_workbook(io.BytesIO(files["du-lieu/cong-khai-ke-hoach.xlsx"]))
    tables = table_definitions()
    assert wb.sheetnames[:len(MAIN)] == [tables[n].sheet for n in MAIN]
    counts = row_counts(real_index)
    for name in MAIN:
        ws = wb[tables[name].sheet]
        assert [c.value for c in ws[1]] == [c.title for c in tables[name].columns]
        assert all(c.font.bold for c in ws[1]) and ws.freeze_panes == "A2"
        assert ws.max_row == counts[name] + 1 or (counts[name] == 0 and ws.max_row == 1)
        widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for i in range(ws.max_column)]
        assert all(6 <= w <= 60 for w in widths)
    title = tables["nhiem-vu"].columns[[c.name for c in tables["nhiem-vu"].columns].index("title")].title
    task_id = tables["nhiem-vu"].columns[[c.name for c in tables["nhiem-vu"].columns].index("task_id")].title
    plan_key = tables["nhiem-vu"].columns[[c.name for c in tables["nhiem-vu"].columns].index("plan_key")].title
    rows = _sheet_rows(wb["Nhiệm vụ"])
    ii7 = next(r for r in rows if r[plan_key].value == "bac-giang/2018-mot-cua" and r[task_id].value == "ii-7")
    ref = next(r for r in real_index.tasks if r.plan.key == "bac-giang/2018-mot-cua" and r.task.id == "ii-7")
    assert ii7[title].value == ref.task.title
    assert [r[title].value for r in rows] == [ref.task.title for ref in real_index.tasks]
    due = tables["nhiem-vu"].columns[[c.name for c in tables["nhiem-vu"].columns].index("final_due")].title
    assert ii7[due].value.date() == dt.date(2019, 6, 30)  # a real date, not text


def test_workbook_keeps_formula_text_as_quoted_text(hostile):
    _, files = hostile
    wb = openpyxl.load_workbook(io.BytesIO(files["du-lieu/cong-khai-ke-hoach.xlsx"]))
    found = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                    assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
                    found[cell.value] = cell
    assert {FORMULA_TITLE, FORMULA_PRODUCTS, FORMULA_DUE, FORMULA_SECTION} <= set(found)


def test_workbook_is_stamped_with_the_as_of_date(real):
    _, files = real
    content = files["du-lieu/cong-khai-ke-hoach.xlsx"]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2022, 6, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2022-06-01T00:00:00Z") == 2
    wb = openpyxl.load_workbook(io.BytesIO(content))
    assert wb.properties.created == wb.properties.modified == dt.datetime(2022, 6, 1)


def test_each_province_has_a_workbook_of_its_own_rows(real, real_index):
    _, files = real
    tables = table_definitions()
    for province in real_index.provinces:
        path = f"{province.slug}/cong-khai-ke-hoach-{province.slug}.xlsx"
        wb = openpyxl.load_workbook(io.BytesIO(files[path]))
        assert wb.sheetnames[:len(MAIN)] == [tables[n].sheet for n in MAIN]
        title = tables["nhiem-vu"].columns[[c.name for c in tables["nhiem-vu"].columns].index("title")].title
        own = [ref.task.title for ref in real_index.tasks if ref.plan.province_slug == province.slug]
        assert [r[title].value for r in _sheet_rows(wb["Nhiệm vụ"])] == own and own
        about = {r[0].value: r[1].value for r in wb["Thông tin"].iter_rows(min_row=2)}
        assert about["Bộ dữ liệu"].endswith(f"của tỉnh {province.name}")
        page = next(p for p in render_pages(real_index) if p.src_uri == f"{province.slug}/index.md")
        assert f"cong-khai-ke-hoach-{province.slug}.xlsx" in page.content
        assert f'href="co-quan/"' in page.content  # the province's agency index, one click away


def test_large_data_has_no_national_workbook_but_keeps_the_provinces(real_index, monkeypatch):
    from generator.exports import tables as tables_module

    monkeypatch.setattr(tables_module, "NATIONAL_WORKBOOK_MAX_TASKS", len(real_index.tasks) - 1)
    files = dict(render_data_exports(real_index, license=LICENSE, site_url=None))
    assert "du-lieu/cong-khai-ke-hoach.xlsx" not in files
    assert {f"{p.slug}/cong-khai-ke-hoach-{p.slug}.xlsx" for p in real_index.provinces} <= set(files)
    page = render_opendata_page(real_index, [(p, len(c)) for p, c in files.items()], LICENSE)
    assert "du-lieu/cong-khai-ke-hoach.xlsx" not in page.content and "quá lớn cho một tệp Excel" in page.content


def test_large_national_tables_are_written_row_by_row_to_the_same_bytes(real_index, monkeypatch, tmp_path):
    from generator.exports import tables as tables_module

    in_memory = dict(render_data_exports(real_index, license=LICENSE, site_url=None))
    monkeypatch.setattr(tables_module, "NATIONAL_WORKBOOK_MAX_TASKS", 0)
    spilled = dict(render_data_exports(real_index, license=LICENSE, site_url=None, site_dir=tmp_path))
    as_files = {path: content for path, content in spilled.items() if isinstance(content, Path)}
    assert {p for p in as_files} == {f"du-lieu/{n}.{ext}" for n in MAIN for ext in ("csv", "json")}
    for path, file in as_files.items():
        assert file == tmp_path / path   # written where the site publishes it, so MkDocs copies nothing
        assert file.read_bytes() == in_memory[path], path
    assert spilled["du-lieu/datapackage.json"] == in_memory["du-lieu/datapackage.json"]


# ---------------------------------------------------------------------------
# Determinism
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["real", "example"])
def test_two_renders_are_byte_identical(which, request):
    index = request.getfixturevalue(f"{which}_index")
    site_url = "https://example.org/ke-hoach/" if which == "example" else None
    first = list(render_data_exports(index, license=LICENSE, site_url=site_url))
    second = list(render_data_exports(index, license=LICENSE, site_url=site_url))
    assert [p for p, _ in first] == [p for p, _ in second]
    for (path, a), (_, b) in zip(first, second):
        assert a == b, path
    _, files = request.getfixturevalue(which)
    assert dict(first) == files


def test_a_new_as_of_date_changes_the_stamps(example_index):
    later = replace(example_index, as_of=dt.date(2022, 7, 31))
    xlsx = dict(render_data_exports(later, license=LICENSE, site_url=None))["du-lieu/cong-khai-ke-hoach.xlsx"]
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2022, 7, 31, 0, 0, 0)}


# ---------------------------------------------------------------------------
# The "Dữ liệu mở" page
# ---------------------------------------------------------------------------

def test_opendata_page_links_every_file_with_counts_sizes_citation_and_licence(real, real_index):
    _, files = real
    sizes = [(path, len(content)) for path, content in files.items()]
    page = render_opendata_page(real_index, sizes, LICENSE)
    assert page.url == "du-lieu/" and page.src_uri == "du-lieu/index.md"
    html = markdown.markdown(page.content, extensions=["attr_list", "toc"], output_format="html")
    hrefs = set(re.findall(r'href="([^"]+)"', html))
    for path in files:
        if not path.endswith("/task.json"):  # one per task: the page explains the pattern, with one example
            assert relative_url(page.url, path) in hrefs, path
    assert sum(1 for h in hrefs if h.endswith("/task.json")) == 1
    counts = row_counts(real_index)
    tables = table_definitions()
    for name in MAIN:
        assert f'<a href="{name}.csv" download>' in html
        assert human_size(len(files[f"du-lieu/{name}.csv"])) in html
        assert f"{counts[name]} dòng" in html
        for column in tables[name].columns:
            assert f"<code>{column.name}</code>" in html and str(escape(column.en)) in html
            assert str(escape(column.explanation)) in html
    assert "01/06/2022" in html and "Công khai kế hoạch (2022)" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in html and "CC BY 4.0" in html
    assert "dấu nháy đơn" in html  # the formula neutralisation is explained
    assert "<script" not in html


def test_opendata_page_is_safe_with_hostile_text(hostile, hostile_index):
    _, files = hostile
    hostile_licence = {"name": "<b>x</b>", "path": "javascript:alert(1)", "title": "<script>alert(1)</script>"}
    page = render_opendata_page(hostile_index, [(p, len(c)) for p, c in files.items()], hostile_licence,
                                site_url="https://example.org/")
    html = markdown.markdown(page.content, extensions=["attr_list", "toc"], output_format="html")
    assert "<script" not in html
    assert not [h for h in re.findall(r'href="([^"]*)"', html) if not h.startswith(("https://", "../", "#")) and ":" in h]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "https://example.org/du-lieu/" in html


def test_human_size():
    assert [human_size(n) for n in (0, 999, 1000, 17151, 1_132_401, 999_960)] == \
        ["0 byte", "999 byte", "1,0 kB", "17,2 kB", "1,1 MB", "1,0 MB"]


def test_default_licence_is_a_frictionless_licence():
    assert DEFAULT_LICENSE["name"] and DEFAULT_LICENSE["path"].startswith("https://")


def test_a_national_set_lists_plans_and_agencies_by_province(real, real_index, monkeypatch):
    from generator.pages import opendata

    _, files = real
    sizes = [(path, len(content)) for path, content in files.items()]
    small = render_opendata_page(real_index, sizes, LICENSE).content
    assert all(f"{plan.key}/nhiem-vu.csv" in small for plan in real_index.plans)
    monkeypatch.setattr(opendata, "LIST_LIMIT", 1)
    large = render_opendata_page(real_index, sizes, LICENSE).content
    assert not any(f"{plan.key}/nhiem-vu.csv" in large for plan in real_index.plans)
    assert f"Có {len(real_index.plans)} kế hoạch, quá nhiều để liệt kê ở đây" in large
    for province in real_index.provinces:
        assert f'<a href="../{province.slug}/">Tỉnh {province.name}</a>: {len(province.plans)} kế hoạch' in large
        assert f'<a href="../{province.slug}/co-quan/">Tỉnh {province.name}</a>' in large
    assert "co-quan/" in large and "/nhiem-vu.csv\" download" not in large.split("## Theo cơ quan")[1].split("##")[0]
    assert len(large) < len(small)


def test_workbook_cells_stay_valid_for_any_text_and_number(tmp_path):
    from generator.exports import workbook

    long = "ạ" * 40000
    sheet, span = workbook._sheet(["Chữ", "Số"], [["x\ufffe\ud800\x07y", 1.5], [long, float("nan")],
                                                 [dt.datetime(2024, 5, 6, 17, 30, 15), 3]], [None, None])
    content = workbook._package([("Trang 'một'", sheet, span)], "t", dt.date(2024, 6, 30))
    wb = openpyxl.load_workbook(io.BytesIO(content))
    ws = wb["Trang 'một'"]
    assert ws["A2"].value == "x\ufffd\ufffd\ufffdy" and ws["B2"].value == 1.5
    assert len(ws["A3"].value) == workbook.CELL_MAX and ws["A3"].value.endswith("…") and ws["B3"].value is None
    assert ws["A4"].value == dt.datetime(2024, 5, 6, 17, 30, 15)
    assert ws.auto_filter.ref == "A1:B4"


def test_a_build_with_large_national_tables_publishes_them_in_place(tmp_path, monkeypatch):
    """A whole MkDocs build (in this process, so that the limit can be lowered) of the example plans
    as if they were a national set: the tables are written into the site, once, and the open-data
    page links to them with their sizes."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from generator.exports import tables as tables_module
    from sitebuild import write_config

    monkeypatch.setattr(tables_module, "NATIONAL_WORKBOOK_MAX_TASKS", 0)
    monkeypatch.setenv("AS_OF", EXAMPLE_AS_OF.isoformat())
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = tmp_path / "site"
    config = load_config(str(write_config(tmp_path, FIXTURES / "example")), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    # Read as the plugin reads it: file names relative to the folder of mkdocs.yml.
    index = build_index(read_project(FIXTURES / "example", tmp_path, EXAMPLE_AS_OF), EXAMPLE_AS_OF)
    expected = dict(render_data_exports(index, license=DEFAULT_LICENSE, site_url=None))
    for name in MAIN:
        for ext in ("csv", "json"):
            path = f"du-lieu/{name}.{ext}"
            assert (site / path).read_bytes() == expected[path], path
    assert not (site / "du-lieu" / "cong-khai-ke-hoach.xlsx").exists()
    page = (site / "du-lieu" / "index.html").read_text("utf-8")
    assert 'href="nhiem-vu-co-quan.csv"' in page and human_size(len(expected["du-lieu/nhiem-vu.csv"])) in page


@pytest.mark.parametrize("which", ["real_index", "hostile_index", "example_index"])
@pytest.mark.parametrize("keep", [20000, 2])
def test_joined_rows_are_written_as_the_same_rows_would_be_whole(which, keep, request, monkeypatch, tmp_path):
    """The task–agency rows share their task's part, which the writers serialise once: the files must
    be the bytes the same rows give as plain dicts (cells with line breaks, commas, quotes and
    formula signs; parts let go of and made again when there are more than the writer keeps)."""
    from generator.exports import tables as tables_module
    from generator.exports.tables import JoinedRow, agency_task_rows, json_table_bytes, write_table_files

    monkeypatch.setattr(tables_module._Parts, "KEEP", keep)
    index = request.getfixturevalue(which)
    table = table_definitions()["nhiem-vu-co-quan"]
    joined = agency_task_rows(index)
    assert joined and all(isinstance(row, JoinedRow) for row in joined)
    assert len({id(row.shared) for row in joined}) < len(joined)   # tasks with several agencies
    whole = [dict(row) for row in joined]
    if which == "real_index":   # the plans' agency cells keep their line breaks
        assert any("\n" in str(value) for row in whole for value in row.values())
    if which == "hostile_index":
        assert any(str(value).startswith(("=", "@", "+", "-")) for row in whole for value in row.values())
    assert csv_bytes(table, joined) == csv_bytes(table, whole)
    expected_json = json_table_bytes(table, whole, as_of=index.as_of, license=LICENSE)
    assert json_table_bytes(table, joined, as_of=index.as_of, license=LICENSE) == expected_json
    csv_path, json_path = write_table_files(table, iter(joined), tmp_path, as_of=index.as_of, license=LICENSE)
    assert csv_path.read_bytes() == csv_bytes(table, whole) and json_path.read_bytes() == expected_json


def test_joined_rows_whose_parts_do_not_follow_the_columns_are_written_whole():
    from generator.exports.tables import JoinedRow, json_table_bytes

    table = table_definitions()["nhiem-vu-co-quan"]
    names = table.field_names
    # The own part holds the first column and one from the middle: not a run of columns in order.
    own = {names[0]: "a,b", names[10]: "=1+1"}
    shared = {name: f"giá trị\n{name}, \"x\"" for name in names if name not in own}
    rows = [JoinedRow(own, shared), JoinedRow(own, shared)]
    whole = [dict(row) for row in rows]
    assert csv_bytes(table, rows) == csv_bytes(table, whole)
    assert (json_table_bytes(table, rows, as_of=REAL_AS_OF, license=LICENSE)
            == json_table_bytes(table, whole, as_of=REAL_AS_OF, license=LICENSE))
    assert "'=1+1" in csv_bytes(table, rows).decode("utf-8-sig")
    # A first row that fits, then one whose own part holds a column of the shared part's.
    first = {name: "x" for name in names[:6]}
    rest = {name: "y" for name in names[6:]}
    rows = [JoinedRow(first, rest), JoinedRow({**first, names[7]: "mine"}, rest)]
    whole = [dict(row) for row in rows]
    assert whole[1][names[7]] == "mine"
    assert csv_bytes(table, rows) == csv_bytes(table, whole)
    assert (json_table_bytes(table, rows, as_of=REAL_AS_OF, license=LICENSE)
            == json_table_bytes(table, whole, as_of=REAL_AS_OF, license=LICENSE))
