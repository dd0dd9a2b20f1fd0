"""Collect Python's cyclic garbage on the GUI thread only.

The cyclic collector runs in whichever thread happens to allocate when a threshold is crossed. If
that is a worker (an export, an attachment) and the garbage holds Qt widgets, Qt deletes widgets
from the wrong thread and the process crashes (seen here: a segfault inside openpyxl while a
worker exported a bundle). Anki and calibre do what this does: switch automatic collection off and
collect from a timer on the GUI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> None:
        c0, c1, c2 = gc.get_count()
        t0, t1, t2 = self.threshold
        if c0 > t0:
            gc.collect(2 if c2 > t2 else 1 if c1 > t1 else 0)

    def stop(self) -> None:
        self.timer.stop()
        gc.collect()
        gc.enable()
