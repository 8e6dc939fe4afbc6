"""Raw HTML blocks of generated pages kept out of Python-Markdown's HTML parser.

Generated pages are Markdown whose bulk is HTML blocks that Markdown passes through unchanged; parsing
them again costs most of a build. Each complete top-level block is swapped for a placeholder before
Markdown runs and put back, byte for byte, after it.
"""
from __future__ import annotations

import re

_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>]")
_PLACEHOLDER = "KHISLAND{:06d}X"
_BACK = re.compile(r"<p>KHISLAND(\d{6})X</p>")


def lift(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each self-contained HTML block replaced by a placeholder paragraph, and the blocks."""
    blocks: list[str] = []
    out = []
    for chunk in markdown.split("\n\n"):
        text = chunk.strip("\n")
        opening = _OPEN.match(text)
        if opening and text.rstrip().endswith(f"</{opening.group(1)}>") and _balanced(text, opening.group(1)):
            out.append(_PLACEHOLDER.format(len(blocks)))
            blocks.append(text)
        else:
            out.append(chunk)
    return "\n\n".join(out), blocks


def restore(html: str, blocks: list[str]) -> str:
    """Put the lifted blocks back where Markdown left their placeholders."""
    return _BACK.sub(lambda m: blocks[int(m.group(1))], html) if blocks else html


def _balanced(text: str, tag: str) -> bool:
    """The block closes the element it opens (and only at its end): it is one HTML block, not several."""
    opens = len(re.findall(rf"<{tag}[\s>]", text))
    closes = text.count(f"</{tag}>")
    return opens == closes and opens > 0
