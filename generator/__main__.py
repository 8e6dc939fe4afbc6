"""Command line: `python -m generator check [PATH…]`, `report`, `build`, `prepare` and `deadline TEXT --year YYYY`."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from .history import reports_rewritten
from .memory import long_lived
from .problems import ProblemsFound, format_problems
from .project import check_files, read_project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Công khai kế hoạch: kiểm tra dữ liệu và đọc thời hạn.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="kiểm tra các tệp kế hoạch (validate plan files)")
    check.add_argument("paths", nargs="*", type=Path, help="tệp plan.yml; bỏ trống để kiểm tra cả thư mục plans/")
    check.add_argument("--plans", type=Path, default=Path("plans"), help="thư mục dữ liệu (mặc định: plans)")
    check.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="ngày tính YYYY-MM-DD (mặc định: hôm nay)")
    check.add_argument("--since", metavar="REV", help="so với phiên bản git này, báo lỗi nếu báo cáo đã công bố bị xoá hoặc sửa")
    report = sub.add_parser("report", help="tạo tệp báo cáo tiến độ mẫu để điền (scaffold a progress report)")
    report.add_argument("--plan", required=True, help="<tinh>/<ke-hoach>, ví dụ bac-giang/2018-mot-cua")
    report.add_argument("--task", action="append", required=True, help="mã nhiệm vụ (có thể lặp lại)")
    report.add_argument("--agency", required=True, help="mã cơ quan báo cáo")
    report.add_argument("--date", type=dt.date.fromisoformat, default=None, help="ngày báo cáo YYYY-MM-DD (mặc định: hôm nay)")
    report.add_argument("--write", action="store_true", help="ghi tệp vào thư mục progress/ thay vì in ra")
    report.add_argument("--plans", type=Path, default=Path("plans"))
    # What `build` and `prepare` both read: the data, its as-of date and the site's configuration.
    site_data = argparse.ArgumentParser(add_help=False)
    site_data.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="số tiến trình song song (mặc định: số lõi CPU)")
    site_data.add_argument("--as-of", type=dt.date.fromisoformat, default=None, help="ngày tính YYYY-MM-DD (mặc định: biến AS_OF, hoặc hôm nay)")
    site_data.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    site_data.add_argument("--plans", type=Path, default=Path("plans"))
    build = sub.add_parser("build", parents=[site_data], help="dựng cả trang web theo từng phần song song (build the site in parallel shards)")
    build.add_argument("--site-dir", type=Path, default=Path("site"))
    build.add_argument("--no-search", action="store_true", help="không tạo chỉ mục tìm kiếm Pagefind")
    prepare = sub.add_parser("prepare", parents=[site_data],
                             help="đọc, kiểm tra và lập chỉ mục dữ liệu một lần cho các phần dựng trên máy khác "
                                  "(pickle the index for shard builds on other machines)")
    prepare.add_argument("--out", type=Path, required=True, help="tệp chỉ mục sẽ ghi (đặt vào biến PLAN_SITE_INDEX khi dựng từng phần)")
    deadline = sub.add_parser("deadline", help="đọc một cách ghi thời gian (read a time expression)")
    deadline.add_argument("text")
    deadline.add_argument("--year", type=int, required=True, help="năm của kế hoạch")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.paths, args.plans, args.as_of, args.since)
    if args.command == "report":
        return _report(args)
    if args.command == "build":
        return _build(args)
    if args.command == "prepare":
        return _prepare(args)
    return _deadline(args.text, args.year)


def _check(paths: list[Path], plans_dir: Path, as_of: dt.date | None = None, since: str | None = None) -> int:
    root = Path.cwd()
    if since:
        rewritten = reports_rewritten(root, since, plans_dir)
        if rewritten:
            print(format_problems(rewritten), file=sys.stderr)
            return 1
    if paths:
        problems = check_files(paths, root)
        if problems:
            print(format_problems(problems), file=sys.stderr)
            return 1
        print(f"Không có lỗi trong {len(paths)} tệp (no problems).")
        return 0
    try:
        with long_lived():
            project = read_project(plans_dir, root, as_of, os.cpu_count() or 1)
    except ProblemsFound as found:
        print(found, file=sys.stderr)
        return 1
    tasks = sum(1 for plan in project.plans for _ in plan.walk())
    print(f"Không có lỗi: {len(project.plans)} kế hoạch, {tasks} nhiệm vụ (no problems).")
    return 0


def _site_as_of(args) -> dt.date:
    """--as-of, else the AS_OF variable (as the MkDocs configuration reads it), else today."""
    return args.as_of or (dt.date.fromisoformat(os.environ["AS_OF"]) if os.environ.get("AS_OF") else dt.date.today())


def _build(args) -> int:
    from .build import build_site

    as_of = _site_as_of(args)
    try:
        shards = build_site(args.config.resolve(), args.site_dir.resolve(), jobs=args.jobs, as_of=as_of,
                            plans_dir=args.plans.resolve(), search=not args.no_search)
    except ProblemsFound as found:
        print(found, file=sys.stderr)
        return 1
    except RuntimeError as err:
        print(f"Lỗi khi dựng trang (build failed):\n{err}", file=sys.stderr)
        return 1
    print(f"Đã dựng {len(shards)} phần (1 phần chung và {len(shards) - 1} nhóm tỉnh) vào {args.site_dir}, tính đến ngày {as_of}.")
    return 0


def _prepare(args) -> int:
    from .build import write_index_file

    as_of = _site_as_of(args)
    try:
        shards = write_index_file(args.config.resolve(), args.plans.resolve(), as_of, args.jobs, args.out)
    except ProblemsFound as found:
        print(found, file=sys.stderr)
        return 1
    print(f"Đã ghi chỉ mục vào {args.out}, tính đến ngày {as_of}. Các phần (SHARD): {' '.join(shards)}")
    return 0


def _report(args) -> int:
    from .scaffold import scaffold_report

    root = Path.cwd()
    try:
        project = read_project(args.plans, root)
        path, text = scaffold_report(project, args.plan, args.task, args.agency, args.date or dt.date.today())
    except ProblemsFound as found:
        print(found, file=sys.stderr)
        return 1
    except ValueError as err:
        print(f"Lỗi: {err}", file=sys.stderr)
        return 1
    if not args.write:
        print(text, end="")
        return 0
    target = args.plans / Path(path).relative_to("plans")
    if target.exists():
        print(f"Lỗi: tệp {target} đã có; báo cáo cũ không được ghi đè (a report already exists).", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, "utf-8")
    print(f"Đã tạo {target}: điền các dòng còn trống rồi kiểm tra bằng: python -m generator check")
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
