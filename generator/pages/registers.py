"""Register pages ("sổ công khai"): a hub listing every register, and one page per kind of register.

Every cell comes from YAML and is escaped here or by the template; links are made only from http(s)
addresses (and mailto: for a well-formed e-mail address).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterator, Mapping

from markupsafe import Markup, escape

from ..registers import (Register, RegisterKind, entry_anchor, plain_value, province_label, register_csv_url,
                         register_feed_url, register_kinds, register_url, registers_url)
from .base import RenderedPage, render
from .markup import lines

EMPTY_REGISTER = ("Chưa có mục nào được công bố trong sổ này. "
                  "Trang chỉ đăng mục có nguồn là văn bản hoặc trang chính thức.")
NOT_GIVEN = "không ghi"

_HTTP = re.compile(r"^https?://\S+$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


def render_register_pages(registers: list[Register], built_plans: frozenset[str] = frozenset()) -> Iterator[RenderedPage]:
    """The hub page, then one page per kind of register (every kind, even with no file yet)."""
    kinds = register_kinds()
    by_kind: dict[str, list[Register]] = {slug: [] for slug in kinds}
    for register in registers:
        by_kind.setdefault(register.kind.slug, []).append(register)
    for group in by_kind.values():
        group.sort(key=lambda r: r.province_slug)
    yield render("registers.md.j2", registers_url(), kinds=list(kinds.values()), by_kind=by_kind, built_plans=built_plans,
                 **_helpers())
    for slug, kind in kinds.items():
        yield render("register.md.j2", register_url(slug), kind=kind, registers=by_kind[slug], built_plans=built_plans,
                     csv_url=register_csv_url(slug), feed_url=register_feed_url(slug), **_helpers())


def _helpers() -> dict[str, Any]:
    return dict(cell=cell, source_cell=source_cell, anchor=entry_anchor, province_label=province_label,
                registers_url=registers_url, register_url=register_url, empty_register=EMPTY_REGISTER)


# ---------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------

def _not_given() -> Markup:
    return Markup('<span class="kh-empty">{}</span>').format(NOT_GIVEN)


def _vn_number(value: Any) -> str:
    """A number as Vietnamese writes it: decimal comma (85,5); integers as written."""
    text = plain_value(value)
    return text.replace(".", ",") if isinstance(value, float) else text


def _date(value: Any) -> Markup:
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return escape(str(value))
    return Markup('<time datetime="{}">{}</time>').format(day.isoformat(), day.strftime("%d/%m/%Y"))


def safe_http(url: Any) -> str | None:
    """The URL if it is a plain http(s) address, else None (javascript:, data:, relative … are refused)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    return url if _HTTP.match(url) and not re.search(r"[\x00-\x1f]", url) else None


def cell(kind: RegisterKind, entry: Mapping, name: str) -> Markup:
    """One table cell's HTML for field `name` of an entry, by the column's x-format."""
    if name == "source" or kind.formats.get(name) == "source":
        return source_cell(entry.get(name))
    value = entry.get(name)
    if value is None or value == "" or value == []:
        return _not_given()
    fmt = kind.formats.get(name, "text")
    if fmt == "date":
        return _date(value)
    if fmt in ("integer", "number") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return escape(_vn_number(value))
    if fmt == "url":
        href = safe_http(value)
        return Markup('<a href="{}" rel="nofollow noopener">{}</a>').format(href, href) if href else lines(str(value))
    if fmt == "email":
        text = str(value).strip()
        if _EMAIL.match(text):
            return Markup('<a href="mailto:{}">{}</a>').format(text, text)
        return lines(text)
    if fmt == "components" and isinstance(value, list):
        items = [Markup("{}: {}").format(item.get("name", ""), _vn_number(item.get("score")))
                 if isinstance(item, dict) else escape(plain_value(item)) for item in value]
        return Markup("<br>\n").join(items)
    return lines(plain_value(value))


def source_cell(source: Any) -> Markup:
    """The source: its title, a link when it has an http(s) address, and its date."""
    if not isinstance(source, Mapping) or not source.get("title"):
        return _not_given()
    title = str(source["title"])
    href = safe_http(source.get("url"))
    html = (Markup('<a href="{}" rel="nofollow noopener">{}</a>').format(href, title) if href
            else escape(title))
    if source.get("date"):
        html += Markup(' <span class="kh-meta">({})</span>').format(_date(source["date"]))
    return html
