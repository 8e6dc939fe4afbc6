from __future__ import annotations

from pathlib import Path

import pytest

from sitebuild import ROOT, build


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real site (the five seed plans), built once for the whole test session."""
    workdir = tmp_path_factory.mktemp("real")
    done = build(workdir, ROOT / "plans")
    assert done.returncode == 0, done.stderr
    return workdir / "site"
