"""The home page: what the site is, and every plan by province."""
from __future__ import annotations

from ..index import SiteIndex
from ..urls import home_url, plan_url, province_url
from .base import RenderedPage, render


def render_home(index: SiteIndex) -> RenderedPage:
    return render("home.md.j2", home_url(), index=index, plan_url=plan_url, province_url=province_url)
