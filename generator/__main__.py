"""Command line: `python -m generator check [PATH…]`, `python -m generator deadline TEXT --year YYYY`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .problems import ProblemsFound, format_problems
from .project import check_files, read_project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Công khai kế hoạch: kiểm tra dữ liệu và đọc thời hạn.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="kiểm tra các tệp kế hoạch (validate plan files)")
    check.add_argument("paths", nargs="*", type=Path, help="tệp plan.yml; bỏ trống để kiểm tra cả thư mục plans/")
    check.add_argument("--plans", type=Path, default=Path("plans"), help="thư mục dữ liệu (mặc định: plans)")
    deadline = sub.add_parser("deadline", help="đọc một cách ghi thời gian (read a time expression)")
    deadline.add_argument("text")
    deadline.add_argument("--year", type=int, required=True, help="năm của kế hoạch")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.paths, args.plans)
    return _deadline(args.text, args.year)


def _check(paths: list[Path], plans_dir: Path) -> int:
    root = Path.cwd()
    if paths:
        problems = check_files(paths, root)
        if problems:
            print(format_problems(problems), file=sys.stderr)
            return 1
        print(f"Không có lỗi trong {len(paths)} tệp (no problems).")
        return 0
    try:
        project = read_project(plans_dir, root)
    except ProblemsFound as found:
        print(found, file=sys.stderr)
        return 1
    tasks = sum(1 for plan in project.plans for _ in plan.walk())
    print(f"Không có lỗi: {len(project.plans)} kế hoạch, {tasks} nhiệm vụ (no problems).")
    return 0


def _deadline(text: str, year: int) -> int:
    from .deadlines import UnreadableTime, read_time

    try:
        reading = read_time(text, year)
    except UnreadableTime as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        hint = getattr(err, "hint", "")
        if hint:
            print(f"Gợi ý: {hint}", file=sys.stderr)
        return 2
    print(json.dumps(reading.to_json(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
