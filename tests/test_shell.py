"""Pages written as HTML and put into a theme shell (generator/shell.py) are the pages MkDocs and
Material would have rendered, byte for byte; their heading ids are Python-Markdown's."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.pages.markup import Anchors, md_inline
from generator.urls import plan_url, task_url
from sitebuild import ROOT, write_config

HOSTILE = [
    "Tiến độ",                       # the reserved id of the progress heading
    "Lịch sử cập nhật",              # the id a later heading of the page gets
    "<script>alert(1)</script> | *x* [a](javascript:alert(1))",
    "Đường dây nóng  và   địa chỉ",   # đ is dropped by the slug, spaces are folded
    "2024",
    'Kế hoạch "Năm CCHC" của tỉnh \'Mẫu\'',
    "",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_heading_ids_are_the_ones_markdown_gives(title):
    anchors = Anchors(reserved=("tien-do",))
    ours = "\n".join([
        anchors.heading(1, title or "x", attrs='data-pagefind-weight="10"'),
        anchors.heading(2, "Tiến độ", id="tien-do"),
        anchors.heading(3, "Lịch sử cập nhật"),
        anchors.heading(3, "Lịch sử cập nhật"),
    ])
    escaped = str(md_inline(title or "x"))
    source = f'# {escaped} {{: data-pagefind-weight="10" }}\n\n## Tiến độ {{: #tien-do }}\n\n### Lịch sử cập nhật\n\n### Lịch sử cập nhật\n'
    theirs = markdown.markdown(source, extensions=["attr_list", "toc"])
    ids = lambda html: __import__("re").findall(r' id="([^"]*)"', html)  # noqa: E731
    assert ids(ours) == ids(theirs)
    assert [h.id for h in anchors.headings] == ids(theirs)
    assert "<script>" not in ours


def _config(workdir: Path, shell: bool) -> Path:
    config = write_config(workdir, ROOT / "plans")
    text = config.read_text("utf-8").replace('      shard: !ENV [SHARD, ""]\n',
                                              f'      shard: !ENV [SHARD, ""]\n      theme_shell: {str(shell).lower()}\n')
    config.write_text(text, "utf-8")
    return config


def test_task_pages_from_the_shell_are_the_full_render_byte_for_byte(tmp_path, monkeypatch):
    env = {"NO_MKDOCS_2_WARNING": "1", "AS_OF": "2026-11-24", "SITE_URL": "https://example.org/ke-hoach/"}
    full = tmp_path / "full"
    full.mkdir()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(_config(full, False)),
                           "-d", str(full / "site")], capture_output=True, text=True, env={**os.environ, **env}, cwd=full)
    assert done.returncode == 0, done.stderr

    # The shell build runs in this process, to look at the plugin afterwards.
    fast = tmp_path / "fast"
    fast.mkdir()
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = load_config(str(_config(fast, True)), site_dir=str(fast / "site"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    plugin = config.plugins["plan-site"]
    shells = plugin._html._shells
    # One shell per folder of pages written as HTML (each plan's tasks, the deadline and overdue
    # lists), none of them given up for a full render.
    assert shells and all(parts is not None for parts in shells.values())
    folders = {folder for folder, _ in shells}
    assert {plan_url(plan).rstrip("/") for plan in plugin.index.plans} <= folders
    assert {f"han/{plugin.index.years()[0]}", "han", "cham-muon"} <= folders

    pages = sorted(p.relative_to(full / "site") for p in (full / "site").rglob("*.html") if "pagefind" not in p.parts)
    tasks = [Path(task_url(ref.plan, ref.task)) / "index.html" for ref in plugin.index.tasks]
    assert set(tasks) <= set(pages)
    for page in pages:
        assert (fast / "site" / page).read_bytes() == (full / "site" / page).read_bytes(), page
    sample = (fast / "site" / tasks[0]).read_text("utf-8")
    assert '<link rel="canonical" href="https://example.org/ke-hoach/' + tasks[0].parent.as_posix() + '/">' in sample


def test_an_explicit_heading_id_must_be_reserved_before_the_page_is_written():
    # Markdown gives explicit ids before the others; a page written as HTML must name them up front,
    # or a heading above could take the same id and a link like #tien-do would land on it.
    anchors = Anchors(reserved=("tien-do",))
    assert 'id="tien-do_1"' in anchors.heading(2, "Tien do")   # its slug, above the reserved heading
    assert 'id="tien-do"' in anchors.heading(2, "Tiến độ", id="tien-do")
    with pytest.raises(ValueError, match="co-quan"):
        Anchors(reserved=("tien-do",)).heading(2, "Cơ quan", id="co-quan")
