"""Check loaded plan files against the JSON Schema and the rules a schema cannot state."""
from __future__ import annotations

import datetime as dt
import difflib
import json
from functools import cache
from importlib import resources
from typing import Any, Iterator

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .load import Loaded
from .problems import Problem

_TYPE_WORDS = {
    "string": "văn bản (chữ)",
    "integer": "số nguyên",
    "number": "số",
    "object": "một nhóm trường (các dòng 'tên: giá trị' thụt vào)",
    "array": "một danh sách (các dòng bắt đầu bằng '- ')",
    "boolean": "true hoặc false",
}


@cache
def schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in generator/schemas/."""
    text = resources.files("generator").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(schema(name))


@cache
def _fast_check(name: str):
    """The schema compiled to Python: a quick yes for the (usual) valid file; jsonschema explains a no."""
    return fastjsonschema.compile(schema(name))


def check_schema(doc: Loaded, name: str) -> list[Problem]:
    """Every schema violation in `doc`, each as a Vietnamese problem at the right line."""
    try:
        _fast_check(name)(doc.data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    errors = list(_validator(name).iter_errors(doc.data))
    # A misspelled required field is one mistake: report the unknown name with its "did you mean",
    # not also the missing field it was meant to be.
    misspelled = {(tuple(e.absolute_path), _closest(k, e.schema)) for e in errors
                  if e.validator == "additionalProperties" for k in e.instance if k not in e.schema.get("properties", {})}
    problems = []
    for error in errors:
        if error.validator == "required":
            path = tuple(error.absolute_path)
            missing = [k for k in error.validator_value if k not in error.instance and (path, k) not in misspelled]
            if not missing:
                continue
        problems.extend(_explain(doc, error, misspelled))
    return problems


def _closest(key: object, schema_part: dict) -> str | None:
    close = difflib.get_close_matches(str(key), sorted(schema_part.get("properties", {})), n=1, cutoff=0.6)
    return close[0] if close else None


def _field_path(path: tuple) -> str:
    parts = []
    for part in path:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else ("." if parts else "") + str(part))
    return "".join(parts) or "phần ngoài cùng của tệp"


def _explain(doc: Loaded, error: ValidationError, misspelled: set) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    where = _field_path(path)
    kind = error.validator
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        for key in extra:
            close = _closest(key, error.schema)
            hint = f"Có phải ý bạn là '{close}'? " if close else ""
            hint += "Các trường được phép ở đây: " + ", ".join(allowed) + "."
            yield doc.problem(path + (key,), f"Trường không được biết '{key}' trong {where} (unknown field).", hint)
    elif kind == "required":
        missing = [k for k in error.validator_value if k not in error.instance and (path, k) not in misspelled]
        for key in missing:
            desc = error.schema.get("properties", {}).get(key, {}).get("description", "")
            yield doc.problem(path, f"Thiếu trường bắt buộc '{key}' trong {where} (missing required field).",
                              f"Thêm dòng '{key}: …'" + (f" ({desc})" if desc else "") + ".")
    elif kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        words = " hoặc ".join(_TYPE_WORDS.get(t, t) for t in expected)
        hint = "Đặt văn bản trong dấu ngoặc kép, ví dụ: number: \"1.1\"." if "string" in expected else ""
        yield doc.problem(path, f"{where} phải là {words}, không phải {_describe(error.instance)} (wrong type).", hint)
    elif kind == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        yield doc.problem(path, f"Giá trị '{error.instance}' của {where} không hợp lệ (invalid value).",
                          f"Chọn một trong: {options}.")
    elif kind == "minLength":
        yield doc.problem(path, f"{where} không được để trống (empty text).",
                          "Điền nội dung, hoặc xoá hẳn dòng này nếu văn bản gốc không ghi.")
    elif kind == "minItems":
        yield doc.problem(path, f"{where} phải có ít nhất {error.validator_value} mục (too few items).")
    elif kind == "pattern":
        yield doc.problem(path, *_pattern_words(where, error))
    elif kind in ("minimum", "maximum"):
        yield doc.problem(path, f"{where} = {error.instance} nằm ngoài khoảng cho phép (out of range).",
                          "Kiểm tra lại năm: viết đủ bốn chữ số, ví dụ 2022.")
    else:
        yield doc.problem(path, f"{where}: {error.message}")


def _pattern_words(where: str, error: ValidationError) -> tuple[str, str]:
    pattern = error.validator_value
    if pattern.startswith("^[a-z0-9]"):
        return (f"Mã '{error.instance}' ở {where} không hợp lệ (invalid id).",
                "Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ: ii-5 hoặc ii-5-1.")
    if "\\n" in pattern:
        return (f"{where} phải nằm trên một dòng (must be a single line).",
                "Nối các dòng lại thành một dòng.")
    if pattern.startswith("^https?"):
        return (f"Đường dẫn '{error.instance}' ở {where} không hợp lệ (only http/https links).",
                "Chỉ dùng đường dẫn công khai bắt đầu bằng http:// hoặc https://, ví dụ https://bacgiang.gov.vn/…")
    if "\\d{4}" in pattern:
        return (f"Ngày '{error.instance}' ở {where} không đúng dạng (invalid date).",
                "Viết ngày theo dạng năm-tháng-ngày, ví dụ 2022-01-18.")
    return (f"{where} không đúng định dạng (does not match {pattern}).", "")


def _describe(value: Any) -> str:
    if value is None:
        return "ô trống"
    if isinstance(value, bool):
        return f"giá trị đúng/sai ({value})"
    if isinstance(value, (int, float)):
        return f"số {value}"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một nhóm trường"
    return f"văn bản '{value}'"


def check_plan_rules(doc: Loaded) -> list[Problem]:
    """Rules beyond the schema: real dates and task ids unique within the plan."""
    problems: list[Problem] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    document = data.get("document")
    if isinstance(document, dict) and isinstance(document.get("date"), str):
        try:
            dt.date.fromisoformat(document["date"])
        except ValueError:
            problems.append(doc.problem(("document", "date"), f"Ngày '{document['date']}' không có thật (impossible date).",
                                        "Kiểm tra lại ngày và tháng (ví dụ tháng 2 không có ngày 30)."))
    seen: dict[str, tuple] = {}
    for path, task in iter_tasks(data):
        task_id = task.get("id")
        if not isinstance(task_id, str):
            continue
        if task_id in seen:
            first_line = doc.where(seen[task_id] + ("id",))[0]
            problems.append(doc.problem(path + ("id",), f"Mã nhiệm vụ '{task_id}' bị trùng; đã dùng ở dòng {first_line} (duplicate task id).",
                                        "Mỗi nhiệm vụ cần một mã riêng trong kế hoạch, ví dụ thêm hậu tố: ii-5-b."))
        else:
            seen[task_id] = path
    return problems


def iter_tasks(data: dict) -> Iterator[tuple[tuple, dict]]:
    """Every task and sub-row of plan data with its path, in document order."""
    sections = data.get("sections")
    if not isinstance(sections, list):
        return
    for s, section in enumerate(sections):
        if isinstance(section, dict) and isinstance(section.get("tasks"), list):
            yield from _walk(section["tasks"], ("sections", s, "tasks"))


def _walk(tasks: list, path: tuple) -> Iterator[tuple[tuple, dict]]:
    for i, task in enumerate(tasks):
        if isinstance(task, dict):
            yield path + (i,), task
            if isinstance(task.get("subtasks"), list):
                yield from _walk(task["subtasks"], path + (i, "subtasks"))


def validate_plan(doc: Loaded) -> list[Problem]:
    """All problems of one plan file; rules run only on a schema-valid file so their messages make sense."""
    problems = check_schema(doc, "plan")
    return problems or check_plan_rules(doc)


def _members_on_non_groups(doc: Loaded) -> list[Problem]:
    """Entries that list members without being a group (kind: group)."""
    entries = doc.data.get("agencies") if isinstance(doc.data, dict) else None
    problems = []
    for i, agency in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(agency, dict) or not agency.get("members") or agency.get("kind") == "group":
            continue
        kind = agency.get("kind")
        problems.append(doc.problem(("agencies", i, "members"), f"Chỉ nhóm cơ quan (kind: group) mới có members, '{agency.get('id')}' là {kind}.",
                                    "Đổi kind thành group, hoặc xoá members."))
    return problems


def validate_registry(doc: Loaded) -> list[Problem]:
    """All problems of one agencies.yml: the schema, then ids, names and group members."""
    problems = check_schema(doc, "agencies")
    if problems:  # the members rule needs only the entry itself, so it is reported alongside
        return sorted(problems + _members_on_non_groups(doc), key=lambda p: (p.line, p.column))
    problems = _members_on_non_groups(doc)
    from .agencies import match_key  # the matching rule decides which spellings collide

    agencies = doc.data["agencies"]
    first_id: dict[str, int] = {}
    owner: dict[str, tuple[str, int]] = {}
    kinds = {a["id"]: a["kind"] for a in agencies}
    for i, agency in enumerate(agencies):
        path = ("agencies", i)
        if agency["id"] in first_id:
            problems.append(doc.problem(path + ("id",), f"Mã cơ quan '{agency['id']}' bị trùng với mục ở dòng {doc.where(('agencies', first_id[agency['id']], 'id'))[0]} (duplicate agency id).",
                                        "Mỗi cơ quan một mã riêng; nếu là cùng một cơ quan, gộp hai mục và đưa tên kia vào aliases."))
            continue
        first_id[agency["id"]] = i
        for j, spelling in enumerate([agency["name"], *agency.get("aliases", [])]):
            key = match_key(spelling)
            where = path + (("name",) if j == 0 else ("aliases", j - 1))
            if key in owner and owner[key][0] != agency["id"]:
                problems.append(doc.problem(where, f"Tên '{spelling}' đã dùng cho cơ quan '{owner[key][0]}' ở dòng {owner[key][1]} (name used twice).",
                                            "Một tên chỉ được chỉ một cơ quan: xoá một trong hai, hoặc gộp hai mục."))
            owner.setdefault(key, (agency["id"], doc.where(where)[0]))
        members = agency.get("members", [])
        for k, member in enumerate(members):
            if member not in kinds:
                close = difflib.get_close_matches(member, list(kinds), n=1)
                problems.append(doc.problem(path + ("members", k), f"Thành viên '{member}' không có trong danh mục (unknown member).",
                                            (f"Có phải ý bạn là '{close[0]}'? " if close else "") + "Thành viên phải là mã (id) của một cơ quan trong tệp này."))
            elif kinds[member] == "group":
                problems.append(doc.problem(path + ("members", k), f"Thành viên '{member}' là một nhóm; nhóm không chứa nhóm (nested group).",
                                            "Liệt kê trực tiếp các cơ quan thành viên."))
    return problems
