"""Quality gates on the built sites: accessibility (axe-core in Chromium), valid HTML (the Nu HTML
Checker), no broken internal link or anchor, byte-identical rebuilds, and use by keyboard alone.

Two sites are checked: the real one (the seed plans, session fixture `real_site`) and the fictional
example built as of 2022-06-30, whose reports give every status badge and report timeline.

The tools come from npm (`npm ci` installs axe-core and vnu-jar into node_modules/, see
package.json), Debian's chromium (`make browser`) and a Java runtime for vnu.jar. When one is
missing the tests that need it skip, except with CI=true, where they fail.

Known problems in our markup are listed in KNOWN_* below, each with the file to fix and how. The gate
tests let exactly those through, so that anything new still fails; each known problem has its own
test marked xfail(strict=True), which starts failing (XPASS) as soon as the problem is fixed:
then delete its entry.
"""
from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser import CHROMIUM_ARGS, chromium_path, serve
from generator import words as w
from sitebuild import ROOT, build

EXAMPLE = ROOT / "tests" / "fixtures" / "example"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
NPM_CI = "run `npm ci` in the repository root (needs node and npm: sudo apt-get install -y nodejs npm)"
JAVA_INSTALL = "sudo apt-get install -y default-jre-headless"
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Every kind of page, as (name, URL on the real site, URL on the example site); None: not checked there.
EX_PLAN = "tinh-mau/2022-ke-hoach-mau/"
PAGES = [
    ("home", "", ""),
    ("province", "bac-giang/", "tinh-mau/"),
    ("plan", "bac-giang/2018-mot-cua/", EX_PLAN),
    ("task", "bac-giang/2018-mot-cua/i-1/", EX_PLAN + "i-1/"),        # example: done, report timeline, evidence
    ("task-overdue", None, EX_PLAN + "ii-1/"),
    ("task-cancelled", None, EX_PLAN + "ii-3/"),
    ("task-recurring", None, EX_PLAN + "iii-1/"),                        # table of periods
    ("task-subtasks", None, EX_PLAN + "v-1/"),
    ("agency-index", "bac-giang/co-quan/", "tinh-mau/co-quan/"),
    ("agency", "bac-giang/co-quan/so-tu-phap/", "tinh-mau/co-quan/so-tu-phap/"),
    ("deadlines", "han/", "han/"),
    ("deadline-year", "han/2019/", "han/2022/"),
    ("deadline-quarter", "han/2019/quy-2/", "han/2022/quy-2/"),
    ("deadline-month", "han/2019/thang-06/", "han/2022/thang-06/"),
    ("deadline-state", "han/dinh-ky/", "han/da-qua-han/"),
    ("progress", "tien-do/", "tien-do/"),
    ("overdue", "cham-muon/", "cham-muon/"),
    ("overdue-month", "cham-muon/2019-06/", "cham-muon/2022-06/"),
    ("registers", "so-cong-khai/", "so-cong-khai/"),
    ("register", "so-cong-khai/xin-loi/", "so-cong-khai/xin-loi/"),
    ("guide", "huong-dan-cap-nhat/", None),                              # same Markdown on both sites
    ("about", "gioi-thieu/", None),
    ("search", "tim-kiem/", "tim-kiem/"),                                # optional: checked once they exist
    ("open-data", "du-lieu/", "du-lieu/"),
]
OPTIONAL = {"search", "open-data"}
SITE_PAGES = [(site, name, url) for name, real, example in PAGES
              for site, url in (("real", real), ("example", example)) if url is not None]
# axe runs on every kind of page of the real site, and on the example's pages that show statuses and
# report timelines (the others are the same markup with other words; to keep the run short).
WITH_REPORTS = {"plan", "task", "task-overdue", "task-cancelled", "task-recurring", "task-subtasks", "agency",
                "deadline-state", "progress", "overdue", "overdue-month", "search", "open-data"}
AXE_PAGES = [(site, name, url) for site, name, url in SITE_PAGES if site == "real" or name in WITH_REPORTS]


# ---------------------------------------------------------------------------
# Known problems in our markup (fix, then delete the entry)
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class KnownViolation:
    key: str
    rule: str        # the axe rule
    selector: str    # the offending elements match this CSS selector
    fix: str         # where and how to fix it


KNOWN_A11Y: list[KnownViolation] = []  # every violation found so far has been fixed in our markup
# Material's own markup that the Nu checker refuses and that we cannot change without copying its
# templates: message, and the markup it is about (exactly those two; anything else fails).
MATERIAL_HTML_ERRORS = [
    # squidfunk/mkdocs-material#1513 (closed; the attribute is still in Material's base.html): the hidden
    # drawer and search toggle checkboxes carry autocomplete="off", a workaround for Firefox restoring
    # checkbox state on reload (bugzilla.mozilla.org 654072).
    ("Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
     "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, "
     "“text”, “time”, “url”, or “week”.",
     re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" '
                r'id="__(drawer|search)" autocomplete="off">')),
    # Material's partials/toc.html always writes <label for="__toc">, but partials/nav-item.html
    # writes input#__toc only for the current page when it is a plain entry of the navigation; pages
    # outside the navigation (task, agency, period pages: by design) and section index pages get a
    # label that points at nothing.
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
     re.compile(r'<label class="md-nav__title" for="__toc">')),
]


KNOWN_LINKS: dict = {}  # none: every broken link found so far has been fixed


# ---------------------------------------------------------------------------
# Tools and sites
# ---------------------------------------------------------------------------

def _require(present: bool, what: str, install: str) -> None:
    if present:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {what} is missing: the quality gates must run. Install: {install}")
    pytest.skip(f"{what} is missing ({install})")


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("quality-example")
    done = build(workdir, EXAMPLE, env={"AS_OF": "2022-06-30"})
    assert done.returncode == 0, done.stderr
    return workdir / "site"


@pytest.fixture(scope="module")
def sites(real_site: Path, example_site: Path) -> dict[str, Path]:
    return {"real": real_site, "example": example_site}


def _page_file(site: Path, url: str) -> Path:
    return site / url / "index.html"


def _present(sites: dict[str, Path], site: str, name: str, url: str) -> bool:
    if _page_file(sites[site], url).is_file():
        return True
    if name in OPTIONAL:
        pytest.skip(f"{url} is not part of the {site} site yet")
    pytest.fail(f"{url}index.html is missing from the {site} site: update PAGES in {__name__}")


@pytest.fixture(scope="module")
def base_urls(sites):
    with ExitStack() as stack:
        yield {name: stack.enter_context(serve(path)) for name, path in sites.items()}


# ---------------------------------------------------------------------------
# Accessibility: axe-core, WCAG 2.1 A and AA, every kind of page at both widths
# ---------------------------------------------------------------------------

AXE_RUN = """async ([tags, known]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.flatMap(v => v.nodes.map(n => {
    let element = null;
    try { element = document.querySelector(n.target[0]); } catch (e) {}
    return {rule: v.id, help: v.help, target: n.target.join(' '), html: n.html.slice(0, 200),
            summary: n.failureSummary,
            known: known.filter(k => k.rule === v.id && element && element.matches(k.selector)).map(k => k.key)};
  }));
}"""


@pytest.fixture(scope="module")
def axe(sites, base_urls) -> dict[tuple[str, str, str], list[dict]]:
    """{(site, url, width): the violations, one per offending element} for every page in AXE_PAGES
    that exists; the two widths run side by side, each in its own browser."""
    executable = chromium_path()
    _require(AXE.is_file(), "axe-core (node_modules/axe-core)", NPM_CI)
    known = [{"key": k.key, "rule": k.rule, "selector": k.selector} for k in KNOWN_A11Y]
    pages = [(site, url) for site, _, url in AXE_PAGES if _page_file(sites[site], url).is_file()]

    def check(width: str) -> dict[tuple[str, str, str], list[dict]]:
        from playwright.sync_api import sync_playwright

        results = {}
        with sync_playwright() as p:  # one Playwright per thread, as its documentation requires
            instance = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            page = instance.new_page(viewport=WIDTHS[width])
            for site, url in pages:
                page.goto(base_urls[site] + url)
                page.add_script_tag(path=str(AXE))
                results[site, url, width] = page.evaluate(AXE_RUN, [WCAG_TAGS, known])
            instance.close()
        return results

    with ThreadPoolExecutor(len(WIDTHS)) as pool:
        return {key: found for part in pool.map(check, WIDTHS) for key, found in part.items()}


def _describe(violations: list[dict]) -> str:
    return "\n".join(f"- {v['rule']} ({v['help']}) at {v['target']}: {v['html']}\n  {v['summary']}"
                     for v in violations)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("site,name,url", AXE_PAGES, ids=[f"{s}-{n}" for s, n, _ in AXE_PAGES])
def test_no_wcag_violation(axe, sites, site, name, url, width):
    _present(sites, site, name, url)
    new = [v for v in axe[site, url, width] if not v["known"]]
    assert not new, f"axe-core on /{url} ({site} site, {width}):\n{_describe(new)}"


# ---------------------------------------------------------------------------
# Statuses in words, and the keyboard alone
# ---------------------------------------------------------------------------

BADGES = """() => [...document.querySelectorAll('article .kh-status, article .kh-state, article .kh-report-state')]
  .map(e => { const words = e.cloneNode(true); words.querySelectorAll('[aria-hidden=true]').forEach(h => h.remove());
              return {cls: e.className, words: words.textContent.trim(), shown: e.checkVisibility()}; })"""


def test_every_status_on_a_task_page_is_in_words(browser, base_urls, example_site):
    allowed = {"kh-status": set(w.STATUS.values()), "kh-state": set(w.STATES.values()),
               "kh-report-state": set(w.REPORT_STATES.values())}
    page = browser.new_page(viewport=WIDTHS["phone"])
    tasks = sorted(p.parent.name for p in (example_site / EX_PLAN).glob("*/index.html"))
    assert len(tasks) >= 20
    for task in tasks:
        page.goto(base_urls["example"] + EX_PLAN + task + "/")
        badges = page.evaluate(BADGES)
        assert any(b["cls"].startswith("kh-status ") for b in badges), f"{task}: no status shown"
        for b in badges:
            kind = b["cls"].split()[0]
            assert b["shown"] and b["words"] in allowed[kind], f"{task}: {b} is not a status in words"
    page.close()


TAB_STOP = """() => { const e = document.activeElement, r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return {tag: e.tagName, href: e.getAttribute('href'), text: (e.innerText || '').trim().slice(0, 40),
          target: e.hasAttribute('data-kh-first-task'), outline: s.outlineStyle, outlineWidth: s.outlineWidth,
          shadow: s.boxShadow, onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
            && r.left < innerWidth && r.top < innerHeight}; }"""
MAX_TABS = 60  # the skip link, header, navigation (provinces, plans, hubs), plan summary, then the tasks
KEYBOARD_PLAN = "bac-giang/2018-mot-cua/"


@pytest.fixture(scope="module")
def tab_walk(browser, base_urls):
    """walk(width) -> (the Tab stops from the top of a plan page up to its first task link, that link's
    href, the URL open after pressing Enter on it)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    done: dict[str, tuple[list[dict], str, str]] = {}

    def walk(width: str):
        if width not in done:
            page = browser.new_page(viewport=WIDTHS[width])
            page.goto(base_urls["real"] + KEYBOARD_PLAN)
            first = page.evaluate("""() => { const a = [...document.querySelectorAll('article a[href]')]
              .find(a => /^[a-z0-9]+(-[a-z0-9]+)*\\/$/.test(a.getAttribute('href')));
              a.setAttribute('data-kh-first-task', ''); return a.getAttribute('href'); }""")
            stops = []
            for _ in range(MAX_TABS):
                page.keyboard.press("Tab")
                stops.append(page.evaluate(TAB_STOP))
                if stops[-1]["target"]:
                    break
            page.keyboard.press("Enter")
            try:
                page.wait_for_url(base_urls["real"] + KEYBOARD_PLAN + first, timeout=5000)
            except PlaywrightTimeout:
                pass
            opened = page.url
            page.close()
            done[width] = (stops, first, opened)
        return done[width]

    return walk


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_reaches_and_opens_the_first_task(tab_walk, base_urls, width):
    stops, first, opened = tab_walk(width)
    assert stops[-1]["target"], f"{MAX_TABS} presses of Tab did not reach {first}: {[s['text'] or s['tag'] for s in stops]}"
    focus = stops[-1]
    assert (focus["outline"] != "none" and focus["outlineWidth"] != "0px") or focus["shadow"] != "none", focus
    assert opened == base_urls["real"] + KEYBOARD_PLAN + first, "Enter did not open the task"


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_keyboard_focus_never_leaves_the_screen(tab_walk, width):
    stops, _, _ = tab_walk(width)
    hidden = [s["text"] or s["tag"] for s in stops if not s["onScreen"]]
    assert not hidden, f"{len(hidden)} Tab stops are off screen: {hidden}"


# ---------------------------------------------------------------------------
# Valid HTML: the Nu HTML Checker, one run over a sample of every kind of page
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def vnu_errors(sites) -> dict[Path, list[dict]]:
    _require(VNU.is_file(), "vnu.jar (node_modules/vnu-jar)", NPM_CI)
    java = shutil.which("java")
    _require(java is not None, "java", JAVA_INSTALL)
    files = [_page_file(sites[site], url) for site, _, url in SITE_PAGES]
    files += [sites["real"] / "404.html"]
    files += sorted((sites["example"] / EX_PLAN).glob("*/index.html"))  # every task of the example
    files = sorted({f.resolve() for f in files if f.is_file()})
    done = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
                          capture_output=True, text=True)
    try:
        messages = json.loads(done.stderr)["messages"]
    except ValueError:
        pytest.fail(f"vnu.jar gave no JSON (exit {done.returncode}): {done.stderr[-2000:]}")
    errors: dict[Path, list[dict]] = {f: [] for f in files}
    for m in messages:
        material = any(m.get("message") == text and pattern.search(m.get("extract", ""))
                       for text, pattern in MATERIAL_HTML_ERRORS)
        if not material:
            errors.setdefault(Path(unquote(urlsplit(m.get("url", "")).path)), []).append(m)
    return errors


@pytest.mark.parametrize("site,name,url", SITE_PAGES + [("real", "404", "404.html")],
                         ids=[f"{s}-{n}" for s, n, _ in SITE_PAGES] + ["real-404"])
def test_html_is_valid(vnu_errors, sites, site, name, url):
    path = sites[site] / url if url.endswith(".html") else _page_file(sites[site], url)
    if not path.is_file():
        _present(sites, site, name, url)
    found = vnu_errors.get(path.resolve(), [])
    assert not found, f"/{url} ({site} site):\n" + "\n".join(
        f"- line {m.get('lastLine')}: {m['message']}\n  {m.get('extract', '').strip()}" for m in found)


def test_html_checker_ran_on_every_file(vnu_errors):
    stray = [f for f in vnu_errors if not f.is_file()]  # messages about no file: the checker failed
    assert not stray, {str(f): vnu_errors[f] for f in stray}


# ---------------------------------------------------------------------------
# Links: every internal href/src of every page resolves, #fragments included
# ---------------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in ("href", "src", "poster") or (name == "data" and tag == "object"):
                self.refs.append((self.getpos()[0], value))

    handle_startendtag = handle_starttag


def broken_links(site: Path) -> list[tuple[str, int, str, str, str]]:
    """(page, line, link, resolved target, why) for every internal link of `site` that leads nowhere."""
    parsed: dict[Path, _Links] = {}

    def parse(path: Path) -> _Links:
        if path not in parsed:
            parsed[path] = _Links()
            parsed[path].feed(path.read_text("utf-8"))
        return parsed[path]

    broken = []
    for page in sorted(site.rglob("*.html")):
        source = page.relative_to(site).as_posix()
        for line, link in parse(page).refs:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:  # other hosts are not fetched; data:, mailto: are not links here
                continue
            path = unquote(parts.path)
            base = "" if path.startswith("/") else posixpath.dirname(source)
            target = posixpath.normpath(posixpath.join(base, path.lstrip("/"))) if path else source
            if target == ".." or target.startswith("../"):
                broken.append((source, line, link, target, "outside the site"))
                continue
            file = site / target
            if file.is_dir():
                file = file / "index.html"
            if not file.is_file():
                broken.append((source, line, link, target, "no such file"))
            elif parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in parse(file).ids:
                broken.append((source, line, link, target, f"no id {unquote(parts.fragment)!r}"))
    return broken


@pytest.fixture(scope="module")
def links(sites) -> dict[str, list[tuple[str, int, str, str, str]]]:
    return {name: broken_links(path) for name, path in sites.items()}


def _unknown(site: Path, found):
    return [b for b in found if not any(match(site, b[0], b[2], b[3]) for match, _ in KNOWN_LINKS.values())]


@pytest.mark.parametrize("site", ["real", "example"])
def test_no_broken_internal_link(links, sites, site):
    found = _unknown(sites[site], links[site])
    assert not found, "\n".join(f"{s}:{line}: {link} -> {t}: {why}" for s, line, link, t, why in found)


# ---------------------------------------------------------------------------
# Determinism: the same data and date give the same bytes
# ---------------------------------------------------------------------------

def test_two_builds_of_the_real_site_are_byte_identical(tmp_path: Path):
    workdirs = [tmp_path / "first", tmp_path / "second"]
    for workdir in workdirs:
        workdir.mkdir()
    with ThreadPoolExecutor(2) as pool:  # two processes: the builds overlap
        done = list(pool.map(lambda d: build(d, ROOT / "plans", env={"AS_OF": "2024-01-01"}), workdirs))
    for result in done:
        assert result.returncode == 0, result.stderr
    trees = [{p.relative_to(d / "site").as_posix(): p for p in (d / "site").rglob("*") if p.is_file()}
             for d in workdirs]
    assert trees[0].keys() == trees[1].keys(), set(trees[0]) ^ set(trees[1])
    differ = [name for name in sorted(trees[0]) if trees[0][name].read_bytes() != trees[1][name].read_bytes()]
    assert not differ, f"{len(differ)} files differ, e.g. {differ[:20]}"
