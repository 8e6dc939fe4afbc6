"""Atom (RFC 4287) feeds of news about tasks: progress reports and changes of status, made with feedgen.

Pure: takes FeedItems, returns the bytes of an Atom document; nothing is written here. Builds are
byte-identical for the same items and the same `stamp`: every date feedgen would take from the clock
(feed and entry `updated`) is set from the data, and its generator element (which names feedgen's
version) is replaced by a fixed one.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Callable, Sequence

from feedgen.feed import FeedGenerator

from .. import words
from ..feeds import REPORT, FeedItem
from ..model import TaskRef
from ..pages.markup import relative_url

__all__ = ["build_feed", "ID_PREFIX"]

ID_PREFIX = "tag:cong-khai-ke-hoach,2024:"
GENERATOR = "cong-khai-ke-hoach"
LANGUAGE = "vi"
KIND_LABELS = {REPORT: "Báo cáo tiến độ", "status": "Thay đổi tình trạng"}

# Characters XML 1.0 cannot carry at all (lxml refuses them): C0 controls but tab, LF and CR,
# lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def build_feed(title: str, feed_path: str, page_path: str, items: Sequence[FeedItem], *, stamp: dt.date,
               site_url: str | None, url_for: Callable[[TaskRef], str]) -> bytes:
    """An Atom document (UTF-8 bytes with an XML declaration) with one entry per item, in their order.

    `feed_path` and `page_path` are site-relative ("bac-giang/2018-mot-cua/tin-moi.xml",
    "bac-giang/2018-mot-cua/"), as `url_for` gives task pages. With `site_url` links are absolute and
    the feed links to itself (rel=self); without it links are relative to the feed's own folder, so
    they resolve wherever the site is served. The feed's `updated` is the newest item's date, or
    `stamp` when there is no item; every time is 00:00 UTC of its date.
    """
    feed_path = feed_path.lstrip("/")
    fg = FeedGenerator()
    fg.id(ID_PREFIX + feed_path)
    fg.title(_text(title) or words.SITE_NAME)
    fg.author({"name": words.SITE_NAME})
    fg.language(LANGUAGE)
    fg.generator(GENERATOR)     # replaces feedgen's own, which carries its version
    if site_url:
        fg.link(href=_absolute(site_url, feed_path), rel="self", type="application/atom+xml")
    fg.link(href=_href(site_url, feed_path, page_path), rel="alternate", type="text/html")
    newest = max((item.date for item in items), default=stamp)
    fg.updated(_midnight(newest))
    for item in items:
        entry = fg.add_entry(order="append")
        entry.id(ID_PREFIX + item.key)
        entry.title(_text(item.title))
        entry.updated(_midnight(item.date))
        entry.published(_midnight(item.date))
        entry.link(href=_href(site_url, feed_path, url_for(item.ref)), rel="alternate", type="text/html")
        entry.content(_text(item.summary), type="text")
        entry.category(term=item.kind, label=KIND_LABELS.get(item.kind, item.kind))
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.timezone.utc)


def _absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def _href(site_url: str | None, feed_path: str, path: str) -> str:
    """The URL of a site page: absolute with `site_url`, else relative to the folder of the feed."""
    if site_url:
        return _absolute(site_url, path)
    folder = feed_path.rsplit("/", 1)[0] + "/" if "/" in feed_path else ""
    return relative_url(folder, path.lstrip("/"))


def _text(text: str) -> str:
    """Text as XML can carry it: characters XML 1.0 forbids are dropped (markup is escaped by lxml)."""
    return _NOT_XML.sub("", text)
