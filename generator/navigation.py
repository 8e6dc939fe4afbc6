"""The site navigation as plain data: provinces, plans and the hubs; never the task pages.

Every generated page is a link here, so that a page's navigation is the same whichever build
(whole site, or one province's shard) renders it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .index import SiteIndex

from .urls import agencies_url, data_url, registers_url, search_url, deadlines_url, home_url, overdue_url, plan_url, progress_url, province_url


@dataclass(frozen=True)
class NavEntry:
    title: str                              # plain text: the plugin escapes it
    url: str | None = None                  # site-relative; None for a section
    children: tuple["NavEntry", ...] = field(default=())


# Above this many plans the navigation lists no plan and no province: it is rendered into every page,
# so at national scale it would outweigh the page itself; the home page lists them instead.
DETAILED_NAV_PLANS = 30


def site_navigation(index: SiteIndex, extra_hubs: tuple[tuple[str, str], ...] = ()) -> list[NavEntry]:
    """Home, plans by province, agencies by province, then the hubs (deadlines, progress, …)."""
    hubs = [("Thời hạn các nhiệm vụ", deadlines_url()), ("Tiến độ thực hiện", progress_url()),
            ("Nhiệm vụ chậm tiến độ", overdue_url()), ("Sổ công khai", registers_url()), ("Dữ liệu mở", data_url()),
            ("Tìm kiếm", search_url()), *extra_hubs]
    if len(index.plans) > DETAILED_NAV_PLANS:
        return [NavEntry("Trang chủ: các tỉnh và kế hoạch", home_url()), *(NavEntry(t, u) for t, u in hubs)]
    plans = tuple(
        NavEntry(f"Tỉnh {p.name}", None, (NavEntry(f"Các kế hoạch của tỉnh {p.name}", province_url(p.slug)),
                                         *(NavEntry(plan.document.title, plan_url(plan)) for plan in p.plans)))
        for p in index.provinces
    )
    agencies = tuple(NavEntry(f"Tỉnh {p.name}", agencies_url(p.slug)) for p in index.provinces if p.registry is not None)
    return [
        NavEntry("Trang chủ", home_url()),
        NavEntry("Kế hoạch", None, plans),
        NavEntry("Cơ quan", None, agencies),
        *(NavEntry(title, url) for title, url in hubs),
    ]


@dataclass(frozen=True)
class Scope:
    """What one build renders: some provinces' pages (None: all) and/or the pages across provinces."""

    provinces: frozenset[str] | None = None
    across: bool = True

    @classmethod
    def of_shard(cls, shard: str) -> "Scope":
        if not shard:
            return cls()
        names = frozenset(shard.split(","))
        return cls(names - {"global"}, "global" in names)

    def has(self, province_slug: str) -> bool:
        return self.provinces is None or province_slug in self.provinces


def shard_of(path: str, province_slugs: frozenset[str]) -> str:
    """Which build renders a generated file: its province's, or the global one."""
    head = path.split("/", 1)[0]
    return head if head in province_slugs else "global"
