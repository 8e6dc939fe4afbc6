"""Build a real site with MkDocs into a temporary folder, as `make site` does, and read its pages."""
from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_config(workdir: Path, plans_dir: Path, extra: str = "") -> Path:
    """A copy of the project's mkdocs.yml pointing at `plans_dir`, with absolute paths."""
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    text = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", text)  # live-reload paths are relative to the repo
    text = text.replace("docs_dir: docs", f"docs_dir: {ROOT / 'docs'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text = text.replace("plans_dir: plans", f"plans_dir: {plans_dir}")
    config = workdir / "mkdocs.yml"
    config.write_text(text + extra, "utf-8")
    return config


def build(workdir: Path, plans_dir: Path, site_dir: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict`; return the finished process (check returncode yourself)."""
    config = write_config(workdir, plans_dir)
    site_dir = site_dir or workdir / "site"
    run_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        capture_output=True, text=True, env=run_env, cwd=workdir,
    )


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def article_text(document: str) -> str:
    """The visible text of the page's main article, tags removed, whitespace folded."""
    match = re.search(r"<article[^>]*>(.*?)</article>", document, re.S)
    body = match.group(1) if match else document
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return fold(html.unescape(re.sub(r"<[^>]+>", " ", body)))


def fold(text: str) -> str:
    return " ".join(text.split())
