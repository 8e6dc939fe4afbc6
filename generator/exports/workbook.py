"""One Excel workbook (.xlsx) with a sheet per table, for people who only use Excel.

Made with openpyxl. Each data sheet has the Vietnamese column titles as its header row (bold, frozen,
with a filter) and column widths that fit the content within bounds; two sheets at the end explain
the columns and the data set. Dates are real dates, numbers real numbers.

Deterministic: openpyxl stamps the document's creation and modification times and the zip entries
carry timestamps; all of them are set to the as-of date at 00:00 UTC, so the same data and date give
a byte-identical file.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

from .tables import FORMULA_PREFIXES, TYPE_LABELS

if TYPE_CHECKING:
    from .tables import Column, Table

__all__ = ["build_workbook", "excel_value", "FIXED_ZIP_MODE"]

CREATOR = "Công khai kế hoạch"
MIN_WIDTH, MAX_WIDTH = 6, 60
FIXED_ZIP_MODE = 0o644 << 16        # -rw-r--r-- on every entry
_BOLD = Font(bold=True)
_TOP = Alignment(vertical="top")
_NUMBER_FORMATS = {"date": "yyyy-mm-dd", "integer": "0"}


def excel_value(column: "Column", value: Any) -> Any:
    """A value as the workbook stores it: dates, numbers and booleans typed; text without the control
    characters XML cannot hold; a JSON object as its JSON text."""
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def _set(cell, column: "Column | None", value: Any) -> None:
    """Put a value in a cell; text that a spreadsheet would read as a formula (=, +, -, @ …) is kept as
    text with Excel's own single-quote prefix (the cell's quotePrefix), so it shows exactly and never runs."""
    cell.value = value
    if isinstance(value, str):
        if value.startswith(FORMULA_PREFIXES):
            cell.data_type = "s"      # openpyxl would store "=…" as a formula
            cell.quotePrefix = True
    elif column is not None and column.type in _NUMBER_FORMATS and value is not None:
        cell.number_format = _NUMBER_FORMATS[column.type]


def _width(texts: Iterable[Any]) -> float:
    longest = 0
    for text in texts:
        if text is None:
            continue
        if isinstance(text, (dt.date, dt.datetime)):
            longest = max(longest, 10)
            continue
        for line in str(text).split("\n"):
            longest = max(longest, len(line))
    return float(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))


def _sheet(wb: Workbook, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]],
           columns: Sequence["Column | None"]) -> None:
    ws = wb.create_sheet(title)
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = _BOLD
        cell.alignment = _TOP
    for r, values in enumerate(rows, start=2):
        for c, (column, value) in enumerate(zip(columns, values), start=1):
            if value is not None:
                _set(ws.cell(row=r, column=c), column, value)
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    for n, title_text in enumerate(header, start=1):
        # Wide enough for the header and the longest line of the first rows, within bounds.
        texts = [title_text, *(values[n - 1] for values in rows[:2000])]
        ws.column_dimensions[get_column_letter(n)].width = _width(texts)


def build_workbook(tables: Iterable[tuple["Table", Sequence[Mapping[str, Any]]]], *, as_of: dt.date,
                   license: Mapping[str, Any], cite: str, province: str | None = None) -> bytes:
    """The .xlsx bytes: one sheet per table (in the given order), then "Giải thích cột" and "Thông tin";
    with `province`, the workbook says that it holds that province's rows only."""
    tables = list(tables)
    wb = Workbook()
    wb.remove(wb.active)
    for table, rows in tables:
        values = [[excel_value(c, row.get(c.name)) for c in table.columns] for row in rows]
        _sheet(wb, table.sheet, [c.title for c in table.columns], values, table.columns)

    dictionary = [[table.sheet, c.title, c.name, TYPE_LABELS.get(c.type, c.type), c.explanation, c.en]
                  for table, _ in tables for c in table.columns]
    _sheet(wb, "Giải thích cột", ["Trang tính", "Cột", "Tên trường (CSV, JSON)", "Kiểu", "Giải thích", "English"],
           dictionary, [None] * 6)

    licence_text = " — ".join(str(license[k]) for k in ("title", "name", "path") if license.get(k))
    about = [
        ["Bộ dữ liệu", "Công khai kế hoạch — dữ liệu mở về các kế hoạch, nhiệm vụ, cơ quan, báo cáo tiến độ và sổ công khai"
                       + (f" của tỉnh {province}" if province else "")],
        ["Tính đến ngày", as_of],
        ["Giấy phép", licence_text],
        ["Trích dẫn", cite],
        ["Nguyên văn", "Nội dung chép đúng như văn bản gốc, kể cả lỗi chính tả; ô trống là văn bản không nêu."],
        ["Ô bắt đầu bằng = + - @", "Được lưu là chữ với dấu nháy đơn ở đầu (như khi gõ ' trong Excel) để bảng tính không coi là công thức; nội dung không đổi."],
        *[[f"Trang tính “{table.sheet}”", f"{len(rows)} dòng. {table.vi}"] for table, rows in tables],
    ]
    _sheet(wb, "Thông tin", ["Mục", "Nội dung"], about, [None, None])
    wb["Thông tin"]["B3"].number_format = "yyyy-mm-dd"

    stamp = dt.datetime.combine(as_of, dt.time(0, 0))   # naive UTC, as openpyxl stores it
    props = wb.properties
    props.creator = CREATOR
    props.lastModifiedBy = CREATOR
    props.title = "Công khai kế hoạch — dữ liệu mở" + (f" — {province}" if province else "")
    props.language = "vi"
    props.created = stamp
    props.modified = stamp
    buffer = io.BytesIO()
    wb.save(buffer)                     # openpyxl sets `modified` to now while saving …
    props.modified = stamp              # … so docProps/core.xml is written again below
    return _fixed_zip(buffer.getvalue(), as_of, {"docProps/core.xml": tostring(props.to_tree())})


def _fixed_zip(data: bytes, day: dt.date, replace: Mapping[str, bytes]) -> bytes:
    """The same zip with every entry dated `day` 00:00, fixed permissions, and some entries replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(day.year, day.month, day.day, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 3
            fixed.external_attr = FIXED_ZIP_MODE
            content = replace.get(info.filename)
            target.writestr(fixed, content if content is not None else source.read(info.filename))
    return out.getvalue()
