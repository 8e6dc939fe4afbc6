"""The home page: what the site is, and every plan by province."""
from __future__ import annotations

from ..index import SiteIndex
from ..urls import home_url, plan_url, province_url
from .base import RenderedPage, render


# Above this many plans the home page lists provinces (each page lists its plans), not every plan:
# a national set has thousands, which would make the first page a reader opens the heaviest.
HOME_PLANS_MAX = 60


def render_home(index: SiteIndex) -> RenderedPage:
    return render("home.md.j2", home_url(), index=index, plan_url=plan_url, province_url=province_url,
                  compact=len(index.plans) > HOME_PLANS_MAX)
