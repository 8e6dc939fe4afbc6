"""Typed options of the MkDocs plugin, as Material's plugins declare theirs."""
from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c


class PlanSiteConfig(base.Config):
    plans_dir = c.Type(str, default="plans")
    """Folder of the YAML data, relative to mkdocs.yml."""

    as_of = c.Optional(c.Type((str, dt.date)))
    """The date that deadline states and (later) statuses hold for, YYYY-MM-DD; empty means today."""
