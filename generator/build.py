"""Build the whole site in shards: the data is read and indexed once, then each group of provinces
(and the pages across provinces) is rendered by its own `mkdocs build` in a separate process, in
parallel, and the outputs are merged into one tree with one Pagefind index over it.

The same shards can run on many machines (a CI matrix job each, then a merge job): see README.
"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import multiprocessing
import os
import pickle
import shutil
import tempfile
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

from .history import read_history
from .index import SiteIndex, build_index
from .memory import long_lived
from .project import read_project

CACHE_ENV = "PLAN_SITE_INDEX"   # a pickled SiteIndex that shard builds load instead of the YAML
# One `mkdocs build` holds all of its pages in memory until it writes them: a shard of at most this
# many tasks stays under about 1 GB, so large data sets get more shards than there are cores.
MAX_SHARD_TASKS = 8000
# The global shard (the hubs across provinces) takes about as long as a group of provinces; with only
# `jobs` groups one core would idle while the last of them runs. Groups of at least this many tasks
# are worth the start-up of a build of their own, so sizeable data sets get twice as many.
MIN_SHARD_TASKS = 2000


def plan_shards(index, jobs: int) -> list[str]:
    """The shards: "global", then the provinces split into groups of about equal task counts: `jobs`
    groups, twice as many when each still has MIN_SHARD_TASKS, more when a group would exceed
    MAX_SHARD_TASKS."""
    total = len(index.tasks)
    count = max(1, jobs, -(-total // MAX_SHARD_TASKS), min(2 * jobs, total // MIN_SHARD_TASKS))
    groups: list[list[str]] = [[] for _ in range(count)]
    sizes = [0] * len(groups)
    tasks = {p.slug: len(index.province_tasks(p)) for p in index.provinces}
    for province in sorted(index.provinces, key=lambda p: (-tasks[p.slug], p.slug)):
        i = sizes.index(min(sizes))
        groups[i].append(province.slug)
        sizes[i] += tasks[province.slug]
    return ["global", *(",".join(sorted(g)) for g in groups if g)]


def build_site(config: Path, site_dir: Path, *, jobs: int, as_of: dt.date, plans_dir: Path, search: bool = True) -> list[str]:
    """Build every shard (at most `jobs` at a time) into `site_dir`; return the shards built."""
    work = Path(tempfile.mkdtemp(prefix="plan-site-"))
    removal: threading.Thread | None = None
    try:
        # Read and index in one worker process, build in another: the index is large, and this
        # process only waits, merges and indexes for search once the workers (and their memory) are
        # gone. The second worker starts afresh and unpickles the index once, packed together, for
        # the shards it forks to share (see _build_shards).
        cache = work / "index.pickle"
        fork = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=fork) as worker:
            worker.submit(write_index_file, config, plans_dir, as_of, jobs, cache).result()
        with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=fork) as worker:
            shards, provinces, outputs, failed = worker.submit(_build_shards, config, cache, as_of, jobs, work).result()
        if failed:
            raise RuntimeError("\n".join(f"[{shard}] {message}" for shard, message in failed))
        previous = _merge(outputs, site_dir, provinces)
        if previous is not None:
            # Deleting a national site's 300,000 files takes about a minute, most of it waiting on
            # the disk: it goes on beside the index, which keeps the cores busy.
            removal = threading.Thread(target=shutil.rmtree, args=(previous,), kwargs={"ignore_errors": True})
            removal.start()
        if search:
            from .search import index_site
            index_site(site_dir, jobs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if removal is not None:
            removal.join()
    return shards


def read_index(root: Path, plans_dir: Path, as_of: dt.date, jobs: int = 1) -> SiteIndex:
    """Read and check the data under `plans_dir` (ProblemsFound if it has errors) and index it, out of
    the cycle collector's sight (see memory.py)."""
    with long_lived():
        return build_index(read_project(plans_dir, root, as_of, jobs), as_of, read_history(root, plans_dir))


def write_index_file(config: Path, plans_dir: Path, as_of: dt.date, jobs: int, path: Path) -> list[str]:
    """Read, check and index the data, and pickle the index to `path`: for the shards forked by
    _build_shards, or for shard builds on other machines (CACHE_ENV); return the shards of the site."""
    index = read_index(config.parent, plans_dir, as_of, jobs)
    with open(path, "wb") as out:
        pickle.dump(index, out, protocol=pickle.HIGHEST_PROTOCOL)
    return plan_shards(index, jobs)


def load_index_file(path: Path) -> SiteIndex:
    """The index write_index_file pickled, out of the cycle collector's sight."""
    with long_lived():
        return pickle.loads(path.read_bytes())


# The index that a shard process forked by _build_shards inherits (see preloaded_index).
_PRELOADED: list = []


def preloaded_index():
    """The SiteIndex this process was forked with to build a shard, or None (any other build)."""
    return _PRELOADED[0] if _PRELOADED else None


def _build_shards(config: Path, cache: Path, as_of: dt.date, jobs: int, work: Path
                  ) -> tuple[list[str], frozenset[str], dict[str, Path], list[tuple[str, str]]]:
    """Load the index pickled at `cache`, then build each shard into `work/shard-<n>` in a process
    forked from this one, at most `jobs` at a time; return the shards, the provinces, the output of
    each shard and the (shard, message) of those that failed.

    Forked, a shard starts with the index and the imported MkDocs, theme and plugin already in
    memory, shared with this process until written to: before, each of a national build's fourteen
    shards started Python, imported them and unpickled the index (about 2 s of CPU each). The index
    is unpickled here rather than kept from reading the data: then it fills whole pages of memory,
    and what a shard allocates goes to pages of its own instead of the gaps that reading left among
    the index's, each of which the shard would have copied on its first write."""
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    from mkdocs.commands import build as _mkdocs_build  # noqa: F401  (imported once, for every shard)
    from mkdocs.config import load_config  # noqa: F401

    from . import plugin  # noqa: F401

    index = load_index_file(cache)
    # Kept until this process ends (it ends without freeing: the shards are built by then).
    _PRELOADED[:] = [index]
    shards = plan_shards(index, jobs)
    outputs = {shard: work / f"shard-{n}" for n, shard in enumerate(shards)}
    running: dict[int, str] = {}
    failed: list[tuple[str, str]] = []

    def wait_one() -> None:
        pid, status = os.wait()
        shard = running.pop(pid)
        if os.waitstatus_to_exitcode(status) != 0:
            report = outputs[shard].with_suffix(".err")
            failed.append((shard, report.read_text("utf-8") if report.exists() else f"exit status {status}"))

    for shard, out in outputs.items():
        while len(running) >= max(1, jobs):
            wait_one()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = _build_one_shard(config, out, shard, as_of)
            finally:
                os._exit(code)
        running[pid] = shard
    while running:
        wait_one()
    return shards, frozenset(p.slug for p in index.provinces), outputs, failed


def _build_one_shard(config: Path, out: Path, shard: str, as_of: dt.date) -> int:
    """`mkdocs build --strict --quiet -f config -d out` with SHARD=shard, in this (forked) process;
    0, or 1 with the errors written to out.err."""
    import io
    import logging
    import traceback

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.update({"SHARD": shard, "AS_OF": as_of.isoformat()})
    os.chdir(config.parent)
    errors = io.StringIO()
    # As `--quiet` does: errors only, to this shard's report.
    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.ERROR)
    logger.propagate = False
    logger.handlers[:] = [logging.StreamHandler(errors)]
    try:
        cfg = load_config(config_file=str(config), site_dir=str(out), strict=True)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
        return 0
    except BaseException as error:   # noqa: BLE001 - whatever stops a shard is reported, not raised
        text = str(error) if error.__class__.__module__.startswith("mkdocs") else traceback.format_exc()
        out.with_suffix(".err").write_text(errors.getvalue() + text, "utf-8")
        return 1


def _merge(outputs: dict[str, Path], site_dir: Path, provinces: frozenset[str]) -> Path | None:
    """Province shards give their provinces' folders; the global shard gives everything else.

    Folders are moved, not copied (a rename when the work folder is on the same disk). A site
    already at `site_dir` is moved aside, beside it, for the caller to delete: returns where it went."""
    previous = None
    if site_dir.exists():
        previous = site_dir.with_name(f".{site_dir.name}.cu-{os.getpid()}")
        try:
            os.rename(site_dir, previous)
        except OSError:   # not renamable (a mount point, another disk): delete it here
            shutil.rmtree(site_dir)
            previous = None
    site_dir.mkdir(parents=True)
    urls: list[ET.Element] = []
    for shard, out in outputs.items():
        urls.extend(_sitemap_urls(out / "sitemap.xml", None if shard == "global" else shard.split(",")))
    for entry in sorted(outputs["global"].iterdir()):
        if entry.name not in provinces:
            shutil.move(entry, site_dir / entry.name)
    for shard, out in outputs.items():
        if shard != "global":
            for slug in shard.split(","):
                if (out / slug).exists():
                    shutil.move(out / slug, site_dir / slug)
    _write_sitemap(site_dir, urls)
    return previous


_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_MAX_URLS = 50000   # sitemaps.org: at most 50,000 URLs in one sitemap file


def _sitemap_urls(path: Path, slugs: list[str] | None) -> list[ET.Element]:
    """The sitemap entries a shard owns: all of the global shard's, only its provinces' otherwise."""
    if not path.exists():
        return []
    urls = ET.parse(path).getroot().findall(f"{{{_NS}}}url")
    if slugs is None:
        return urls
    return [u for u in urls if any(f"/{slug}/" in (u.findtext(f"{{{_NS}}}loc") or "") for slug in slugs)]


def split_large_sitemap(site_dir: Path) -> None:
    """Make the sitemap MkDocs wrote an index of parts if it lists more than SITEMAP_MAX_URLS pages
    (a one-process `mkdocs build` of a national set)."""
    path = site_dir / "sitemap.xml"
    if path.exists():
        urls = ET.parse(path).getroot().findall(f"{{{_NS}}}url")
        if len(urls) > SITEMAP_MAX_URLS:
            _write_sitemap(site_dir, urls)


def _write_sitemap(site_dir: Path, urls: list[ET.Element]) -> None:
    """sitemap.xml (and .gz) of every page; above SITEMAP_MAX_URLS pages, the protocol's limit for one
    file, a sitemap index of sitemap-1.xml, sitemap-2.xml, … instead."""
    import gzip

    ET.register_namespace("", _NS)
    urls = sorted(urls, key=lambda u: u.findtext(f"{{{_NS}}}loc") or "")

    def urlset(chunk: list[ET.Element]) -> bytes:
        root = ET.Element(f"{{{_NS}}}urlset")
        root.extend(chunk)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True)

    if len(urls) <= SITEMAP_MAX_URLS:
        data = urlset(urls)
    else:
        # The pages' addresses are absolute when site_url is set, from the site root otherwise; the
        # home page's is the shortest, and the parts sit beside it.
        home = min((u.findtext(f"{{{_NS}}}loc") or "" for u in urls), key=len)
        index = ET.Element(f"{{{_NS}}}sitemapindex")
        for n, start in enumerate(range(0, len(urls), SITEMAP_MAX_URLS), start=1):
            (site_dir / f"sitemap-{n}.xml").write_bytes(urlset(urls[start:start + SITEMAP_MAX_URLS]))
            ET.SubElement(ET.SubElement(index, f"{{{_NS}}}sitemap"), f"{{{_NS}}}loc").text = f"{home}sitemap-{n}.xml"
        data = ET.tostring(index, encoding="utf-8", xml_declaration=True)
    (site_dir / "sitemap.xml").write_bytes(data)
    with open(site_dir / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
