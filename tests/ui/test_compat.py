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
