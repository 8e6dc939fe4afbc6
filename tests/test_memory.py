"""The cycle collector is off while the data is made, and what was made is frozen out of its sight."""
import gc
import weakref

import pytest

from generator.memory import long_lived, release


def test_collector_off_inside_and_data_frozen_after():
    assert gc.isenabled()
    try:
        with long_lived():
            assert not gc.isenabled()
            data = [{"task": n} for n in range(1000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= len(data)
    finally:
        release()
    assert gc.get_freeze_count() == 0


def test_collector_back_on_after_an_error():
    with pytest.raises(ValueError):
        with long_lived():
            raise ValueError("bad data")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_collector_left_off_when_it_was_off():
    gc.disable()
    try:
        with long_lived():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        release()


def test_release_collects_what_was_frozen_and_is_garbage():
    class Node:
        pass

    with long_lived():
        a, b = Node(), Node()
        a.other, b.other = b, a   # a cycle: only the collector frees it
    ref = weakref.ref(a)
    del a, b
    gc.collect()
    assert ref() is not None      # frozen: out of the collector's sight
    release()
    assert ref() is None and gc.get_freeze_count() == 0


def test_a_build_leaves_its_data_frozen_and_the_next_build_lets_it_go(tmp_path, monkeypatch):
    """Frozen until the process ends (collecting a national shard's index on the way out cost 4 s of
    CPU), and a process that builds again (`mkdocs serve`) starts by giving the last one back."""
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from sitebuild import write_config

    monkeypatch.setenv("AS_OF", "2022-06-30")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    example = Path(__file__).parent / "fixtures" / "example"
    try:
        config = load_config(str(write_config(tmp_path, example)), site_dir=str(tmp_path / "site"))
        build(config)
        first = weakref.ref(config.plugins["plan-site"].index)
        assert gc.get_freeze_count() > 1000      # still frozen once the build is over
        again = load_config(str(write_config(tmp_path, example)), site_dir=str(tmp_path / "site"))
        del config
        again.plugins.on_config(again)
        assert first() is None and gc.get_freeze_count() > 1000
    finally:
        release()
