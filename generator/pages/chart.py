"""A status bar chart drawn at build time as SVG: no JavaScript, labelled in words, with its numbers."""
from __future__ import annotations

from markupsafe import Markup, escape

from .. import words

_ORDER = ("done_on_time", "done_late", "open_on_time", "open_overdue", "no_report")
_ROW, _LABEL_W, _BAR_W = 26, 230, 260


def status_chart(summary, chart_id: str) -> Markup:
    """One bar per category with its label and count; the table beside it carries the same numbers."""
    peak = max((summary.counts[c] for c in _ORDER), default=0) or 1
    height = _ROW * len(_ORDER) + 8
    width = _LABEL_W + _BAR_W + 60
    title = escape(words.PROGRESS["chart_title"])
    desc = escape("; ".join(f"{words.STATUS[c]}: {summary.counts[c]}" for c in _ORDER))
    parts = [f'<svg class="kh-chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-t">{title}</title><desc id="{chart_id}-d">{desc}</desc>']
    for i, category in enumerate(_ORDER):
        y = 4 + i * _ROW
        count = summary.counts[category]
        bar = round(_BAR_W * count / peak) if count else 0
        label = escape(f"{words.STATUS_ICONS[category]} {words.STATUS[category]}")
        parts.append(f'<text x="0" y="{y + 17}" class="kh-chart-label">{label}</text>')
        if bar:
            parts.append(f'<rect x="{_LABEL_W}" y="{y + 3}" width="{bar}" height="{_ROW - 8}" class="kh-bar kh-bar-{category}"/>')
        parts.append(f'<text x="{_LABEL_W + bar + 6}" y="{y + 17}" class="kh-chart-count">{count}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
