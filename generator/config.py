"""Typed options of the MkDocs plugin, as Material's plugins declare theirs."""
from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PlanSiteConfig(base.Config):
    plans_dir = c.Type(str, default="plans")
    """Folder of the YAML data, relative to mkdocs.yml."""
