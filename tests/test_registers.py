"""Public registers ("sổ công khai"): schemas with their columns, pages, CSV and Atom exports, bad input.

The register entries used here are fictional (tests/fixtures/registers*/tinh-mau/…); the real
provinces' registers are empty until an entry with a real source is added.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from jsonschema import Draft202012Validator

from generator.exports.registers import render_register_exports
from generator.load import load_yaml_bytes, load_yaml_file
from generator.pages.registers import EMPTY_REGISTER, render_register_pages
from generator.registers import (Register, read_registers, register_csv_url, register_feed_url, register_kinds,
                                 register_schema, register_url, registers_url, validate_register)
from generator.validate import check_schema

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
STAMP = dt.date(2024, 5, 1)
ATOM = "{http://www.w3.org/2005/Atom}"
KINDS = ["dia-chi-tiep-nhan-pakn", "ket-qua-xu-ly-pakn", "danh-gia-766", "xin-loi"]
REAL = {"bac-giang": "Bắc Giang", "bac-ninh": "Bắc Ninh", "vinh-phuc": "Vĩnh Phúc"}


def read(plans_dir: Path, root: Path = ROOT) -> list[Register]:
    registers, problems = read_registers(plans_dir, root)
    assert problems == [], "\n".join(map(str, problems))
    return registers


def pages_by_url(registers):
    return {page.url: page.content for page in render_register_pages(registers)}


def to_html(content: str) -> str:
    """The Markdown as MkDocs renders it here (attr_list and toc are enabled in mkdocs.yml)."""
    return markdown.markdown(content, extensions=["attr_list", "toc"], output_format="html")


class _Rows(HTMLParser):
    """Every table row with an id: its cells' text by data-label, and the hrefs inside it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: dict[str, dict] = {}
        self._row = self._label = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and attrs.get("id"):
            self._row = self.rows.setdefault(attrs["id"], {"cells": {}, "hrefs": []})
        elif tag == "td" and self._row is not None:
            self._label = attrs.get("data-label")
            self._row["cells"][self._label] = ""
        elif tag == "a" and self._row is not None:
            self._row["hrefs"].append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "tr":
            self._row = None
        if tag == "td":
            self._label = None

    def handle_data(self, data):
        if self._row is not None and self._label:
            self._row["cells"][self._label] += data


def table_rows(content: str) -> dict[str, dict]:
    parser = _Rows()
    parser.feed(to_html(content))
    return parser.rows


def shown(value) -> str:
    """How the page writes a value: dates dd/mm/yyyy, decimals with a comma, text as written."""
    if isinstance(value, float):
        return format(value, "g").replace(".", ",")
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    return str(value)


def flat(text: str) -> str:
    return " ".join(text.split())


def leaves(value, path=()):
    """Every scalar inside an entry, with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from leaves(item, path + (i,))
    else:
        yield path, value


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "the CSV starts with a UTF-8 BOM"
    text = data[3:].decode("utf-8")
    assert text.endswith("\r\n") and text.split("\r\n", 1)[0].count("\n") == 0, "rows end with CRLF"
    return list(csv.reader(io.StringIO(text, newline="")))


# ---------------------------------------------------------------------------
# The definitions: one schema per kind, columns inside it
# ---------------------------------------------------------------------------

def test_four_kinds_in_order_each_defined_by_its_schema():
    kinds = register_kinds()
    assert list(kinds) == KINDS
    for slug, kind in kinds.items():
        root = register_schema(slug)
        Draft202012Validator.check_schema(root)
        assert root["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert root["additionalProperties"] is False and root["$defs"]["entry"]["additionalProperties"] is False
        assert "source" in root["$defs"]["entry"]["required"]
        assert root["$defs"]["source"]["required"] == ["title"]
        assert [name for name, _ in kind.columns] == root["x-order"]
        assert all(label and label != name for name, label in kind.columns), kind.columns
        assert kind.title == root["x-title"] and kind.description == root["x-description"]
        assert kind.columns[-1] == ("source", "Nguồn")
        assert kind.csv_header[0] == "Tỉnh" and kind.csv_header[-3:] == ("Nguồn", "Đường dẫn nguồn", "Ngày của nguồn")
        assert kind.legal_basis, slug
    # The source definition is the same in every register.
    sources = {json.dumps(register_schema(slug)["$defs"]["source"], sort_keys=True) for slug in KINDS}
    assert len(sources) == 1


@pytest.mark.parametrize("slug", KINDS)
def test_every_legal_basis_quotes_its_seed_exactly_and_names_the_plan_encoded_from_it(slug):
    if not SEEDS.is_dir():
        pytest.skip("the seed plans are not beside this checkout")
    for citation in register_kinds()[slug].legal_basis:
        seed = " ".join((SEEDS / citation.seed).read_text("utf-8").split())
        assert " ".join(citation.quote.split()) in seed, (citation.seed, citation.quote)
        plan = load_yaml_file(ROOT / "plans" / citation.plan / "plan.yml")
        assert plan.data["document"]["source"] == citation.seed


def test_the_shared_check_schema_loads_a_register_schema_by_its_subfolder_name():
    doc = load_yaml_file(FIXTURES / "registers_bad" / "unknown_field" / "tinh-mau" / "registers" / "xin-loi.yml", "x.yml")
    assert [p.message for p in check_schema(doc, "registers/xin-loi")] == [p.message for p in validate_register(doc, "xin-loi")]


# ---------------------------------------------------------------------------
# Round trip: YAML → page → CSV → feed, for the fictional province
# ---------------------------------------------------------------------------

def test_fixture_round_trip_page_csv_and_feed():
    registers = read(FIXTURES / "registers", FIXTURES)
    assert [r.kind.slug for r in registers] == KINDS
    pages = pages_by_url(registers)
    exports = dict(render_register_exports(registers, site_url=None, stamp=STAMP))
    for register in registers:
        kind = register.kind
        assert 2 <= len(register.entries) <= 3
        content = pages[register_url(kind.slug)]
        rows = table_rows(content)
        csv_rows = read_csv(exports[register_csv_url(kind.slug)])
        assert csv_rows[0] == list(kind.csv_header)
        assert len(csv_rows) == 1 + len(register.entries)
        for n, entry in enumerate(register.entries, start=1):
            row = rows[f"tinh-mau-{n}"]
            assert set(row["cells"]) == {"STT", *(label for _, label in kind.columns)}
            text = "\n".join(row["cells"].values())
            csv_row = csv_rows[n]
            assert csv_row[0] == register.province and len(csv_row) == len(kind.csv_header)
            for path, value in leaves(entry):
                if path[-1] == "url" or path == ("website",):
                    assert value in row["hrefs"], (path, value)
                else:
                    assert flat(shown(value)) in flat(text), (kind.slug, n, path, value, text)
                csv_value = format(value, "g") if isinstance(value, float) else str(value)
                assert any(csv_value in cell for cell in csv_row), (path, value, csv_row)
            # Fields left out show as "không ghi", never as an invented value.
            for name, label in kind.columns:
                if name not in entry:
                    assert row["cells"][label] == "không ghi"
        feed = ET.fromstring(exports[register_feed_url(kind.slug)])
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == len(register.entries)
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        assert len(set(ids)) == len(ids) and all(i.startswith(f"tag:cong-khai-ke-hoach,2024:so-cong-khai/{kind.slug}/tinh-mau/") for i in ids)
        assert feed.findtext(f"{ATOM}id") == f"tag:cong-khai-ke-hoach,2024:so-cong-khai/{kind.slug}"
        assert {e.find(f"{ATOM}link").get("href") for e in entries} == {f"./#tinh-mau-{n}" for n in range(1, len(register.entries) + 1)}


def test_feed_dates_come_from_the_date_field_and_links_use_the_site_url():
    registers = read(FIXTURES / "registers", FIXTURES)
    exports = dict(render_register_exports(registers, site_url="https://vi-du.example/ke-hoach/", stamp=STAMP))
    feed = ET.fromstring(exports[register_feed_url("xin-loi")])
    assert feed.findtext(f"{ATOM}updated") == "2024-04-02T00:00:00+00:00"   # the newest apology
    updated = [e.findtext(f"{ATOM}updated")[:10] for e in feed.findall(f"{ATOM}entry")]
    assert updated == ["2024-04-02", "2024-03-15", "2023-12-29"]              # newest first
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    assert links[0] == "https://vi-du.example/ke-hoach/so-cong-khai/xin-loi/#tinh-mau-2"
    self_link = [l.get("href") for l in feed.findall(f"{ATOM}link") if l.get("rel") == "self"]
    assert self_link == ["https://vi-du.example/ke-hoach/so-cong-khai/xin-loi/feed.xml"]
    # An entry dated only by an undated source takes the stamp; the feed takes its newest dated entry.
    feed = ET.fromstring(exports[register_feed_url("danh-gia-766")])
    assert feed.findtext(f"{ATOM}updated") == "2024-01-20T00:00:00+00:00"
    assert sorted(e.findtext(f"{ATOM}updated")[:10] for e in feed.findall(f"{ATOM}entry")) == ["2024-01-20", "2024-05-01"]
    assert b"python-feedgen" not in exports[register_feed_url("xin-loi")]


def test_hub_lists_every_register_with_why_and_counts():
    registers = read(FIXTURES / "registers", FIXTURES)
    hub = pages_by_url(registers)[registers_url()]
    html = to_html(hub)
    for slug, kind in register_kinds().items():
        assert f'href="{slug}/"' in html
        assert kind.description in html
        for citation in kind.legal_basis:
            assert citation.quote.replace("&", "&amp;") in html or citation.quote in html
    counts = re.findall(r"Tỉnh Mẫu \(hư cấu\)</a>: (\d+) mục", html)
    assert counts == [str(len(r.entries)) for r in registers]
    assert 'class="kh-crumbs"' in html


# ---------------------------------------------------------------------------
# The real provinces: empty registers, valid, and said to be empty
# ---------------------------------------------------------------------------

def test_real_registers_are_valid_empty_and_say_so():
    registers = read(ROOT / "plans")
    assert sorted((r.province_slug, r.kind.slug) for r in registers) == sorted((p, k) for p in REAL for k in KINDS)
    for register in registers:
        assert register.entries == (), f"{register.file}: entries need a real source; none is invented"
        assert register.province == REAL[register.province_slug]
        assert register.file == f"plans/{register.province_slug}/registers/{register.kind.slug}.yml"
        first = (ROOT / register.file).read_text("utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../../../generator/schemas/registers/{register.kind.slug}.schema.json"
    pages = pages_by_url(registers)
    for slug in KINDS:
        html = to_html(pages[register_url(slug)])
        assert html.count(EMPTY_REGISTER) == len(REAL)
        for name in REAL.values():
            assert f"Tỉnh {name}</h2>" in html
        assert "<table" not in html
    assert to_html(pages[registers_url()]).count("chưa có mục nào") == len(REAL) * len(KINDS)
    exports = dict(render_register_exports(registers, site_url=None, stamp=STAMP))
    for slug in KINDS:
        assert read_csv(exports[register_csv_url(slug)]) == [list(register_kinds()[slug].csv_header)]
        feed = ET.fromstring(exports[register_feed_url(slug)])
        assert feed.findall(f"{ATOM}entry") == []
        assert feed.findtext(f"{ATOM}updated") == "2024-05-01T00:00:00+00:00"


def test_a_kind_without_any_file_still_has_its_page_saying_it_is_empty():
    pages = pages_by_url([])
    assert set(pages) == {registers_url(), *(register_url(s) for s in KINDS)}
    assert EMPTY_REGISTER in pages[register_url("xin-loi")]


# ---------------------------------------------------------------------------
# Bad input: every mistake at its file and line, in Vietnamese
# ---------------------------------------------------------------------------

BAD = {
    "unknown_field": ("xin-loi.yml", "5:5: Trường không được biết 'agnecy' trong entries[1] (unknown field).",
                      "Có phải ý bạn là 'agency'?"),
    "missing_source": ("dia-chi-tiep-nhan-pakn.yml", "8:5: Thiếu trường bắt buộc 'source' trong entries[2] (missing required field).",
                       "Thêm dòng 'source: …'"),
    "wrong_type": ("ket-qua-xu-ly-pakn.yml", "6:5: entries[1].handled phải là số nguyên, không phải văn bản 'mười lăm' (wrong type).",
                   "Viết số không có dấu ngoặc kép"),
    "impossible_date": ("xin-loi.yml", "9:5: Ngày '2023-02-30' không có thật (impossible date).",
                        "tháng 2 không có ngày 30"),
    "unknown_kind": ("xin-loi-nguoi-dan.yml", "1:1: Không có sổ công khai nào tên 'xin-loi-nguoi-dan' (unknown register).",
                     "Có phải ý bạn là 'xin-loi.yml'? Các sổ công khai: dia-chi-tiep-nhan-pakn.yml"),
    "javascript_url": ("danh-gia-766.yml", "9:7: Đường dẫn 'javascript:alert(1)' ở entries[1].source.url không hợp lệ (invalid link).",
                       "http:// hoặc https://"),
    "negative_count": ("ket-qua-xu-ly-pakn.yml", "5:5: entries[1].received = -3 nhỏ hơn 0 (out of range).", "không được âm"),
    "no_contact": ("dia-chi-tiep-nhan-pakn.yml", "4:5: Mục entries[1] cần ít nhất một trong các trường: address, phone, email, website",
                   "phone (Số điện thoại đường dây nóng)"),
    "province_differs": ("xin-loi.yml", "2:1: Tên tỉnh 'Tỉnh Mẫu khác (hư cấu)' khác với 'Tỉnh Mẫu (hư cấu)' trong "
                                        "registers_bad/province_differs/tinh-mau/agencies.yml", "cùng một tên tỉnh"),
    "missing_entries": ("xin-loi.yml", "2:1: Thiếu trường bắt buộc 'entries' trong phần ngoài cùng của tệp", "entries: []"),
}


def test_every_bad_case_has_a_fixture():
    assert {p.name for p in (FIXTURES / "registers_bad").iterdir()} == set(BAD)


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_register_is_refused_with_its_place_and_message(case):
    file_name, expect, hint = BAD[case]
    registers, problems = read_registers(FIXTURES / "registers_bad" / case, FIXTURES)
    assert len(problems) == 1, "\n".join(map(str, problems))
    problem = problems[0]
    assert problem.file == f"registers_bad/{case}/tinh-mau/registers/{file_name}"
    assert str(problem).startswith(f"{problem.file}:{expect}"), str(problem)
    assert hint in problem.hint, problem.hint
    if case != "province_differs":
        assert registers == []


def test_every_schema_problem_of_a_file_is_reported():
    text = (FIXTURES / "registers" / "tinh-mau" / "registers" / "xin-loi.yml").read_text("utf-8")
    text = text.replace("agency:", "agnecy:", 1).replace('date: "2024-04-02"', "date: 2024", 1)
    doc = load_yaml_bytes(text.encode(), "xin-loi.yml")
    messages = [p.message for p in validate_register(doc, "xin-loi")]
    assert any("'agnecy'" in m for m in messages) and any("phải là văn bản" in m for m in messages), messages
    assert not any("Thiếu trường bắt buộc 'agency'" in m for m in messages)  # the misspelling is one mistake


def test_a_javascript_or_relative_source_url_is_refused_by_the_schema():
    for url in ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "//mau.example/x", "/x", "https:// x"]:
        doc = load_yaml_bytes(f'province: "P"\nentries:\n  - date: "2024-01-01"\n    agency: "A"\n    procedure: "T"\n'
                              f'    source:\n      title: "S"\n      url: "{url}"\n'.encode(), "x.yml")
        problems = validate_register(doc, "xin-loi")
        assert [p.line for p in problems] == [8] and "(invalid link)" in problems[0].message, (url, problems)


# ---------------------------------------------------------------------------
# Hostile text and determinism
# ---------------------------------------------------------------------------

def test_hostile_values_are_shown_literally_never_run():
    registers = read(FIXTURES / "registers_hostile", FIXTURES)
    content = pages_by_url(registers)[register_url("xin-loi")]
    html = to_html(content)
    for raw in ["<script>", "<img", "<i>", 'href="javascript:', "href=\"javascript"]:
        assert raw not in html, raw
    assert "&lt;script&gt;alert(&#39;agency&#39;)&lt;/script&gt;" in html
    row = table_rows(content)["tinh-mau-1"]
    assert row["cells"]["Cơ quan xin lỗi"] == "<script>alert('agency')</script>"
    assert row["cells"]["Tên thủ tục hành chính"] == "[x](javascript:alert('procedure'))"
    assert row["cells"]["Mã hồ sơ"] == "**đậm** & `mã` | ô"
    assert row["cells"]["Lý do trễ hẹn"] == "<img src=x onerror=alert('reason')> {: #bad } ## not a heading"
    assert row["cells"]["Nguồn"] == "<a href=\"javascript:alert('source')\">nguồn</a>"
    assert row["hrefs"] == ['https://mau.example/?q=<script>&a="b"']
    # The province heading (Markdown) shows the name literally too.
    assert re.search(r"<h2[^>]*>Tỉnh Mẫu &lt;i&gt;nghiêng&lt;/i&gt; \(hư cấu\)</h2>", html), html[:2000]
    exports = dict(render_register_exports(registers, site_url=None, stamp=STAMP))
    feed = ET.fromstring(exports[register_feed_url("xin-loi")])
    assert "<script>alert('agency')</script>" in feed.find(f"{ATOM}entry").findtext(f"{ATOM}title")


def test_two_renders_with_the_same_stamp_are_byte_identical():
    def build():
        registers = read(FIXTURES / "registers", FIXTURES) + read(ROOT / "plans")
        pages = [(p.url, p.content) for p in render_register_pages(registers)]
        return pages, list(render_register_exports(registers, site_url="https://vi-du.example/", stamp=STAMP))

    first, second = build(), build()
    assert first == second
    other = list(render_register_exports(read(ROOT / "plans"), site_url=None, stamp=dt.date(2024, 6, 1)))
    assert other != list(render_register_exports(read(ROOT / "plans"), site_url=None, stamp=STAMP))
