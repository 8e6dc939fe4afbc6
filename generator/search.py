"""The search step: a Pagefind index over the built site, so that the published folder searches itself.

`index_site(site_dir)` runs the Pagefind binary that the `pagefind_bin` package installs,
writing the bundle to `<site_dir>/pagefind/`. The search page (`tim-kiem/`, `pages/search.py`) loads
it from there with `docs/assets/search.js`: no server, nothing else to install.

What is indexed is marked in the pages themselves: `overrides/main.html` wraps each page's article in
`data-pagefind-body` (the search page opts out with `search: exclude` in its front matter) and names
the kind of the pages whose templates do not; the task, plan and agency templates carry
`data-pagefind-filter` / `-weight` / `-ignore`. Templates that are not search-aware are handled here
by `EXCLUDE_SELECTORS`.

Vietnamese without diacritics: Pagefind already ignores tone and vowel marks (and reads NFD), but "đ"
is a letter of its own, not "d" with a mark, so "duong" would never find "đường". Pagefind therefore
reads a scratch copy of the pages in which each indexed page ends with a hidden block of its
đ-phrases written with "d" ("địa chỉ, đường dây nóng" → "dịa chỉ, dường dây nóng"), each with the
weight of the place it came from (a title's keep the title's weight). The search page folds "đ" to
"d" in the query too, so "duong", "dường" and "đường" all find "đường", and quotes only the text
before the block (FOLDED_MARK). The published pages stay exactly as MkDocs wrote them.

A national site (more than SPLIT_FROM_PAGES pages) is indexed in bundles: `pagefind/` holds every
page but the tasks, and `pagefind-phan/<province folder>/` each province's tasks, listed in
`pagefind/kh-phan.json`. The search page starts in the first and merges a province's bundle (or all
of them) with Pagefind's mergeIndex when the reader chooses where to search.

Same pages, same bytes: Pagefind runs with fixed options in an empty folder, on copies listed in
sorted order (it numbers pages in the order the file system lists them), and the one part of its
output that is not stable (the filter index, in HashMap order) is rewritten in a fixed order.
"""
from __future__ import annotations

import concurrent.futures
import functools
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import unicodedata
from pathlib import Path

from .elements import VOID

BUNDLE_DIR = "pagefind"
PARALLEL_FROM_PAGES = 2000   # below this, starting worker processes costs more than it saves
# Above this many pages the site is indexed as a national one: the task pages of each province get a
# bundle of their own (<site>/pagefind-phan/<province folder>/) and the first bundle holds every other
# page. One index over 100,000 task pages makes a first search load megabytes (the page list alone is
# 0.7 MB, and a syllable such as "so" occurs on most pages); the search page starts in the first
# bundle (plans, agencies, hubs) and merges a province's tasks, or all of them, when asked.
SPLIT_FROM_PAGES = 30000
PARTS_DIR = "pagefind-phan"
PARTS_FILE = "kh-phan.json"  # in the first bundle: {"parts": [bundle, …], "provinces": {name: bundle}}
# What marks a task page and its province (pages/task.html.j2 writes both).
TASK_MARK = 'data-pagefind-filter="loai:Nhiệm vụ"'
_PROVINCE = re.compile(r'data-pagefind-filter="tinh"[^>]*>([^<]*)<')
# A merged bundle needs only its index files; the search page runs the first bundle's code and wasm.
_CODE_FILES = re.compile(r"^(pagefind([-.].*)?\.(js|css)|wasm\..*\.pagefind)$")
# Pagefind splits the word index into chunks and a search loads only the chunks of the words typed.
# Its default chunk suits English; Vietnamese syllables are few and frequent, so the default made one
# chunk of 100 kB serve most queries. 2000 word locations a chunk brings the index part of a first
# search from 100–180 kB to about 50 kB (measured on the seed plans). Pagefind reads it from an
# environment variable it calls unstable; if a later version ignores it, only the chunk size changes.
INDEX_CHUNK_SIZE = 2000

# Parts of pages whose templates carry no data-pagefind-ignore, left out of the index because they
# repeat what has its own page (every task title, every agency): keeping them would put hubs and
# plan pages above the task or agency page a reader is looking for.
EXCLUDE_SELECTORS = (
    ".kh-tl",            # a plan's timeline (every task title again)
    "table.kh-list",     # cross-plan task lists: agency, deadline and overdue pages
    ".kh-unreported",    # the overdue page's list of unreported tasks
    "table.kh-agencies",  # a province's agency index
    "table.kh-counts",   # counts per section / agency
    ".kh-plan-list",     # the home and province pages' lists of plans
    "ul.kh-periods",     # hubs' lists of provinces and periods, with counts
    ".kh-periods-inline",  # … and of quarters and months
    "table.kh-summary",  # counts by status: the same labels on every agency page
)

# Elements Pagefind never indexes (its parser's own list), mirrored when collecting đ-words.
_PAGEFIND_REMOVED = frozenset({"head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe", "template"})
_AUTO_WEIGHTS = {"h1": 7.0, "h2": 6.0, "h3": 5.0, "h4": 4.0, "h5": 3.0, "h6": 2.0}
# Inline elements continue the text around them (Pagefind's list); any other tag ends a block of text.
_INLINE = frozenset({"a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i", "img",
                     "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select", "small",
                     "span", "strong", "sub", "sup", "textarea", "time", "tt", "var", "mark", "s", "u"})
WINDOW = 3           # words kept either side of a word with "đ" in the folded copy
FOLDED_MARK = "⁂⁂⁂"  # starts the folded copy; not a word, so Pagefind keeps it in the text but not the index
_BODY_ATTR = "data-pagefind-body"
_BODY_TAG = re.compile(r"<[a-zA-Z][^<>]*\sdata-pagefind-body[\s=>]")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message says why, in Vietnamese and English."""


def fold_d(text: str) -> str:
    """"đ" and "Đ" written as "d" and "D" (the one Vietnamese letter Pagefind does not fold)."""
    return text.replace("đ", "d").replace("Đ", "D")


def index_site(site_dir: Path, jobs: int | None = None) -> None:
    """Index the built site at `site_dir` with Pagefind into `<site_dir>/pagefind/`, replacing any old bundle.

    The same pages give the same bundle, byte for byte: Pagefind runs with fixed options, in an empty
    working folder (no pagefind.yml is read) and without PAGEFIND_* variables from the environment.
    A site of more than SPLIT_FROM_PAGES pages is indexed in bundles (see SPLIT_FROM_PAGES), up to
    `jobs` Pagefind runs at a time; pages are prepared for it by `jobs` processes (default: one per core).
    """
    site_dir = Path(site_dir).resolve()
    if not (site_dir / "index.html").is_file():
        raise SearchIndexError(f"Không tìm thấy trang web đã dựng trong {site_dir} (no built site at {site_dir}: index.html is missing).")
    for old in (site_dir / BUNDLE_DIR, site_dir / PARTS_DIR):
        if old.exists():
            shutil.rmtree(old)
    jobs = jobs or _cores()
    sources = _html_pages(site_dir)
    split = len(sources) > SPLIT_FROM_PAGES
    with tempfile.TemporaryDirectory(prefix="pagefind-", dir=scratch_folder(sources)) as work:
        groups = _prepare_pages(site_dir, Path(work), sources, jobs, split)
        # The first bundle holds the home page, which every site built with overrides/ marks for search.
        if MAIN_GROUP not in groups:
            raise SearchIndexError(f"Không có trang nào được đánh dấu để tìm kiếm (data-pagefind-body) trong {site_dir} "
                                   "(no page is marked for search: is overrides/main.html in use?).")
        folders = sorted(g for g in groups if g != MAIN_GROUP)
        bundles = {MAIN_GROUP: site_dir / BUNDLE_DIR, **{g: site_dir / PARTS_DIR / g for g in folders}}
        # The largest first, so that the small ones fill in beside it.
        order = sorted(bundles, key=lambda g: -groups[g][0])

        def index(group: str) -> None:
            _run_pagefind(Path(work) / group, bundles[group])
            # Each copy goes as soon as it is indexed, beside the next run: deleting 100,000 small
            # files at the end took half a minute.
            shutil.rmtree(Path(work) / group, ignore_errors=True)

        workers = max(1, min(jobs, len(order)))
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers, initializer=_cores_of_their_own(workers)) as pool:
            runs = [pool.submit(index, group) for group in order]
            try:
                for run in runs:
                    run.result()
            except BaseException:
                for run in runs:   # one failed: do not start the others
                    run.cancel()
                raise
    for group in folders:
        for path in bundles[group].iterdir():
            if _CODE_FILES.match(path.name):
                path.unlink()
    listing = {"parts": [f"{PARTS_DIR}/{g}/" for g in folders],
               "provinces": {groups[g][1]: f"{PARTS_DIR}/{g}/" for g in folders if groups[g][1]}}
    (site_dir / BUNDLE_DIR / PARTS_FILE).write_text(json.dumps(listing, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")


MEMORY_FOLDER = Path("/dev/shm")   # Linux's file system in memory


def scratch_folder(sources: list[Path]) -> str | None:
    """Where the copies Pagefind reads are written: in memory when the system has room for all of the
    pages (they are cut down, so this is more than they need), else the usual temporary folder.

    A national set makes 100,000 small copies, and writing, reading and deleting them on disk cost
    about five times as long as in memory (measured: 20,000 files of 5 kB, 5.1 s and 1.1 s). A
    container's /dev/shm is often only 64 MB: then the disk is used. TMPDIR, when set, wins."""
    if os.environ.get("TMPDIR") or not MEMORY_FOLDER.is_dir() or not os.access(MEMORY_FOLDER, os.W_OK):
        return None
    needed = sum(path.stat().st_size for path in sources)
    return str(MEMORY_FOLDER) if shutil.disk_usage(MEMORY_FOLDER).free > needed else None


def _html_pages(site_dir: Path) -> list[Path]:
    """The site's HTML pages outside the bundles, sorted (os.walk: twice as fast as rglob on 100,000 folders)."""
    found = []
    for folder, subfolders, files in os.walk(site_dir):
        if folder == str(site_dir):
            subfolders[:] = [name for name in subfolders if name not in (BUNDLE_DIR, PARTS_DIR)]
        found.extend(os.path.join(folder, name) for name in files if name.endswith(".html"))
    return sorted(Path(name) for name in found)


def _run_pagefind(pages: Path, bundle: Path) -> None:
    """Index the prepared pages in `pages` into `bundle`."""
    _in_sorted_order(pages)
    work = pages.parent
    command = [_pagefind_command(), "--site", str(pages), "--output-path", str(bundle),
               "--force-language", "vi", "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS), "--quiet"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    env["PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"] = str(INDEX_CHUNK_SIZE)
    try:
        done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
    except OSError as error:
        raise SearchIndexError(f"Không chạy được Pagefind (could not run Pagefind): {error}") from None
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        output = "\n".join(part for part in (done.stdout.strip(), done.stderr.strip()) if part)
        raise SearchIndexError(
            f"Pagefind không tạo được chỉ mục tìm kiếm (Pagefind failed, exit code {done.returncode}).\n"
            f"Lệnh (command): {' '.join(command)}\n{output[-4000:]}")
    _stable_filters(bundle)


def _pagefind_command() -> str:
    """The Pagefind binary that the pagefind-bin package ships (run directly: through `python -m
    pagefind_bin`, each of a national set's 64 runs started an interpreter first)."""
    try:
        from pagefind_bin import get_executable
        return str(get_executable().absolute())
    except (ImportError, FileNotFoundError) as error:
        raise SearchIndexError(f"Không tìm thấy Pagefind (Pagefind is not installed: {error}). "
                               "Cài gói pagefind-bin (pip install -r requirements.lock).") from None


def _in_sorted_order(folder: Path) -> None:
    """Make every folder under `folder` list its entries as if they had been made in sorted order.

    Pagefind numbers pages in the order its directory walk meets them, which is the order the file
    system lists them in: on tmpfs the order they were made (last first), which differs when two
    processes copy the pages at once. So each folder of more than one entry is made again, its
    entries moved into it in sorted order (innermost folders first, since a folder made again comes
    last in its parent). Every such folder, whatever its order: whether a listing is "in order"
    depends on the file system, and a folder left alone would then be listed otherwise than one made
    again."""
    with os.scandir(folder) as listing:
        entries = sorted((entry.name, entry.is_dir(follow_symlinks=False)) for entry in listing)
    for name, is_dir in entries:
        if is_dir:
            _in_sorted_order(folder / name)
    if len(entries) < 2:
        return
    fresh = folder.with_name(folder.name + ".sap-xep")
    fresh.mkdir()
    for name, _ in entries:
        os.rename(folder / name, fresh / name)
    folder.rmdir()
    os.rename(fresh, folder)


def _stable_filters(bundle: Path) -> None:
    """Make Pagefind's filter index the same bytes for the same pages.

    Pagefind 1.5 writes each filter's values, and the list of filters in its metadata, in the order of
    a Rust HashMap, which changes from run to run (its source says so: "TODO: Change filter indexes to
    BTree to give them a stable hash"). Everything else it writes is stable. So: re-encode each filter
    chunk with its values sorted, name it by its content, list the filters by name in the metadata,
    name that by its content, and point pagefind-entry.json at it. The search page reads these as
    Pagefind's own code does (nothing checks a name against a content hash).
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read_chunk(meta_path)
        if not (isinstance(meta, list) and len(meta) > 3 and isinstance(meta[3], list)):
            raise SearchIndexError(f"Định dạng chỉ mục Pagefind không như mong đợi (unexpected Pagefind metadata in {meta_path.name}).")
        filters = []
        for name, old_hash in meta[3]:
            old_path = bundle / "filter" / f"{old_hash}.pf_filter"
            chunk = _read_chunk(old_path)
            chunk[1] = sorted(([value, sorted(pages)] for value, pages in chunk[1]), key=lambda v: v[0])
            new_hash = _write_chunk(bundle / "filter", "{}.pf_filter", language, 7, chunk)
            if new_hash != old_hash:
                old_path.unlink()
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        info["hash"] = _write_chunk(bundle, "pagefind.{}.pf_meta", language, 10, meta)
        if info["hash"] != meta_path.name.split(".")[1]:
            meta_path.unlink()
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")


_SIGNATURE = b"pagefind_dcd"


def _read_chunk(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexError(f"Tệp chỉ mục Pagefind không đọc được (unreadable Pagefind file {path.name}).")
    value, end = _cbor_decode(data, len(_SIGNATURE))
    if end != len(data):
        raise SearchIndexError(f"Tệp chỉ mục Pagefind không đọc được (trailing bytes in {path.name}).")
    return value


def _write_chunk(folder: Path, pattern: str, language: str, digits: int, value) -> str:
    data = gzip.compress(_SIGNATURE + _cbor_encode(value), mtime=0)
    name = f"{language}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / pattern.format(name)).write_bytes(data)
    return name


def _cbor_decode(data: bytes, i: int):
    """The little CBOR Pagefind's chunks use: unsigned integers, byte and text strings, arrays, maps."""
    major, info = data[i] >> 5, data[i] & 31
    i += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n, i = int.from_bytes(data[i:i + size], "big"), i + size
    else:
        raise SearchIndexError("Tệp chỉ mục Pagefind có dạng CBOR chưa hỗ trợ (unsupported CBOR in a Pagefind file).")
    if major == 0:
        return n, i
    if major == 2:
        return data[i:i + n], i + n
    if major == 3:
        return data[i:i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _cbor_decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        pairs = {}
        for _ in range(n):
            key, i = _cbor_decode(data, i)
            pairs[key], i = _cbor_decode(data, i)
        return pairs, i
    raise SearchIndexError("Tệp chỉ mục Pagefind có dạng CBOR chưa hỗ trợ (unsupported CBOR in a Pagefind file).")


def _cbor_encode(value) -> bytes:
    def head(major: int, n: int) -> bytes:
        if n < 24:
            return bytes([major << 5 | n])
        for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if n < 1 << (8 * size):
                return bytes([major << 5 | info]) + n.to_bytes(size, "big")
        raise ValueError(n)

    if isinstance(value, bool) or value is None:
        raise ValueError(value)
    if isinstance(value, int) and value >= 0:
        return head(0, value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return head(3, len(raw)) + raw
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(_cbor_encode(v) for v in value)
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(_cbor_encode(k) + _cbor_encode(v) for k, v in value.items())
    raise ValueError(value)


def _cores_of_their_own(workers: int):
    """A thread initializer that gives each of `workers` threads its own share of this process's
    cores, which the Pagefind runs it starts inherit; None with one worker or too few cores.

    A Pagefind run's many threads write its files into a few folders: two runs side by side on 2
    cores, their threads spun on those folders' locks across the cores (system time). Kept to a core
    each, the 64 runs of the 100k set took 35.5-37.5 s instead of 40.6-41.9 s, and less CPU time."""
    cores = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_setaffinity") else []
    if workers < 2 or len(cores) < workers:
        return None
    shares = [set(cores[i::workers]) for i in range(workers)]
    lock = threading.Lock()

    def take_share() -> None:
        with lock:
            share = shares.pop()
        os.sched_setaffinity(0, share)   # 0: this thread (Linux), and so what it starts

    return take_share


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


MAIN_GROUP = "_"   # the scratch folder of the first bundle's pages (a province folder is never "_")


def _prepare_pages(site_dir: Path, work: Path, sources: list[Path], jobs: int | None = None,
                   split: bool = False) -> dict[str, tuple[int, str]]:
    """Copy the indexed ones of these HTML pages, cut down to what Pagefind reads and with their folded
    đ-words added, into `work/<group>/`; return {group: (pages, province name)}.

    The group is MAIN_GROUP, or with `split` a task page's province folder. Large sites are prepared
    in parallel, one process per core (the copies are the same either way)."""
    if jobs is None:
        jobs = _cores()
    prepare = functools.partial(_prepare_some, site_dir, work, split)
    if jobs < 2 or len(sources) < PARALLEL_FROM_PAGES:
        found = [prepare(sources)]
    else:
        batches = [sources[i:i + 500] for i in range(0, len(sources), 500)]
        with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
            found = list(pool.map(prepare, batches))
    groups: dict[str, tuple[int, str]] = {}
    for batch in found:
        for group, (count, name) in batch.items():
            _add_pages(groups, group, count, name)
    return groups


def _add_pages(groups: dict[str, tuple[int, str]], group: str, count: int, name: str) -> None:
    before = groups.get(group, (0, ""))
    groups[group] = (before[0] + count, before[1] or name)


def _prepare_some(site_dir: Path, work: Path, split: bool, sources: list[Path]) -> dict[str, tuple[int, str]]:
    groups: dict[str, tuple[int, str]] = {}
    for source in sources:
        document = source.read_text("utf-8")
        body = _find_body(document)
        if not body:
            continue
        relative = source.relative_to(site_dir)
        group, name = MAIN_GROUP, ""
        if split and len(relative.parts) > 1 and TASK_MARK in document:
            group = relative.parts[0]
            found = _PROVINCE.search(document)
            name = html.unescape(found.group(1)).strip() if found else ""
        _add_pages(groups, group, 1, name)
        target = work / group / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        # <dt>Loại</dt><dd>Sở, ngành</dd> would reach the index as "LoạiSở," (Pagefind adds no space
        # after a dt or dd): space them out in the copy it reads.
        document = with_folded_words(_searched_part(document, body).replace("</dt>", "</dt> ").replace("</dd>", "</dd> "),
                                     empty_ignored=True)
        target.write_text(document, "utf-8")
    return groups


_HTML_TAG = re.compile(r"<html[^>]*>")
_TITLE = re.compile(r"<title>.*?</title>", re.S)


def _find_body(document: str) -> re.Match | None:
    """_BODY_TAG.search(document), found from the attribute back to its "<" (a page's header and
    navigation before it are most of its bytes, and the regular expression tried every tag in them)."""
    at = document.find(_BODY_ATTR)
    while at >= 0:
        start = document.rfind("<", 0, at)
        found = _BODY_TAG.match(document, start) if start >= 0 else None
        if found:
            return found
        at = document.find(_BODY_ATTR, at + 1)
    return None


def _searched_part(document: str, found: re.Match) -> str:
    """The page cut down to what Pagefind reads from it: the <html> tag (its language), the <title>,
    and the article holding data-pagefind-body. Header, navigation and footer are never indexed, so
    the bundle is the same, made from a third of the bytes. `found`: the _BODY_TAG in it."""
    stop = document.rfind("</article>", found.start())
    if stop < 0:
        return document
    html_tag = _HTML_TAG.search(document)
    title = _TITLE.search(document, 0, found.start())
    return (f"<!doctype html>\n{html_tag.group(0) if html_tag else '<html>'}<head><meta charset=\"utf-8\">"
            f"{title.group(0) if title else ''}</head><body><article>{document[found.start():stop]}</article></body></html>\n")


def with_folded_words(document: str, *, empty_ignored: bool = False) -> str:
    """The page with a hidden, indexed block of its đ-phrases written with "d", just before </body>.

    The block starts with FOLDED_MARK, so that the search page can tell the page's own text (before
    it) from the folded copy (after it) and quote only the former. With `empty_ignored`, elements
    that are not indexed lose their content as well (see folded_runs): the same bundle from less.
    """
    found = _find_body(document)
    if not found:
        return document
    end = document.rfind("</body>")
    if end < 0:
        end = len(document)
    stop = document.rfind("</article>", found.start(), end)  # the body sits inside Material's article
    stop = stop if stop > 0 else end
    emptied: list[tuple[int, int]] | None = [] if empty_ignored else None
    runs = folded_runs(document[found.start():stop], emptied=emptied)
    if emptied:
        kept, last = [document[:found.start()]], 0
        for first, after in emptied:
            kept.append(document[found.start() + last:found.start() + first])
            last = after
        kept.append(document[found.start() + last:])
        document = "".join(kept)
        end = document.rfind("</body>")
        end = len(document) if end < 0 else end
    if not runs:
        return document
    blocks = "".join(f'<p data-pagefind-weight="{weight:g}">{html.escape(text, quote=False)}</p>' for text, weight in runs)
    return f'{document[:end]}<div {_BODY_ATTR} hidden><p>{FOLDED_MARK}</p>{blocks}</div>\n{document[end:]}'


# A tag takes the blank text after it along (it is never indexed): a page's markup is as many line
# breaks between tags as tags. Group 4 is empty and marks where the tag itself ends.
_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>()(?:\s+(?=<))?|([^<]+)|<", re.S)
_ATTR = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def folded_runs(fragment: str, *, skip_ignored: bool = True,
                emptied: list[tuple[int, int]] | None = None) -> list[tuple[str, float]]:
    """The stretches of indexed text around each word with "đ" (WINDOW words either side, overlapping
    stretches merged), with "đ" written "d", each once, with the highest weight of its đ-words.

    Stretches rather than lone words, so that a phrase stays a phrase: "dien tu" finds "điện tử" side
    by side, which the search page ranks first. Follows Pagefind's rules closely enough for this: only
    inside data-pagefind-body, never inside data-pagefind-ignore, EXCLUDE_SELECTORS or the elements
    Pagefind drops; an explicit data-pagefind-weight wins, else a heading outside any explicit weight
    gets its automatic weight. The pages are MkDocs' own output, so a light tokenizer is enough (and
    much faster than html.parser).

    With an `emptied` list, adds to it the (start, end) of the content of each element it jumps over
    that holds no data-pagefind-* attribute (filters and metadata count even where text is ignored):
    Pagefind makes the same bundle without that content, and a hub's lists of every task are most of
    its bytes (the first bundle of a national set: 263 MB of pages to read, 14 MB once emptied).
    """
    # (tag, indexed, weight, explicitly weighted) for each open element
    stack: list[tuple[str, bool, float, bool]] = [("#root", False, 1.0, False)]
    runs: dict[str, float] = {}
    pieces: list[tuple[str, float]] = []   # the indexed text of the current block, as written

    def flush() -> None:
        # Most blocks have no "đ" (nor an entity that could be one): only those are cut into words.
        if not pieces or not any("đ" in text or "Đ" in text or "&" in text for text, _ in pieces):
            pieces.clear()
            return
        words = [(word, weight) for text, weight in pieces
                 for word in unicodedata.normalize("NFC", html.unescape(text)).split()]
        pieces.clear()
        marked = [i for i, (word, _) in enumerate(words) if "đ" in word or "Đ" in word]
        spans: list[list[int]] = []
        for i in marked:
            if spans and i - WINDOW <= spans[-1][1] + 1:
                spans[-1][1] = min(i + WINDOW, len(words) - 1)
            else:
                spans.append([max(i - WINDOW, 0), min(i + WINDOW, len(words) - 1)])
        for first, last in spans:
            text = fold_d(" ".join(word for word, _ in words[first:last + 1]))
            weight = max(w for word, w in words[first:last + 1] if "đ" in word or "Đ" in word)
            if weight > runs.get(text, -1.0):
                runs[text] = weight

    # The loop below runs for every tag and text of every page (about 0.5 ms a page, most of the
    # index step's own time): the element on top of the stack is kept in locals, and names are bound
    # locally.
    inline, void, removed, auto_weights = _INLINE, VOID, _PAGEFIND_REMOVED, _AUTO_WEIGHTS
    tag_now, indexed_now, weight_now, explicit_now = stack[-1]
    raw_text_end = None
    scanner = _TOKEN.scanner(fragment)
    while (token := scanner.match()) is not None:
        closing, tag, attributes, _, text = token.groups()
        if raw_text_end is not None:  # inside <script> or <style>: skip to its end tag
            if closing and tag and tag.lower() == raw_text_end:
                raw_text_end = None
                del stack[-1]
                tag_now, indexed_now, weight_now, explicit_now = stack[-1]
            continue
        if text is not None:
            if indexed_now and not text.isspace():
                pieces.append((text, weight_now))
            continue
        if not tag:
            continue
        tag = tag.lower()
        if pieces and tag not in inline:
            flush()
        if closing:
            for i in range(len(stack) - 1, 0, -1):
                if stack[i][0] == tag:
                    del stack[i:]
                    tag_now, indexed_now, weight_now, explicit_now = stack[-1]
                    break
            continue
        if tag in void or attributes.rstrip().endswith("/"):
            continue
        indexed, weight, explicit = indexed_now, weight_now, explicit_now
        if "data-pagefind" in attributes or "class" in attributes:
            body, off, explicit_weight = _search_attributes(tag, attributes)
            if body:
                indexed = True
            if off:
                indexed = False
            if explicit_weight is not None:
                if explicit_weight >= 0:
                    weight, explicit = explicit_weight, True
            elif tag in auto_weights and not explicit:
                weight = auto_weights[tag]
        else:
            if tag in removed:
                indexed = False
            if tag in auto_weights and not explicit:
                weight = auto_weights[tag]
        if not indexed and skip_ignored and tag != "script" and tag != "style":
            # Nothing inside is indexed: jump past the element's end tag instead of reading every tag
            # in it (a task page's periods table and history are most of its markup).
            after = token.start(4)
            end = _skipped_end(fragment, after, tag)
            if end is not None:
                breaks = tag in inline and _BLOCK_TAG.search(fragment, after, end)
                if breaks:
                    flush()   # as a block element inside it would have
                elif emptied is not None:
                    inner_end = fragment.rfind("</", after, end)
                    if fragment.find("data-pagefind", after, inner_end) < 0:
                        emptied.append((after, inner_end))
                scanner = _TOKEN.scanner(fragment, end)
                continue
        stack.append((tag, indexed, weight, explicit))
        tag_now, indexed_now, weight_now, explicit_now = tag, indexed, weight, explicit
        if tag == "script" or tag == "style":
            raw_text_end = tag
    flush()
    return list(runs.items())


# Cached: the same few attribute lists recur on every page ("data-pagefind-ignore", class="kh-meta" …).
@functools.lru_cache(maxsize=4096)
def _search_attributes(tag: str, attributes: str) -> tuple[bool, bool, float | None]:
    """What an element's attributes say to Pagefind: (starts a search body, not indexed, explicit
    weight). The weight is None when the attribute is absent or empty (a heading then keeps its
    automatic weight) and -1 when it is not a number (Pagefind then ignores it)."""
    values = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or "")
              for m in _ATTR.finditer(attributes)}
    body = _BODY_ATTR in values
    off = ("data-pagefind-ignore" in values or tag in _PAGEFIND_REMOVED
           or ("class" in values and _excluded(tag, html.unescape(values["class"]))))
    weight = None
    if values.get("data-pagefind-weight"):
        try:
            weight = min(max(float(html.unescape(values["data-pagefind-weight"])), 0.0), 10.0)
        except ValueError:
            weight = -1.0
    return body, off, weight


_SAME_TAG: dict[str, re.Pattern] = {}
_BLOCK_TAG = re.compile(r"</?(?!(?:" + "|".join(sorted(_INLINE)) + r")[\s/>])[a-zA-Z]", re.I)
# What the jump cannot judge without reading every tag (see _unskippable), one pattern each: a
# pattern of alternatives is searched at every character, one with a fixed first character only where
# that character is (a national set's hubs: 19 MB searched in 0.40 s at once, 0.15 s so).
_RAW_TEXT_TAG = re.compile(r"<[sS](?:[cC][rR][iI][pP][tT]|[tT][yY][lL][eE])")
_LT_IN_DOUBLE_QUOTES = re.compile(r'=\s*"[^"]*<')
_LT_IN_SINGLE_QUOTES = re.compile(r"=\s*'[^']*<")
_CUT_TAG_NAME = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*[^a-zA-Z0-9\s/>]")


def _unskippable(fragment: str, start: int, end: int) -> bool:
    """Whether fragment[start:end] holds what the jump cannot judge without reading every tag: a
    comment, raw text (<script>, <style>), a search body, "<" inside a quoted attribute value, or a
    tag name that the tokenizer would cut short ("<s-x>")."""
    return (fragment.find("<!--", start, end) >= 0
            or _RAW_TEXT_TAG.search(fragment, start, end) is not None
            or fragment.find(_BODY_ATTR, start, end) >= 0   # as folded_runs finds a body: lower case
            or _LT_IN_DOUBLE_QUOTES.search(fragment, start, end) is not None
            or _LT_IN_SINGLE_QUOTES.search(fragment, start, end) is not None
            or _CUT_TAG_NAME.search(fragment, start, end) is not None)


def _skipped_end(fragment: str, start: int, tag: str) -> int | None:
    """Where the element whose start tag ends at `start` ends (after its end tag), if it can be
    skipped unread: its end tag is found and nothing in it is _unskippable. Assumes well-formed
    nesting, as MkDocs and the templates write it (text from YAML is always escaped)."""
    # Most skipped elements hold text only ("<dt data-pagefind-ignore>Số TT</dt>"): the first "<" is
    # their end tag, and nothing in between can be _unskippable but a search body named in the text.
    first = fragment.find("<", start)
    if first >= 0 and fragment.startswith(f"</{tag}>", first):
        return None if _BODY_ATTR in fragment[start:first] else first + len(tag) + 3
    pattern = _SAME_TAG.get(tag)
    if pattern is None:
        pattern = _SAME_TAG[tag] = re.compile(rf"<(/?){tag}(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.I)
    depth = 1
    for found in pattern.finditer(fragment, start):
        if found.group(1):
            depth -= 1
            if depth == 0:
                return None if _unskippable(fragment, start, found.end()) else found.end()
        elif not found.group(2).rstrip().endswith("/"):
            depth += 1
    return None


_EXCLUDED = tuple((selector.partition(".")[0], selector.partition(".")[2]) for selector in EXCLUDE_SELECTORS)


def _excluded(tag: str, classes: str) -> bool:
    names = classes.split()
    return any((not want_tag or want_tag == tag) and want_class in names for want_tag, want_class in _EXCLUDED)
