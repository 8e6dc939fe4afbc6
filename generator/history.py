"""The change history of the data files, read from git once per build (an I/O edge of the pipeline)."""
from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem


@dataclass(frozen=True)
class Change:
    """One commit that touched a data file: who changed it, when, and what they said."""

    sha: str
    date: dt.date
    author: str
    subject: str


def read_history(root: Path, folder: Path) -> dict[str, tuple[Change, ...]]:
    """Commits per file under `folder` (paths relative to `root`, newest first); empty outside git."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return {}
    top_path = Path(top.strip())
    out = _git(root, "log", "--no-merges", "--format=%x1e%H%x1f%aI%x1f%an%x1f%s", "--name-only", "--", str(folder.resolve()))
    if not out:
        return {}
    history: dict[str, list[Change]] = {}
    for record in out.split("\x1e")[1:]:
        head, _, names = record.partition("\n")
        sha, date, author, subject = head.split("\x1f", 3)
        change = Change(sha[:10], dt.date.fromisoformat(date[:10]), author, subject)
        for name in filter(None, (n.strip() for n in names.splitlines())):
            try:
                rel = (top_path / name).resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                continue
            history.setdefault(rel, []).append(change)
    return {k: tuple(v) for k, v in history.items()}


def reports_rewritten(root: Path, base: str, folder: Path) -> list[Problem]:
    """Report files that exist at `base` but were deleted or changed since: history must never be rewritten."""
    out = _git(root, "diff", "--name-status", "--no-renames", base, "--", str(folder.resolve()))
    if out is None:
        return [Problem(str(folder), 1, 1, f"Không so sánh được với '{base}' bằng git (cannot compare with base).",
                        "Chạy lệnh trong một bản sao git có nhánh gốc, ví dụ: git fetch origin main.")]
    top = Path((_git(root, "rev-parse", "--show-toplevel") or str(root)).strip())
    problems = []
    for line in out.splitlines():
        status, _, name = line.partition("\t")
        if "/progress/" not in name or status[:1] not in ("D", "M"):
            continue
        rel = (top / name).resolve().relative_to(root.resolve()).as_posix()
        verb = "bị xoá" if status.startswith("D") else "bị sửa"
        problems.append(Problem(rel, 1, 1, f"Báo cáo đã công bố {verb} (a published report was {'deleted' if verb == 'bị xoá' else 'changed'}).",
                                "Báo cáo cũ là lịch sử và phải giữ nguyên. Muốn đính chính, thêm một báo cáo mới có ngày sau."))
    return problems


def _git(cwd: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None
