"""The search page (`tim-kiem/`): a search box over the Pagefind index, with filters kept in the URL.

The page itself is a form and a list; `docs/assets/search.js` loads the index that
`generator/search.py` builds and fills them. Without JavaScript the page offers the agency indexes
and the deadline pages instead.
"""
from __future__ import annotations

from ..index import SiteIndex
from ..urls import search_url
from ..urls import registers_url
from .base import RenderedPage, render


# The filters the pages carry (data-pagefind-filter="<name>:<value>"), in the order the page shows
# them; the names are also the URL parameters: tim-kiem/?q=so+tu+phap&chu_tri=Sở+Tư+pháp
FILTERS = (
    ("loai", "Loại trang"),
    ("tinh", "Tỉnh"),
    ("chu_tri", "Đơn vị chủ trì"),
    ("phoi_hop", "Đơn vị phối hợp"),
    ("tinh_trang", "Tình trạng"),
    ("nam", "Năm đến hạn"),
    ("quy", "Quý đến hạn"),
    ("ke_hoach", "Kế hoạch"),
    ("loai_van_ban", "Loại văn bản"),
)


def render_search(index: SiteIndex) -> RenderedPage:
    return render("search.md.j2", search_url(), index=index, filters=FILTERS, years=index.years(),
                  registers_url=registers_url(), names=known_names(index))


def known_names(index: SiteIndex) -> dict[str, list[str]]:
    """The agency and province names that the pages give as the chu_tri and tinh filters (every
    agency page carries its own name as chu_tri): the search
    page ranks the pages of a name typed in full first, without loading Pagefind's filter index."""
    agencies = {entry.agency.name for entry in index.agencies.values()}   # each has a page with that chu_tri
    return {"chu_tri": sorted(agencies), "tinh": sorted({plan.document.province for plan in index.plans})}
