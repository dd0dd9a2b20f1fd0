"""Work-arounds for bugs of the Qt binding, each with its reason.

PySide6 6.12.0 on CPython 3.11 drops one reference to `True` on every signal emission (measured:
`sys.getrefcount(True)` falls by one per `emit()` of a connected signal). After about a thousand
emissions the interpreter aborts with "Fatal Python error: bool_dealloc". `True` is a static
singleton that CPython never frees, so giving it a reference count no session can exhaust is safe.
Python 3.12 made `True` immortal, so there (and when the bug is absent) nothing is changed.
"""

from __future__ import annotations

import ctypes
import sys

_done = False


def _emission_leaks_true() -> bool:
    from PySide6.QtCore import QObject, Signal

    class _Probe(QObject):
        ping = Signal(int)

    probe = _Probe()
    probe.ping.connect(lambda _n: None)
    before = sys.getrefcount(True)
    for i in range(32):
        probe.ping.emit(i)
    return sys.getrefcount(True) < before - 16


def guard_bool_refcount() -> None:
    global _done
    if _done:
        return
    _done = True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    if _emission_leaks_true():
        ctypes.c_ssize_t.from_address(id(True)).value += 1 << 40
