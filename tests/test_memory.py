"""The cycle collector is off while the data is made, and what was made is frozen out of its sight."""
import gc

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
