"""The left edge of the pipeline: find the data files under plans/, load, validate and normalize them.

Every problem in every file is collected before anything stops, so a clerk sees all of them at once.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from .agencies import Registry, registry_from_data
from .load import Loaded, load_yaml_file
from .model import Plan, Province
from .normalize import plan_from_loaded
from .problems import Problem, ProblemsFound
from .registers import Register, read_registers, validate_register
from .reports import check_report, report_from_loaded
from .resolve import resolve_plan
from .validate import check_schema, validate_plan, validate_registry

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Folder names the site uses for its own pages inside a province.
RESERVED = {"co-quan", "han", "du-lieu", "lich", "tim-kiem", "assets", "registers", "tien-do", "cham-muon", "so-cong-khai"}
PLAN_FILE = "plan.yml"
PROGRESS_DIR = "progress"
REGISTERS_DIR = "registers"
AGENCIES_FILE = "agencies.yml"


@dataclass(frozen=True)
class Project:
    """Everything the data says, validated: provinces with their plans, in a stable order."""

    provinces: tuple[Province, ...]
    registers: tuple[Register, ...] = ()

    @property
    def plans(self) -> tuple[Plan, ...]:
        return tuple(plan for province in self.provinces for plan in province.plans)


def find_data_files(plans_dir: Path) -> list[Path]:
    """Every YAML file under plans/, sorted so that builds are deterministic."""
    return sorted(p for p in plans_dir.rglob("*") if p.is_file() and p.suffix.lower() in (".yml", ".yaml"))


def read_project(plans_dir: Path, root: Path | None = None, as_of: dt.date | None = None) -> Project:
    """Load, validate, resolve and normalize every file; raise ProblemsFound listing all problems."""
    root = root or plans_dir.parent
    as_of = as_of or dt.date.today()
    problems: list[Problem] = []
    registries: dict[str, tuple[Loaded, Registry]] = {}
    plan_docs: list[tuple[str, str, Loaded]] = []
    report_docs: dict[tuple[str, str], list[Loaded]] = {}
    broken_registries: set[str] = set()   # provinces whose agencies.yml has errors of its own
    display = _Display(plans_dir, root)
    for path in find_data_files(plans_dir):
        rel = path.relative_to(plans_dir).parts
        name = display(path, rel)
        if len(rel) == 3 and rel[1] == REGISTERS_DIR:
            continue  # public registers are read by the registers step
        misplaced = _check_place(rel, name)
        if misplaced:
            problems.append(misplaced)
            continue
        loaded = load_yaml_file(path, name)
        if isinstance(loaded, Problem):
            problems.append(loaded)
            if rel[-1] == AGENCIES_FILE:
                broken_registries.add(rel[0])
            continue
        if rel[-1] == AGENCIES_FILE:
            found = validate_registry(loaded)
            if found:
                broken_registries.add(rel[0])
            else:
                registries[rel[0]] = (loaded, registry_from_data(loaded.data))
        elif len(rel) == 4:
            found = check_schema(loaded, "report")
            if not found:
                report_docs.setdefault((rel[0], rel[1]), []).append(loaded)
        else:
            found = validate_plan(loaded)
            if not found:
                plan_docs.append((rel[0], rel[1], loaded))
        problems.extend(found)
    plans_by_province: dict[str, list[Plan]] = {}
    for province_slug, slug, loaded in plan_docs:
        registry_doc, registry = registries.get(province_slug, (None, None))
        facts, found = resolve_plan(loaded, registry, loaded.data["document"]["year"],
                                    registry_broken=province_slug in broken_registries)
        problems.extend(found)
        if registry is not None and registry.province != loaded.data["document"]["province"]:
            problems.append(loaded.problem(("document", "province"),
                f"Tên tỉnh '{loaded.data['document']['province']}' khác với '{registry.province}' trong {registry_doc.file} (province differs).",
                "Các kế hoạch và danh mục cơ quan trong cùng một thư mục tỉnh phải ghi cùng một tên tỉnh."))
        if found:
            continue
        plan = plan_from_loaded(loaded, province_slug, slug, facts)
        reports = []
        for report_doc in report_docs.pop((province_slug, slug), []):
            found = check_report(report_doc, plan, registry, as_of)
            problems.extend(found)
            if not found:
                reports.append(report_from_loaded(report_doc))
        plan = replace(plan, reports=tuple(sorted(reports, key=lambda r: (r.date, r.agency_id))))
        plans_by_province.setdefault(province_slug, []).append(plan)
    for (province_slug, slug), docs in report_docs.items():
        if not (plans_dir / province_slug / slug / PLAN_FILE).is_file():
            problems.extend(Problem(d.file, 1, 1, f"Không có kế hoạch plans/{province_slug}/{slug}/plan.yml cho báo cáo này (no plan).",
                                    "Đặt báo cáo trong thư mục progress/ bên cạnh plan.yml của kế hoạch.") for d in docs)
    provinces = []
    for slug in sorted(plans_by_province):
        plans = plans_by_province[slug]
        if slug not in registries:  # with a registry, each plan was compared with its province name
            problems.extend(_check_province_names(plans))
        registry = registries.get(slug, (None, None))[1]
        provinces.append(Province(slug, plans[0].document.province, tuple(plans), registry))
    registers, found = read_registers(plans_dir, root)
    problems.extend(found)
    if problems:
        raise ProblemsFound(problems)
    return Project(tuple(provinces), tuple(registers))


def check_files(paths: list[Path], root: Path) -> list[Problem]:
    """Validate the given files on their own (plan files or agency registries), without cross-file rules."""
    problems: list[Problem] = []
    for path in paths:
        loaded = load_yaml_file(path, _display(path, root))
        if isinstance(loaded, Problem):
            problems.append(loaded)
        elif path.name == AGENCIES_FILE:
            problems.extend(validate_registry(loaded))
        elif path.parent.name == PROGRESS_DIR:
            problems.extend(check_schema(loaded, "report"))
        elif path.parent.name == REGISTERS_DIR:
            problems.extend(validate_register(loaded, path.stem))
        else:
            problems.extend(validate_plan(loaded))
    return problems


class _Display:
    """The names files are shown by (relative to the project root), resolving the folders once:
    resolving each of a national set's 58,000 paths took longer than reading them."""

    def __init__(self, plans_dir: Path, root: Path) -> None:
        self._root, self._base = root, plans_dir.resolve()
        self._root_resolved = root.resolve()

    def __call__(self, path: Path, rel: tuple[str, ...]) -> str:
        if path.is_symlink():
            return _display(path, self._root)
        try:
            return self._base.joinpath(*rel).relative_to(self._root_resolved).as_posix()
        except ValueError:
            return path.as_posix()


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _check_place(rel: tuple[str, ...], name: str) -> Problem | None:
    """Data files live at fixed places: plans/<tỉnh>/agencies.yml and plans/<tỉnh>/<kế-hoạch>/plan.yml."""
    hint = ("Đặt kế hoạch ở plans/<tinh>/<ke-hoach>/plan.yml, báo cáo tiến độ ở plans/<tinh>/<ke-hoach>/progress/<ngay>-<co-quan>.yml "
            "và danh mục cơ quan ở plans/<tinh>/agencies.yml; "
            "tên thư mục chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ bac-ninh/2022-kiem-soat-tthc).")
    if rel[-1].endswith(".yaml"):
        return Problem(name, 1, 1, "Tên tệp phải kết thúc bằng .yml, không phải .yaml (wrong file extension).", hint)
    ok = ((len(rel) == 2 and rel[1] == AGENCIES_FILE) or (len(rel) == 3 and rel[2] == PLAN_FILE)
          or (len(rel) == 4 and rel[2] == PROGRESS_DIR))
    if not ok:
        return Problem(name, 1, 1, "Tệp nằm sai chỗ hoặc sai tên nên sẽ không được công bố (unexpected data file).", hint)
    folders = rel[:-1][:2]  # province and plan folders (progress/ is fixed)
    bad = [part for part in folders if not _SLUG.match(part)]
    if bad:
        return Problem(name, 1, 1, f"Tên thư mục '{bad[0]}' không hợp lệ (invalid folder name).", hint)
    taken = [part for part in folders if part in RESERVED]
    if taken:
        return Problem(name, 1, 1, f"Tên thư mục '{taken[0]}' đã được trang web dùng riêng (reserved folder name).",
                       "Đặt tên khác cho thư mục, ví dụ thêm năm: 2024-" + taken[0] + ".")
    return None


def _check_province_names(plans: list[Plan]) -> list[Problem]:
    """Plans of one province folder that name another province than most of them do."""
    names = Counter(p.document.province for p in plans)
    usual, _ = names.most_common(1)[0]
    return [
        Problem(p.file, 1, 1, f"Tên tỉnh '{p.document.province}' khác với '{usual}' mà các kế hoạch khác trong thư mục ghi (province differs).",
                "Các kế hoạch trong cùng một thư mục tỉnh phải ghi cùng một tên tỉnh ở document.province.")
        for p in plans if p.document.province != usual
    ]
