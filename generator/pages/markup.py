"""Escaping for plain text and safe rendering of the narrative Markdown that plans may contain.

Everything that comes from YAML is untrusted: titles are plain text (escaped for HTML and for
Markdown), and narrative text is Markdown with raw HTML, images and unsafe link schemes removed.
"""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.extensions.toc import slugify, unique
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

# Python-Markdown's own escapable characters: a backslash before any other character stays visible.
_MD_ESCAPABLE = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")


def md_inline(text: str | None) -> Markup:
    """Plain text made safe to place in a Markdown line (a heading): shown literally, never parsed."""
    if not text:
        return Markup("")
    flat = " ".join(str(text).split())
    # Quotes stay quotes: as entities, Markdown would show "&#34;" literally (its "#" is escaped).
    return Markup(_MD_ESCAPABLE.sub(r"\\\1", html.escape(flat, quote=False)))


def lines(text: str | None) -> Markup:
    """Plain text for HTML, keeping the line structure of a table cell."""
    if not text:
        return Markup("")
    return Markup("<br>\n").join(escape(line) for line in str(text).split("\n"))


@dataclass(frozen=True)
class Heading:
    """A heading of a page written as HTML, for its table of contents."""

    level: int
    id: str
    html: str        # the heading's text, escaped


class Anchors:
    """Headings for pages written as HTML rather than Markdown, with the ids Python-Markdown's toc
    extension would give them (same slugs, same "_1" suffixes, explicit ids reserved first), so that
    links into such a page read the same either way."""

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self._reserved = frozenset(reserved)
        self._used = set(reserved)
        self._counters: dict[str, int] = {}
        self.headings: list[Heading] = []

    def heading(self, level: int, text: str, id: str | None = None, attrs: str = "") -> Markup:
        flat = " ".join(str(text).split())
        if id is None:
            id = unique(slugify(flat, "-"), self._used, self._counters)
        elif id not in self._reserved:
            # Markdown reserves explicit ids before it makes the others; here they must be named
            # up front (render_html's reserved_ids), or an earlier heading could take the same id.
            raise ValueError(f"heading id {id!r} is not among the page's reserved ids {sorted(self._reserved)}")
        self._used.add(id)
        inner = html.escape(flat, quote=False)
        self.headings.append(Heading(level, id, inner))
        extra = f" {attrs}" if attrs else ""
        return Markup(f'<h{level}{extra} id="{html.escape(id)}">{inner}</h{level}>')


_SAFE_HREF = re.compile(r"^(https?://|mailto:|#|\.{0,2}/)", re.IGNORECASE)


class _SafeLinks(Treeprocessor):
    """Drop links whose target is not http(s), mailto or relative (javascript: and friends)."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for i, child in enumerate(list(parent)):
                if child.tag != "a":
                    continue
                href = re.sub(r"[\x00-\x20]", "", child.get("href", ""))
                if _SAFE_HREF.match(href) and not href.lower().startswith("//"):
                    child.set("rel", "nofollow noopener")
                    continue
                span = etree.Element("span")
                span.text, span.tail = child.text, child.tail
                span.extend(list(child))
                parent.remove(child)
                parent.insert(i, span)


def _narrative_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["nl2br"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    for name in ("image_link", "image_reference", "short_image_ref"):
        md.inlinePatterns.deregister(name)
    # Numbered items keep the numbers the document wrote, so they are not renumbered as lists.
    md.parser.blockprocessors.deregister("olist")
    md.parser.blockprocessors.deregister("hashheader")
    md.parser.blockprocessors.deregister("setextheader")
    md.parser.blockprocessors.deregister("code")
    md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)
    return md


_MD = _narrative_markdown()


def narrative(text: str | None) -> Markup:
    """Narrative Markdown (no HTML, no images, safe links) rendered to HTML."""
    if not text:
        return Markup("")
    _MD.reset()
    return Markup(_MD.convert(str(text)))


def relative_url(from_url: str, to_url: str) -> str:
    """A link from page URL `from_url` to `to_url` (both site-relative; pages are directory style).

    Plain string work: posixpath.relpath asks the OS for the working directory on every call, which
    is most of the cost of 100,000 pages."""
    here = from_url.rstrip("/").split("/") if from_url else []
    if here and not to_url.startswith(here[0] + "/"):
        # Nothing in common (most links of the lists across provinces): up to the root, then down.
        return "../" * len(here) + to_url or "./"
    there = to_url.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:]) or "./"
