"""One Excel workbook (.xlsx) with a sheet per table, for people who only use Excel.

Each data sheet has the Vietnamese column titles as its header row (bold, frozen, with a filter) and
column widths that fit the content within bounds; two sheets at the end explain the columns and the
data set. Dates are real dates, numbers real numbers.

Written directly as SpreadsheetML (ECMA-376), the few parts a workbook needs: a national site has a
workbook per province, and openpyxl, which built them before, took a quarter of a build making one
object per cell (its write-only mode was slower still). The tests read every workbook back with
openpyxl. Strings are inline (no shared-string table), which Excel, LibreOffice and openpyxl read.

Deterministic: the document's creation and modification times and the zip entries' timestamps are
the as-of date at 00:00 UTC, so the same data and date give a byte-identical file.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import zipfile
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

from ..pages.describe import vn_count
from .tables import FORMULA_PREFIXES, TYPE_LABELS

if TYPE_CHECKING:
    from .tables import Column, Table

__all__ = ["build_workbook", "excel_value", "FIXED_ZIP_MODE"]

CREATOR = "Công khai kế hoạch"
MIN_WIDTH, MAX_WIDTH = 6, 60
FIXED_ZIP_MODE = 0o644 << 16        # -rw-r--r-- on every entry
_EPOCH = dt.date(1899, 12, 30)      # Excel's day 0 (the 1900 date system)
# Characters XML 1.0 cannot hold: control characters (openpyxl's ILLEGAL_CHARACTERS_RE), lone
# surrogates (YAML's "\ud800") and the two non-characters U+FFFE and U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CELL_MAX = 32767                    # Excel's limit on the characters of one cell

# Cell formats (styles.xml, cellXfs): their index is the cell's s="…".
_HEADER, _DATE, _INTEGER, _QUOTED = 1, 2, 3, 4
_NUMBER_STYLES = {"date": _DATE, "integer": _INTEGER}


def excel_value(column: "Column", value: Any) -> Any:
    """A value as the workbook stores it: dates, numbers and booleans typed; a JSON object as its JSON
    text (every text is made fit for XML where it is written, in _text)."""
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value


def build_workbook(tables: Iterable[tuple["Table", Sequence[Mapping[str, Any]]]], *, as_of: dt.date,
                   license: Mapping[str, Any], cite: str, province: str | None = None) -> bytes:
    """The .xlsx bytes: one sheet per table (in the given order), then "Giải thích cột" and "Thông tin";
    with `province`, the workbook says that it holds that province's rows only."""
    tables = list(tables)
    sheets: list[tuple[str, bytes, str | None]] = []
    for table, rows in tables:
        values = [[excel_value(c, row.get(c.name)) for c in table.columns] for row in rows]
        sheets.append((table.sheet, *_sheet([c.title for c in table.columns], values, table.columns)))

    dictionary = [[table.sheet, c.title, c.name, TYPE_LABELS.get(c.type, c.type), c.explanation, c.en]
                  for table, _ in tables for c in table.columns]
    sheets.append(("Giải thích cột", *_sheet(["Trang tính", "Cột", "Tên trường (CSV, JSON)", "Kiểu", "Giải thích", "English"],
                                            dictionary, [None] * 6)))

    licence_text = " — ".join(str(license[k]) for k in ("title", "name", "path") if license.get(k))
    about = [
        ["Bộ dữ liệu", "Công khai kế hoạch — dữ liệu mở về các kế hoạch, nhiệm vụ, cơ quan, báo cáo tiến độ và sổ công khai"
                       + (f" của tỉnh {province}" if province else "")],
        ["Tính đến ngày", as_of],
        ["Giấy phép", licence_text],
        ["Trích dẫn", cite],
        ["Nguyên văn", "Nội dung chép đúng như văn bản gốc, kể cả lỗi chính tả; ô trống là văn bản không nêu."],
        ["Ô rất dài", f"Excel chỉ chứa {vn_count(CELL_MAX)} ký tự trong một ô"
                      + ": phần dài hơn bị cắt, có dấu … ở cuối; tệp CSV và JSON giữ đủ nội dung."],
        ["Ô bắt đầu bằng = + - @", "Được lưu là chữ với dấu nháy đơn ở đầu (như khi gõ ' trong Excel) để bảng tính không coi là công thức; nội dung không đổi."],
        *[[f"Trang tính “{table.sheet}”", f"{len(rows)} dòng. {table.vi}"] for table, rows in tables],
    ]
    sheets.append(("Thông tin", *_sheet(["Mục", "Nội dung"], about, [None, None])))
    title = "Công khai kế hoạch — dữ liệu mở" + (f" — {province}" if province else "")
    return _package(sheets, title, as_of)


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


def _column_letter(n: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet(header: Sequence[str], rows: Sequence[Sequence[Any]], columns: Sequence["Column | None"]) -> tuple[bytes, str | None]:
    """One worksheet part (bold header row frozen at the top, a filter over the rows, column widths)
    and the range of its filter."""
    letters = [_column_letter(n) for n in range(1, len(header) + 1)]
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<sheetViews><sheetView workbookViewId="0">'
           '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
           '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
           '<sheetFormatPr defaultRowHeight="15"/><cols>']
    for n, title in enumerate(header):
        # Wide enough for the header and the longest line of the first rows, within bounds.
        width = _width([title, *(values[n] for values in rows[:2000])])
        out.append(f'<col min="{n + 1}" max="{n + 1}" width="{width:g}" customWidth="1"/>')
    out.append('</cols><sheetData><row r="1">')
    out.extend(f'<c r="{letter}1" s="{_HEADER}" t="inlineStr"><is>{_text(title)}</is></c>' for letter, title in zip(letters, header))
    out.append("</row>")
    styles = [_NUMBER_STYLES.get(column.type, 0) if column is not None else 0 for column in columns]
    # A cell is its reference and the rest; the rest is made once per value and style (agency names,
    # dates and states repeat down a column): 1.3 million cells a national build.
    made: dict[tuple[int, type, Any], str] = {}
    append = out.append
    for r, values in enumerate(rows, start=2):
        append(f'<row r="{r}">')
        for letter, style, value in zip(letters, styles, values):
            if value is not None:
                key = (style, value.__class__, value)
                rest = made.get(key)
                if rest is None:
                    rest = _cell_rest(style, value)
                    if value.__class__ is not float:   # 0.0 and -0.0 are equal keys, with two texts
                        made[key] = rest
                if rest:
                    append(f'<c r="{letter}{r}"{rest}')
        append("</row>")
    out.append("</sheetData>")
    span = f"A1:{letters[-1]}{len(rows) + 1}" if rows else None
    if span:
        out.append(f'<autoFilter ref="{span}"/>')
    out.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')
    return "".join(out).encode("utf-8"), span


def _cell_rest(style: int, value: Any) -> str:
    """A cell's markup after its reference (`<c r="A2"` + this), or "" for no cell."""
    if isinstance(value, str):
        # Text that a spreadsheet would read as a formula (=, +, -, @ …) keeps Excel's own quote
        # prefix (as typing ' before it), so it shows exactly and never runs.
        quoted = f' s="{_QUOTED}"' if value.startswith(FORMULA_PREFIXES) else ""
        return f'{quoted} t="inlineStr"><is>{_text(value)}</is></c>'
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        serial = (value.replace(tzinfo=None) - dt.datetime.combine(_EPOCH, dt.time())).total_seconds() / 86400
        return f' s="{_DATE}"><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        return f' s="{_DATE}"><v>{(value - _EPOCH).days}</v></c>'
    if isinstance(value, float) and not math.isfinite(value):
        return ""                     # no cell: never in checked data (the loader refuses .nan and .inf)
    if isinstance(value, (int, float)):
        styled = f' s="{style}"' if style else ""
        return f'{styled}><v>{value!r}</v></c>'
    return f' t="inlineStr"><is>{_text(str(value))}</is></c>'


def _quoted_sheet(name: str) -> str:
    """A sheet name as a formula writes it: Trang 'một' → 'Trang ''một'''."""
    doubled = name.replace("'", "''")
    return f"'{doubled}'"


def _absolute(span: str) -> str:
    """A1:F20 → $A$1:$F$20"""
    return ":".join(re.sub(r"([A-Z]+)(\d+)", r"$\1$\2", ref) for ref in span.split(":"))


def _text(value: str) -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("\ufffd", value)
    if len(value) > CELL_MAX:
        # Longer text would make Excel "repair" the file; the CSV and JSON files keep all of it.
        value = value[:CELL_MAX - 1] + "…"
    return f'<t xml:space="preserve">{escape(value)}</t>'


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top"/></xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)


def _package(sheets: list[tuple[str, bytes, str | None]], title: str, as_of: dt.date) -> bytes:
    """The zip of parts that makes an .xlsx, every entry dated `as_of` 00:00 with fixed permissions."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package_rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    stamp = f"{as_of.isoformat()}T00:00:00Z"
    # Excel names each sheet's filter range (hidden); it would add the names itself when saving.
    filters = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n}" hidden="1">'
        f"{escape(_quoted_sheet(name))}!{_absolute(span)}</definedName>"
        for n, (name, _, span) in enumerate(sheets) if span)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for n in range(1, len(sheets) + 1))
    parts = {
        "[Content_Types].xml": (
            f'{head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f'{overrides}'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
            '</Types>'),
        "_rels/.rels": (
            f'{head}<Relationships xmlns="{package_rels}">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/extended-properties" Target="docProps/app.xml"/>'
            '</Relationships>'),
        "docProps/app.xml": (
            f'{head}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f'<Application>{escape(CREATOR)}</Application></Properties>'),
        "docProps/core.xml": (
            f'{head}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{escape(title)}</dc:title><dc:creator>{escape(CREATOR)}</dc:creator>'
            f'<cp:lastModifiedBy>{escape(CREATOR)}</cp:lastModifiedBy><dc:language>vi</dc:language>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
            '</cp:coreProperties>'),
        "xl/workbook.xml": (
            f'{head}<workbook xmlns="{main}" xmlns:r="{rel}"><bookViews><workbookView/></bookViews><sheets>'
            + "".join(f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>' for n, (name, _, _) in enumerate(sheets, start=1))
            + "</sheets>" + (f"<definedNames>{filters}</definedNames>" if filters else "") + "</workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'{head}<Relationships xmlns="{package_rels}">'
            + "".join(f'<Relationship Id="rId{n}" Type="{rel}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                      for n in range(1, len(sheets) + 1))
            + f'<Relationship Id="rId{len(sheets) + 1}" Type="{rel}/styles" Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": _STYLES,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        def write(name: str, content: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=(as_of.year, as_of.month, as_of.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = FIXED_ZIP_MODE
            archive.writestr(info, content)

        for name, text in parts.items():
            write(name, text.encode("utf-8"))
        for n, (_, sheet, _) in enumerate(sheets, start=1):
            write(f"xl/worksheets/sheet{n}.xml", sheet)
    return out.getvalue()
