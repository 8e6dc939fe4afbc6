"""The left edge of the pipeline: find the data files under plans/, load, validate and normalize them.

Every problem in every file is collected before anything stops, so a clerk sees all of them at once.
"""
from __future__ import annotations

import concurrent.futures
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from .agencies import registry_from_data
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


def read_project(plans_dir: Path, root: Path | None = None, as_of: dt.date | None = None, jobs: int = 1) -> Project:
    """Load, validate, resolve and normalize every file; raise ProblemsFound listing all problems.

    Each province folder is read on its own (nothing in one refers to another): with `jobs` > 1, a
    large data set's folders are read by that many processes."""
    root = root or plans_dir.parent
    as_of = as_of or dt.date.today()
    display = _Display(plans_dir, root)
    folders: dict[str, list[tuple[Path, tuple[str, ...], str]]] = {}
    for path in find_data_files(plans_dir):
        rel = path.relative_to(plans_dir).parts
        if len(rel) == 3 and rel[1] == REGISTERS_DIR:
            continue  # public registers are read by the registers step
        folders.setdefault(rel[0] if len(rel) > 1 else "", []).append((path, rel, display(path, rel)))
    problems: list[Problem] = []
    provinces = []
    for province, found in _read_folders(plans_dir, folders, as_of, jobs):
        problems.extend(found)
        if province is not None:
            provinces.append(province)
    registers, found = read_registers(plans_dir, root)
    problems.extend(found)
    if problems:
        raise ProblemsFound(problems)
    return Project(tuple(provinces), tuple(registers))


PARALLEL_FROM_FILES = 2000   # below this, starting processes costs more than reading in one


def _read_folders(plans_dir: Path, folders: dict[str, list], as_of: dt.date, jobs: int) -> list[tuple[Province | None, list[Problem]]]:
    """_read_folder of each folder, in the order of their names."""
    work = [(plans_dir, slug, folders[slug], as_of) for slug in sorted(folders)]
    if jobs < 2 or sum(len(files) for files in folders.values()) < PARALLEL_FROM_FILES:
        return [_read_folder(*args) for args in work]
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_read_folder, *zip(*work)))


def _read_folder(plans_dir: Path, province_slug: str, files: list[tuple[Path, tuple[str, ...], str]],
                 as_of: dt.date) -> tuple[Province | None, list[Problem]]:
    """One province folder's registry, plans and reports: the province (None if it has no usable
    plan) and every problem found in its files."""
    problems: list[Problem] = []
    registry_doc, registry = None, None
    registry_broken = False   # the folder's agencies.yml has errors of its own
    plan_docs: list[tuple[str, Loaded]] = []
    report_docs: dict[str, list[Loaded]] = {}
    for path, rel, name in files:
        loaded, found = _read_file(path, rel, name)
        problems.extend(found)
        if loaded is None:
            if rel[1:] == (AGENCIES_FILE,):
                registry_broken = True
        elif rel[-1] == AGENCIES_FILE:
            registry_doc, registry = loaded, registry_from_data(loaded.data)
        elif len(rel) == 4:
            report_docs.setdefault(rel[1], []).append(loaded)
        else:
            plan_docs.append((rel[1], loaded))
    plans: list[Plan] = []
    for slug, loaded in plan_docs:
        facts, found = resolve_plan(loaded, registry, loaded.data["document"]["year"], registry_broken=registry_broken)
        problems.extend(found)
        if registry is not None and registry.province != loaded.data["document"]["province"]:
            problems.append(loaded.problem(("document", "province"),
                f"Tên tỉnh '{loaded.data['document']['province']}' khác với '{registry.province}' trong {registry_doc.file} (province differs).",
                "Các kế hoạch và danh mục cơ quan trong cùng một thư mục tỉnh phải ghi cùng một tên tỉnh."))
        if found:
            continue
        plan = plan_from_loaded(loaded, province_slug, slug, facts)
        reports = []
        for report_doc in report_docs.pop(slug, []):
            found = check_report(report_doc, plan, registry, as_of)
            problems.extend(found)
            if not found:
                reports.append(report_from_loaded(report_doc))
        plans.append(replace(plan, reports=tuple(sorted(reports, key=lambda r: (r.date, r.agency_id)))))
    for slug, docs in report_docs.items():
        if not (plans_dir / province_slug / slug / PLAN_FILE).is_file():
            problems.extend(Problem(d.file, 1, 1, f"Không có kế hoạch plans/{province_slug}/{slug}/plan.yml cho báo cáo này (no plan).",
                                    "Đặt báo cáo trong thư mục progress/ bên cạnh plan.yml của kế hoạch.") for d in docs)
    if not plans:
        return None, problems
    if registry is None:  # with a registry, each plan was compared with its province name
        problems.extend(_check_province_names(plans))
    return Province(province_slug, plans[0].document.province, tuple(plans), registry), problems


def _read_file(path: Path, rel: tuple[str, ...], name: str) -> tuple[Loaded | None, list[Problem]]:
    """One data file checked on its own: its place, its YAML and its schema. The loaded file (None if
    it cannot be used) and its problems."""
    misplaced = _check_place(rel, name)
    if misplaced:
        return None, [misplaced]
    loaded = load_yaml_file(path, name)
    if isinstance(loaded, Problem):
        return None, [loaded]
    if rel[-1] == AGENCIES_FILE:
        found = validate_registry(loaded)
    elif len(rel) == 4:
        found = check_schema(loaded, "report")
    else:
        found = validate_plan(loaded)
    return (None if found else loaded), found


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
