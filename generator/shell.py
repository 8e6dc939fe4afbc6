"""Pages written as HTML, put into the theme's page without MkDocs' Markdown and template pass.

Most of a national site is task pages, plans, agencies and the deadline and overdue lists, and for
each of them MkDocs would parse Markdown and render Material's whole template: two thirds of the
build. Yet pages of one folder (with the same front matter) differ only in their title, canonical
address, table of contents and content. So the theme's page is rendered once per folder with markers
in those places (the "shell"), and each page is the shell with its own parts put in; only the table
of contents goes through the theme's own partial, page by page. The output is the same as a full
render (tests compare the two). A page the navigation links to (its link there reads "./"), or
anything unexpected (a marker missing or twice, a page with no headings), gets the full render.

MkDocs-specific, like plugin.py: the pages themselves come from the pure `pages` package.
"""
from __future__ import annotations

import posixpath
import re
from typing import Iterator

import jinja2
from markupsafe import Markup, escape
from markdown.extensions.toc import nest_toc_tokens
from mkdocs.structure.toc import get_toc

from .pages.base import RenderedPage

TEMPLATE = "kh-html-page.html"      # the page template that direct pages name in their meta
_TOC_TEMPLATE = "kh-toc.html"       # the theme's table of contents, on its own
_TITLE = "KHMARKTITLE"
_URL = "https://khmark.invalid/url/"
_SKIP = "khmarkskip"
_CONTENT = "<h1>KHMARKCONTENT</h1>"   # with "<h1", as every direct page's content starts
_TOC = "KHMARKTOC"


class HtmlPages:
    """The pages of one build that are written as HTML, and the shells they are put into."""

    def __init__(self, shell: bool = True) -> None:
        self._use_shell = shell
        self._pages: dict[str, RenderedPage] = {}
        self._shells: dict[tuple, list[str] | None] = {}   # by folder and front matter
        # Task pages mostly have the same headings below their title, and the theme's table of
        # contents shows only those: each distinct one goes through the partial once.
        self._tocs: dict[tuple, str] = {}
        self._nav, self._nav_urls = None, set()   # the navigation's link targets, for the nav of one build

    def add(self, src_uri: str, page: RenderedPage) -> None:
        self._pages[src_uri] = page

    def __contains__(self, src_uri: str) -> bool:
        return src_uri in self._pages

    def install(self, env: jinja2.Environment) -> None:
        """Teach the theme's environment the page template that puts a page into its shell."""
        env.loader = jinja2.ChoiceLoader([
            jinja2.DictLoader({
                TEMPLATE: "{{ kh_html_page() }}",
                _TOC_TEMPLATE: '{% import "partials/language.html" as lang with context %}{% include "partials/toc.html" %}',
            }),
            env.loader,
        ])
        env.globals["kh_html_page"] = jinja2.pass_context(lambda context: self._render(context))

    def prepare(self, page) -> str:
        """Before Markdown: name the page template, and skip Markdown (its setup alone costs more than
        the rest of such a page); content() gives the page what Markdown would have."""
        page.meta.update(self._pages[page.file.src_uri].meta)
        page.meta["template"] = TEMPLATE
        page.meta["kh_own_kind"] = True     # the page names its search kind itself (overrides/main.html)
        page.render = lambda config, files: setattr(page, "content", "")
        return ""

    def content(self, page) -> str:
        """After Markdown: the page's HTML, title, headings and anchors, as Markdown would have set them."""
        rendered = self._pages[page.file.src_uri]
        page.title = str(escape(rendered.title))
        page.toc = _toc(rendered)
        page.present_anchor_ids = set(re.findall(r'\sid="([^"]+)"', rendered.content))
        return rendered.content

    def _render(self, context: jinja2.runtime.Context) -> Markup:
        page = context["page"]
        rendered = self._pages.pop(page.file.src_uri)
        env = context.environment
        if not self._use_shell or not rendered.headings or rendered.headings[0].level != 1 or self._in_nav(context):
            return Markup(env.get_template("main.html").render(context.get_all()))
        # Pages of one folder share a shell when their front matter is the same (a month's overdue
        # list, kept out of search, and the current list's province pages sit side by side).
        key = (posixpath.dirname(page.url.rstrip("/")), repr(rendered.meta))
        if key not in self._shells:
            self._shells[key] = _shell(env, dict(context.get_all()), page)
        parts = self._shells[key]
        if parts is None:
            return Markup(env.get_template("main.html").render(context.get_all()))
        below_title = tuple((h.level, h.id, h.html) for h in rendered.headings[1:])
        toc = self._tocs.get(below_title)
        if toc is None:
            toc = self._tocs[below_title] = env.get_template(_TOC_TEMPLATE).render({**context.get_all(), "page": page})
        fill = {_TITLE: page.title, _URL: page.canonical_url, "#" + _SKIP: page.toc.items[0].url,
                _CONTENT: page.content, _TOC: toc}
        return Markup("".join(fill.get(part, part) for part in parts))


    def _in_nav(self, context: jinja2.runtime.Context) -> bool:
        """Whether the navigation links to the page: its link there is written "./", which no other
        page of its folder would have (the plugin gives MkDocs the navigation as Links)."""
        nav = context["nav"]
        if nav is not self._nav:
            self._nav, self._nav_urls = nav, set(_link_urls(nav.items))
        return context["page"].url in self._nav_urls


def _link_urls(items) -> Iterator[str]:
    for item in items:
        if getattr(item, "children", None):
            yield from _link_urls(item.children)
        elif getattr(item, "url", None) is not None:
            yield item.url


class _Marked:
    """The page as the shell is rendered with: markers for the parts that differ from page to page."""

    def __init__(self, page) -> None:
        self._page = page
        self.title = _TITLE
        self.content = _CONTENT
        self.canonical_url = _URL if page.canonical_url is not None else None
        self.toc = get_toc([{"level": 1, "id": _SKIP, "name": _TITLE, "children": [
            {"level": 2, "id": _SKIP + "2", "name": _TITLE, "children": []}]}])

    def __getattr__(self, name):
        return getattr(self._page, name)


def _shell(env: jinja2.Environment, values: dict, page) -> list[str] | None:
    """The theme's page for `page`'s folder, split at the markers; None if a marker is not there once."""
    marked = _Marked(page)
    html = env.get_template("main.html").render({**values, "page": marked})
    toc = env.get_template(_TOC_TEMPLATE).render({**values, "page": marked})
    if html.count(toc) != 1:
        return None
    pieces = html.replace(toc, _TOC)
    markers = [_CONTENT, "#" + _SKIP] + ([_URL] if marked.canonical_url else [])
    if any(pieces.count(m) != 1 for m in markers) or _SKIP + "2" in pieces or _TITLE not in pieces:
        return None
    return re.split("(" + "|".join(re.escape(m) for m in [_TITLE, _URL, "#" + _SKIP, _CONTENT, _TOC]) + ")", pieces)


def _toc(rendered: RenderedPage):
    """The page's table of contents as MkDocs builds it from Markdown's toc tokens."""
    return get_toc(nest_toc_tokens([{"level": h.level, "id": h.id, "name": h.html} for h in rendered.headings]))
