"""Search: the Pagefind index built over the real site, queried by typing into the search page of a
real browser, without and with diacritics; filters that narrow; a search URL that restores itself."""
from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest

from browser import serve
from generator.pages.search import FILTERS
from generator.urls import search_url

SEARCH_URL = search_url()
from generator.search import FOLDED_MARK, fold_d, folded_runs, index_site, with_folded_words
from sitebuild import ROOT, write_config

EXAMPLE = ROOT / "tests" / "fixtures" / "example"
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
PHONE = {"width": 390, "height": 844}

def _build(workdir: Path, plans: Path, env: dict | None = None) -> Path:
    """Build the site; the plugin indexes it with Pagefind after the build."""
    config = write_config(workdir, plans)
    site = workdir / "site"
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
                          capture_output=True, text=True, cwd=workdir, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    assert done.returncode == 0, done.stderr
    assert (site / "pagefind" / "pagefind.js").exists()
    return site


@pytest.fixture(scope="module")
def search_site(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("search-real"), ROOT / "plans")


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("search-example"), EXAMPLE, {"AS_OF": "2022-06-30"})


@pytest.fixture(scope="module")
def real(search_site):
    with serve(search_site) as url:
        yield url


@pytest.fixture(scope="module")
def example(example_site):
    with serve(example_site) as url:
        yield url


def _filters(site: Path, url: str) -> dict[str, list[str]]:
    document = (site / url / "index.html").read_text("utf-8")
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r'data-pagefind-filter="([a-z_]+):([^"]*)"', document):
        found.setdefault(name, []).append(value)
    return found


def _pages(site: Path, **wanted: str) -> set[str]:
    """The URLs of the indexed pages whose filters include every `name=value` given."""
    urls = set()
    for path in site.rglob("index.html"):
        url = path.parent.relative_to(site).as_posix() + "/"
        filters = _filters(site, "" if url == "./" else url)
        if all(value in filters.get(name, []) for name, value in wanted.items()):
            urls.add("/" + ("" if url == "./" else url))
    return urls


def _open(browser, base: str, query: str = "", viewport=PHONE):
    page = browser.new_page(viewport=viewport)
    page.goto(base + SEARCH_URL + query)
    page.wait_for_selector("#kh-search[data-state=idle], #kh-search[data-state=done]", timeout=20000)
    return page


def _search(page, text: str) -> list[str]:
    """Type `text` into the search box; the result URLs, best first, once the count is announced."""
    page.fill("#kh-q", text)
    shown = unicodedata.normalize("NFC", text).strip()
    page.wait_for_function(
        "q => document.querySelector('#kh-search').dataset.state === 'done'"
        " && document.querySelector('#kh-search-status').textContent.includes('“' + q + '”')", arg=shown, timeout=20000)
    return _results(page)


def _results(page) -> list[str]:
    return page.eval_on_selector_all("#kh-results .kh-result-title", "links => links.map(a => new URL(a.href).pathname)")


# --- the index itself -------------------------------------------------------------------------

def test_d_is_folded_in_phrases_and_the_page_is_otherwise_untouched():
    page = ('<html><body><nav>Đường</nav><article><div data-pagefind-body><h1>Đường dây nóng</h1>'
            '<p>Công khai địa chỉ, đường dây nóng <span data-pagefind-ignore>Đà Nẵng</span></p>'
            '<table class="kh-list"><tr><td>đất đai</td></tr></table></div></article></body></html>')
    assert folded_runs(page[page.index("<div"):]) == [("Dường dây nóng", 7.0), ("Công khai dịa chỉ, dường dây nóng", 1.0)]
    folded = with_folded_words(page)
    assert folded.startswith(page[:page.index("</body>")])  # the page itself is unchanged
    assert f"<p>{FOLDED_MARK}</p>" in folded and "Đà" not in folded.split(FOLDED_MARK)[1]
    assert fold_d("Đường đi") == "Dường di"


def test_emptied_copy_keeps_filters_and_text_breaks_of_ignored_markup():
    page = ('<html><body><article><div data-pagefind-body><h1>Đường</h1>'
            '<div data-pagefind-ignore><p>bỏ qua</p></div>'
            '<div data-pagefind-ignore><span data-pagefind-filter="tinh">Hà Nội</span> giữ</div>'
            '<p>đi <span data-pagefind-ignore><p>khối</p></span> đá</p>'
            '<table class="kh-list"><tr><td>đất</td></tr></table></div></article></body></html>')
    copy = with_folded_words(page, empty_ignored=True)
    assert "bỏ qua" not in copy and "<div data-pagefind-ignore></div>" in copy
    assert '<table class="kh-list"></table>' in copy
    assert 'data-pagefind-filter="tinh">Hà Nội</span> giữ' in copy   # a filter counts even where text is ignored
    assert "<p>khối</p>" in copy                                      # its block still breaks the text around it
    assert copy.split(FOLDED_MARK)[1] == with_folded_words(page).split(FOLDED_MARK)[1]


def test_the_search_body_is_found_as_the_regular_expression_finds_it():
    from generator.search import _BODY_TAG, _find_body

    for page in ('<p>data-pagefind-body</p><div class="x" data-pagefind-body>a</div>',
                 '<a title="data-pagefind-body">x</a><main data-pagefind-body="">y</main>',
                 '<div data-pagefind-bodyx>n</div><section\tdata-pagefind-body>z</section>',
                 '<div>no body here</div>', 'data-pagefind-body', '<br data-pagefind-body>'):
        expected, found = _BODY_TAG.search(page), _find_body(page)
        assert (found and found.span()) == (expected and expected.span()), page


def test_skipping_ignored_markup_finds_the_same_d_words():
    body = '<div data-pagefind-body><p>Đường một <span data-pagefind-ignore>x<p>đâu</p>y</span> đi tiếp</p>' \
           '<ul data-pagefind-ignore><li>Đầu<ul><li>đáy</li></ul></li></ul><p>Đoạn hai</p>' \
           '<div data-pagefind-ignore><!-- <div> --><p>đá</p></div><p data-pagefind-ignore>ẩn <b>đỏ</b></p>' \
           '<section data-pagefind-ignore><div data-pagefind-body>Địa chỉ hiện</div></section><p>Đèn <em data-pagefind-ignore>đen</em> sáng</p></div>'
    runs = folded_runs(body)
    assert runs == folded_runs(body, skip_ignored=False)
    assert ("Dường một", 1.0) in runs and ("di tiếp", 1.0) in runs  # a block inside the ignored span splits the text
    assert ("Dịa chỉ hiện", 1.0) in runs and not any("dá" in text or "dỏ" in text or "dáy" in text for text, _ in runs)
    # Markup the jump must not misread: upper-case tags, "<" inside a quoted attribute, a fake end tag
    # in raw text, a tag name the tokenizer cuts short.
    for tricky in ('<p data-pagefind-body>đường <B data-pagefind-ignore>x</B> đi</p>',
                   '<div data-pagefind-body><div data-pagefind-ignore><a title="<div>">x</a></div><p>đường đi</p></div>',
                   '<div data-pagefind-body><div data-pagefind-ignore><a title="</div>">x</a> dường</div><p>đường đi</p></div>',
                   "<div data-pagefind-body><div data-pagefind-ignore><a title='</div>'>x</a> dường</div><p>đường đi</p></div>",
                   '<div data-pagefind-body><div data-pagefind-ignore><SCRIPT>if (a) b(1) </div><p>đá</p></SCRIPT></div><p>đi</p></div>',
                   '<div data-pagefind-body><div data-pagefind-ignore><Style>b </div><p>đá</p></Style></div><p>đi</p></div>',
                   '<div data-pagefind-body><p>đi <span data-pagefind-ignore><a title="<p>">x</a></span> đá</p></div>',
                   '<div data-pagefind-body><p>đi <span data-pagefind-ignore><s-x>y</s-x></span> đá</p></div>'):
        assert folded_runs(tricky) == folded_runs(tricky, skip_ignored=False), tricky


def test_skipping_ignored_markup_changes_nothing_on_the_built_pages(search_site, example_site):
    for site in (search_site, example_site):
        for path in sorted(site.rglob("*.html")):
            document = path.read_text("utf-8")
            found = re.search(r"<[a-zA-Z][^<>]*\sdata-pagefind-body[\s=>]", document)
            if found:
                fragment = document[found.start():document.rfind("</article>")]
                assert folded_runs(fragment) == folded_runs(fragment, skip_ignored=False), path


def test_filter_values_are_nfc_and_every_page_has_a_kind(search_site: Path):
    indexed = 0
    for path in search_site.rglob("index.html"):
        document = path.read_text("utf-8")
        if "data-pagefind-body" not in document:
            continue
        indexed += 1
        values = re.findall(r'data-pagefind-filter="([^"]*)"', document)
        assert all(unicodedata.is_normalized("NFC", v) for v in values), path
        assert any(v.startswith("loai:") for v in values), path
    # Every page but the search page and the overdue list's monthly snapshots (archives).
    pages = list(search_site.rglob("index.html"))
    monthly = list(search_site.glob("cham-muon/[0-9][0-9][0-9][0-9]-[0-9][0-9]/index.html"))
    assert indexed == len(pages) - len(monthly) - 1 > 300
    search_page = (search_site / SEARCH_URL / "index.html").read_text("utf-8")
    assert "data-pagefind-body" not in search_page  # the search page does not find itself


def _fragments(site: Path) -> dict[str, dict]:
    """Pagefind's record of each indexed page (its fragment: url, content, meta, filters), by URL."""
    found = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data[len(b"pagefind_dcd"):])
        found[record["url"]] = record
    return found


def test_a_task_is_indexed_by_its_own_words_not_the_page_furniture(search_site: Path):
    task = "/bac-giang/2018-mot-cua/ii-7/"
    content = _fragments(search_site)[task]["content"]
    document = (search_site / task.strip("/") / "index.html").read_text("utf-8")
    title = html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", document).group(1))
    assert content.startswith(title)
    own = content.split(FOLDED_MARK)[0]
    lead = html.unescape(re.search(r'data-pagefind-filter="chu_tri:([^"]*)"', document).group(1))
    assert lead == "Các Sở, ban, ngành" and own.count(lead) == 1  # the registry's name, which the cell writes otherwise
    assert own.count("Văn phòng UBND tỉnh") == 1                     # written in the cell: not again from the links
    for furniture in ("Đơn vị chủ trì", "Thời gian hoàn thành", "Hạn theo kế hoạch", "tính đến ngày",
                      "không nêu trong kế hoạch", "Lịch sử cập nhật", "Báo cáo theo từng kỳ"):
        assert furniture not in content, furniture
    from generator.words import STATUS
    assert any(status in content for status in STATUS.values())  # the status stays searchable ("qua han")


def test_agency_plan_and_hub_pages_are_indexed_by_their_own_words(search_site: Path):
    """Labels, counts and lists that every such page repeats stay out of the index: on a national site
    they made a syllable like "so" occur on every page, and a first search load all of it."""
    from generator.words import AGENCY, DOC_FIELDS, PROGRESS, STATUS
    fragments = _fragments(search_site)
    agency = fragments["/bac-ninh/co-quan/so-tu-phap/"]["content"].split(FOLDED_MARK)[0]
    assert agency.startswith("Sở Tư pháp") and "Bắc Ninh" in agency
    for furniture in (AGENCY["kind"] + " ", AGENCY["count_lead"], PROGRESS["summary"], AGENCY["lead"], STATUS["no_report"], "nhiệm vụ"):
        assert furniture not in agency, furniture
    plan = fragments["/bac-ninh/2025-kiem-soat-tthc/"]["content"].split(FOLDED_MARK)[0]
    assert "UBND tỉnh Bắc Ninh" in plan and "plans/" not in plan
    for furniture in (DOC_FIELDS["issuer"], DOC_FIELDS["tasks"], DOC_FIELDS["source"]):
        assert furniture not in plan, furniture
    overdue = [record["content"] for url, record in fragments.items() if url.startswith("/cham-muon/")]
    assert overdue and not any("Sở Tư pháp" in content for content in overdue)


def test_monthly_overdue_snapshots_stay_out_of_search_and_the_current_list_is_in(search_site: Path):
    fragments = _fragments(search_site)
    monthly = sorted(search_site.glob("cham-muon/[0-9][0-9][0-9][0-9]-[0-9][0-9]/index.html"))
    assert len(monthly) > 12   # the real plans' deadlines span years
    assert not any(url.startswith("/cham-muon/2") for url in fragments)
    assert "/cham-muon/" in fragments
    assert "data-pagefind-body" not in monthly[0].read_text("utf-8")
    # Out of the index, not out of reach of search: the header's search box is on them too, and
    # only the search page itself (which has its own box) goes without it.
    assert 'class="kh-search-bar"' in monthly[0].read_text("utf-8")
    assert 'class="kh-search-bar"' not in (search_site / "tim-kiem" / "index.html").read_text("utf-8")


def test_a_missing_pagefind_is_named_with_how_to_install_it(example_site: Path, tmp_path: Path, monkeypatch):
    import pagefind_bin
    from generator.search import SearchIndexError

    def missing():
        raise FileNotFoundError("pagefind_bin/pagefind")

    monkeypatch.setattr(pagefind_bin, "get_executable", missing)
    copy = tmp_path / "site"
    shutil.copytree(example_site, copy, ignore=shutil.ignore_patterns("pagefind"))
    with pytest.raises(SearchIndexError, match=r"Không tìm thấy Pagefind .*pip install -r requirements.lock"):
        index_site(copy)


def test_the_index_is_byte_identical_across_runs_and_leaves_the_pages_alone(example_site: Path, tmp_path: Path):
    copy = tmp_path / "site"
    shutil.copytree(example_site, copy)
    index_site(copy)

    def tree(site: Path) -> dict:
        return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}

    assert tree(copy) == tree(example_site)  # Pagefind's filter index alone would differ (HashMap order)


# --- typing queries ---------------------------------------------------------------------------

def test_so_tu_phap_finds_the_agency_and_its_tasks_however_it_is_typed(browser, real, search_site):
    agencies = _pages(search_site, loai="Cơ quan", chu_tri="Sở Tư pháp")
    led = _pages(search_site, loai="Nhiệm vụ", chu_tri="Sở Tư pháp")
    assert len(agencies) >= 2 and len(led) >= 2
    page = _open(browser, real)
    first = _search(page, "so tu phap")
    assert set(first[:len(agencies)]) == agencies
    assert led <= set(first[:len(agencies) + len(led)])
    status = page.locator("#kh-search-status")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    assert re.match(r"Tìm thấy \d+ kết quả", status.inner_text())
    assert "q=so+tu+phap" in page.url
    top = len(agencies) + len(led)
    for typed in ("SO TU PHAP", "sở tư pháp", unicodedata.normalize("NFD", "Sở Tư pháp")):
        assert set(_search(page, typed)[:top]) == set(first[:top]), typed
    assert set(_search(page, "tu pha")[:10]) & agencies  # half typed
    assert set(_search(page, "so tu pha")[:len(agencies)]) == agencies
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()


def test_unaccented_queries_find_agencies_plans_and_d_words(browser, real, search_site):
    page = _open(browser, real)
    offices = _pages(search_site, loai="Cơ quan", chu_tri="Văn phòng UBND tỉnh")
    assert set(_search(page, "van phong ubnd tinh")[:len(offices)]) == offices
    hotline = "/bac-ninh/2025-kiem-soat-tthc/s3-1/"
    assert "đường dây nóng" in (search_site / hotline.strip("/") / "index.html").read_text("utf-8")
    for typed in ("duong day nong", "đường dây nóng", "DUONG DAY NONG"):
        assert _search(page, typed)[0] == hotline, typed
    excerpt = page.locator(".kh-result-excerpt").first.inner_text()
    assert "đường dây nóng" in excerpt and FOLDED_MARK not in excerpt  # quoted from the page, not the folded copy
    task, plan = "/bac-giang/2018-mot-cua/ii-7/", "/bac-giang/2018-mot-cua/"  # a task's words: the task, not its plan
    found = _search(page, "tiep nhan giai quyet thu tuc hanh chinh thuoc tham quyen")
    assert found[0] == task and (plan not in found or found.index(plan) > found.index(task))
    bac_giang_plans = _pages(search_site, loai="Kế hoạch", tinh="Bắc Giang")
    found = _search(page, "uy ban nhan dan tinh bac giang")
    assert found[0] in bac_giang_plans and bac_giang_plans <= set(found[:4])
    page.close()


# --- filters and the URL ----------------------------------------------------------------------

def test_an_agency_and_a_status_filter_narrow_the_results(browser, example, example_site):
    agency, status = "Sở Tư pháp tỉnh Mẫu", "Chưa hoàn thành (trong hạn)"
    led = _pages(example_site, chu_tri=agency)
    both = _pages(example_site, chu_tri=agency, tinh_trang=status)
    assert both == {"/tinh-mau/2022-ke-hoach-mau/i-4/", "/tinh-mau/2022-ke-hoach-mau/v-1-2/"}
    page = _open(browser, example)
    page.locator("#kh-filters-box summary").click()
    page.select_option("#kh-f-chu_tri", agency)
    page.wait_for_function("document.querySelector('#kh-search').dataset.state === 'done'")
    assert set(_results(page)) == led and len(led) > len(both)
    page.select_option("#kh-f-tinh_trang", status)
    page.wait_for_function("n => document.querySelectorAll('#kh-results li').length === n", arg=len(both))
    assert set(_results(page)) == both
    assert set(_search(page, "so tu phap")) == both  # a query within the filters
    assert "tinh_trang=" in page.url and "chu_tri=" in page.url and "q=so+tu+phap" in page.url
    page.close()


def test_filter_menus_load_only_when_the_filter_box_opens(browser, example):
    page = browser.new_page(viewport=PHONE)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(example + SEARCH_URL)
    page.wait_for_selector("#kh-search[data-state=idle]", timeout=20000)
    assert _search(page, "so tu phap")
    assert not [url for url in requested if "/pagefind/filter/" in url]  # a first search needs no filter index
    assert page.eval_on_selector_all("#kh-f-chu_tri option", "o => o.length") == 1  # only "Tất cả"
    page.locator("#kh-filters-box summary").click()
    page.wait_for_function("document.querySelectorAll('#kh-f-chu_tri option').length > 1", timeout=20000)
    assert [url for url in requested if "/pagefind/filter/" in url]
    labels = page.eval_on_selector_all("#kh-f-chu_tri option", "o => o.map(e => e.textContent)")
    assert any(re.fullmatch(r"Sở Tư pháp tỉnh Mẫu \(\d+\)", label) for label in labels)
    page.close()


def test_the_names_the_ranking_knows_are_the_filter_values_of_the_pages(search_site):
    document = (search_site / SEARCH_URL / "index.html").read_text("utf-8")
    names = json.loads(html.unescape(re.search(r"data-names='([^']*)'", document).group(1)))
    values = {name: {v for path in search_site.rglob("index.html") for n, v in
                     re.findall(r'data-pagefind-filter="([a-z_]+):([^"]*)"', path.read_text("utf-8")) if n == name}
              for name in ("chu_tri", "tinh")}
    assert values["chu_tri"] and values["chu_tri"] <= set(names["chu_tri"])
    assert values["tinh"] <= set(names["tinh"]) == {"Bắc Giang", "Bắc Ninh", "Vĩnh Phúc"}
    assert "Sở Tư pháp" in names["chu_tri"]


def test_a_search_url_restores_its_query_and_filters(browser, example):
    nfd = unicodedata.normalize("NFD", "Sở Tư pháp tỉnh Mẫu")  # a link typed or pasted in NFD still works
    page = _open(browser, example, f"?q=so+tu+phap&chu_tri={nfd}&tinh_trang=Chưa+hoàn+thành+(trong+hạn)")
    assert page.input_value("#kh-q") == "so tu phap"
    assert page.input_value("#kh-f-chu_tri") == "Sở Tư pháp tỉnh Mẫu"
    assert page.input_value("#kh-f-tinh_trang") == "Chưa hoàn thành (trong hạn)"
    assert set(_results(page)) == {"/tinh-mau/2022-ke-hoach-mau/i-4/", "/tinh-mau/2022-ke-hoach-mau/v-1-2/"}
    assert page.locator("#kh-search-status").inner_text().startswith("Tìm thấy 2 kết quả")
    assert [name for name, _ in FILTERS] == page.eval_on_selector_all("select[data-filter]", "s => s.map(e => e.name)")
    page.close()


def test_the_header_box_searches_and_without_javascript_the_page_offers_links(browser, example):
    page = browser.new_page(viewport=PHONE)
    page.goto(example + "tinh-mau/")
    page.fill("#kh-q-top", "so tu phap")
    page.press("#kh-q-top", "Enter")
    page.wait_for_url(lambda url: url.endswith("tim-kiem/?q=so+tu+phap"))
    page.wait_for_selector("#kh-search[data-state=done]")
    assert "/tinh-mau/co-quan/so-tu-phap/" in _results(page)
    page.close()
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(example + SEARCH_URL)
    assert not page.locator("#kh-search").is_visible()
    links = page.locator("#kh-search-fallback a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert "../tinh-mau/co-quan/" in links and "../han/" in links
    context.close()


def test_hostile_text_in_results_shows_literally(browser, tmp_path_factory):
    site = _build(tmp_path_factory.mktemp("search-hostile"), HOSTILE)
    with serve(site) as base:
        page = _open(browser, base)
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        assert "/tinh-mau/2024-thu-nghiem/i-1/" in _search(page, "nhiem vu script")
        titles = page.locator(".kh-result-title").all_inner_texts()
        assert any("<script>alert('task')</script>" in t for t in titles), titles
        assert page.locator("#kh-results script, #kh-results b, #kh-results img").count() == 0
        assert "<script>alert(" in page.locator(".kh-result-excerpt").first.inner_text()
        assert dialogs == []
        page.close()


def test_pages_are_prepared_alike_in_parallel_and_in_one_process(real_site, tmp_path, monkeypatch):
    from generator import search

    monkeypatch.setattr(search, "PARALLEL_FROM_PAGES", 0)
    sources = [p for p in sorted(real_site.rglob("*.html")) if p.relative_to(real_site).parts[0] != "pagefind"]
    one = search._prepare_pages(real_site, tmp_path / "one", sources, jobs=1, split=True)
    two = search._prepare_pages(real_site, tmp_path / "two", sources, jobs=2, split=True)
    tree = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}  # noqa: E731
    assert one == two and sum(count for count, _ in one.values()) > 100
    left, right = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert left.keys() == right.keys() and all(left[k] == right[k] for k in left)


def test_emptying_what_is_not_indexed_gives_the_same_bundle_from_fewer_bytes(search_site, tmp_path, monkeypatch):
    from generator import search

    sources = [p for p in sorted(search_site.rglob("*.html")) if p.relative_to(search_site).parts[0] != "pagefind"]
    emptied = search._prepare_pages(search_site, tmp_path / "emptied", sources, jobs=1)
    whole_copy = search.with_folded_words
    monkeypatch.setattr(search, "with_folded_words", lambda document, **_: whole_copy(document))
    whole = search._prepare_pages(search_site, tmp_path / "whole", sources, jobs=1)
    assert emptied == whole
    size = lambda root: sum(p.stat().st_size for p in root.rglob("*.html"))  # noqa: E731
    assert size(tmp_path / "emptied") < 0.8 * size(tmp_path / "whole")
    tree = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}  # noqa: E731
    for name in ("emptied", "whole"):
        search._run_pagefind(tmp_path / name / search.MAIN_GROUP, tmp_path / f"bundle-{name}")
    left, right = tree(tmp_path / "bundle-emptied"), tree(tmp_path / "bundle-whole")
    assert left.keys() == right.keys() and all(left[k] == right[k] for k in left)


def test_the_order_pages_were_copied_in_does_not_change_the_bundle(tmp_path):
    """Pagefind numbers pages in the order the file system lists them, which on tmpfs is the order
    they were made: copies made by two processes at once must still give the same bundle."""
    from generator import search

    pages = {f"{province}/ke-hoach/{task}/index.html": f'<!doctype html><html lang="vi"><head><meta charset="utf-8">'
             f"<title>{task}</title></head><body><article><div data-pagefind-body><h1>Nhiệm vụ {task} của {province}</h1>"
             f"<p>Sở Tư pháp {task}</p></div></article></body></html>"
             for province in ("tinh-a", "tinh-b") for task in ("i-1", "i-2", "ii-1")}
    # tmpfs lists a folder in the order its entries were made; a disk (ext4) in the order of their
    # names' hashes, which would hide the problem.
    memory = search.MEMORY_FOLDER
    work = Path(tempfile.mkdtemp(dir=memory)) if memory.is_dir() and os.access(memory, os.W_OK) else tmp_path
    bundles = []
    try:
        for name, order in (("sorted", sorted(pages)), ("reversed", sorted(pages, reverse=True))):
            for path in order:
                target = work / name / "pages" / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(pages[path], "utf-8")
            search._run_pagefind(work / name / "pages", work / name / "bundle")
            bundles.append({p.relative_to(work / name / "bundle").as_posix(): p.read_bytes()
                            for p in sorted((work / name / "bundle").rglob("*")) if p.is_file()})
            assert sorted(p.relative_to(work / name / "pages").as_posix()
                          for p in (work / name / "pages").rglob("*.html")) == sorted(pages)
    finally:
        if work != tmp_path:
            shutil.rmtree(work)
    assert bundles[0] == bundles[1]


def test_copies_go_to_memory_when_it_has_room(tmp_path, monkeypatch):
    from collections import namedtuple

    from generator import search

    page = tmp_path / "index.html"
    page.write_text("x" * 1000, "utf-8")
    memory = tmp_path / "shm"
    memory.mkdir()
    monkeypatch.setattr(search, "MEMORY_FOLDER", memory)
    monkeypatch.delenv("TMPDIR", raising=False)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(search.shutil, "disk_usage", lambda path: usage(10**9, 0, 5000))
    assert search.scratch_folder([page]) == str(memory)
    monkeypatch.setattr(search.shutil, "disk_usage", lambda path: usage(64 * 10**6, 0, 999))   # a container's small /dev/shm
    assert search.scratch_folder([page]) is None
    monkeypatch.setattr(search, "MEMORY_FOLDER", tmp_path / "none")
    assert search.scratch_folder([page]) is None
    monkeypatch.setattr(search, "MEMORY_FOLDER", memory)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert search.scratch_folder([page]) is None


def _page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


@pytest.fixture(scope="module")
def national_site(search_site, tmp_path_factory):
    """The real site indexed as a national one would be: each province's tasks in a bundle of their own."""
    from generator import search

    site = tmp_path_factory.mktemp("national") / "site"
    shutil.copytree(search_site, site)
    before = search.SPLIT_FROM_PAGES
    search.SPLIT_FROM_PAGES = 10
    try:
        search.index_site(site)
    finally:
        search.SPLIT_FROM_PAGES = before
    return site


def test_a_national_site_indexes_each_provinces_tasks_apart(search_site, national_site):
    from generator import search

    listing = json.loads((national_site / "pagefind" / search.PARTS_FILE).read_text("utf-8"))
    tasks = _pages(search_site, loai="Nhiệm vụ")
    folders = {"Bắc Ninh": "bac-ninh", "Bắc Giang": "bac-giang", "Vĩnh Phúc": "vinh-phuc"}
    provinces = {name: {url for url in tasks if url.startswith(f"/{folder}/")} for name, folder in folders.items()}
    assert all(provinces.values()) and set().union(*provinces.values()) == tasks
    assert listing["provinces"] == {name: f"pagefind-phan/{folder}/" for name, folder in folders.items()}
    assert sorted(listing["parts"]) == listing["parts"] == sorted(listing["provinces"].values())
    for name, part in listing["provinces"].items():
        bundle = national_site / part
        assert _page_count(bundle) == len(provinces[name])
        # A merged bundle is only an index: the search page runs the first bundle's code.
        assert not list(bundle.glob("*.js")) and not list(bundle.glob("wasm.*")) and (bundle / "fragment").is_dir()
    # The first bundle holds every page but the tasks; together the bundles hold what one index holds.
    assert _page_count(national_site / "pagefind") + len(tasks) == _page_count(search_site / "pagefind")
    assert json.loads((search_site / "pagefind" / search.PARTS_FILE).read_text("utf-8")) == {"parts": [], "provinces": {}}


def test_a_national_index_is_byte_identical_across_runs(national_site, tmp_path, monkeypatch):
    from generator import search

    copy = tmp_path / "site"
    shutil.copytree(national_site, copy)
    monkeypatch.setattr(search, "SPLIT_FROM_PAGES", 10)
    search.index_site(copy, jobs=2)

    def tree(site: Path) -> dict:
        return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}

    assert tree(copy) == tree(national_site)


def _scope(page, value: str, label_part: str) -> list[str]:
    page.select_option("#kh-scope", value)
    page.wait_for_function(
        "() => document.querySelector('#kh-search').dataset.state === 'done'"
        " && /^Tìm thấy/.test(document.querySelector('#kh-search-status').textContent)", timeout=30000)
    assert label_part in page.url
    return _results(page)


def test_a_national_site_searches_its_hubs_first_then_a_province_or_every_task(browser, real, search_site, national_site):
    tasks = _pages(search_site, loai="Nhiệm vụ")
    agencies = _pages(search_site, loai="Cơ quan", chu_tri="Sở Tư pháp")
    whole = _open(browser, real)
    expected = _search(whole, "so tu phap")
    everything = whole.eval_on_selector("#kh-search-status", "e => e.textContent")
    whole.close()
    with serve(national_site) as url:
        page = _open(browser, url)
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        assert page.is_visible("#kh-scope") and page.input_value("#kh-scope") == ""
        found = _search(page, "so tu phap")
        status = page.text_content("#kh-search-status")
        # Plans, agencies and hubs: the agency pages still come first, and no task is searched yet.
        assert set(found[:len(agencies)]) == agencies == set(expected[:len(agencies)])
        assert not tasks & set(found) and "trong kế hoạch, cơ quan" in status and "Tìm trong" in status
        assert not any("/pagefind-phan/" in r for r in requested)
        # One province: its pages and its own tasks, from its bundle alone.
        in_province = _scope(page, "Bắc Ninh", "tinh=B%E1%BA%AFc+Ninh")
        assert in_province and all(u.startswith("/bac-ninh/") for u in in_province)
        more = page.eval_on_selector("#kh-search-status", "e => e.textContent")
        assert tasks & set(in_province)
        merged = {r.split("/pagefind-phan/")[1].split("/")[0] for r in requested if "/pagefind-phan/" in r}
        assert merged == {"bac-ninh"}, merged
        assert "trong kế hoạch, cơ quan" not in more and "trong tỉnh Bắc Ninh" in more and "bộ lọc" not in more
        # Its filter menus count its own pages, not every province's plans and agencies.
        page.click("#kh-filters-box summary")
        page.wait_for_function("() => document.querySelectorAll('#kh-f-chu_tri option').length > 1", timeout=20000)
        offered = set(page.eval_on_selector_all("#kh-f-chu_tri option", "os => os.map(o => o.value).filter(Boolean)"))
        own = {value for path in (search_site / "bac-ninh").rglob("index.html")
               for value in _filters(search_site, path.parent.relative_to(search_site).as_posix() + "/").get("chu_tri", [])}
        assert offered and offered <= own, offered - own
        page.click("#kh-filters-box summary")
        # Every task of the country: the same count as one index over the whole site.
        every = _scope(page, "*", "pham_vi=moi-nhiem-vu")
        count = lambda text: re.search(r"Tìm thấy (\d+) kết quả", text).group(1)  # noqa: E731
        assert "trong mọi trang và nhiệm vụ của cả nước" in page.text_content("#kh-search-status")
        assert count(page.text_content("#kh-search-status")) == count(everything) and set(every[:len(agencies)]) == agencies
        assert not page.is_visible("#kh-f-tinh")
        page.close()
        # A shared link opens in its province.
        link = _open(browser, url, "?q=so+tu+phap&tinh=B%E1%BA%AFc+Giang")
        assert link.input_value("#kh-scope") == "Bắc Giang" and _results(link)
        assert all(u.startswith("/bac-giang/") for u in _results(link))
        link.close()
        # Names that are no province (here ones every JavaScript object has): the whole country, or
        # no result for a province of that name, never an error.
        odd = _open(browser, url, "?q=so+tu+phap&tu_tinh=constructor")
        assert odd.text_content("#kh-search-status").startswith("Tìm thấy") and _results(odd)
        odd.close()
        odd = _open(browser, url, "?q=so+tu+phap&tinh=toString")
        assert odd.text_content("#kh-search-status") == ("Không tìm thấy kết quả nào cho “so tu phap” trong tỉnh toString."
                                                         " Hãy thử ít từ hơn hoặc tìm trong cả nước (ô “Tìm trong”).")
        odd.close()


def test_a_smaller_site_has_one_index_and_filters_by_province(browser, real):
    page = _open(browser, real)
    assert not page.is_visible("#kh-scope") and not page.is_visible("#kh-f-tinh")   # the filter box is closed
    page.click("#kh-filters-box summary")
    page.wait_for_selector("#kh-f-tinh option[value='Bắc Ninh']", state="attached", timeout=20000)
    assert page.is_visible("#kh-f-tinh")
    page.close()


def test_the_national_search_page_passes_axe_with_its_scope_menu(browser, national_site):
    from test_quality import AXE, AXE_RUN, NPM_CI, WCAG_TAGS, WIDTHS, _require

    _require(AXE.is_file(), "axe-core (node_modules/axe-core)", NPM_CI)
    with serve(national_site) as url:
        for width in WIDTHS.values():
            page = _open(browser, url, "?q=so+tu+phap&tinh=B%E1%BA%AFc+Ninh", viewport=width)
            assert page.is_visible("#kh-scope") and _results(page)
            page.click("#kh-filters-box summary")
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate(AXE_RUN, [WCAG_TAGS, []])
            assert violations == [], violations
            page.close()


def test_the_header_box_of_a_province_page_searches_that_province_on_a_national_site(browser, real, national_site):
    task = "/bac-ninh/2025-kiem-soat-tthc/"
    with serve(national_site) as url:
        page = browser.new_page(viewport=PHONE)
        page.goto(url + task.lstrip("/"))
        page.fill("#kh-q-top", "so tu phap")
        page.press("#kh-q-top", "Enter")
        page.wait_for_selector("#kh-search[data-state=done]", timeout=30000)
        assert page.input_value("#kh-scope") == "Bắc Ninh"
        assert _results(page) and all(u.startswith("/bac-ninh/") for u in _results(page))
        assert "tinh=B%E1%BA%AFc+Ninh" in page.url and "tu_tinh" not in page.url
        page.close()
    # One index over the whole site: the same box searches everything.
    page = browser.new_page(viewport=PHONE)
    page.goto(real + task.lstrip("/"))
    page.fill("#kh-q-top", "so tu phap")
    page.press("#kh-q-top", "Enter")
    page.wait_for_selector("#kh-search[data-state=done]", timeout=30000)
    assert "tinh=" not in page.url and "tu_tinh" not in page.url
    assert {u.split("/")[1] for u in _results(page)} - {"bac-ninh"}
    page.close()


def test_side_by_side_pagefind_runs_get_cores_of_their_own():
    """Each thread that starts Pagefind runs keeps to its own share of the cores (its runs inherit it),
    the shares together are every core the build may use, and the build's own thread is left alone."""
    import threading

    from generator.search import _cores_of_their_own

    cores = os.sched_getaffinity(0)
    assert _cores_of_their_own(1) is None
    assert _cores_of_their_own(len(cores) + 1) is None
    workers = min(2, len(cores))
    initializer = _cores_of_their_own(workers)
    shares: list[set[int]] = []
    if workers == 1:
        assert initializer is None
        return

    def pinned() -> None:
        initializer()
        shares.append(os.sched_getaffinity(0))

    threads = [threading.Thread(target=pinned) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(shares) == workers and all(shares)
    assert not shares[0] & shares[1]
    assert set().union(*shares) == cores
    assert os.sched_getaffinity(0) == cores
