"""The sharded build: provinces and the pages across them render in separate processes and merge
into one tree that is byte-identical whether the shards run in parallel or one after another."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.build import build_site, plan_shards
from generator.index import build_index
from generator.project import read_project
from sitebuild import ROOT, write_config

EXAMPLE_PLANS = ROOT / "plans"


def _tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_parallel_shards_equal_sequential_shards(tmp_path: Path):
    config = write_config(tmp_path, EXAMPLE_PLANS)
    as_of = dt.date(2022, 6, 1)
    parallel = build_site(config, tmp_path / "parallel", jobs=2, as_of=as_of, plans_dir=EXAMPLE_PLANS, search=False)
    sequential = build_site(config, tmp_path / "sequential", jobs=1, as_of=as_of, plans_dir=EXAMPLE_PLANS, search=False)
    assert len(parallel) == 3 and len(sequential) == 2  # global + 2 province groups, global + 1
    left, right = _tree(tmp_path / "parallel"), _tree(tmp_path / "sequential")
    assert left.keys() == right.keys()
    assert [name for name in left if left[name] != right[name]] == []
    assert "bac-giang/2018-mot-cua/ii-7/index.html" in left and "index.html" in left and "han/index.html" in left


def test_a_new_build_replaces_the_old_site_and_leaves_nothing_beside_it(tmp_path: Path):
    config = write_config(tmp_path, EXAMPLE_PLANS)
    site = tmp_path / "out" / "site"
    (site / "old-page").mkdir(parents=True)
    (site / "old-page" / "index.html").write_text("stale", "utf-8")
    build_site(config, site, jobs=1, as_of=dt.date(2022, 6, 1), plans_dir=EXAMPLE_PLANS, search=False)
    assert not (site / "old-page").exists() and (site / "index.html").is_file()
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["site"]


def test_a_failing_shard_stops_the_build_with_its_message_and_publishes_nothing(tmp_path: Path, monkeypatch):
    import mkdocs.commands.build
    from mkdocs.exceptions import PluginError

    real_build = mkdocs.commands.build.build

    def build_or_fail(config, **options):
        # The shards are forked from this process, so they run this function too.
        if os.environ.get("SHARD") == "global":
            raise PluginError("Trang chung hỏng (broken on purpose)")
        return real_build(config, **options)

    monkeypatch.setattr(mkdocs.commands.build, "build", build_or_fail)
    config = write_config(tmp_path, EXAMPLE_PLANS)
    site = tmp_path / "site"
    with pytest.raises(RuntimeError) as failed:
        build_site(config, site, jobs=2, as_of=dt.date(2022, 6, 1), plans_dir=EXAMPLE_PLANS, search=False)
    assert str(failed.value) == "[global] Trang chung hỏng (broken on purpose)"
    assert not site.exists()


def test_a_shard_built_on_another_machine_from_the_prepared_index_is_the_same(tmp_path: Path):
    """The CI matrix of the README: `python -m generator prepare`, then `SHARD=… mkdocs build` with
    PLAN_SITE_INDEX, gives a province folder byte-identical to the one `build_site` makes."""
    config = write_config(tmp_path, EXAMPLE_PLANS)
    build_site(config, tmp_path / "site", jobs=1, as_of=dt.date(2022, 6, 1), plans_dir=EXAMPLE_PLANS, search=False)
    index_file = tmp_path / "index.pickle"
    prepared = subprocess.run([sys.executable, "-m", "generator", "prepare", "--out", str(index_file), "--config", str(config),
                               "--plans", str(EXAMPLE_PLANS), "--as-of", "2022-06-01", "--jobs", "1"],
                              capture_output=True, text=True, cwd=ROOT)
    assert prepared.returncode == 0, prepared.stderr
    assert "global" in prepared.stdout and index_file.stat().st_size > 0
    env = {**os.environ, "PLAN_SITE_INDEX": str(index_file), "SHARD": "bac-giang", "AS_OF": "2022-06-01",
           "NO_MKDOCS_2_WARNING": "1"}
    shard = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(config),
                            "-d", str(tmp_path / "elsewhere")], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert shard.returncode == 0, shard.stderr
    here, elsewhere = _tree(tmp_path / "site" / "bac-giang"), _tree(tmp_path / "elsewhere" / "bac-giang")
    assert len(here) > 100 and here.keys() == elsewhere.keys()
    assert [name for name in here if here[name] != elsewhere[name]] == []


def test_shards_balance_provinces_by_task_count():
    index = build_index(read_project(ROOT / "plans", ROOT), dt.date(2022, 6, 1))
    shards = plan_shards(index, 2)
    assert shards[0] == "global"
    groups = [set(s.split(",")) for s in shards[1:]]
    assert set().union(*groups) == {"bac-giang", "bac-ninh", "vinh-phuc"} and len(groups) == 2


def test_large_data_gets_more_shards_than_cores(monkeypatch):
    import generator.build

    index = build_index(read_project(ROOT / "plans", ROOT), dt.date(2022, 6, 1))
    assert len(plan_shards(index, 1)) == 2  # global + all provinces
    monkeypatch.setattr(generator.build, "MAX_SHARD_TASKS", 100)  # 193 tasks: two groups of provinces
    shards = plan_shards(index, 1)
    assert len(shards) == 3 and set(",".join(shards[1:]).split(",")) == {"bac-giang", "bac-ninh", "vinh-phuc"}


def test_a_sitemap_above_the_protocols_limit_becomes_an_index_of_parts(tmp_path, monkeypatch):
    import xml.etree.ElementTree as ET

    from generator import build as build_module

    ns = build_module._NS
    urls = []
    for path in ["", "b/", "a/", "c/d/", "e/"]:
        url = ET.Element(f"{{{ns}}}url")
        ET.SubElement(url, f"{{{ns}}}loc").text = f"https://example.org/ke-hoach/{path}"
        urls.append(url)
    monkeypatch.setattr(build_module, "SITEMAP_MAX_URLS", 2)
    build_module._write_sitemap(tmp_path, urls)
    index = ET.parse(tmp_path / "sitemap.xml").getroot()
    assert index.tag == f"{{{ns}}}sitemapindex"
    assert [e.text for e in index.iter(f"{{{ns}}}loc")] == [f"https://example.org/ke-hoach/sitemap-{n}.xml" for n in (1, 2, 3)]
    parts = [[e.text.rsplit("ke-hoach/", 1)[1] for e in ET.parse(tmp_path / f"sitemap-{n}.xml").getroot().iter(f"{{{ns}}}loc")]
             for n in (1, 2, 3)]
    assert parts == [["", "a/"], ["b/", "c/d/"], ["e/"]]

    monkeypatch.setattr(build_module, "SITEMAP_MAX_URLS", 50000)
    small = tmp_path / "small"
    small.mkdir()
    build_module._write_sitemap(small, urls)
    assert ET.parse(small / "sitemap.xml").getroot().tag == f"{{{ns}}}urlset" and not list(small.glob("sitemap-*"))


def test_a_one_process_build_splits_its_sitemap_too(tmp_path, monkeypatch):
    import xml.etree.ElementTree as ET

    from generator import build as build_module

    ns = build_module._NS
    locs = "".join(f"<url><loc>/p{n}/</loc></url>" for n in range(5))
    (tmp_path / "sitemap.xml").write_text(f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{ns}"><url><loc>/</loc></url>{locs}</urlset>')
    build_module.split_large_sitemap(tmp_path)
    assert ET.parse(tmp_path / "sitemap.xml").getroot().tag == f"{{{ns}}}urlset"  # under the limit: untouched
    monkeypatch.setattr(build_module, "SITEMAP_MAX_URLS", 4)
    build_module.split_large_sitemap(tmp_path)
    index = ET.parse(tmp_path / "sitemap.xml").getroot()
    assert [e.text for e in index.iter(f"{{{ns}}}loc")] == ["/sitemap-1.xml", "/sitemap-2.xml"]
