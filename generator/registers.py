"""Public registers the plans require ("sổ công khai"): one generic mechanism, one schema per kind.

A register is a YAML file ``plans/<tinh>/registers/<kind>.yml`` holding ``province`` and a list of
``entries``. Each kind is defined entirely by its JSON Schema in ``generator/schemas/registers/``:
the schema validates the file, and its ``x-`` keywords give the register's title, description, the
sentences of the plans that require it (``x-legal-basis``), the columns in order (``x-order`` with an
``x-label`` and optional ``x-format`` on each property), the field that dates an entry
(``x-date-field``), the fields that name an entry (``x-entry-title``) and, optionally, fields of which
at least one must be given (``x-at-least-one``). Adding a register is adding a schema file.

Pure: files are read only through `generator.load.load_yaml_file`.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Mapping

from jsonschema import Draft202012Validator

from .urls import register_csv_url, register_feed_url, register_url, registers_url  # noqa: F401 (re-exported)
from .load import Loaded, load_yaml_file
from .problems import Problem
from .validate import _closest, _explain, _field_path

REGISTERS_DIR = "registers"
SCHEMA_SUFFIX = ".schema.json"
FEED_ID_PREFIX = "tag:cong-khai-ke-hoach,2024:"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# ---------------------------------------------------------------------------
# URLs (kept here so that the pages, the exports and the feeds agree)
# ---------------------------------------------------------------------------

def entry_anchor(province_slug: str, index: int) -> str:
    """The id of an entry's table row on its register page (index is 1-based)."""
    return f"{province_slug}-{index}"


# ---------------------------------------------------------------------------
# Kinds, read from the schemas
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Citation:
    """A sentence of a seed plan that requires a register to be public, quoted exactly."""

    seed: str       # the seed file name, e.g. 001_165722b0a2fbaa83.txt
    plan: str       # "<province slug>/<plan slug>" of the plan encoded from that seed
    label: str      # the plan named in words
    quote: str


@dataclass(frozen=True)
class RegisterKind:
    """One kind of register, as its schema defines it."""

    slug: str
    title: str
    description: str
    legal_basis: tuple[Citation, ...]
    columns: tuple[tuple[str, str], ...]          # (field, Vietnamese label), in display order
    date_field: str                               # dotted path of the field that dates an entry
    position: int = 0
    entry_title: tuple[str, ...] = ()             # fields whose values name an entry
    formats: Mapping[str, str] = field(default_factory=dict)   # field -> text|date|integer|number|url|email|components|source
    source_columns: tuple[tuple[str, str], ...] = ()           # sub-fields of `source` with their labels
    at_least_one: tuple[str, ...] = ()

    @property
    def csv_header(self) -> tuple[str, ...]:
        """The CSV header: "Tỉnh", then every column, the source spread over its sub-fields."""
        header = ["Tỉnh"]
        for name, label in self.columns:
            if self.formats.get(name) == "source":
                header.extend(sub_label for _, sub_label in self.source_columns)
            else:
                header.append(label)
        return tuple(header)


@dataclass(frozen=True)
class Register:
    """One register file, validated: the entries exactly as written."""

    kind: RegisterKind
    province_slug: str
    province: str
    file: str
    entries: tuple[dict, ...]


def _schemas_dir():
    return resources.files("generator").joinpath("schemas", REGISTERS_DIR)


@cache
def register_schema(kind_slug: str) -> dict[str, Any]:
    """The JSON Schema of one kind of register."""
    text = _schemas_dir().joinpath(f"{kind_slug}{SCHEMA_SUFFIX}").read_text("utf-8")
    return json.loads(text)


@cache
def _validator(kind_slug: str) -> Draft202012Validator:
    return Draft202012Validator(register_schema(kind_slug))


def _resolve(root: dict, part: dict) -> dict:
    """Follow local "$ref"s ("#/$defs/…") so that a property's own keywords and its definition's merge."""
    seen = 0
    while "$ref" in part and seen < 10:
        ref = part["$ref"]
        if not ref.startswith("#/"):
            break
        target: Any = root
        for key in ref[2:].split("/"):
            target = target[key]
        part = {**target, **{k: v for k, v in part.items() if k != "$ref"}}
        seen += 1
    return part


def _entry_schema(root: dict) -> dict:
    return _resolve(root, _resolve(root, root["properties"]["entries"])["items"])


def kind_from_schema(slug: str, root: dict) -> RegisterKind:
    """A RegisterKind from a schema's x- keywords (see the module docstring)."""
    entry = _entry_schema(root)
    props = entry["properties"]
    order = root.get("x-order") or list(props)
    missing = [name for name in order if name not in props] + [name for name in props if name not in order]
    if missing:
        raise ValueError(f"{slug}: x-order and the entry properties differ: {missing}")
    columns, formats = [], {}
    source_columns: tuple[tuple[str, str], ...] = ()
    for name in order:
        prop = _resolve(root, props[name])
        columns.append((name, prop.get("x-label", name)))
        formats[name] = prop.get("x-format", "text")
        if formats[name] == "source":
            source_columns = tuple((sub, _resolve(root, sp).get("x-label", sub))
                                   for sub, sp in prop.get("properties", {}).items())
    return RegisterKind(
        slug=slug,
        title=root["x-title"],
        description=root["x-description"],
        legal_basis=tuple(Citation(c["seed"], c["plan"], c["label"], c["quote"]) for c in root.get("x-legal-basis", [])),
        columns=tuple(columns),
        date_field=root.get("x-date-field", "source.date"),
        position=int(root.get("x-position", 0)),
        entry_title=tuple(root.get("x-entry-title", ())),
        formats=dict(formats),
        source_columns=source_columns,
        at_least_one=tuple(root.get("x-at-least-one", ())),
    )


@cache
def _kinds() -> tuple[RegisterKind, ...]:
    slugs = sorted(item.name[: -len(SCHEMA_SUFFIX)] for item in _schemas_dir().iterdir()
                   if item.name.endswith(SCHEMA_SUFFIX))
    kinds = [kind_from_schema(slug, register_schema(slug)) for slug in slugs]
    return tuple(sorted(kinds, key=lambda k: (k.position, k.slug)))


def register_kinds() -> dict[str, RegisterKind]:
    """Every kind of register, by slug, in display order."""
    return {kind.slug: kind for kind in _kinds()}


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------

def field_value(entry: Mapping, dotted: str) -> Any:
    """The value at a dotted path of an entry ("source.date"), or None."""
    value: Any = entry
    for part in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def entry_date(kind: RegisterKind, entry: Mapping) -> dt.date | None:
    """The date that dates an entry (its kind's x-date-field), if the entry gives one."""
    value = field_value(entry, kind.date_field)
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def entry_title(kind: RegisterKind, entry: Mapping) -> str:
    """The words that name an entry, from its kind's x-entry-title fields ("Sở Mẫu — Quý I — năm 2023")."""
    parts = []
    for name in kind.entry_title:
        text = plain_value(entry.get(name))
        if text:
            parts.append(f"năm {text}" if name == "year" else text)
    return " — ".join(parts) or kind.title


def plain_value(value: Any) -> str:
    """A value as plain text, the same in the CSV, the feed and the page (before page formatting)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float):
        return format(value, "g") if value == value and abs(value) < 1e15 else repr(value)
    if isinstance(value, list):
        return "; ".join(_component_text(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {plain_value(v)}" for k, v in value.items())
    return str(value)


def _component_text(item: Any) -> str:
    if isinstance(item, dict) and "name" in item:
        return f"{item['name']}: {plain_value(item.get('score'))}"
    return plain_value(item)


def province_label(name: str) -> str:
    """ "Tỉnh Bắc Giang" for "Bắc Giang"; a name that already says what it is stays as written."""
    lowered = name.lower()
    if lowered.startswith(("tỉnh ", "thành phố ")):
        return name
    return f"Tỉnh {name}"


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

def _check_schema(doc: Loaded, kind_slug: str) -> list[Problem]:
    """Schema problems in Vietnamese, as `generator.validate.check_schema` words them.

    The same steps as check_schema (a misspelled required field is reported once, as an unknown
    field), with two messages of our own: a link that is not http(s), and a count below zero.
    """
    errors = list(_validator(kind_slug).iter_errors(doc.data))
    misspelled = {(tuple(e.absolute_path), _closest(k, e.schema)) for e in errors
                  if e.validator == "additionalProperties" and isinstance(e.instance, dict)
                  for k in e.instance if k not in e.schema.get("properties", {})}
    problems: list[Problem] = []
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "required":
            missing = [k for k in error.validator_value if k not in error.instance and (path, k) not in misspelled]
            if not missing:
                continue
        if error.validator == "pattern" and str(error.validator_value).startswith("^https?://"):
            problems.append(doc.problem(path, f"Đường dẫn '{error.instance}' ở {_field_path(path)} không hợp lệ (invalid link).",
                                        "Chỉ ghi đường dẫn công khai bắt đầu bằng http:// hoặc https://, không có dấu cách."))
            continue
        if error.validator == "pattern" and "@" in str(error.validator_value):
            problems.append(doc.problem(path, f"Địa chỉ thư điện tử '{error.instance}' ở {_field_path(path)} không hợp lệ (invalid e-mail).",
                                        "Viết một địa chỉ, ví dụ: pakn@example.gov.vn."))
            continue
        if error.validator == "minimum" and path and path[-1] != "year":
            problems.append(doc.problem(path, f"{_field_path(path)} = {error.instance} nhỏ hơn {error.validator_value} (out of range).",
                                        "Số liệu không được âm: chép đúng số trong nguồn."))
            continue
        found = list(_explain(doc, error, misspelled))
        if error.validator == "type" and not found[0].hint and {"integer", "number"} & set(_as_list(error.validator_value)):
            found = [replace(p, hint="Viết số không có dấu ngoặc kép và không có chữ, ví dụ: 15 hoặc 85.5.") for p in found]
        problems.extend(found)
    return problems


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def check_register_rules(doc: Loaded, kind: RegisterKind) -> list[Problem]:
    """Rules beyond the schema: dates that exist, and at least one of the x-at-least-one fields."""
    problems: list[Problem] = []
    date_fields = [name for name, _ in kind.columns if kind.formats.get(name) == "date"]
    for i, entry in enumerate(doc.data.get("entries") or []):
        path = ("entries", i)
        candidates = [((name,), entry.get(name)) for name in date_fields]
        source = entry.get("source")
        if isinstance(source, dict):
            candidates.append((("source", "date"), source.get("date")))
        for sub, value in candidates:
            if isinstance(value, str):
                try:
                    dt.date.fromisoformat(value)
                except ValueError:
                    problems.append(doc.problem(path + sub, f"Ngày '{value}' không có thật (impossible date).",
                                                "Kiểm tra lại ngày và tháng (ví dụ tháng 2 không có ngày 30)."))
        if kind.at_least_one and not any(entry.get(name) not in (None, "") for name in kind.at_least_one):
            labels = dict(kind.columns)
            problems.append(doc.problem(path, f"Mục {_field_path(path)} cần ít nhất một trong các trường: "
                                              + ", ".join(kind.at_least_one) + " (nothing to publish).",
                                        "Ghi ít nhất một trong: " + "; ".join(f"{n} ({labels[n]})" for n in kind.at_least_one) + "."))
    return problems


def validate_register(doc: Loaded, kind_slug: str) -> list[Problem]:
    """All problems of one register file; the rules run only on a schema-valid file."""
    kind = register_kinds()[kind_slug]
    problems = _check_schema(doc, kind_slug)
    return problems or check_register_rules(doc, kind)


def register_from_loaded(doc: Loaded, province_slug: str, kind_slug: str) -> Register:
    """A Register from a validated file."""
    return Register(
        kind=register_kinds()[kind_slug],
        province_slug=province_slug,
        province=doc.data["province"],
        file=doc.file,
        entries=tuple(doc.data.get("entries") or ()),
    )


# ---------------------------------------------------------------------------
# Reading every register under plans/
# ---------------------------------------------------------------------------

def find_register_files(plans_dir: Path) -> list[Path]:
    """Every YAML file in plans/<tinh>/registers/, sorted."""
    return sorted(p for p in plans_dir.glob(f"*/{REGISTERS_DIR}/*")
                  if p.is_file() and p.suffix.lower() in (".yml", ".yaml"))


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_registers(plans_dir: Path, root: Path) -> tuple[list[Register], list[Problem]]:
    """Load and validate every register file; registers sorted by (province slug, kind order).

    Also checks that a file's name is a known kind, and that the registers of a province name it as
    its agencies.yml does.
    """
    kinds = register_kinds()
    order = {slug: n for n, slug in enumerate(kinds)}
    registers: list[Register] = []
    docs: dict[str, Loaded] = {}
    problems: list[Problem] = []
    for path in find_register_files(plans_dir):
        name = _display(path, root)
        province_slug = path.parent.parent.name
        kind_slug = path.stem
        if not _SLUG.match(province_slug):
            problems.append(Problem(name, 1, 1, f"Tên thư mục tỉnh '{province_slug}' không hợp lệ (invalid folder name).",
                                    "Tên thư mục chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ: bac-giang."))
            continue
        if path.suffix != ".yml":
            problems.append(Problem(name, 1, 1, "Tên tệp phải kết thúc bằng .yml, không phải .yaml (wrong file extension).",
                                    f"Đổi tên tệp thành {kind_slug}.yml."))
            continue
        if kind_slug not in kinds:
            close = difflib.get_close_matches(kind_slug, list(kinds), n=1, cutoff=0.5)
            hint = f"Có phải ý bạn là '{close[0]}.yml'? " if close else ""
            hint += "Các sổ công khai: " + ", ".join(f"{slug}.yml ({kind.title})" for slug, kind in kinds.items()) + "."
            problems.append(Problem(name, 1, 1, f"Không có sổ công khai nào tên '{kind_slug}' (unknown register).", hint))
            continue
        loaded = load_yaml_file(path, name)
        if isinstance(loaded, Problem):
            problems.append(loaded)
            continue
        found = validate_register(loaded, kind_slug)
        problems.extend(found)
        if not found:
            registers.append(register_from_loaded(loaded, province_slug, kind_slug))
            docs[name] = loaded
    problems.extend(_check_province_names(registers, docs, plans_dir, root))
    registers.sort(key=lambda r: (r.province_slug, order[r.kind.slug]))
    return registers, problems


def _check_province_names(registers: list[Register], docs: Mapping[str, Loaded], plans_dir: Path,
                          root: Path) -> Iterator[Problem]:
    by_province: dict[str, list[Register]] = {}
    for register in registers:
        by_province.setdefault(register.province_slug, []).append(register)
    for slug, group in sorted(by_province.items()):
        expected, where = group[0].province, group[0].file
        agencies = plans_dir / slug / "agencies.yml"
        if agencies.is_file():
            loaded = load_yaml_file(agencies, _display(agencies, root))
            if isinstance(loaded, Loaded) and isinstance(loaded.data, dict) and isinstance(loaded.data.get("province"), str):
                expected, where = loaded.data["province"], loaded.file
        for register in group:
            if register.province != expected:
                yield docs[register.file].problem(("province",),
                              f"Tên tỉnh '{register.province}' khác với '{expected}' trong {where} (province differs).",
                              "Các tệp trong cùng một thư mục tỉnh phải ghi cùng một tên tỉnh.")
