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
from mkdocs.structure.nav import Navigation, Section, _add_previous_and_next_links, _get_by_type
from mkdocs.structure.pages import Page

from .config import PlanSiteConfig
from .exports import render_exports
from .history import read_history
from .index import SiteIndex, build_index
from .pages import render_pages
from .problems import ProblemsFound
from .project import read_project
from .registers import registers_url
from .urls import agencies_url, deadlines_url, overdue_url, plan_url, progress_url, province_url, src_uri


class PlanSitePlugin(BasePlugin[PlanSiteConfig]):
    def __init__(self) -> None:
        self.index: SiteIndex | None = None

    def on_config(self, config):
        root = Path(config.config_file_path).parent
        try:
            as_of = _as_date(self.config.as_of)
        except ValueError:
            raise PluginError(f"Ngày tính (as_of / AS_OF) '{self.config.as_of}' không đúng dạng YYYY-MM-DD.") from None
        try:
            project = read_project(root / self.config.plans_dir, root, as_of)
        except ProblemsFound as found:
            # Stop before MkDocs cleans or writes anything: nothing half-made is published.
            raise PluginError(str(found)) from None
        self.index = build_index(project, as_of, read_history(root, root / self.config.plans_dir))
        # MkDocs stamps the sitemap (and its gzip) with the build time: tie it to the as-of date so
        # that the same data and date give byte-identical output.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(dt.datetime.combine(as_of, dt.time(), dt.timezone.utc).timestamp())))
        return config

    def on_files(self, files: Files, config) -> Files:
        for page in render_pages(self.index):
            files.append(File.generated(config, page.src_uri, content=page.content))
        for path, content in render_exports(self.index, config.site_url or None):
            files.append(File.generated(config, path, content=content))
        return files

    def on_nav(self, nav: Navigation, config, files: Files) -> Navigation:
        """Add a small 'Kế hoạch' section (provinces and their plans); task pages stay out of the nav."""
        provinces = []
        for province in self.index.provinces:
            urls = [province_url(province.slug)] + [plan_url(plan) for plan in province.plans]
            children = [files.get_file_from_path(src_uri(url)).page for url in urls]
            section = Section(str(escape(f"Tỉnh {province.name}")), children)
            for child in children:
                child.parent = section
            provinces.append(section)
        group = Section("Kế hoạch", provinces)
        for section in provinces:
            section.parent = group
        agency_pages = [files.get_file_from_path(src_uri(agencies_url(p.slug))).page
                        for p in self.index.provinces if p.registry is not None]
        agencies = Section("Cơ quan", agency_pages)
        for page in agency_pages:
            page.parent = agencies
        hubs = [files.get_file_from_path(src_uri(url)).page for url in (deadlines_url(), progress_url(), overdue_url(), registers_url())]
        items = list(nav.items)
        items[1:1] = [group, agencies, *hubs]
        pages: list[Page] = _get_by_type(items, Page)
        _add_previous_and_next_links(pages)
        return Navigation(items, pages)


def _as_date(value: str | dt.date | None) -> dt.date:
    """The as-of date from the plugin option (YAML may already have made it a date); today if empty."""
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if value else dt.date.today()
