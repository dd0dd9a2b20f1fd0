from __future__ import annotations

from PySide6.QtCore import QObject, Signal

import ui  # noqa: F401 - importing ui installs the guard


class _Pinger(QObject):
    ping = Signal(int)


def test_many_signal_emissions_do_not_abort_the_interpreter():
    p = _Pinger()
    got = []
    p.ping.connect(got.append)
    for i in range(5000):  # without ui.compat, PySide6 6.12 on Python 3.11 aborts after ~1000
        p.ping.emit(i)
    assert len(got) == 5000
