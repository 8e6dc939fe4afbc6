"""The thin MkDocs plugin: runs the pipeline and hands its pages to MkDocs.

All logic lives in the pure modules; this file only translates between them and MkDocs' events,
so that the core can move to another builder without a rewrite.
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section, _add_previous_and_next_links, _get_by_type
from mkdocs.structure.pages import Page

from .config import PlanSiteConfig
from .index import SiteIndex, build_index
from .pages import render_pages
from .problems import ProblemsFound
from .project import read_project
from .urls import plan_url, province_url, src_uri


class PlanSitePlugin(BasePlugin[PlanSiteConfig]):
    def __init__(self) -> None:
        self.index: SiteIndex | None = None

    def on_config(self, config):
        root = Path(config.config_file_path).parent
        try:
            project = read_project(root / self.config.plans_dir, root)
        except ProblemsFound as found:
            # Stop before MkDocs cleans or writes anything: nothing half-made is published.
            raise PluginError(str(found)) from None
        self.index = build_index(project)
        return config

    def on_files(self, files: Files, config) -> Files:
        for page in render_pages(self.index):
            files.append(File.generated(config, page.src_uri, content=page.content))
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
        items = list(nav.items)
        items.insert(1 if items else 0, group)
        pages: list[Page] = _get_by_type(items, Page)
        _add_previous_and_next_links(pages)
        return Navigation(items, pages)
