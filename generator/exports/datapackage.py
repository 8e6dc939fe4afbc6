"""The Frictionless Data Package (du-lieu/datapackage.json) that describes the open-data tables.

Every CSV table is a resource with its Table Schema, built from the column definitions of
`generator.exports.tables` (Vietnamese in each field's `title`, Vietnamese and English in its
`description`), its size and SHA-256 hash, its primary and foreign keys. The licence comes from the
caller (the site's configuration); `created` is the as-of date at 00:00 UTC, never the build time,
and the as-of date is also given on its own (`as_of`), with the suggested citation (`citation`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from .. import words

if TYPE_CHECKING:
    from ..model import Plan
    from .tables import Table

__all__ = ["build_datapackage", "datapackage_descriptor", "DEFAULT_LICENSE"]

PACKAGE_NAME = "cong-khai-ke-hoach"

# A suggestion for the site's configuration; the build always uses the licence it is given.
DEFAULT_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
}


@dataclass(frozen=True)
class Digest:
    """Size and SHA-256 of a file that is not held in memory."""

    size: int
    sha256: str

    @classmethod
    def of(cls, content: bytes) -> "Digest":
        return cls(len(content), hashlib.sha256(content).hexdigest())

    @classmethod
    def of_file(cls, path: Path) -> "Digest":
        digest, size = hashlib.sha256(), 0
        with open(path, "rb") as source:
            for block in iter(lambda: source.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
        return cls(size, digest.hexdigest())


def _resource(table: "Table", content: "bytes | Digest") -> dict[str, Any]:
    digest = content if isinstance(content, Digest) else Digest.of(content)
    schema: dict[str, Any] = {"fields": [c.schema() for c in table.columns], "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [{"fields": list(fields), "reference": {"resource": other, "fields": list(theirs)}}
                                 for fields, other, theirs in table.foreign_keys]
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": f"{table.vi}\n\n{table.en}",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": digest.size,
        "hash": "sha256:" + digest.sha256,
        "schema": schema,
    }


def _source(plan: "Plan") -> dict[str, str]:
    doc = plan.document
    return {"title": f"{words.DOCUMENT_TYPES.get(doc.type, doc.type)} {doc.number} — {doc.issuer} — {doc.title}"}


def datapackage_descriptor(tables: Mapping[str, "Table"], csv_files: Mapping[str, "bytes | Digest"], *, as_of: dt.date,
                           license: Mapping[str, Any], site_url: str | None, sources: Iterable["Plan"] = (),
                           cite: str = "") -> dict[str, Any]:
    """The descriptor as a dict (resources in the order of `tables`)."""
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Công khai kế hoạch — dữ liệu mở",
        "description": (
            "Các kế hoạch về kiểm soát thủ tục hành chính và cơ chế một cửa, một cửa liên thông: từng nhiệm vụ "
            "với cơ quan chủ trì, phối hợp, thời hạn và sản phẩm đúng như văn bản gốc, cách hiểu thời hạn, "
            f"tình trạng thực hiện theo các báo cáo tiến độ tính đến ngày {as_of:%d/%m/%Y}, các cơ quan và các sổ công khai.\n\n"
            "Provincial plans on administrative procedure control and one-stop shops: every task with its lead and "
            "coordinating agencies, time and products exactly as written, the deadlines as read, and its status from "
            f"the progress reports as of {as_of.isoformat()}; the agencies; the public registers."
        ),
        "created": f"{as_of.isoformat()}T00:00:00Z",
        "as_of": as_of.isoformat(),
        "language": "vi",
        "keywords": ["kế hoạch", "nhiệm vụ", "thủ tục hành chính", "một cửa", "Việt Nam",
                     "plans", "tasks", "administrative procedures", "Vietnam"],
        "licenses": [dict(license)],
        "contributors": [{"title": "Công khai kế hoạch", "role": "publisher"}],
    }
    if cite:
        descriptor["citation"] = cite
    if site_url:
        descriptor["homepage"] = site_url.rstrip("/") + "/du-lieu/"
    found = [_source(plan) for plan in sources]
    if found:
        descriptor["sources"] = found
    descriptor["resources"] = [_resource(table, csv_files[name]) for name, table in tables.items()]
    return descriptor


def build_datapackage(tables: Mapping[str, "Table"], csv_files: Mapping[str, "bytes | Digest"], *, as_of: dt.date,
                      license: Mapping[str, Any], site_url: str | None, sources: Iterable["Plan"] = (),
                      cite: str = "") -> bytes:
    """datapackage.json as UTF-8 bytes (resource paths relative to it: it sits beside the CSV files)."""
    descriptor = datapackage_descriptor(tables, csv_files, as_of=as_of, license=license, site_url=site_url,
                                        sources=sources, cite=cite)
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
