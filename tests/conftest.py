from __future__ import annotations

from pathlib import Path

import pytest

from browser import CHROMIUM_ARGS, chromium_path
from sitebuild import ROOT, build


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site (the five seed plans), built once for the whole test session."""
    workdir = tmp_path_factory.mktemp("real")
    done = build(workdir, ROOT / "plans")
    assert done.returncode == 0, done.stderr
    return workdir / "site"


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (skipped outside CI when missing; a failure in CI)."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
