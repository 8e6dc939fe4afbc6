"""Read quantitative targets ("trên 99%", "tối thiểu 50% đối với cấp tỉnh") into comparator and value."""
from __future__ import annotations

import re

from .model import Target

_NUMBER = r"(\d+(?:[.,]\d+)?)\s*(%|phần trăm)?"
_COMPARATORS = [
    (r"(?:trên|hơn|lớn hơn)", ">"),
    (r"(?:tối thiểu|ít nhất|từ|không thấp hơn|không dưới|đạt tối thiểu)", ">="),
    (r"(?:dưới|thấp hơn|nhỏ hơn)", "<"),
    (r"(?:tối đa|không quá|không vượt quá)", "<="),
]
_PATTERNS = [(re.compile(rf"\b{words}\s+(?:là\s+)?{_NUMBER}", re.IGNORECASE), op) for words, op in _COMPARATORS]
_TRAILING_MIN = re.compile(rf"{_NUMBER}\s+trở lên", re.IGNORECASE)
_PLAIN = re.compile(_NUMBER)


def read_target(text: str) -> Target:
    """The first number in `text` with the comparator the words around it give; "=" when none."""
    for pattern, op in _PATTERNS:
        match = pattern.search(text)
        if match:
            return _target(text, op, match)
    match = _TRAILING_MIN.search(text)
    if match:
        return _target(text, ">=", match)
    match = _PLAIN.search(text)
    if match:
        return _target(text, "=", match)
    return Target(text, None, None, None)


def _target(text: str, op: str, match: re.Match) -> Target:
    value = float(match.group(1).replace(",", "."))
    unit = "%" if match.group(2) else None
    return Target(text, op, value, unit)
