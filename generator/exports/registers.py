"""Register exports: a CSV table and an Atom feed beside each register page.

Pure and deterministic: the same registers and the same `stamp` give byte-identical files (no clock
is read; feedgen's "now" defaults and its versioned generator tag are overridden).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Iterable, Iterator

from feedgen.feed import FeedGenerator

from ..registers import (FEED_ID_PREFIX, Register, RegisterKind, entry_anchor, entry_date, entry_title, plain_value,
                         province_label, register_csv_url, register_feed_url, register_kinds, register_url)

GENERATOR = "Công khai kế hoạch"


def render_register_exports(registers: Iterable[Register], *, site_url: str | None,
                            stamp: dt.date) -> Iterator[tuple[str, bytes]]:
    """(path, content) of every register export, kind by kind: the CSV, then the Atom feed."""
    by_kind: dict[str, list[Register]] = {slug: [] for slug in register_kinds()}
    for register in registers:
        by_kind.setdefault(register.kind.slug, []).append(register)
    for slug, kind in register_kinds().items():
        group = sorted(by_kind[slug], key=lambda r: r.province_slug)
        yield register_csv_url(slug), build_csv(kind, group)
        yield register_feed_url(slug), build_feed(kind, group, site_url=site_url, stamp=stamp)


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------

def csv_row(kind: RegisterKind, register: Register, entry: dict) -> list[str]:
    """One CSV row: the province, then each column; the source spread over its sub-fields."""
    row = [register.province]
    for name, _label in kind.columns:
        value = entry.get(name)
        if kind.formats.get(name) == "source":
            source = value if isinstance(value, dict) else {}
            row.extend(plain_value(source.get(sub)) for sub, _ in kind.source_columns)
        else:
            row.append(plain_value(value))
    return row


def build_csv(kind: RegisterKind, registers: Iterable[Register]) -> bytes:
    """UTF-8 with a BOM (so that Excel reads the Vietnamese), CRLF line ends, a header of Vietnamese labels."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(kind.csv_header)
    for register in registers:
        for entry in register.entries:
            writer.writerow(csv_row(kind, register, entry))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# ---------------------------------------------------------------------------
# Atom
# ---------------------------------------------------------------------------

def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.timezone.utc)


def _absolute(site_url: str | None, path: str) -> str:
    if site_url:
        return site_url.rstrip("/") + "/" + path.lstrip("/")
    return path


def _entry_text(kind: RegisterKind, register: Register, entry: dict) -> str:
    """The entry as plain text, one "label: value" line per field given."""
    pairs = zip(kind.csv_header, csv_row(kind, register, entry))
    return "\n".join(f"{label}: {value}" for label, value in pairs if value)


def build_feed(kind: RegisterKind, registers: Iterable[Register], *, site_url: str | None, stamp: dt.date) -> bytes:
    """An Atom feed with one entry per register entry, newest first (then province and file order).

    Entry ids are "tag:cong-khai-ke-hoach,2024:so-cong-khai/<kind>/<province>/<n>/<date>", n counting
    from 1 in file order; an undated entry is dated `stamp`, and so is the feed when it has no dated entry.
    """
    page = register_url(kind.slug)
    rows = []
    for register in registers:
        for n, entry in enumerate(register.entries, start=1):
            day = entry_date(kind, entry)
            rows.append((day, register, n, entry))
    rows.sort(key=lambda row: (-(row[0] or dt.date.min).toordinal(), row[1].province_slug, row[2]))

    fg = FeedGenerator()
    fg.id(f"{FEED_ID_PREFIX}{page}".rstrip("/"))
    fg.title(f"Sổ công khai — {kind.title}")
    fg.subtitle(kind.description)
    fg.language("vi")
    fg.generator(GENERATOR)
    fg.author({"name": GENERATOR})
    fg.link(href=_absolute(site_url, page) if site_url else "./", rel="alternate", type="text/html")
    if site_url:
        fg.link(href=_absolute(site_url, register_feed_url(kind.slug)), rel="self", type="application/atom+xml")
    dated = [row[0] for row in rows if row[0] is not None]
    fg.updated(_midnight(max(dated) if dated else stamp))
    for day, register, n, entry in rows:
        fe = fg.add_entry(order="append")
        fe.id(f"{FEED_ID_PREFIX}{page}{register.province_slug}/{n}/{day.isoformat() if day else 'khong-ngay'}")
        fe.title(f"{province_label(register.province)}: {entry_title(kind, entry)}")
        fe.updated(_midnight(day or stamp))
        anchor = entry_anchor(register.province_slug, n)
        fe.link(href=(_absolute(site_url, page) if site_url else "./") + f"#{anchor}", rel="alternate", type="text/html")
        fe.content(_entry_text(kind, register, entry), type="text")
    return fg.atom_str(pretty=True, encoding="UTF-8")
