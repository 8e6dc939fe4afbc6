"""Raw HTML blocks of generated pages kept out of Python-Markdown's HTML parser.

Generated pages are Markdown whose bulk is HTML blocks that Markdown passes through unchanged; parsing
them again costs most of a build. Each complete top-level block is swapped for a placeholder before
Markdown runs and put back, byte for byte, after it.
"""
from __future__ import annotations

import re

from .elements import VOID

_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>]")
_PLACEHOLDER = "KHISLAND{:06d}X"
_BACK = re.compile(r"<p>KHISLAND(\d{6})X</p>")


def lift(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each self-contained HTML block replaced by a placeholder paragraph, and the blocks.

    A block may hold blank lines (a template's loop leaves them between table rows): from a chunk
    that opens an element, the chunks after it are taken in until that element is closed at the end
    of one, as Markdown reads a raw HTML block to its end tag."""
    blocks: list[str] = []
    out = []
    chunks = markdown.split("\n\n")
    i = 0
    while i < len(chunks):
        text = chunks[i].strip("\n")
        opening = _OPEN.match(text)
        end = _block_end(chunks, i, opening.group(1)) if opening else None
        if end is None:
            out.append(chunks[i])
            i += 1
            continue
        out.append(_PLACEHOLDER.format(len(blocks)))
        blocks.append("\n\n".join([text, *chunks[i + 1:end + 1]]).rstrip("\n") if end > i else text)
        i = end + 1
    return "\n\n".join(out), blocks


def _block_end(chunks: list[str], first: int, tag: str) -> int | None:
    """The last chunk of the HTML block that opens `tag` in chunks[first]: the first at whose end the
    element's start and end tags are as many (and not fewer); None if there is none."""
    if tag.lower() in VOID:   # never closed: no need to read every chunk after it
        return None
    start, end = re.compile(rf"<{tag}[\s>]"), f"</{tag}>"
    opens = closes = 0
    for n in range(first, len(chunks)):
        text = chunks[n]
        opens += len(start.findall(text))
        closes += text.count(end)
        if closes > opens:
            return None
        if opens == closes:
            return n if text.rstrip().endswith(end) else None
    return None


def restore(html: str, blocks: list[str]) -> str:
    """Put the lifted blocks back where Markdown left their placeholders."""
    return _BACK.sub(lambda m: blocks[int(m.group(1))], html) if blocks else html
