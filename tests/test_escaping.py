"""Text from YAML is plain text: markup in it shows literally and never runs."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.pages.markup import md_inline, narrative
from sitebuild import ROOT, article_text, build, page

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("hostile")
    done = build(workdir, HOSTILE)
    assert done.returncode == 0, done.stderr
    return workdir / "site"


def _all_html(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text("utf-8") for p in site.rglob("*.html")}


def test_no_injected_element_or_handler_reaches_any_page(hostile_site: Path):
    for name, document in _all_html(hostile_site).items():
        assert not re.search(r"<script>alert", document), name
        assert not re.search(r"<(img|iframe|b)\s[^>]*(src=x|onerror)", document), name
        assert not re.search(r"<\w+[^>]*\son(click|error)=", document), name
        assert not re.search(r'href="\s*javascript:', document, re.I), name
        assert "<title></title><script>" not in document, name


def test_task_page_shows_the_hostile_text_literally(hostile_site: Path):
    document = page(hostile_site, "tinh-mau/2024-thu-nghiem/i-1")
    text = article_text(document)
    assert "Nhiệm vụ <script>alert('task')</script> | * _ [x](javascript:alert(1)) </title>" in text
    assert "Sở <b>A</b> | B" in text
    assert "<a href=javascript:alert(1)>phối hợp</a>" in text
    assert "*Sản phẩm* __đậm__ `mã`" in text
    assert "Quý II <!-- bình luận -->" in text
    title = re.search(r"<title>(.*?)</title>", document, re.S).group(1)
    assert "&lt;script&gt;" in title


def test_plan_page_shows_headings_and_narrative_literally(hostile_site: Path):
    document = page(hostile_site, "tinh-mau/2024-thu-nghiem")
    text = article_text(document)
    assert "Kế hoạch <script>alert('title')</script> | *đậm* _nghiêng_ [x](javascript:alert(1))" in text
    assert "Nhóm <script>alert('section')</script> # ## {: onclick=alert(1) }" in text
    assert "II. NỘI DUNG <script>alert('heading')</script>" in text
    assert "Mở đầu <script>alert('preamble')</script>" in text
    assert '<a href="https://example.org" rel="nofollow noopener">trang</a>' in document
    assert "<img" not in re.search(r"<article.*</article>", document, re.S).group(0)


def test_md_inline_escapes_every_markdown_and_html_character():
    assert md_inline("a*b_c[d](e) #f {g} <h> & i") == r"a\*b\_c\[d\]\(e\) \#f \{g\} &lt;h&gt; &amp; i"


def test_narrative_keeps_numbers_as_written_and_drops_unsafe_links():
    html = narrative("1. Một\n3. Ba\n\n[x](JaVaScRiPt:alert(1)) [y](java\tscript:alert(1))")
    assert "1. Một" in html and "3. Ba" in html and "<ol" not in html
    assert "href" not in html
