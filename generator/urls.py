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
