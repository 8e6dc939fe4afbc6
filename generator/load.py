"""Read YAML files into plain data that remembers where every value came from.

Text is normalized to Unicode NFC before parsing, duplicate keys are refused (PyYAML would silently
keep the last one), and dates stay strings so that validation, not YAML, decides what a date is.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .problems import Problem

Path_ = tuple[str | int, ...]


@dataclass
class Loaded:
    """A parsed YAML document with the line and column (1-based) of every key and item."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_) -> tuple[int, int]:
        """The position of the deepest known part of `path`."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def problem(self, path: Path_, message: str, hint: str = "") -> Problem:
        line, column = self.where(path)
        return Problem(self.file, line, column, message, hint)


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.1 resolution without timestamps: "2022-01-18" stays the text the clerk wrote."""


_Resolver.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}


class _PyComposer(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Resolver):
    def __init__(self, stream: str):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Resolver.__init__(self)


if yaml.__with_libyaml__:
    class _CComposer(yaml._yaml.CParser, _Resolver):
        """LibYAML's parser (about ten times faster at national scale), with the same resolution."""

        def __init__(self, stream: str):
            yaml._yaml.CParser.__init__(self, stream)
            _Resolver.__init__(self)

    _Composer = _CComposer
else:  # pragma: no cover - PyYAML wheels ship LibYAML
    _Composer = _PyComposer


_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


def load_yaml_file(path: Path, display: str | None = None) -> Loaded | Problem:
    """Read one file; return its data, or the first problem that stops it from being read."""
    name = display or str(path)
    raw = path.read_bytes()
    return load_yaml_bytes(raw, name)


def load_yaml_bytes(raw: bytes, name: str) -> Loaded | Problem:
    """Parse bytes as UTF-8 YAML (a BOM is allowed); see `load_yaml_file`."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return Problem(
            name, line, column,
            "Tệp không phải là văn bản UTF-8 (file is not UTF-8).",
            "Lưu lại tệp với bảng mã UTF-8 (trong trình soạn thảo: Save with Encoding → UTF-8).",
        )
    text = unicodedata.normalize("NFC", text)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return Problem(name, 1, 1, "Tệp rỗng, không có dữ liệu (empty file).",
                       "Điền nội dung theo mẫu trong tài liệu hướng dẫn, hoặc xoá tệp này.")
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        started = ""
        if err.context_mark and err.problem_mark and err.context_mark.line != err.problem_mark.line:
            started = f" (phần bắt đầu ở dòng {err.context_mark.line + 1}: {err.context})"
        return Problem(
            name, line, column,
            f"YAML không hợp lệ (invalid YAML): {err.problem or err.context}{started}.",
            "Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu hai chấm sau tên trường, "
            "và đặt văn bản có dấu ':' hoặc '#' trong dấu ngoặc kép.",
        )
    except yaml.YAMLError as err:  # pragma: no cover - reader errors carry no mark
        return Problem(name, 1, 1, f"YAML không hợp lệ (invalid YAML): {err}.")
    loaded = Loaded(name, None)
    try:
        loaded.data = _convert(node, (), loaded)
    except _NodeProblem as err:
        return err.problem
    return loaded


def _compose(text: str) -> yaml.Node:
    """The node tree, from LibYAML; a broken file is parsed again in Python for its clearer message."""
    try:
        return _Composer(text).get_single_node()
    except yaml.MarkedYAMLError:
        if _Composer is _PyComposer:
            raise
    return _PyComposer(text).get_single_node()


class _NodeProblem(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


_constructor = SafeConstructor()


def _convert(node: yaml.Node, path: Path_, loaded: Loaded) -> Any:
    loaded.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        first_seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _NodeProblem(_at(loaded, key_node, "Không hỗ trợ khoá gộp '<<' (merge keys are not supported).",
                                       "Viết đầy đủ từng trường."))
            key = _convert_scalar(key_node, loaded)
            if not isinstance(key, str):
                key = str(key)
            line = key_node.start_mark.line + 1
            if key in first_seen:
                raise _NodeProblem(_at(
                    loaded, key_node,
                    f"Trường '{key}' bị lặp lại; lần đầu ở dòng {first_seen[key]} (duplicate key).",
                    "Mỗi trường chỉ được viết một lần trong cùng một mục: xoá hoặc gộp hai dòng này.",
                ))
            first_seen[key] = line
            loaded.positions[path + (key,)] = (line, key_node.start_mark.column + 1)
            result[key] = _convert(value_node, path + (key,), loaded)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), loaded) for i, item in enumerate(node.value)]
    return _convert_scalar(node, loaded)


def _convert_scalar(node: yaml.Node, loaded: Loaded) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise _NodeProblem(_at(loaded, node, "Tên trường phải là chữ (a key must be text).",
                               "Viết tên trường ở đầu dòng, theo sau là dấu hai chấm."))
    if node.tag not in _SCALAR_TAGS:
        raise _NodeProblem(_at(loaded, node, f"Kiểu dữ liệu YAML không được hỗ trợ: {node.tag} (unsupported tag).",
                               "Bỏ thẻ bắt đầu bằng '!' và viết giá trị như văn bản thường."))
    value = _constructor.construct_object(node)
    if isinstance(value, float) and not math.isfinite(value):
        # YAML reads .nan and .inf as numbers; no figure in a plan or report is one, and they would
        # pass every range check (a comparison with NaN is always false) and break the exports.
        raise _NodeProblem(_at(loaded, node, f"'{node.value}' không phải là một số hữu hạn (not a finite number).",
                               "Ghi một con số cụ thể (ví dụ 75 hoặc 12.5), hoặc bỏ trường này nếu chưa có số liệu."))
    return value


def _at(loaded: Loaded, node: yaml.Node, message: str, hint: str) -> Problem:
    return Problem(loaded.file, node.start_mark.line + 1, node.start_mark.column + 1, message, hint)
