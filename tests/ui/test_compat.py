from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QStringListModel, Signal

import ui  # noqa: F401 - importing ui installs the guard
from ui import compat


class _Pinger(QObject):
    ping = Signal(int)


def test_many_signal_emissions_do_not_abort_the_interpreter():
    p = _Pinger()
    got = []
    p.ping.connect(got.append)
    for i in range(5000):  # without ui.compat, PySide6 6.12 on Python 3.11 aborts after ~1000
        p.ping.emit(i)
    assert len(got) == 5000


def test_many_calls_returning_nothing_do_not_abort_the_interpreter():
    # PySide6 6.12 on Python 3.11 drops a reference to None per call like these; None starts with
    # some 15,000, so without ui.compat this aborts with "none_dealloc".
    o = QObject()
    model = QStringListModel(["x"])
    index = model.index(0, 0)
    for _ in range(20000):
        o.setObjectName("x")
        assert index.data(0x0100) is None


def test_the_guard_pads_exactly_what_the_binding_loses():
    found = compat.measure_binding()  # measured again, after the guard
    if sys.version_info >= (3, 12):
        assert compat.GUARDED == {}
    else:
        assert set(compat.GUARDED) == set(found)
    for name in compat.GUARDED:
        value = {"None": None, "True": True, "False": False}[name]
        assert sys.getrefcount(value) > compat.PAD // 2, name


def test_pyside_tells_its_modules_apart_without_reading_their_source(monkeypatch):
    """PySide6 asked `inspect.getsource` of every imported module (issue 15); after `import ui` the
    binding's hook answers from the module's names, with the same answer for the app's modules."""
    import inspect

    import ui.main_window
    import zi_desktop.lke.scoring

    feature = sys.modules.get("PySide6.support.feature")
    if feature is None or not hasattr(feature, "_mod_uses_pyside"):  # another binding version
        assert compat.quiet_feature_scan() is False
        return
    assert feature._mod_uses_pyside is compat._uses_pyside

    def no_source(*_a, **_k):
        raise AssertionError("the source was read")

    monkeypatch.setattr(inspect, "getsource", no_source)
    assert feature._mod_uses_pyside(ui.main_window) is True
    assert feature._mod_uses_pyside(zi_desktop.lke.scoring) is False
    import types

    odd = types.ModuleType("odd")
    odd.broken = type("Broken", (), {"__module__": property(lambda _s: 1 / 0)})()
    assert feature._mod_uses_pyside(odd) is False
