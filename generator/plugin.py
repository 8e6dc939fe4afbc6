"""The thin MkDocs plugin: runs the pipeline and hands its pages to MkDocs.

All logic lives in the pure modules; this file only translates between them and MkDocs' events,
so that the core can move to another builder without a rewrite.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section, _add_previous_and_next_links, _get_by_type
from mkdocs.structure.pages import Page

from .build import CACHE_ENV, load_index_file, preloaded_index, read_index, split_large_sitemap
from .config import PlanSiteConfig
from .exports import render_exports
from .exports.tables import render_data_exports
from .pages.opendata import render_opendata_page
from .islands import lift, restore
from .index import SiteIndex
from .memory import release
from .pages import render_pages
from .problems import ProblemsFound
from .shell import HtmlPages
from .search import SearchIndexError, index_site
from .navigation import NavEntry, Scope, site_navigation


class PlanSitePlugin(BasePlugin[PlanSiteConfig]):
    def __init__(self) -> None:
        self.index: SiteIndex | None = None
        self._islands: dict[str, list[str]] = {}
        self._html = HtmlPages()          # pages written as HTML (tasks), put into a shell of the theme

    def on_config(self, config):
        root = Path(config.config_file_path).parent
        try:
            as_of = _as_date(self.config.as_of)
        except ValueError:
            raise PluginError(f"Ngày tính (as_of / AS_OF) '{self.config.as_of}' không đúng dạng YYYY-MM-DD.") from None
        preloaded = preloaded_index()
        cached = os.environ.get(CACHE_ENV)
        if preloaded is not None:
            # A shard of `python -m generator build`, forked with the data read, checked and indexed
            # (and frozen by its parent, which it leaves alone).
            self.index = preloaded
        else:
            # What an earlier build in this process froze (`mkdocs serve` builds again) goes back to
            # the collector now, not when that build ended: unfrozen, a shard's index cost 4 s of
            # CPU to collect at exit.
            release()
            if cached:
                # A shard built on a machine of its own (a CI matrix job, see README): the data was
                # read, checked, indexed and pickled once, by an earlier job.
                self.index = load_index_file(Path(cached))
            else:
                try:
                    self.index = read_index(root, root / self.config.plans_dir, as_of)
                except ProblemsFound as found:
                    # Stop before MkDocs cleans or writes anything: nothing half-made is published.
                    raise PluginError(str(found)) from None
        # The header's search box on a province's pages says which province it was typed in, so that a
        # national site's search page can start there (overrides/main.html, docs/assets/search.js).
        config.extra["kh_provinces"] = {p.slug: p.name for p in self.index.provinces}
        # MkDocs stamps the sitemap (and its gzip) with the build time: tie it to the as-of date so
        # that the same data and date give byte-identical output.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(dt.datetime.combine(as_of, dt.time(), dt.timezone.utc).timestamp())))
        return config

    def on_files(self, files: Files, config) -> Files:
        scope = Scope.of_shard(self.config.shard)
        if not scope.across:
            # A province shard gives only its provinces' folders to the merged site: the theme's and
            # docs/ static files (thousands of them) come from the global shard.
            for file in [f for f in files if not f.is_documentation_page()]:
                files.remove(file)
        self._html = HtmlPages(self.config.theme_shell)
        for page in render_pages(self.index, scope):
            if page.is_html:
                self._html.add(page.src_uri, page)
                files.append(File.generated(config, page.src_uri, content=""))
            else:
                files.append(File.generated(config, page.src_uri, content=page.content))
        site_url = config.site_url or None
        for path, content in render_exports(self.index, site_url, scope):
            files.append(File.generated(config, path, content=content))
        # Tables too large to hold in memory are written straight into the site (MkDocs cleaned it
        # before this event): a file whose source is its own destination is not copied.
        sizes = []
        for path, content in render_data_exports(self.index, license=self.config.license, site_url=site_url,
                                                 scope=scope, site_dir=Path(config.site_dir)):
            if isinstance(content, Path):
                files.append(File.generated(config, path, abs_src_path=str(content)))
                sizes.append((path, content.stat().st_size))
            else:
                files.append(File.generated(config, path, content=content))
                sizes.append((path, len(content)))
        if scope.across:
            page = render_opendata_page(self.index, sizes, self.config.license, site_url=site_url)
            files.append(File.generated(config, page.src_uri, content=page.content))
        return files

    def on_env(self, env, config, files):
        self._html.install(env)
        return env

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if not page.file.generated_by:
            return markdown
        if page.file.src_uri in self._html:
            return self._html.prepare(page)
        skeleton, self._islands[page.file.src_uri] = lift(markdown)
        return skeleton

    def on_page_content(self, html: str, page, config, files) -> str:
        if page.file.src_uri in self._html:
            return self._html.content(page)
        return restore(html, self._islands.pop(page.file.src_uri, []))

    def on_nav(self, nav: Navigation, config, files: Files) -> Navigation:
        """The small navigation of generated pages before the hand-written ones; task pages stay out."""
        items = [_to_mkdocs(entry) for entry in site_navigation(self.index)] + list(nav.items)
        for item in items:
            item.parent = None
        pages: list[Page] = _get_by_type(items, Page)
        _add_previous_and_next_links(pages)
        return Navigation(items, pages)

    def on_post_build(self, config) -> None:
        # A shard is one part of the site: `python -m generator build` indexes the merged tree once.
        if not self.config.shard:
            split_large_sitemap(Path(config.site_dir))
            try:
                index_site(Path(config.site_dir))
            except SearchIndexError as err:
                raise PluginError(str(err)) from None


def _to_mkdocs(entry: NavEntry):
    """A NavEntry as MkDocs' Section or Link (titles escaped: the theme prints them as HTML)."""
    title = str(escape(entry.title))
    if entry.url is not None:
        return Link(title, entry.url or ".")
    children = [_to_mkdocs(child) for child in entry.children]
    section = Section(title, children)
    for child in children:
        child.parent = section
    return section


def _as_date(value: str | dt.date | None) -> dt.date:
    """The as-of date from the plugin option (YAML may already have made it a date); today if empty."""
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if value else dt.date.today()
