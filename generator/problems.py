"""Problems found in the input: where they are, what is wrong, and how to fix it, in Vietnamese."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file, at a line and column (both 1-based)."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        if self.hint:
            text += f"\n    Gợi ý: {self.hint}"
        return text


class ProblemsFound(Exception):
    """Raised once, with every problem, so that nothing half-made is published."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))

    def __reduce__(self):
        # Raised in the build's worker process and re-raised here: rebuild it from the problems.
        return (ProblemsFound, (self.problems,))


def format_problems(problems: list[Problem]) -> str:
    """The report a clerk reads: a count, then one entry per problem."""
    head = f"Tìm thấy {len(problems)} lỗi trong dữ liệu; trang web chưa được tạo (found {len(problems)} problem(s); nothing was built):"
    return "\n".join([head, *(str(p) for p in problems)])
