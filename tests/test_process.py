"""The server process freezes its long-lived objects once (ui/process.py)."""
import gc

from ui import process


def test_freezing_happens_once_and_leaves_the_collector_little_to_walk(monkeypatch):
    monkeypatch.setattr(process, "_frozen", False)
    try:
        assert process.freeze_once() is True
        assert gc.get_freeze_count() > 10_000       # the imported modules' objects
        assert process.freeze_once() is False       # later runs do nothing
    finally:
        gc.unfreeze()
