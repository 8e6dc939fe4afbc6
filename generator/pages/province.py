"""A province's page: its plans."""
from __future__ import annotations

from ..index import SiteIndex
from ..model import Province
from ..urls import plan_url, province_url, province_workbook_url
from .base import RenderedPage, render


def render_province(index: SiteIndex, province: Province) -> RenderedPage:
    return render("province.md.j2", province_url(province.slug), index=index, province=province, plan_url=plan_url,
                  workbook=province_workbook_url(province.slug))
