"""Typed options of the MkDocs plugin, as Material's plugins declare theirs."""
from __future__ import annotations

import datetime as dt

from mkdocs.config import base

from .exports.datapackage import DEFAULT_LICENSE
from mkdocs.config import config_options as c


class PlanSiteConfig(base.Config):
    plans_dir = c.Type(str, default="plans")
    """Folder of the YAML data, relative to mkdocs.yml."""

    as_of = c.Optional(c.Type((str, dt.date)))
    """The date that deadline states and (later) statuses hold for, YYYY-MM-DD; empty means today."""

    shard = c.Type(str, default="")
    """Build only one part of the site: a province slug, or "global" for the pages across provinces;
    empty builds everything. `python -m generator build` runs the shards in parallel and merges them."""

    theme_shell = c.Type(bool, default=True)
    """Put pages written as HTML (task pages) into the theme's page rendered once per folder, instead
    of rendering the theme for each (generator/shell.py). False gives the same bytes, more slowly."""

    license = c.Type(dict, default=DEFAULT_LICENSE)
    """The licence of the open data (name, path, title), written into datapackage.json and the pages."""
