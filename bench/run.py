"""Load benchmark on synthetic national data (FICTIONAL, never published): `make bench`.

    python bench/run.py [--sizes 1000,10000,100000 | --quick] [--timeout 7200] [--reuse] [--profile]

For each size, bench/synth.py writes a plans/-like tree of that many tasks into bench/out/n<size>/
(git-ignored), then this script measures, each step in its own process with a time limit:

- build: what `make site` runs, `python -m generator build --jobs <nproc> --no-search` (shards of
  provinces, each MkDocs' build in a process of its own), with a copy of the project's mkdocs.yml
  pointing at the synthetic plans (as tests/sitebuild.py writes it), as-of date 2024-06-30;
- index: the project's Pagefind step (generator/search.py) over the built tree;
- peak memory of each step from the OS (`/usr/bin/time -v`; without it, getrusage(RUSAGE_CHILDREN)
  of a wrapper process): the largest single process, and all the build's processes together
  (the sum of their proportional set sizes, sampled every 5 s: a page that forked shards share
  counts once);
- site size (bytes of the files, Pagefind bundle included), median and p95 gzip size of the task pages;
- the bytes a browser transfers for a first search: headless Chromium, the site served by http.server
  on 127.0.0.1, every response under /pagefind/ (and /pagefind-phan/, the task bundles of a national
  site) summed while the search page runs "so tu phap" (or, without a search page, while a page imports
  /pagefind/pagefind.js, merges the bundles, searches and loads 5 results); on a national site also
  in one province (?tinh=…, the first one listed) and over every task (?pham_vi=moi-nhiem-vu);
- one-process build (sizes up to --one-process-max): the same site by a single `mkdocs build`;
- baseline (on the 10k set): the same Markdown pages the plugin generates, written as plain files into
  a docs folder and built by plain MkDocs + Material with a small nav and the search plugin on.

Prints one Markdown table (and a few notes) and writes it to bench/results.md. A step that fails or
runs out of time is shown as such and the rest goes on. Results per size are kept in
bench/out/n<size>/result.json; --reuse shows those instead of measuring again.

The machine is shared, so every step is stopped when it runs longer than --timeout, when its
processes hold more than --max-mem-gb of memory together, or when it writes more than --max-disk-gb
(or would leave less than 10 % of the disk free). --snapshot measures a frozen copy of git HEAD, so that commits made during a
long run do not mix versions; --feature navigation.prune (say) tries a theme feature.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "tests"))

from sitebuild import write_config  # noqa: E402

AS_OF = "2024-06-30"
TIME = Path("/usr/bin/time")
CHROMIUM = "/usr/bin/chromium"
QUERY = "so tu phap"
TASK_ID = re.compile(r"^[ivx]+-\d+(?:-\d+)?$")   # the task ids bench/synth.py writes
PY = sys.executable
MAX_GROWTH = [20 * 10**9]   # bytes a step may add to the disk (--max-disk-gb)
MAX_RSS = [12 * 10**9]      # bytes of memory the processes of a step may hold together (--max-mem-gb)


def session_rss(sid: int) -> int:
    """Memory held by every process in session `sid` (a measured step runs in its own session): the
    sum of their proportional set sizes, so that pages a forked shard shares with its parent count
    once; the resident size where the kernel gives no smaps_rollup."""
    total = 0
    page = os.sysconf("SC_PAGE_SIZE")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) != sid:          # field 6 of /proc/<pid>/stat: the session id
                continue
            try:
                found = re.search(r"^Pss:\s+(\d+) kB", (stat.parent / "smaps_rollup").read_text(), re.M)
            except OSError:
                found = None
            total += int(found.group(1)) * 1024 if found else int(fields[21]) * page   # field 24: rss in pages
        except (OSError, IndexError, ValueError):
            continue
    return total


ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "AS_OF": AS_OF, "PYTHONHASHSEED": "0"}


# ---------------------------------------------------------------------------
# Running one measured step
# ---------------------------------------------------------------------------

_WRAP = ("import resource, subprocess, sys\n"
         "code = subprocess.call(sys.argv[2:])\n"
         "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
         "sys.exit(code)\n")


def min_free_bytes(folder: Path) -> int:
    """Free space a step must leave on the disk (the machine is shared): 10 GB or 10 %, whichever is more."""
    return max(10 * 10**9, shutil.disk_usage(folder).total // 10)


def measure(cmd: list[str], *, log: Path, timeout: float, cwd: Path | None = None, env: dict | None = None,
            guard: Path | None = None) -> dict:
    """Run `cmd`; its seconds, peak RSS (MB), exit code, and whether it ran out of time.

    With `guard`, the step is also stopped when the disk holding `guard` falls below min_free_bytes(),
    or when the step has used more than MAX_GROWTH bytes of it (--max-disk-gb). Every step is stopped
    when its processes hold more than MAX_RSS bytes of memory together (--max-mem-gb).
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rss", delete=False) as tmp:
        rss_file = Path(tmp.name)
    if TIME.exists():
        wrapped = [str(TIME), "-v", "-o", str(rss_file), *cmd]
    else:
        wrapped = [PY, "-c", _WRAP, str(rss_file), *cmd]
    load_before = round(os.getloadavg()[0], 2)   # other work on the machine skews the timings: keep a trace
    start = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen(wrapped, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=env or ENV,
                                start_new_session=True)
        code, timed_out, disk_full, memory_full = None, False, False, False
        sampled = 0   # the most memory the step's processes held together, sampled every 5 s
        floor = max(min_free_bytes(guard), shutil.disk_usage(guard).free - MAX_GROWTH[0]) if guard else 0
        while True:
            try:
                code = proc.wait(timeout=5)
                break
            except subprocess.TimeoutExpired:
                timed_out = time.perf_counter() - start > timeout
                disk_full = bool(guard) and shutil.disk_usage(guard).free < floor
                held = session_rss(proc.pid)
                sampled = max(sampled, held)
                memory_full = held > MAX_RSS[0]
                if timed_out or disk_full or memory_full:
                    os.killpg(proc.pid, signal.SIGKILL)   # the group of this step only (its own session)
                    proc.wait()
                    code = None
                    break
    seconds = time.perf_counter() - start
    text = rss_file.read_text() if rss_file.exists() else ""
    rss_file.unlink(missing_ok=True)
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text) if TIME.exists() else re.match(r"(\d+)", text)
    if TIME.exists():
        status = re.search(r"Exit status: (\d+)", text)
        code = int(status.group(1)) if status and not (timed_out or disk_full or memory_full) else code
    peak = int(found.group(1)) / 1024 if found else None
    # CPU time of the step and the processes it waited for: on a machine whose speed drifts (the
    # kernel reclaiming memory shows as system time), user time compares runs better than seconds.
    cpu = {key: float(m.group(1)) for key, label in (("user_s", "User"), ("sys_s", "System"))
           if (m := re.search(label + r" time \(seconds\): ([\d.]+)", text))}
    return {"seconds": round(seconds, 2), "peak_mb": round(peak, 1) if peak else None, "code": code, **cpu,
            "timed_out": timed_out, "disk_full": disk_full, "memory_full": memory_full, "memory_cap_mb": MAX_RSS[0] // 10**6,
            "sampled_mb": round(sampled / 10**6), "log": str(log), "load_before": load_before,
            "load_after": round(os.getloadavg()[0], 2)}


def ok(step: dict | None) -> bool:
    return bool(step) and step.get("code") == 0 and not step.get("timed_out")


# ---------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------

def make_config(work: Path, plans: Path, features: list[str] = ()) -> Path:
    """The project's mkdocs.yml, pointing at `plans`, with the as-of date written in (and, to try
    them, extra theme features such as navigation.prune)."""
    config = write_config(work, plans)
    text = config.read_text("utf-8")
    text = re.sub(r"as_of: !ENV \[AS_OF, \"\"\]", f'as_of: "{AS_OF}"', text)
    for feature in features:
        text = re.sub(r"(\n  features:\n)", rf"\1    - {feature}\n", text, count=1)
    config.write_text(text, "utf-8")
    return config


def html_pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "pagefind"]


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def task_page_sizes(site: Path, plans: Path) -> list[int]:
    """gzip -6 sizes of every task page (/<tinh>/<ke-hoach>/<task id>/index.html)."""
    sizes = []
    for plan in plans.glob("*/*/plan.yml"):
        folder = site / plan.parent.relative_to(plans)
        if not folder.is_dir():
            continue
        for child in folder.iterdir():
            page = child / "index.html"
            if TASK_ID.match(child.name) and page.is_file():
                sizes.append(len(gzip.compress(page.read_bytes(), 6, mtime=0)))
    return sizes


def percentile(values: list[int], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def index_command(site: Path) -> tuple[list[str], str]:
    """The project's Pagefind step when it has one, else Pagefind on the site as it is."""
    if (ROOT / "generator" / "search.py").is_file():
        code = "import sys; from pathlib import Path; from generator.search import index_site; index_site(Path(sys.argv[1]))"
        return [PY, "-c", code, str(site)], "generator.search.index_site"
    return [PY, "-m", "pagefind_bin", "--site", str(site), "--quiet"], "pagefind_bin --site"


_FIRST_SEARCH = """
async (query) => {
  const pagefind = await import('/pagefind/pagefind.js');
  const listing = await fetch('/pagefind/kh-phan.json').then(r => r.ok ? r.json() : {parts: []}).catch(() => ({parts: []}));
  for (const part of listing.parts || []) await pagefind.mergeIndex('/' + part);
  const search = await pagefind.search(query);
  const data = await Promise.all(search.results.slice(0, 5).map(r => r.data()));
  return {results: search.results.length, titles: data.map(d => d.meta && d.meta.title)};
}
"""


def national_provinces(site: Path) -> list[str]:
    """The provinces whose tasks a national site indexes apart (generator/search.py), sorted."""
    listing = site / "pagefind" / "kh-phan.json"
    try:
        return sorted(json.loads(listing.read_text("utf-8")).get("provinces", {}))
    except (OSError, ValueError, AttributeError):
        return []


def search_page_exists(site: Path) -> bool:
    page = site / "tim-kiem" / "index.html"
    return page.is_file() and "kh-search" in page.read_text("utf-8", "replace")


def first_search(site: Path, use_page: bool, timeout_ms: int = 120_000, params: str = "") -> dict:
    """Bytes Chromium transfers under /pagefind/ for a first search (fresh profile, no cache):
    on the search page (`use_page`), or by importing pagefind.js on the home page and loading 5 results."""
    from playwright.sync_api import sync_playwright

    try:
        from browser import CHROMIUM_ARGS, serve
    except Exception:  # tests/browser.py needs pytest; the same flags, copied
        from contextlib import contextmanager
        import functools
        import http.server
        import threading

        CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

        @contextmanager
        def serve(folder: Path):
            class Quiet(http.server.SimpleHTTPRequestHandler):
                def log_message(self, *args):
                    pass
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            try:
                yield f"http://127.0.0.1:{server.server_address[1]}/"
            finally:
                server.shutdown()
                server.server_close()

    out: dict = {"mode": "search page" if use_page else "pagefind.js API"}
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context()
            page = context.new_page()
            finished = []
            page.on("requestfinished", lambda request: finished.append(request))
            start = time.perf_counter()
            if use_page:
                page.goto(f"{base}tim-kiem/?q={QUERY.replace(' ', '+')}{params}", wait_until="load", timeout=timeout_ms)
                page.wait_for_function(
                    "() => document.querySelectorAll('#kh-results li').length > 0 || "
                    "/lỗi|không|chưa/i.test((document.getElementById('kh-search-status')||{}).textContent||'')",
                    timeout=timeout_ms)
                page.wait_for_load_state("networkidle", timeout=timeout_ms)
                out["results"] = page.locator("#kh-results li").count()
                out["status"] = (page.locator("#kh-search-status").text_content() or "").strip()
            else:
                page.goto(base, wait_until="load", timeout=timeout_ms)
                found = page.evaluate(_FIRST_SEARCH, QUERY)
                page.wait_for_load_state("networkidle", timeout=timeout_ms)
                out.update(found)
            out["seconds"] = round(time.perf_counter() - start, 2)
            # A national index comes in bundles (/pagefind/ and /pagefind-phan/<province>/): count them all.
            mine = [r for r in finished if re.search(r"/pagefind(-phan/[^/]+)?/", r.url)]
            body = headers = 0
            kinds: dict[str, int] = {}
            for request in mine:
                sizes = request.sizes()
                body += sizes["responseBodySize"]
                headers += sizes["responseHeadersSize"]
                name = request.url.rsplit("/", 1)[-1]
                kind = ("js" if name.endswith(".js") else "wasm" if "wasm" in name else "meta" if "pagefind-entry" in name or name.endswith(".pf_meta")
                        else "index" if name.endswith(".pf_index") else "fragment" if name.endswith(".pf_fragment") else "filter" if name.endswith(".pf_filter") else "other")
                kinds[kind] = kinds.get(kind, 0) + sizes["responseBodySize"]
            out.update({"requests": len(mine), "body_bytes": body, "header_bytes": headers, "by_kind": kinds})
        finally:
            browser.close()
    return out


_BASELINE_RENDER = r'''
import datetime as dt, inspect, json, sys, time
from pathlib import Path
plans, docs = Path(sys.argv[1]), Path(sys.argv[2])
t0 = time.perf_counter()
from generator.project import read_project
from generator.index import build_index
from generator.pages import render_pages
as_of = dt.date.fromisoformat(sys.argv[3])
index = build_index(read_project(plans, plans.parent, as_of), as_of, {})
t1 = time.perf_counter()
args = [index]
if len(inspect.signature(render_pages).parameters) > 1:
    from generator.navigation import Scope
    args.append(Scope.of_shard(""))
count = 0
for page in render_pages(*args):
    target = docs / page.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.content, "utf-8")
    count += 1
t2 = time.perf_counter()
print(json.dumps({"pages": count, "read_index_s": round(t1 - t0, 2), "render_s": round(t2 - t1, 2)}))
'''


def baseline(work: Path, plans: Path, timeout: float) -> dict:
    """Plain MkDocs + Material (search plugin on, small nav) building the plugin's Markdown pages."""
    base = work / "baseline"
    if base.exists():
        discard(base)
    docs = base / "docs"
    docs.mkdir(parents=True)
    render = measure([PY, "-c", _BASELINE_RENDER, str(plans), str(docs), AS_OF], log=base / "render.log", timeout=timeout)
    result: dict = {"render": render}
    if not ok(render):
        return result
    info = json.loads(Path(render["log"]).read_text().strip().splitlines()[-1])
    result.update(info)
    provinces = sorted(p.parent.name for p in docs.glob("*/index.md"))[:3]
    nav = ["  - Trang chủ: index.md"] + [f"  - {slug}: {slug}/index.md" for slug in provinces]
    (base / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: Baseline (hư cấu)
        docs_dir: docs
        use_directory_urls: true
        theme:
          name: material
          language: vi
        markdown_extensions:
          - attr_list
          - toc:
              permalink: false
        plugins:
          - search
        nav:
        """) + "\n".join(nav) + "\n", "utf-8")
    build = measure([PY, "-m", "mkdocs", "build", "--quiet", "-f", str(base / "mkdocs.yml"), "-d", str(base / "site")],
                    log=base / "build.log", timeout=timeout)
    result["build"] = build
    if ok(build):
        result["built_pages"] = len(html_pages(base / "site"))
        index = base / "site" / "search" / "search_index.json"
        result["search_index_bytes"] = index.stat().st_size if index.exists() else None
    return result


def profile(work: Path, config: Path, timeout: float, top: int = 15) -> str:
    """A cProfile'd `mkdocs build`; the top functions by cumulative time."""
    prof = work / "build.prof"
    code = ("import sys, cProfile; from mkdocs.__main__ import cli; sys.argv = ['mkdocs'] + sys.argv[2:]\n"
            "cProfile.run('cli(standalone_mode=False)', sys.argv[1])")
    step = measure([PY, "-c", code, str(prof), "build", "--strict", "--quiet", "-f", str(config), "-d", str(work / "site-prof")],
                   log=work / "profile.log", timeout=timeout)
    if not ok(step) or not prof.exists():
        return f"profile failed or timed out ({step})"
    import io
    import pstats
    buffer = io.StringIO()
    pstats.Stats(str(prof), stream=buffer).sort_stats("cumulative").print_stats(top)
    discard(work / "site-prof")
    lines = [ln for ln in buffer.getvalue().splitlines() if ln.strip()]
    start = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls")), 0)
    return f"cProfile of mkdocs build ({step['seconds']} s under the profiler):\n" + "\n".join(lines[start:])


# ---------------------------------------------------------------------------
# One size
# ---------------------------------------------------------------------------

# What the bench no longer needs is set aside here and deleted once every size is measured. This
# machine's disk is ext4 without a journal: there the kernel gives a new file no inode freed in the
# last minute (six, while the inode's block is not yet written back), and looks at each such inode on
# the way, so a step that creates many files soon after many were deleted pays for it in system time.
# Measured: 5,000 files took 0.16 s fresh and 3.7 s right after 60,000 others were deleted; the 64
# Pagefind runs of the 100k index took 61-89 s right after the previous index was deleted, and 35-42 s
# with nothing deleted. The 1k and 10k sites, deleted just before the 100k build, skewed it.
TRASH: list[Path] = []


def discard(path: Path) -> None:
    """Move `path` into the trash (deleted by empty_trash when the bench ends); delete it now if there
    is no trash or it cannot be moved there."""
    if not path.exists():
        return
    if TRASH:
        try:
            TRASH[0].mkdir(parents=True, exist_ok=True)
            os.rename(path, TRASH[0] / f"{path.name}-{time.time_ns()}")
            return
        except OSError:
            pass
    shutil.rmtree(path, ignore_errors=True)


def empty_trash() -> None:
    if TRASH:
        shutil.rmtree(TRASH[0], ignore_errors=True)


def run_size(n: int, args, out_root: Path) -> dict:
    work = out_root / f"n{n}"
    cached = work / "result.json"
    if args.reuse and cached.exists():
        return json.loads(cached.read_text())
    discard(work)
    work.mkdir(parents=True)
    plans, site = work / "plans", work / "site"
    r: dict = {"size": n, "measured": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    say = lambda text: print(f"[{n}] {text}", file=sys.stderr, flush=True)  # noqa: E731

    say("generating synthetic data")
    r["synth"] = measure([PY, str(BENCH / "synth.py"), "--tasks", str(n), "--out", str(plans), "--seed", str(args.seed)],
                         log=work / "synth.log", timeout=args.timeout)
    if not ok(r["synth"]):
        return _save(cached, r)
    r["synth_summary"] = Path(r["synth"]["log"]).read_text().strip().splitlines()[-1]
    r["tasks"] = n
    config = make_config(work, plans, args.feature)

    say("validate (python -m generator check)")
    r["check"] = measure([PY, "-m", "generator", "check", "--plans", str(plans), "--as-of", AS_OF],
                         log=work / "check.log", timeout=args.timeout, cwd=work)
    _save(cached, r)

    # The measured build is the one `make site` runs: the sharded build, then one Pagefind index.
    say(f"build (python -m generator build --jobs {args.jobs})")
    r["build"] = measure([PY, "-m", "generator", "build", "--config", str(config), "--plans", str(plans),
                          "--site-dir", str(site), "--jobs", str(args.jobs), "--no-search", "--as-of", AS_OF],
                         log=work / "build.log", timeout=args.timeout, cwd=work, guard=work)
    if not ok(r["build"]):
        discard(site)
    _save(cached, r)
    if ok(r["build"]):
        pages = html_pages(site)
        r["pages"] = len(pages)
        sizes = task_page_sizes(site, plans)
        r["task_pages"] = len(sizes)
        if sizes:
            r["task_gz_median"] = statistics.median(sizes)
            r["task_gz_p95"] = percentile(sizes, 0.95)
        r["site_bytes_before_index"] = tree_bytes(site)
        _save(cached, r)

        say("search index")
        command, how = index_command(site)
        r["index_how"] = how
        r["index"] = measure(command, log=work / "index.log", timeout=args.timeout, cwd=ROOT, guard=Path(tempfile.gettempdir()))
        r["site_bytes"] = tree_bytes(site)
        if (site / "pagefind").is_dir():
            r["pagefind_bytes"] = tree_bytes(site / "pagefind") + (tree_bytes(site / "pagefind-phan") if (site / "pagefind-phan").is_dir() else 0)
        _save(cached, r)

        if ok(r["index"]) and not args.no_browser:
            say("first search in Chromium")
            modes = [("search", True, ""), ("search_api", False, "")] if search_page_exists(site) else [("search", False, "")]
            provinces = national_provinces(site)
            if provinces and search_page_exists(site):
                modes += [("search_province", True, "&tinh=" + urllib.parse.quote_plus(provinces[0])),
                          ("search_all", True, "&pham_vi=moi-nhiem-vu")]
            for key, use_page, params in modes:
                try:
                    r[key] = first_search(site, use_page, params=params)
                except Exception as error:  # noqa: BLE001 - reported, not fatal
                    r[key] = {"error": f"{type(error).__name__}: {error}"[:500]}
                _save(cached, r)
    discard(site)

    if n <= args.one_process_max:
        # For comparison: the same site by one `mkdocs build` process (the plugin then indexes it too).
        say("one-process mkdocs build")
        one = work / "site-one-process"
        r["one_process"] = measure([PY, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config), "-d", str(one)],
                                   log=work / "one-process.log", timeout=args.timeout, cwd=work, guard=work)
        discard(one)
        _save(cached, r)

    if n == args.baseline_size and not args.no_baseline:
        say("baseline: plain MkDocs + Material")
        r["baseline"] = baseline(work, plans, args.timeout)
        _save(cached, r)
    if args.profile and n == args.baseline_size:
        say("profiling mkdocs build")
        r["profile"] = profile(work, config, args.timeout * 5)
        _save(cached, r)
    if not args.keep:
        discard(work / "baseline")
    return _save(cached, r)


def _save(path: Path, r: dict) -> dict:
    path.write_text(json.dumps(r, ensure_ascii=False, indent=1), "utf-8")
    return r


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------

def _secs(step: dict | None) -> str:
    if not step:
        return "–"
    if step.get("disk_full"):
        return f"stopped at {step['seconds']:.0f} (disk)"
    if step.get("memory_full"):
        return f"stopped at {step['seconds']:.0f} (memory)"
    if step.get("timed_out"):
        return f"timeout (>{step['seconds']:.0f})"
    if step.get("code") != 0:
        return f"failed (exit {step.get('code')})"
    return f"{step['seconds']:.1f}"


def _peak(step: dict | None) -> str:
    if not step:
        return "–"
    if step.get("memory_full"):
        return f"> {step.get('memory_cap_mb', 0):,} (all processes)"
    return "–" if step.get("peak_mb") is None else f"{step['peak_mb']:.0f}"


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value / 1e6:.1f}"


def _kb(value: float | None) -> str:
    return "–" if value is None else f"{value / 1e3:.1f}"


def table(results: list[dict]) -> str:
    head = ["tasks", "pages", "validate s", "build s", "index s", "build + index s", "pages/s",
            "peak MB build (largest process / all together) / index", "site MB (of which Pagefind)",
            "task page gz KB median / p95", "first search KB (requests)", "one-process build s (peak MB)"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        build, index, one = r.get("build"), r.get("index"), r.get("one_process")
        pages = r.get("pages")
        rate = f"{pages / (build['seconds'] + index['seconds']):.1f}" if ok(build) and ok(index) and pages else "–"
        total = f"{build['seconds'] + index['seconds']:.1f}" if ok(build) and ok(index) else "–"
        together = f"{build['sampled_mb']:,}" if build and build.get("sampled_mb") else "–"
        peaks = f"{_peak(build)} / {together} / {_peak(index)}"
        site = f"{_mb(r.get('site_bytes'))} ({_mb(r.get('pagefind_bytes'))})" if r.get("site_bytes") else "–"
        gz = f"{_kb(r.get('task_gz_median'))} / {_kb(r.get('task_gz_p95'))}" if r.get("task_gz_median") else "–"
        search = r.get("search") or {}
        first = (f"{_kb(search['body_bytes'])} ({search['requests']}){' page' if search.get('mode') == 'search page' else ''}"
                 if "body_bytes" in search else ("error" if search.get("error") else "–"))
        province = r.get("search_province") or {}
        if "body_bytes" in province:
            first += f"; one province {_kb(province['body_bytes'])} ({province['requests']})"
        one_text = f"{_secs(one)} ({_peak(one)})" if one else "–"
        rows.append("| " + " | ".join([f"{r.get('tasks', r['size']):,}", f"{pages:,}" if pages else "–", _secs(r.get("check")),
                                        _secs(build), _secs(index), total, rate, peaks, site, gz, first, one_text]) + " |")
    return "\n".join(rows)


def notes(results: list[dict], args) -> list[str]:
    out = []
    for r in results:
        n = f"{r['size']:,}"
        if r.get("synth_summary"):
            out.append(f"- {n}: synthetic data: {r['synth_summary'].split(' → ')[0]} (generated in {r['synth']['seconds']:.1f} s); "
                       f"measured from {r.get('measured', '?')}.")
        build = r.get("build") or {}
        if "load_before" in build:
            out.append(f"- {n}: 1-minute load average before / after the build: {build['load_before']} / {build['load_after']} "
                       f"(on {os.cpu_count()} cores; above that, other work was competing).")
        if "user_s" in build:
            index = r.get("index") or {}
            spent = f"build {build['user_s']:.1f} s user + {build['sys_s']:.1f} s system"
            if "user_s" in index:
                spent += f"; index {index['user_s']:.1f} s user + {index['sys_s']:.1f} s system"
            out.append(f"- {n}: CPU time ({spent}); user time compares runs on a machine whose speed drifts.")
        if r.get("index_how"):
            out.append(f"- {n}: index step: `{r['index_how']}`.")
        for key in ("search", "search_province", "search_all", "search_api"):
            search = r.get(key) or {}
            where = {"search_province": ", in one province", "search_all": ", every task of the country"}.get(key, "")
            if "body_bytes" in search:
                kinds = ", ".join(f"{k} {v / 1e3:.1f} KB" for k, v in sorted(search["by_kind"].items()))
                found = search.get("results")
                shown = f"{found} results shown ({search.get('status', '')})" if search["mode"] == "search page" else f"{found} results, 5 loaded"
                out.append(f"- {n}: first search (\"{QUERY}\", {search['mode']}{where}): {shown}; {search['requests']} requests, "
                           f"{search['body_bytes'] / 1e3:.1f} KB of bodies + {search['header_bytes'] / 1e3:.1f} KB of headers "
                           f"({kinds}); {search['seconds']} s.")
            elif search.get("error"):
                out.append(f"- {n}: first search ({key}) failed: {search['error']}")
        b = r.get("baseline")
        if b:
            build, ours, index, one = b.get("build"), r.get("build"), r.get("index"), r.get("one_process")
            if ok(build) and ok(ours) and ok(index):
                ratio = (ours["seconds"] + index["seconds"]) / build["seconds"]
                one_ratio = f"; one-process `mkdocs build` (with its index) / baseline: {one['seconds'] / build['seconds']:.2f}×" if ok(one) else ""
                out.append(f"- {n}: **baseline** plain MkDocs + Material, search plugin on, small nav, the same {b['pages']:,} Markdown pages "
                           f"({b.get('built_pages', 0):,} HTML): build {build['seconds']:.1f} s, peak {build['peak_mb']:.0f} MB, "
                           f"lunr index {_mb(b.get('search_index_bytes'))} MB. **Ratio ours (build + index, {ours['seconds'] + index['seconds']:.1f} s) / baseline: {ratio:.2f}×**{one_ratio} "
                           f"(the Markdown itself took {b['read_index_s']} s to read and index the data + {b['render_s']} s to render, outside the timed build).")
            else:
                out.append(f"- {n}: baseline: render {_secs(b.get('render'))}, build {_secs(b.get('build'))}.")
        if r.get("profile"):
            head, _, rest = r["profile"].partition("\n")
            out.append(f"- {n}: {head}\n\n  ```\n  " + rest.replace("\n", "\n  ") + "\n  ```")
    return out


def machine() -> str:
    cpu = ""
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        mem = int(next(ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))) / 2**20
    except (OSError, StopIteration):
        mem = 0
    if os.environ.get("BENCH_SNAPSHOT"):
        commit, dirty = f"{os.environ['BENCH_SNAPSHOT']} (a frozen copy of HEAD)", ""
    else:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", ".", ":!bench"],
                               capture_output=True, text=True).stdout.strip()
    pagefind = subprocess.run([PY, "-m", "pagefind_bin", "--version"], capture_output=True, text=True).stdout.strip()
    return (f"Machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}){', ' + cpu if cpu else ''}, {mem:.0f} GB RAM; "
            f"Python {platform.python_version()}; {pagefind}; commit {commit}{' + uncommitted changes' if dirty else ''}. "
            f"Peak memory: {'/usr/bin/time -v' if TIME.exists() else 'getrusage(RUSAGE_CHILDREN) of a wrapper'} "
            f"(largest single process).")


def run_in_snapshot(args, argv: list[str]) -> int:
    """Copy HEAD (git archive) and this bench/ folder into <out>/snapshot and run this script there.

    The copy's generator/ comes first on PYTHONPATH (and the working directory is never the repo), so
    the plugin, the templates and the schemas all come from the same commit.
    """
    out = args.out.resolve()
    snap = out / "snapshot"
    if snap.exists():
        shutil.rmtree(snap)
    snap.mkdir(parents=True)
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "HEAD"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(snap)], input=archive, check=True)
    (snap / "bench").mkdir(exist_ok=True)
    for name in ("synth.py", "run.py"):
        shutil.copy2(BENCH / name, snap / "bench" / name)
    env = {**os.environ, "BENCH_SNAPSHOT": commit,
           "PYTHONPATH": os.pathsep.join(filter(None, [str(snap), os.environ.get("PYTHONPATH")]))}
    rest = [a for a in argv if a != "--snapshot"]
    command = [PY, str(snap / "bench" / "run.py"), *rest, "--out", str(out), "--results", str(args.results.resolve())]
    print(f"Đo trên bản sao của {commit} (measuring a snapshot of {commit}) in {snap}", file=sys.stderr, flush=True)
    return subprocess.call(command, env=env, cwd=snap)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark the site build on synthetic national data (make bench).")
    ap.add_argument("--sizes", default="1000,10000,100000", help="task counts, comma-separated")
    ap.add_argument("--quick", action="store_true", help="only 1,000 and 10,000 tasks")
    ap.add_argument("--timeout", type=float, default=7200, help="seconds allowed for each step")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="--jobs of the sharded build")
    ap.add_argument("--baseline-size", type=int, default=10000)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--one-process-max", type=int, default=10000,
                    help="also time a one-process `mkdocs build` for sizes up to this many tasks")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--profile", action="store_true", help="also profile mkdocs build at the baseline size")
    ap.add_argument("--reuse", action="store_true", help="show bench/out/n<size>/result.json where it exists instead of measuring")
    ap.add_argument("--keep", action="store_true", help="keep the baseline build")
    ap.add_argument("--max-disk-gb", type=float, default=20, help="stop a step that writes more than this (the disk is shared)")
    ap.add_argument("--max-mem-gb", type=float, default=12, help="stop a step whose processes hold more memory than this together")
    ap.add_argument("--feature", action="append", default=[],
                    help="add a theme feature to the measured config (to try one, e.g. navigation.prune)")
    ap.add_argument("--out", type=Path, default=BENCH / "out")
    ap.add_argument("--results", type=Path, default=BENCH / "results.md")
    ap.add_argument("--snapshot", action="store_true",
                    help="measure a frozen copy of git HEAD (git archive), so that edits made during a long run do not mix versions")
    args = ap.parse_args(argv)
    if args.snapshot and not os.environ.get("BENCH_SNAPSHOT"):
        return run_in_snapshot(args, argv if argv is not None else sys.argv[1:])
    MAX_GROWTH[0] = int(args.max_disk_gb * 1e9)
    MAX_RSS[0] = int(args.max_mem_gb * 1e9)
    sizes = [1000, 10000] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    results = []
    started = time.perf_counter()
    TRASH[:] = [args.out / ".trash"]
    try:
        for n in sizes:
            results.append(run_size(n, args, args.out))
            print(table(results), file=sys.stderr, flush=True)
    finally:
        empty_trash()
    text = "\n".join([
        f"# Benchmark on synthetic data ({dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC)",
        "",
        "Fictional data from bench/synth.py (never published); as-of date " + AS_OF + ". " + machine(),
        "",
        table(results),
        "",
        f"Build: `python -m generator build --jobs {args.jobs} --no-search` (what `make site` runs, less the index), "
        "with the project's mkdocs.yml" + (f" plus theme features {', '.join(args.feature)}" if args.feature else "")
        + "; index: the project's Pagefind step on that tree. Pages/s counts build and index. One-process build: "
        "`mkdocs build --strict`, which also indexes (on_post_build). Sizes are bytes of files (1 MB = 10^6 bytes); "
        "task pages gzipped at level 6.",
        "",
        *notes(results, args),
        "",
        (f"Total time of this run: {time.perf_counter() - started:.0f} s." if not args.reuse
         else "Shown from bench/out/n<size>/result.json (--reuse) where it existed."),
    ])
    print(text)
    args.results.write_text(text + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
