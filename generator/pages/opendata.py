"""The "Dữ liệu mở" page (du-lieu/): every downloadable file, what it holds, its columns (from the
same definitions as the data package's Table Schemas), row counts, sizes, how to cite, the licence."""
from __future__ import annotations

from typing import Any, Iterable, Mapping

from ..exports.tables import (FORMULA_PREFIXES, TYPE_LABELS, agency_csv_url, agency_task_count, citation, data_url,
                              datapackage_url, has_national_workbook, plan_csv_url, province_workbook_url, row_counts,
                              table_definitions, task_json_url, workbook_url)
from ..index import SiteIndex
from ..urls import registers_url
from .base import RenderedPage, render
from .deadlines import LIST_LIMIT
from .registers import safe_http

__all__ = ["render_opendata_page", "human_size"]


def human_size(size: int | None) -> str:
    """A file size as Vietnamese writes it: "203 byte", "17,2 kB", "1,1 MB" (decimal units)."""
    if size is None:
        return ""
    if size < 1000:
        return f"{size} byte"
    for unit, scale in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        value = size / scale
        if value < 999.95 or unit == "GB":
            return f"{value:.1f} {unit}".replace(".", ",")
    return f"{size} byte"  # pragma: no cover


def render_opendata_page(index: SiteIndex, files: Iterable[tuple[str, int]], license: Mapping[str, Any], *,
                         site_url: str | None = None) -> RenderedPage:
    """The page; `files` are the (path, size in bytes) of the rendered data files."""
    sizes = dict(files)
    tables = table_definitions()
    counts = row_counts(index)
    registries = {p.slug: p.registry for p in index.provinces}
    plans = [(plan, plan_csv_url(plan), len(index.plan_tasks(plan)),
              [(ref, task_json_url(ref.plan, ref.task)) for ref in index.plan_tasks(plan)])
             for plan in index.plans]
    agencies = [(province, [(entry, agency_csv_url(province.slug, entry.agency.id), agency_task_count(entry))
                            for entry in index.province_agencies(province)])
                for province in index.provinces if registries.get(province.slug) is not None]
    agency_count = sum(len(items) for _, items in agencies)
    task_json_paths = [task_json_url(ref.plan, ref.task) for ref in index.tasks]
    return render(
        "opendata.md.j2", data_url(),
        index=index, tables=list(tables.values()), counts=counts, sizes=sizes, size=lambda p: human_size(sizes.get(p)),
        plans=plans, agency_groups=agencies, type_labels=TYPE_LABELS,
        # A national set lists per province what a small one lists file by file.
        plans_by_province=len(plans) > LIST_LIMIT, agency_count=agency_count,
        agencies_by_province=agency_count > LIST_LIMIT,
        workbook=workbook_url() if has_national_workbook(index) else None,
        province_workbooks=[(province, province_workbook_url(province.slug)) for province in index.provinces],
        datapackage=datapackage_url(), registers_page=registers_url(),
        task_json_count=len(task_json_paths), task_json_size=human_size(sum(sizes.get(p, 0) for p in task_json_paths)),
        example=task_json_paths[0] if task_json_paths else None,
        license=dict(license), license_href=safe_http(license.get("path")),
        cite=citation(index.as_of, site_url),
        prefixes=" ".join(p for p in FORMULA_PREFIXES if p.isprintable()),
    )
