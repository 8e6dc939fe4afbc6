"""Where each page lives: stable, readable, ASCII URLs built from the slugs and ids in the data."""
from __future__ import annotations

from .model import Plan, Task


def home_url() -> str:
    return ""


def province_url(province_slug: str) -> str:
    return f"{province_slug}/"


def plan_url(plan: Plan) -> str:
    return f"{plan.province_slug}/{plan.slug}/"


def task_url(plan: Plan, task: Task) -> str:
    return f"{plan_url(plan)}{task.id}/"


def src_uri(url: str) -> str:
    """The virtual Markdown file behind a directory URL."""
    return f"{url}index.md"


def agencies_url(province_slug: str) -> str:
    return f"{province_slug}/co-quan/"


def agency_url(province_slug: str, agency_id: str) -> str:
    return f"{province_slug}/co-quan/{agency_id}/"


def deadlines_url() -> str:
    return "han/"


def year_url(year: int) -> str:
    return f"han/{year}/"


def quarter_url(year: int, quarter: int) -> str:
    return f"han/{year}/quy-{quarter}/"


def month_url(year: int, month: int) -> str:
    return f"han/{year}/thang-{month:02d}/"


def state_url(state: str) -> str:
    return f"han/{STATE_SLUGS[state]}/"


STATE_SLUGS = {
    "upcoming": "sap-den-han",
    "past": "da-qua-han",
    "ongoing": "thuong-xuyen",
    "recurring": "dinh-ky",
    "conditional": "khi-co-dieu-kien",
    "free_text": "ghi-bang-loi",
    "none": "khong-neu-thoi-gian",
}


def calendar_url(page_url: str) -> str:
    """The iCalendar feed that sits beside a page (plan, agency, or the deadlines hub)."""
    return f"{page_url}lich.ics"


def progress_url() -> str:
    return "tien-do/"


def progress_province_url(province_slug: str) -> str:
    return f"{progress_url()}{province_slug}/"


def overdue_url() -> str:
    return "cham-muon/"


def overdue_month_url(year: int, month: int) -> str:
    return f"cham-muon/{year}-{month:02d}/"


def feed_url(page_url: str) -> str:
    """The Atom feed of reports and status changes beside a page (plan, agency, or the progress hub)."""
    return f"{page_url}feed.xml"


# Open data: site-wide tables under du-lieu/, and a table or JSON beside each plan, agency and task page.
TASKS_FILE = "nhiem-vu.csv"
TASK_JSON_FILE = "task.json"
WORKBOOK_FILE = "cong-khai-ke-hoach.xlsx"
DATAPACKAGE_FILE = "datapackage.json"


def data_url() -> str:
    """The "Dữ liệu mở" page, and the folder of the site-wide files."""
    return "du-lieu/"


def table_file_url(name: str, extension: str) -> str:
    return f"{data_url()}{name}.{extension}"


def workbook_url() -> str:
    return f"{data_url()}{WORKBOOK_FILE}"


def province_workbook_url(province_slug: str) -> str:
    """One province's workbook, beside its page: the file name says which province it holds."""
    return f"{province_url(province_slug)}{WORKBOOK_FILE.removesuffix('.xlsx')}-{province_slug}.xlsx"


def datapackage_url() -> str:
    return f"{data_url()}{DATAPACKAGE_FILE}"


def plan_csv_url(plan: Plan) -> str:
    return f"{plan_url(plan)}{TASKS_FILE}"


def agency_csv_url(province_slug: str, agency_id: str) -> str:
    return f"{agency_url(province_slug, agency_id)}{TASKS_FILE}"


def task_json_url(plan: Plan, task: Task) -> str:
    return f"{task_url(plan, task)}{TASK_JSON_FILE}"




def search_url() -> str:
    return "tim-kiem/"


# Public registers (sổ công khai): a hub, a page per kind, its CSV and its Atom feed.
def registers_url() -> str:
    """The hub page listing every register."""
    return "so-cong-khai/"


def register_url(kind_slug: str) -> str:
    return f"{registers_url()}{kind_slug}/"


def register_csv_url(kind_slug: str) -> str:
    return f"{register_url(kind_slug)}{kind_slug}.csv"


def register_feed_url(kind_slug: str) -> str:
    return f"{register_url(kind_slug)}feed.xml"
