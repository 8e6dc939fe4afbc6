"""Open data: every task, agency, report and register entry as tables (CSV, JSON, one .xlsx workbook),
a Frictionless Data Package describing them, and one JSON file beside each task page.

The columns of every table are defined once, here (`table_definitions`): the CSV header, the JSON
keys, the workbook's header row, the Table Schema of the data package and the column lists of the
"Dữ liệu mở" page all come from these definitions.

Pure and deterministic: the same index (same data, same as-of date), licence and site URL give
byte-identical files; no clock is read.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, Mapping, Sequence

from .. import words
from ..navigation import Scope
from ..index import SiteIndex, summarize
from ..model import Plan, Report, ReportEntry, Task, TaskRef
from ..pages.base import full_number, task_heading
from ..registers import Register, entry_date, entry_title, plain_value, register_kinds
from ..schedule import STATES
from ..status import APART, CANCELLED, CATEGORIES, OPEN_OVERDUE, Reported
from ..urls import (DATAPACKAGE_FILE, WORKBOOK_FILE, agency_csv_url, agency_url, data_url, datapackage_url, plan_csv_url, plan_url,
                    province_workbook_url, table_file_url, task_json_url, task_url, workbook_url)

__all__ = [
    "Column", "Table", "table_definitions", "task_rows", "agency_rows", "agency_task_rows", "report_rows",
    "register_rows", "table_rows", "row_counts", "agency_task_count", "TYPE_LABELS", "render_data_exports", "has_national_workbook", "province_workbook_url", "data_url", "table_file_url", "workbook_url",
    "datapackage_url", "plan_csv_url", "agency_csv_url", "task_json_url", "task_json", "csv_bytes",
    "neutralise", "FORMULA_PREFIXES", "citation", "WORKBOOK_FILE", "DATAPACKAGE_FILE", "SITE_DATA_NAME",
]

SITE_DATA_NAME = "cong-khai-ke-hoach"



# ---------------------------------------------------------------------------
# URLs (site-relative, like generator.urls)
# ---------------------------------------------------------------------------

def _absolute(site_url: str | None, path: str) -> str:
    """site_url + path when the site URL is known, else the site-relative path."""
    return site_url.rstrip("/") + "/" + path.lstrip("/") if site_url else path


# ---------------------------------------------------------------------------
# Table definitions: the one place where columns are named and described
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One column: its field name (CSV header, JSON key), Vietnamese title, explanations and type.

    `type` is a Frictionless Table Schema type: string, integer, number, boolean, date or object.
    `vi` explains the column in Vietnamese (the title is enough when it is empty); `en` in English.
    """

    name: str
    title: str
    en: str
    type: str = "string"
    vi: str = ""
    enum: tuple[str, ...] = ()
    required: bool = False

    @property
    def explanation(self) -> str:
        """The Vietnamese explanation shown on the page (the title when there is nothing to add)."""
        return self.vi or self.title

    def schema(self) -> dict[str, Any]:
        """The Table Schema field descriptor: title in Vietnamese, description in Vietnamese and English."""
        field: dict[str, Any] = {"name": self.name, "type": self.type, "title": self.title,
                                 "description": f"{self.explanation}\n\n{self.en}"}
        if self.type == "date":
            field["format"] = "default"   # ISO 8601, YYYY-MM-DD
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            field["constraints"] = constraints
        return field


@dataclass(frozen=True)
class Table:
    """One table of the data package: a resource name, its files and its columns."""

    name: str               # resource name and file stem: du-lieu/<name>.csv, du-lieu/<name>.json
    title: str              # Vietnamese
    sheet: str              # the workbook's sheet name (at most 31 characters)
    vi: str                 # what one row is, in Vietnamese
    en: str                 # what one row is, in English
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()  # (fields, table, its fields)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def csv_url(self) -> str:
        return table_file_url(self.name, "csv")

    @property
    def json_url(self) -> str:
        return table_file_url(self.name, "json")


# Frictionless types as the page and the workbook name them.
TYPE_LABELS = {"string": "chữ", "integer": "số nguyên", "number": "số", "boolean": "đúng/sai (true/false)",
               "date": "ngày (năm-tháng-ngày)", "object": "đối tượng JSON"}

_LIST_NOTE_IDS = "nhiều mã ngăn cách bằng dấu chấm phẩy (;)"
_LIST_NOTE_LINES = "mỗi mục một dòng"
_REPORT_STATES = tuple(words.REPORT_STATES)
_STATUS_CODES = (*CATEGORIES, CANCELLED, APART)

TASK_COLUMNS: tuple[Column, ...] = (
    Column("province_slug", "Mã tỉnh", "Province slug, as in the site's URLs.", required=True),
    Column("province", "Tỉnh", "Province name as the plan writes it."),
    Column("plan_key", "Mã kế hoạch", "Plan key: <province slug>/<plan slug>; the plan page is /<plan key>/.",
           vi="Mã kế hoạch: <mã tỉnh>/<mã kế hoạch>, như trong đường dẫn trang kế hoạch", required=True),
    Column("plan_title", "Tên kế hoạch", "Title of the plan document, as written."),
    Column("plan_number", "Số văn bản", "Document number as written (\"/KH-UBND\" when the copy is unnumbered).",
           vi="Số văn bản, nguyên văn (có thể là “/KH-UBND” với bản chưa ghi số)"),
    Column("plan_date", "Ngày ban hành", "Date the document was signed, when it states a full date.", type="date"),
    Column("plan_year", "Năm kế hoạch", "Year of the plan.", type="integer"),
    Column("plan_issuer", "Cơ quan ban hành", "Issuing body, as written."),
    Column("section_number", "Số nhóm (nguyên văn)", "Number of the task group (section) as written."),
    Column("section_title", "Tên nhóm nhiệm vụ", "Title of the task group (section) as written."),
    Column("task_id", "Mã nhiệm vụ", "Task id, unique within its plan; the task page is /<plan key>/<task id>/.",
           vi="Mã nhiệm vụ, duy nhất trong kế hoạch; trang nhiệm vụ là /<mã kế hoạch>/<mã nhiệm vụ>/", required=True),
    Column("parent_id", "Mã nhiệm vụ cha", "Id of the row this sub-row belongs to; empty for a top-level task.",
           vi="Mã của nhiệm vụ chứa dòng này; để trống với nhiệm vụ cấp trên cùng"),
    Column("number", "Số TT (nguyên văn)", "Row number as written in the task table (may be \"-\" or \"+\")."),
    Column("full_number", "Số thứ tự đầy đủ", "Number with its section's and parent's, e.g. \"II.7\"; \"–\" marks an unnumbered row.",
           vi="Số thứ tự kèm số của nhóm và nhiệm vụ cha, ví dụ “II.7”; dấu “–” đánh dấu dòng không ghi số"),
    Column("title", "Tên nhiệm vụ (nguyên văn)", "Task title as written; empty when the cell is empty."),
    Column("lead", "Đơn vị chủ trì (nguyên văn)", "Lead agency cell as written."),
    Column("lead_ids", "Mã cơ quan chủ trì", "Registry ids of the agencies or groups the lead cell names, in order, separated by \";\".",
           vi=f"Mã (theo danh mục cơ quan của tỉnh) của các cơ quan, nhóm cơ quan mà ô chủ trì nêu; {_LIST_NOTE_IDS}"),
    Column("lead_names", "Cơ quan chủ trì (theo danh mục)", "Registry names of those agencies, one per line.",
           vi=f"Tên theo danh mục của các cơ quan đó; {_LIST_NOTE_LINES}"),
    Column("coordinating", "Đơn vị phối hợp (nguyên văn)", "Coordinating agencies cell as written."),
    Column("coordinating_ids", "Mã cơ quan phối hợp", "Registry ids of the agencies or groups the coordinating cell names, separated by \";\".",
           vi=f"Mã của các cơ quan, nhóm cơ quan mà ô phối hợp nêu; {_LIST_NOTE_IDS}"),
    Column("coordinating_names", "Cơ quan phối hợp (theo danh mục)", "Registry names of those agencies, one per line.",
           vi=f"Tên theo danh mục của các cơ quan đó; {_LIST_NOTE_LINES}"),
    Column("start", "Thời gian bắt đầu (nguyên văn)", "Start time cell as written."),
    Column("due", "Thời gian hoàn thành (nguyên văn)", "Completion time cell as written."),
    Column("free_text_time", "Thời gian ghi bằng lời", "True when the time is written in words that are not read as dates.",
           type="boolean", vi="true khi thời gian ghi bằng lời, không đọc thành ngày"),
    Column("read_start", "Ngày bắt đầu (cách hiểu)", "Start date as the site reads the time cells.", type="date"),
    Column("due_dates", "Các hạn (cách hiểu)", "Every due date the time cells state, ISO 8601 (YYYY-MM-DD), separated by \";\".",
           vi="Mọi ngày đến hạn đọc được từ ô thời gian, dạng năm-tháng-ngày, ngăn cách bằng dấu chấm phẩy"),
    Column("final_due", "Hạn chót", "The final fixed deadline the status is measured against; empty without a fixed deadline.",
           type="date", vi="Hạn cố định cuối cùng dùng để tính tình trạng; để trống nếu không có hạn cố định"),
    Column("ongoing", "Thường xuyên", "True when the task is ongoing (no completion date).", type="boolean"),
    Column("recurring", "Định kỳ", "True when the task repeats (yearly, quarterly…).", type="boolean"),
    Column("conditional", "Khi có điều kiện", "True when the task is done upon an event, not by a date.", type="boolean"),
    Column("rrule", "Quy tắc lặp (RRULE)", "Recurrence rule of a recurring task (RFC 5545 RRULE).",
           vi="Quy tắc lặp của nhiệm vụ định kỳ, theo chuẩn iCalendar (RFC 5545)"),
    Column("milestones", "Các mốc", "Dated items of a bulleted time cell, one per line: \"<due date>: <label>\" (or \"từ <start date>: <label>\").",
           vi="Các mốc của ô thời gian có gạch đầu dòng, mỗi mốc một dòng: “<hạn>: <nội dung>” (hoặc “từ <ngày bắt đầu>: <nội dung>”)"),
    Column("deadline_state", "Hạn theo kế hoạch (mã)", "Deadline state as of the as-of date (a fact about the deadline, not progress).",
           enum=STATES, vi="Mã tình trạng thời hạn tính đến ngày tính: " + ", ".join(f"{k} = {v}" for k, v in words.STATES.items())),
    Column("deadline_state_label", "Hạn theo kế hoạch", "The deadline state in Vietnamese."),
    Column("status", "Tình trạng (mã)", "Status as of the as-of date, from the progress reports dated on or before it.",
           enum=_STATUS_CODES, vi="Mã tình trạng thực hiện tính đến ngày tính, theo các báo cáo tiến độ: "
           + ", ".join(f"{k} = {v}" for k, v in words.STATUS.items())),
    Column("status_label", "Tình trạng", "The status in Vietnamese."),
    Column("overdue_days", "Số ngày quá hạn", "Days past the final deadline for a task reported not done; 0 otherwise.",
           type="integer", vi="Số ngày đã qua hạn chót của nhiệm vụ được báo cáo là chưa hoàn thành; 0 nếu không"),
    Column("latest_report_date", "Ngày báo cáo mới nhất", "Date of the newest report on the task, on or before the as-of date.", type="date"),
    Column("latest_report_agency", "Cơ quan báo cáo mới nhất (mã)", "Registry id of the agency that made that report."),
    Column("latest_report_state", "Trạng thái báo cáo mới nhất (mã)", "State that report gives.", enum=_REPORT_STATES,
           vi="Mã trạng thái trong báo cáo đó: " + ", ".join(f"{k} = {v}" for k, v in words.REPORT_STATES.items())),
    Column("latest_report_state_label", "Trạng thái báo cáo mới nhất", "That state in Vietnamese."),
    Column("latest_completed", "Ngày hoàn thành (theo báo cáo)", "Completion date the newest report gives.", type="date"),
    Column("latest_percent", "Khối lượng hoàn thành (%)", "Share of the work done, in percent, as the newest report gives it.", type="number"),
    Column("report_count", "Số báo cáo", "Number of report entries on the task dated on or before the as-of date.", type="integer"),
    Column("targets", "Chỉ tiêu (nguyên văn)", "Quantitative targets as written, one per line.",
           vi=f"Các chỉ tiêu, nguyên văn; {_LIST_NOTE_LINES}"),
    Column("products", "Sản phẩm dự kiến (nguyên văn)", "Expected products cell as written."),
    Column("plan_file", "Tệp dữ liệu", "The YAML file the task is encoded in, relative to the repository."),
    Column("line", "Dòng trong tệp", "Line of that file where the task starts.", type="integer"),
    Column("url", "Trang nhiệm vụ", "Address of the task's page (its permanent link)."),
    Column("json_url", "Dữ liệu JSON của nhiệm vụ", "Address of the task's JSON file beside its page."),
)

AGENCY_COLUMNS: tuple[Column, ...] = (
    Column("province_slug", "Mã tỉnh", "Province slug, as in the site's URLs.", required=True),
    Column("province", "Tỉnh", "Province name."),
    Column("agency_id", "Mã cơ quan", "Agency id in the province's registry; the agency page is /<province>/co-quan/<id>/.",
           vi="Mã cơ quan trong danh mục của tỉnh; trang cơ quan là /<mã tỉnh>/co-quan/<mã cơ quan>/", required=True),
    Column("name", "Tên cơ quan", "Registry name of the agency or group."),
    Column("kind", "Loại (mã)", "Kind of agency.", enum=tuple(words.AGENCY_KINDS),
           vi="Mã loại cơ quan: " + ", ".join(f"{k} = {v}" for k, v in words.AGENCY_KINDS.items())),
    Column("kind_label", "Loại", "Kind of agency in Vietnamese."),
    Column("aliases", "Cách viết khác", "Other spellings the plans use for it, one per line.",
           vi=f"Các cách viết khác trong văn bản; {_LIST_NOTE_LINES}"),
    Column("members", "Các cơ quan trong nhóm (mã)", "For a group: ids of its member agencies, separated by \";\".",
           vi=f"Với một nhóm cơ quan: mã các cơ quan trong nhóm; {_LIST_NOTE_IDS}"),
    Column("member_of", "Thuộc nhóm (mã)", "Ids of the groups the agency belongs to, separated by \";\".",
           vi=f"Mã các nhóm có cơ quan này; {_LIST_NOTE_IDS}"),
    Column("lead_count", "Số nhiệm vụ chủ trì", "Number of tasks whose lead cell names it.", type="integer"),
    Column("coordinating_count", "Số nhiệm vụ phối hợp", "Number of tasks whose coordinating cell names it.", type="integer"),
    Column("via_group_count", "Số nhiệm vụ qua nhóm", "Number of assignments through a group it belongs to.", type="integer",
           vi="Số lần được giao qua một nhóm có cơ quan này (ví dụ “Các Sở, ban, ngành”)"),
    Column("lead_open_overdue", "Số nhiệm vụ chủ trì quá hạn", "Tasks it leads that a report says are not done after their final deadline.",
           type="integer", vi="Số nhiệm vụ chủ trì mà báo cáo mới nhất cho biết chưa hoàn thành khi đã qua hạn chót"),
    Column("url", "Trang cơ quan", "Address of the agency's page."),
    Column("tasks_csv_url", "Bảng nhiệm vụ của cơ quan (CSV)", "Address of the agency's task table."),
)

# The task columns repeated in the agency-task table (the rest are one join away, on plan_key + task_id).
AGENCY_TASK_FIELDS = frozenset((
    "province_slug", "province", "plan_key", "plan_title", "plan_number", "task_id", "full_number", "title",
    "lead", "coordinating", "start", "due", "due_dates", "final_due", "deadline_state", "deadline_state_label",
    "status", "status_label", "overdue_days", "latest_report_date", "products", "url",
))

AGENCY_TASK_COLUMNS: tuple[Column, ...] = (
    Column("agency_id", "Mã cơ quan", "Agency id in the province's registry.", required=True),
    Column("agency_name", "Tên cơ quan", "Registry name of the agency."),
    Column("role", "Vai trò (mã)", "lead or coordinating.", enum=tuple(words.ROLES), required=True,
           vi="lead = chủ trì, coordinating = phối hợp"),
    Column("role_label", "Vai trò", "The role in Vietnamese."),
    Column("via_group_id", "Qua nhóm (mã)", "When the plan assigns the task to a group the agency belongs to: that group's id; empty when the plan names the agency itself.",
           vi="Khi kế hoạch giao cho cả nhóm có cơ quan này: mã của nhóm; để trống khi kế hoạch nêu đích danh cơ quan"),
    Column("via_group_name", "Qua nhóm", "That group's name."),
    *(c for c in TASK_COLUMNS if c.name in AGENCY_TASK_FIELDS),
)

REPORT_COLUMNS: tuple[Column, ...] = (
    Column("province_slug", "Mã tỉnh", "Province slug.", required=True),
    Column("plan_key", "Mã kế hoạch", "Plan key: <province slug>/<plan slug>.", required=True),
    Column("task_id", "Mã nhiệm vụ", "Id of the task reported on.", required=True),
    Column("task_full_number", "Số thứ tự đầy đủ", "Full number of the task, e.g. \"II.7\"."),
    Column("task_title", "Tên nhiệm vụ", "Title of the task (or the words that name an untitled row)."),
    Column("report_date", "Ngày báo cáo", "Date of the report.", type="date", required=True),
    Column("report_agency_id", "Cơ quan báo cáo (mã)", "Registry id of the reporting agency."),
    Column("report_agency_name", "Cơ quan báo cáo", "Registry name of the reporting agency."),
    Column("reporter", "Người báo cáo", "Person or office that made the report, as written."),
    Column("report_file", "Tệp báo cáo", "The report's YAML file, relative to the repository.", required=True),
    Column("state", "Trạng thái (mã)", "State the report gives.", enum=_REPORT_STATES,
           vi="Mã trạng thái: " + ", ".join(f"{k} = {v}" for k, v in words.REPORT_STATES.items())),
    Column("state_label", "Trạng thái", "The state in Vietnamese."),
    Column("completed", "Ngày hoàn thành", "Completion date the report gives.", type="date"),
    Column("percent", "Khối lượng hoàn thành (%)", "Share of the work done, in percent.", type="number"),
    Column("actual", "Kết quả so với chỉ tiêu", "Value achieved against the task's quantitative target.", type="number"),
    Column("note", "Ghi chú", "Note as written."),
    Column("evidence", "Văn bản, sản phẩm", "Documents given as evidence, one per line: title, number, date and address.",
           vi=f"Văn bản, sản phẩm làm bằng chứng, {_LIST_NOTE_LINES}: tên, số, ngày và đường dẫn"),
    Column("line", "Dòng trong tệp", "Line of the report file where the entry starts.", type="integer"),
    Column("task_url", "Trang nhiệm vụ", "Address of the task's page."),
)

REGISTER_COLUMNS: tuple[Column, ...] = (
    Column("province_slug", "Mã tỉnh", "Province slug.", required=True),
    Column("province", "Tỉnh", "Province as the register file writes it."),
    Column("register", "Sổ (mã)", "Register kind.", enum=tuple(register_kinds()), required=True,
           vi="Mã sổ công khai: " + ", ".join(f"{k.slug} = {k.title}" for k in register_kinds().values())),
    Column("register_title", "Sổ công khai", "Register title in Vietnamese."),
    Column("entry_number", "Số thứ tự mục", "Position of the entry in its register file, from 1.", type="integer", required=True),
    Column("entry_date", "Ngày của mục", "The date that dates the entry (its kind's date field).", type="date"),
    Column("entry_title", "Mục", "The words that name the entry."),
    Column("agency", "Cơ quan", "Agency the entry is about, as written."),
    Column("source_title", "Nguồn", "Title of the official source the entry is copied from."),
    Column("source_url", "Đường dẫn nguồn", "Address of that source."),
    Column("source_date", "Ngày của nguồn", "Date of that source.", type="date"),
    Column("content", "Nội dung", "Every other field, one \"label: value\" per line.",
           vi="Các trường còn lại của mục, mỗi trường một dòng “tên trường: giá trị”"),
    Column("fields", "Dữ liệu gốc (JSON)", "The entry exactly as the register file gives it, as a JSON object (field names as in the register's schema).",
           type="object", vi="Toàn bộ mục đúng như tệp dữ liệu ghi, dạng đối tượng JSON"),
)


def table_definitions() -> dict[str, Table]:
    """Every table of the data package, by name, in the order the files and the page list them."""
    tables = (
        Table("nhiem-vu", "Nhiệm vụ", "Nhiệm vụ",
              "Mỗi dòng là một nhiệm vụ (hoặc một dòng con) của một kế hoạch, theo thứ tự trong văn bản.",
              "One row per task (or sub-row) of every plan, in document order.",
              TASK_COLUMNS, primary_key=("plan_key", "task_id")),
        Table("co-quan", "Cơ quan", "Cơ quan",
              "Mỗi dòng là một cơ quan, đơn vị hoặc nhóm cơ quan trong danh mục của một tỉnh.",
              "One row per agency, unit or group of agencies in a province's registry.",
              AGENCY_COLUMNS, primary_key=("province_slug", "agency_id")),
        Table("nhiem-vu-co-quan", "Nhiệm vụ theo cơ quan", "Nhiệm vụ theo cơ quan",
              "Mỗi dòng là một lần một cơ quan được giao một nhiệm vụ: chủ trì, phối hợp, hoặc qua một nhóm có cơ quan đó; "
              "kèm các cột chính của bảng nhiệm vụ (các cột khác: nối với bảng nhiệm vụ theo mã kế hoạch và mã nhiệm vụ). "
              "Bảng nhiệm vụ bên cạnh trang mỗi cơ quan là phần của bảng này cho cơ quan đó.",
              "One row per assignment of a task to an agency (lead, coordinating, or through a group it belongs to), "
              "with the main columns of the task table (join on plan_key and task_id for the others). "
              "Each agency page's task table is this table's rows for that agency.",
              AGENCY_TASK_COLUMNS,
              foreign_keys=((("province_slug", "agency_id"), "co-quan", ("province_slug", "agency_id")),
                            (("plan_key", "task_id"), "nhiem-vu", ("plan_key", "task_id")))),
        Table("bao-cao", "Báo cáo tiến độ", "Báo cáo tiến độ",
              "Mỗi dòng là điều một báo cáo tiến độ nói về một nhiệm vụ (một báo cáo có thể nói về nhiều nhiệm vụ).",
              "One row per task entry of every progress report (a report may cover several tasks).",
              REPORT_COLUMNS,
              foreign_keys=((("plan_key", "task_id"), "nhiem-vu", ("plan_key", "task_id")),)),
        Table("so-cong-khai", "Sổ công khai", "Sổ công khai",
              "Mỗi dòng là một mục của một sổ công khai, kèm nguồn chính thức của mục đó.",
              "One row per entry of every public register, with its official source.",
              REGISTER_COLUMNS, primary_key=("province_slug", "register", "entry_number")),
    )
    return {t.name: t for t in tables}


# ---------------------------------------------------------------------------
# Rows: lists of dicts of plain values (str, int, float, bool, date or None), in a stable order
# ---------------------------------------------------------------------------

def _ids(values: Iterable[str]) -> str:
    return ";".join(values)


def _lines(values: Iterable[str]) -> str:
    return "\n".join(values)


def _registry_name(index: SiteIndex, province_slug: str, agency_id: str) -> str:
    entry = index.agencies.get((province_slug, agency_id))   # every registry agency has an entry
    return entry.agency.name if entry is not None else agency_id


def _milestone_text(milestone) -> str:
    if milestone.due:
        return f"{milestone.due.isoformat()}: {milestone.label}"
    if milestone.start:
        return f"từ {milestone.start.isoformat()}: {milestone.label}"
    return milestone.label


def task_row(index: SiteIndex, ref: TaskRef, site_url: str | None = None) -> dict[str, Any]:
    """One row of the task table (see TASK_COLUMNS)."""
    plan, task, doc = ref.plan, ref.task, ref.plan.document
    province = plan.province_slug
    reading = task.reading
    status = index.progress.of(ref)
    latest = status.latest
    state = index.state(ref)
    return {
        "province_slug": province,
        "province": doc.province,
        "plan_key": plan.key,
        "plan_title": doc.title,
        "plan_number": doc.number,
        "plan_date": doc.date,
        "plan_year": doc.year,
        "plan_issuer": doc.issuer,
        "section_number": ref.section.number,
        "section_title": ref.section.title,
        "task_id": task.id,
        "parent_id": ref.parent.id if ref.parent is not None else None,
        "number": task.number,
        "full_number": full_number(ref),
        "title": task.title,
        "lead": task.lead,
        "lead_ids": _ids(task.lead_ids),
        "lead_names": _lines(_registry_name(index, province, a) for a in task.lead_ids),
        "coordinating": task.coordinating,
        "coordinating_ids": _ids(task.coordinating_ids),
        "coordinating_names": _lines(_registry_name(index, province, a) for a in task.coordinating_ids),
        "start": task.start,
        "due": task.due,
        "free_text_time": task.free_text_time,
        "read_start": reading.start if reading else None,
        "due_dates": _ids(d.isoformat() for d in reading.due) if reading else "",
        "final_due": status.due,
        "ongoing": bool(reading and reading.ongoing),
        "recurring": bool(reading and reading.recurring),
        "conditional": bool(reading and reading.conditional),
        "rrule": reading.rrule if reading else None,
        "milestones": _lines(_milestone_text(m) for m in reading.milestones) if reading else "",
        "deadline_state": state,
        "deadline_state_label": words.STATES[state],
        "status": status.category,
        "status_label": words.STATUS[status.category],
        "overdue_days": status.overdue_days,
        "latest_report_date": latest.report.date if latest else None,
        "latest_report_agency": latest.report.agency_id if latest else None,
        "latest_report_state": latest.entry.state if latest else None,
        "latest_report_state_label": words.REPORT_STATES[latest.entry.state] if latest else None,
        "latest_completed": latest.entry.completed if latest else None,
        "latest_percent": latest.entry.percent if latest else None,
        "report_count": len(status.history),
        "targets": _lines(t.text for t in task.targets),
        "products": task.products,
        "plan_file": plan.file,
        "line": task.line,
        "url": _absolute(site_url, task_url(plan, task)),
        "json_url": _absolute(site_url, task_json_url(plan, task)),
    }


def task_rows(index: SiteIndex, site_url: str | None = None, refs: Iterable[TaskRef] | None = None) -> list[dict[str, Any]]:
    """Every task of every plan (or of `refs`), in document order."""
    return [task_row(index, ref, site_url) for ref in (index.tasks if refs is None else refs)]


def agency_rows(index: SiteIndex, site_url: str | None = None, scope: Scope = Scope()) -> list[dict[str, Any]]:
    """Every agency of every province's registry (within `scope`), in registry order, provinces by slug."""
    rows = []
    for entry in index.agencies.values():
        if not scope.has(entry.province.slug):
            continue
        province, agency = entry.province, entry.agency
        registry = province.registry
        summary = summarize(index.progress.of(ref) for ref in entry.lead)
        rows.append({
            "province_slug": province.slug,
            "province": province.name,
            "agency_id": agency.id,
            "name": agency.name,
            "kind": agency.kind,
            "kind_label": words.AGENCY_KINDS.get(agency.kind, agency.kind),
            "aliases": _lines(agency.aliases),
            "members": _ids(agency.members),
            "member_of": _ids(registry.groups_of(agency.id)) if registry is not None else "",
            "lead_count": len(entry.lead),
            "coordinating_count": len(entry.coordinating),
            "via_group_count": len(entry.via_group),
            "lead_open_overdue": summary.counts.get(OPEN_OVERDUE, 0),
            "url": _absolute(site_url, agency_url(province.slug, agency.id)),
            "tasks_csv_url": _absolute(site_url, agency_csv_url(province.slug, agency.id)),
        })
    return rows


class JoinedRow(Mapping):
    """A row of two parts: its own columns, then columns it shares with other rows (a task's, in
    each of its agencies' rows). Both parts are shared objects, so the writers serialise each once."""

    __slots__ = ("own", "shared")

    def __init__(self, own: Mapping[str, Any], shared: Mapping[str, Any]) -> None:
        self.own, self.shared = own, shared

    def __getitem__(self, key: str) -> Any:
        return self.own[key] if key in self.own else self.shared[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.own[key] if key in self.own else self.shared.get(key, default)

    def __iter__(self) -> Iterator[str]:
        yield from self.own
        yield from (key for key in self.shared if key not in self.own)

    def __len__(self) -> int:
        return sum(1 for _ in self)


_ROLE_ORDER = {"lead": 0, "coordinating": 1}


def _assignments(entry, order: Mapping[tuple[str, str], int]) -> list[tuple[TaskRef, str, str | None]]:
    """(task, role, group id or None) of one agency, in document order, direct roles before group ones."""
    found = [(ref, "lead", None) for ref in entry.lead]
    found += [(ref, "coordinating", None) for ref in entry.coordinating]
    found += [(ref, role, group) for ref, group, role in entry.via_group]
    return sorted(found, key=lambda item: (order[(item[0].plan.key, item[0].task.id)], item[2] is not None,
                                           _ROLE_ORDER[item[1]], item[2] or ""))


def agency_task_rows(index: SiteIndex, site_url: str | None = None,
                     agencies: Iterable | None = None) -> list[dict[str, Any]]:
    """Every assignment of a task to an agency (of every agency, or of `agencies`: AgencyTasks)."""
    return list(iter_agency_task_rows(index, site_url, agencies))


def iter_agency_task_rows(index: SiteIndex, site_url: str | None = None,
                          agencies: Iterable | None = None) -> Iterator[dict[str, Any]]:
    """agency_task_rows one at a time (the national table is too large to hold at scale)."""
    order = {(ref.plan.key, ref.task.id): n for n, ref in enumerate(index.tasks)}
    # A task has a row for each of its agencies (4.7 on average in the national set), and a
    # province's agencies come one after another: its tasks' rows are made once, kept until the next,
    # and each row joins its agency's part to its task's (JoinedRow), both shared.
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    owns: dict[tuple[str, str, str | None], dict[str, Any]] = {}
    rows_of = None
    for entry in (index.agencies.values() if agencies is None else agencies):
        province = entry.province.slug
        if province != rows_of:
            rows.clear()
            owns.clear()
            rows_of = province
        for ref, role, group in _assignments(entry, order):
            key = (ref.plan.key, ref.task.id)
            row = rows.get(key)
            if row is None:
                row = rows[key] = task_row(index, ref, site_url)
            own = owns.get((entry.agency.id, role, group))
            if own is None:
                own = owns[(entry.agency.id, role, group)] = {
                    "agency_id": entry.agency.id,
                    "agency_name": entry.agency.name,
                    "role": role,
                    "role_label": words.ROLES[role],
                    "via_group_id": group,
                    "via_group_name": _registry_name(index, province, group) if group else None,
                }
            yield JoinedRow(own, row)


def _evidence_text(entry: ReportEntry) -> str:
    items = []
    for ev in entry.evidence:
        parts = [ev.title]
        if ev.number:
            parts.append(f"số {ev.number}")
        if ev.date:
            parts.append(ev.date.isoformat())
        if ev.url:
            parts.append(ev.url)
        items.append(" — ".join(parts))
    return _lines(items)


def _report_entries(index: SiteIndex, scope: Scope = Scope()) -> Iterator[tuple[TaskRef | None, Plan, Report, ReportEntry]]:
    refs = {(ref.plan.key, ref.task.id): ref for ref in index.tasks if scope.has(ref.plan.province_slug)}
    for plan in index.plans:
        if not scope.has(plan.province_slug):
            continue
        for report in plan.reports:
            if report.date > index.as_of:
                continue
            for entry in report.entries:
                yield refs.get((plan.key, entry.task_id)), plan, report, entry


def report_rows(index: SiteIndex, site_url: str | None = None, scope: Scope = Scope()) -> list[dict[str, Any]]:
    """Every entry of every progress report (within `scope`) dated on or before the as-of date: plans
    in order, then reports by date and agency, then entries in file order."""
    rows = []
    for ref, plan, report, entry in _report_entries(index, scope):
        rows.append({
            "province_slug": plan.province_slug,
            "plan_key": plan.key,
            "task_id": entry.task_id,
            "task_full_number": full_number(ref) if ref else None,
            "task_title": task_heading(ref) if ref else None,
            "report_date": report.date,
            "report_agency_id": report.agency_id,
            "report_agency_name": _registry_name(index, plan.province_slug, report.agency_id),
            "reporter": report.reporter,
            "report_file": report.file,
            "state": entry.state,
            "state_label": words.REPORT_STATES.get(entry.state, entry.state),
            "completed": entry.completed,
            "percent": entry.percent,
            "actual": entry.actual,
            "note": entry.note,
            "evidence": _evidence_text(entry),
            "line": entry.line,
            "task_url": _absolute(site_url, task_url(plan, ref.task)) if ref else None,
        })
    return rows


def _source_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def register_rows(index: SiteIndex, site_url: str | None = None, scope: Scope = Scope()) -> list[dict[str, Any]]:
    """Every entry of every register (within `scope`): kinds in display order, provinces by slug,
    entries in file order."""
    order = {slug: n for n, slug in enumerate(register_kinds())}
    registers: list[Register] = sorted((r for r in index.registers if scope.has(r.province_slug)), key=lambda r: (order.get(r.kind.slug, len(order)), r.province_slug))
    rows = []
    for register in registers:
        kind = register.kind
        labels = dict(kind.columns)
        for n, entry in enumerate(register.entries, start=1):
            source = entry.get("source") if isinstance(entry.get("source"), Mapping) else {}
            content = [f"{labels[name]}: {plain_value(entry.get(name))}" for name, _ in kind.columns
                       if name not in ("agency", "source") and kind.formats.get(name) != "source"
                       and entry.get(name) not in (None, "", [])]
            rows.append({
                "province_slug": register.province_slug,
                "province": register.province,
                "register": kind.slug,
                "register_title": kind.title,
                "entry_number": n,
                "entry_date": entry_date(kind, entry),
                "entry_title": entry_title(kind, entry),
                "agency": plain_value(entry.get("agency")) or None,
                "source_title": plain_value(source.get("title")) or None,
                "source_url": plain_value(source.get("url")) or None,
                "source_date": _source_date(source.get("date")),
                "content": _lines(content),
                "fields": _plain_json(entry),
            })
    return rows


def _plain_json(value: Any) -> Any:
    """A copy of YAML data with dates as ISO text, so that it is JSON as written."""
    if isinstance(value, Mapping):
        return {str(k): _plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def row_counts(index: SiteIndex) -> dict[str, int]:
    """The number of rows of every table, counted without building the rows (the same as len(table_rows(…)[name]))."""
    return {
        "nhiem-vu": len(index.tasks),
        "co-quan": len(index.agencies),
        "nhiem-vu-co-quan": sum(agency_task_count(e) for e in index.agencies.values()),
        "bao-cao": sum(1 for _ in _report_entries(index)),
        "so-cong-khai": sum(len(r.entries) for r in index.registers),
    }


def agency_task_count(entry) -> int:
    """The number of rows of one agency's task table (AgencyTasks → its assignments)."""
    return len(entry.lead) + len(entry.coordinating) + len(entry.via_group)


def table_rows(index: SiteIndex, site_url: str | None = None, scope: Scope = Scope()) -> dict[str, list[dict[str, Any]]]:
    """The rows of every table of `table_definitions()` (within `scope`), by table name."""
    return {name: list(iter_table_rows(index, name, site_url, scope)) for name in table_definitions()}


def iter_table_rows(index: SiteIndex, name: str, site_url: str | None = None,
                    scope: Scope = Scope()) -> Iterable[dict[str, Any]]:
    """The rows of one table; the two large ones are made one at a time."""
    if name == "nhiem-vu":
        return (task_row(index, ref, site_url) for ref in index.tasks if scope.has(ref.plan.province_slug))
    if name == "nhiem-vu-co-quan":
        return iter_agency_task_rows(index, site_url, [e for e in index.agencies.values() if scope.has(e.province.slug)])
    return {"co-quan": agency_rows, "bao-cao": report_rows, "so-cong-khai": register_rows}[name](index, site_url, scope)


# ---------------------------------------------------------------------------
# Spreadsheet safety
# ---------------------------------------------------------------------------

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection, OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text for a CSV cell: a single quote before a leading =, +, -, @, tab or carriage return."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


# ---------------------------------------------------------------------------
# Serialisation
# ---------------------------------------------------------------------------

def _number_text(value: float | int) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def csv_cell(column: Column, value: Any) -> str:
    """The text of one CSV cell, as the column's Table Schema type reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return _number_text(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = str(value)
    return neutralise(text) if column.type == "string" else text


def csv_bytes(table: Table, rows: Iterable[Mapping[str, Any]]) -> bytes:
    """UTF-8 with a BOM (so that Excel reads the Vietnamese), "\\r\\n" line ends, the field names as header."""
    out = io.BytesIO()
    _write_csv(table, rows, out)
    return out.getvalue()


def _csv_cells(columns: Sequence[Column], row: Mapping[str, Any]) -> list[str]:
    cells = []
    for column in columns:
        value = row.get(column.name)
        # Most cells are text or empty: what csv_cell makes of them, without its checks.
        if value.__class__ is str:
            cells.append("'" + value if column.type == "string" and value.startswith(FORMULA_PREFIXES) else value)
        elif value is None:
            cells.append("")
        else:
            cells.append(csv_cell(column, value))
    return cells


class _Parts:
    """The text of the two parts of JoinedRows in a CSV line or a JSON row, made once per part
    object. None for a row whose parts are not the table's columns in order (the own part's, then
    the shared part's, two or more each): such rows are written whole."""

    # A part is kept while rows may still use it: a province's tasks, at most a few thousand.
    KEEP = 20000

    def __init__(self, table: Table, first: JoinedRow, json_members: bool) -> None:
        names = table.field_names
        cut = sum(1 for name in names if name in first.own)
        self._ok = 1 < cut < len(names) - 1 and all(name in first.own for name in names[:cut])
        self._columns = {"own": table.columns[:cut], "shared": table.columns[cut:]}
        self._names = names
        self._json = json_members
        self._buffer = io.StringIO()
        # The table's own line end: csv.writer quotes a cell that holds any of its characters.
        self._writer = csv.writer(self._buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        self._made: dict[str, dict[int, tuple[Mapping, str]]] = {"own": {}, "shared": {}}

    def text(self, row: JoinedRow) -> str | None:
        """The row's own part and its shared part, joined by a comma (in a CSV line as in a JSON
        object); None when its own part holds other columns than the first row's."""
        own = self._part("own", row.own) if self._ok else None
        return None if own is None else own + "," + self._part("shared", row.shared)

    def _part(self, which: str, part: Mapping) -> str | None:
        made = self._made[which]
        found = made.get(id(part))
        if found is not None and found[0] is part:
            return found[1]
        if len(made) >= self.KEEP:
            made.clear()
        columns = self._columns[which]
        if which == "own" and sum(1 for name in self._names if name in part) != len(columns):
            text = None
        elif self._json:
            text = _ROW_ENCODER.encode({c.name: part.get(c.name) for c in columns})[1:-1]
        else:
            # csv.writer quotes each cell on its own, so a line is its parts' text joined by commas.
            self._buffer.seek(0)
            self._buffer.truncate()
            self._writer.writerow(_csv_cells(columns, part))
            text = self._buffer.getvalue()[:-2]
        made[id(part)] = (part, text)   # kept alive with its id, so the id is never another part's
        return text


def _write_csv(table: Table, rows: Iterable[Mapping[str, Any]], out: BinaryIO) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    text.write("\ufeff")
    writer = csv.writer(text, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.field_names)
    columns = table.columns
    parts: _Parts | None = None
    for row in rows:
        line = None
        if row.__class__ is JoinedRow:
            parts = parts or _Parts(table, row, json_members=False)
            line = parts.text(row)
        if line is None:
            writer.writerow(_csv_cells(columns, row))
        else:
            text.write(line + "\r\n")
    text.detach()  # leave `out` open for the caller


def json_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def json_table_bytes(table: Table, rows: Iterable[Mapping[str, Any]], *, as_of: dt.date,
                     license: Mapping[str, Any]) -> bytes:
    """The table as JSON: what it is, its columns, then its rows (objects keyed by field name, text
    exactly as written, one row per line so that the file greps and diffs well)."""
    out = io.BytesIO()
    _write_json_table(table, rows, out, as_of=as_of, license=license)
    return out.getvalue()


def _json_table_head(table: Table, as_of: dt.date, license: Mapping[str, Any]) -> bytes:
    head = _compact({
        "name": table.name,
        "title": table.title,
        "description": table.vi,
        "as_of": as_of.isoformat(),
        "license": dict(license),
        "fields": [{"name": c.name, "title": c.title, "type": c.type} for c in table.columns],
    })
    return (head[:-1] + ',"rows":').encode("utf-8")


def _iso(value: Any) -> str:
    converted = json_value(value)
    if converted is value:
        raise TypeError(f"{type(value).__name__} is not JSON serializable")
    return converted


# _compact, with dates written as json_value writes them, in one pass of the C encoder.
_ROW_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_iso)


class _JsonRows:
    """A table's rows as the lines of its JSON file, one object a line; a JoinedRow's parts are
    encoded once each."""

    def __init__(self, table: Table) -> None:
        self._table, self._parts, self.empty = table, None, True

    def line(self, row: Mapping[str, Any]) -> bytes:
        text = None
        if row.__class__ is JoinedRow:
            self._parts = self._parts or _Parts(self._table, row, json_members=True)
            text = self._parts.text(row)
        text = _ROW_ENCODER.encode({name: row.get(name) for name in self._table.field_names}) if text is None else "{" + text + "}"
        first, self.empty = self.empty, False
        return (("[\n" if first else ",\n") + text).encode("utf-8")

    def end(self) -> bytes:
        return b"[]}\n" if self.empty else b"\n]}\n"


def _write_json_table(table: Table, rows: Iterable[Mapping[str, Any]], out: BinaryIO, *, as_of: dt.date,
                      license: Mapping[str, Any]) -> None:
    out.write(_json_table_head(table, as_of, license))
    lines = _JsonRows(table)
    for row in rows:
        out.write(lines.line(row))
    out.write(lines.end())


# Rows are a few hundred bytes each: the default buffer of 8 kB made 300,000 write calls for the
# national tables.
_WRITE_BUFFER = 1 << 20


def write_table_files(table: Table, rows: Iterable[Mapping[str, Any]], site_dir: Path, *, as_of: dt.date,
                      license: Mapping[str, Any]) -> tuple[Path, Path]:
    """The table's CSV and JSON written into `site_dir` at their addresses, the same bytes as csv_bytes
    and json_table_bytes, for tables too large to hold in memory: each row is made once, written to
    both, and not kept."""
    csv_path, json_path = site_dir / table.csv_url, site_dir / table.json_url
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    with open(csv_path, "wb", buffering=_WRITE_BUFFER) as csv_out, open(json_path, "wb", buffering=_WRITE_BUFFER) as json_out:
        json_out.write(_json_table_head(table, as_of, license))
        lines = _JsonRows(table)

        def also_json() -> Iterator[Mapping[str, Any]]:
            for row in rows:
                json_out.write(lines.line(row))
                yield row

        _write_csv(table, also_json(), csv_out)
        json_out.write(lines.end())
    return csv_path, json_path


def _reported_json(index: SiteIndex, plan: Plan, item: Reported | None) -> dict[str, Any] | None:
    if item is None:
        return None
    report, entry = item.report, item.entry
    return {
        "date": report.date.isoformat(),
        "agency_id": report.agency_id,
        "agency_name": _registry_name(index, plan.province_slug, report.agency_id),
        "reporter": report.reporter,
        "file": report.file,
        "line": entry.line,
        "state": entry.state,
        "state_label": words.REPORT_STATES.get(entry.state, entry.state),
        "completed": json_value(entry.completed),
        "percent": entry.percent,
        "actual": entry.actual,
        "note": entry.note,
        "evidence": [{"title": ev.title, "number": ev.number, "date": json_value(ev.date), "url": ev.url}
                     for ev in entry.evidence],
    }


def _agencies_json(index: SiteIndex, province_slug: str, ids: Iterable[str], site_url: str | None) -> list[dict]:
    return [{"id": a, "name": _registry_name(index, province_slug, a),
             "url": _absolute(site_url, agency_url(province_slug, a))} for a in ids]


def task_json(index: SiteIndex, ref: TaskRef, site_url: str | None = None) -> dict[str, Any]:
    """Everything about one task: every field as written, the agencies resolved, the deadline read,
    its deadline state and status as of the index date, and its reports."""
    plan, task, doc = ref.plan, ref.task, ref.plan.document
    status = index.progress.of(ref)
    state = index.state(ref)
    return {
        "as_of": index.as_of.isoformat(),
        "url": _absolute(site_url, task_url(plan, task)),
        "id": task.id,
        "number": task.number,
        "full_number": full_number(ref),
        "title": task.title,
        "heading": task_heading(ref),
        "lead": task.lead,
        "lead_ids": list(task.lead_ids),
        "lead_agencies": _agencies_json(index, plan.province_slug, task.lead_ids, site_url),
        "coordinating": task.coordinating,
        "coordinating_ids": list(task.coordinating_ids),
        "coordinating_agencies": _agencies_json(index, plan.province_slug, task.coordinating_ids, site_url),
        "start": task.start,
        "due": task.due,
        "free_text_time": task.free_text_time,
        "products": task.products,
        "targets": [{"text": t.text, "comparator": t.comparator, "value": t.value, "unit": t.unit} for t in task.targets],
        "line": task.line,
        "parent_id": ref.parent.id if ref.parent is not None else None,
        "position": ref.position,
        "subtask_ids": [sub.id for sub in task.subtasks],
        "section": {"index": ref.section.index, "number": ref.section.number, "title": ref.section.title},
        "plan": {
            "key": plan.key,
            "province_slug": plan.province_slug,
            "province": doc.province,
            "title": doc.title,
            "type": doc.type,
            "number": doc.number,
            "issuer": doc.issuer,
            "date": json_value(doc.date),
            "year": doc.year,
            "file": plan.file,
            "url": _absolute(site_url, plan_url(plan)),
        },
        "reading": task.reading.to_json() if task.reading is not None else None,
        "deadline_state": {"code": state, "label": words.STATES[state]},
        "status": {
            "as_of": status.as_of.isoformat(),
            "category": status.category,
            "label": words.STATUS[status.category],
            "due": json_value(status.due),
            "overdue_days": status.overdue_days,
            "latest": _reported_json(index, plan, status.latest),
        },
        "reports": [_reported_json(index, plan, item) for item in status.history],
    }


def citation(as_of: dt.date, site_url: str | None) -> str:
    """The suggested citation of the data, with its as-of date."""
    where = _absolute(site_url, data_url()) if site_url else f"/{data_url()}"
    return (f"Công khai kế hoạch ({as_of.year}). Dữ liệu mở về các kế hoạch và nhiệm vụ, "
            f"tính đến ngày {as_of:%d/%m/%Y}. {where}")


# ---------------------------------------------------------------------------
# Every file
# ---------------------------------------------------------------------------

# Beyond this many tasks the one national workbook would be too big to open in a spreadsheet (and to
# write in one process); each province's workbook and the national CSV and JSON files remain.
NATIONAL_WORKBOOK_MAX_TASKS = 5000


def has_national_workbook(index: SiteIndex) -> bool:
    """Whether du-lieu/ offers one workbook of every table (small data sets only)."""
    return len(index.tasks) <= NATIONAL_WORKBOOK_MAX_TASKS


def render_data_exports(index: SiteIndex, *, license: Mapping[str, Any], site_url: str | None,
                        scope: Scope = Scope(), site_dir: Path | None = None) -> Iterator[tuple[str, bytes | Path]]:
    """(path, content) of every open-data file within `scope`, in a stable order: for each table its
    CSV and JSON under du-lieu/, the national workbook (small data sets), the data package (the pages
    across provinces); then each province's workbook, each plan's and each agency's task table (CSV)
    beside its page, and each task's JSON beside its page.

    Given the `site_dir` being built, the national tables of a data set too large for the national
    workbook are written straight to their place in it, row by row, and given as their Path instead
    of their bytes (a national set's are 1.1 GB: written elsewhere, copying them cost seconds)."""
    from .datapackage import Digest, build_datapackage
    from .workbook import build_workbook

    tables = table_definitions()
    cite = citation(index.as_of, site_url)
    if scope.across and site_dir is not None and not has_national_workbook(index):
        csv_digests: dict[str, Digest] = {}
        for name, table in tables.items():
            csv_path, json_path = write_table_files(table, iter_table_rows(index, name, site_url), site_dir,
                                                    as_of=index.as_of, license=license)
            csv_digests[name] = Digest.of_file(csv_path)
            yield table.csv_url, csv_path
            yield table.json_url, json_path
        yield datapackage_url(), build_datapackage(tables, csv_digests, as_of=index.as_of, license=license,
                                                   site_url=site_url, sources=index.plans, cite=cite)
    elif scope.across:
        rows = table_rows(index, site_url)
        csv_files: dict[str, bytes] = {}
        for name, table in tables.items():
            csv_files[name] = csv_bytes(table, rows[name])
            yield table.csv_url, csv_files[name]
            yield table.json_url, json_table_bytes(table, rows[name], as_of=index.as_of, license=license)
        if has_national_workbook(index):
            yield workbook_url(), build_workbook([(tables[n], rows[n]) for n in tables], as_of=index.as_of,
                                                 license=license, cite=cite)
        yield datapackage_url(), build_datapackage(tables, csv_files, as_of=index.as_of, license=license,
                                                   site_url=site_url, sources=index.plans, cite=cite)
    provinces = [p for p in index.provinces if scope.has(p.slug)]
    if not provinces:
        return
    refs = [ref for ref in index.tasks if scope.has(ref.plan.province_slug)]
    agencies = [entry for entry in index.agencies.values() if scope.has(entry.province.slug)]
    province_rows = table_rows(index, site_url, scope)
    by_province: dict[str, dict[str, list]] = {p.slug: {n: [] for n in tables} for p in provinces}
    for name, rows in province_rows.items():
        for row in rows:
            if row["province_slug"] in by_province:   # a register may sit in a folder without plans
                by_province[row["province_slug"]][name].append(row)
    for province in provinces:
        own = [(tables[n], by_province[province.slug][n]) for n in tables]
        yield province_workbook_url(province.slug), build_workbook(own, as_of=index.as_of, license=license,
                                                                   cite=cite, province=province.name)
    by_plan: dict[str, list] = {}
    for row in province_rows["nhiem-vu"]:
        by_plan.setdefault(row["plan_key"], []).append(row)
    for plan in index.plans:
        if scope.has(plan.province_slug):
            yield plan_csv_url(plan), csv_bytes(tables["nhiem-vu"], by_plan.get(plan.key, []))
    by_agency: dict[tuple[str, str], list] = {}
    for row in province_rows["nhiem-vu-co-quan"]:
        by_agency.setdefault((row["province_slug"], row["agency_id"]), []).append(row)
    for entry in agencies:
        key = (entry.province.slug, entry.agency.id)
        yield agency_csv_url(*key), csv_bytes(tables["nhiem-vu-co-quan"], by_agency.get(key, []))
    for ref in refs:
        yield task_json_url(ref.plan, ref.task), _json_bytes(task_json(index, ref, site_url))
