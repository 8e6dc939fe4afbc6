"""A status bar chart drawn at build time as SVG: no JavaScript, labelled in words, with its numbers."""
from __future__ import annotations

from markupsafe import Markup, escape

from .. import words

_ORDER = ("done_on_time", "done_late", "open_on_time", "open_overdue", "no_report")
# Each category takes two lines, its label above its bar, in a chart 320 units wide: drawn at about
# its own size on a phone, so that the labels read at the page's small print size (side by side in
# a wider chart, they were scaled down to 8 px on a 360 px screen).
_WIDTH, _LABEL_H, _BAR_H, _GAP, _COUNT_W = 320, 18, 14, 10, 48
_ROW = _LABEL_H + _BAR_H + _GAP


def status_chart(summary, chart_id: str) -> Markup:
    """One bar per category under its label, with its count; the table beside it carries the same numbers."""
    peak = max((summary.counts[c] for c in _ORDER), default=0) or 1
    height = _ROW * len(_ORDER)
    title = escape(words.PROGRESS["chart_title"])
    desc = escape("; ".join(f"{words.STATUS[c]}: {summary.counts[c]}" for c in _ORDER))
    parts = [f'<svg class="kh-chart" viewBox="0 0 {_WIDTH} {height}" width="{_WIDTH}" height="{height}" role="img" '
             f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-t">{title}</title><desc id="{chart_id}-d">{desc}</desc>']
    for i, category in enumerate(_ORDER):
        y = i * _ROW
        count = summary.counts[category]
        bar = round((_WIDTH - _COUNT_W) * count / peak) if count else 0
        label = escape(f"{words.STATUS_ICONS[category]} {words.STATUS[category]}")
        parts.append(f'<text x="0" y="{y + _LABEL_H - 5}" class="kh-chart-label">{label}</text>')
        if bar:
            parts.append(f'<rect x="0" y="{y + _LABEL_H}" width="{bar}" height="{_BAR_H}" class="kh-bar kh-bar-{category}"/>')
        parts.append(f'<text x="{bar + 6}" y="{y + _LABEL_H + _BAR_H - 2}" class="kh-chart-count">{count}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
