"""Every bug reaches the log, the person sees one dialog (Anki's `aqt/errors.py` and qutebrowser's
`misc/crashsignal.py` are the models).

`install(app)` sets `sys.excepthook` (an exception in a slot or a Qt virtual on the GUI thread; PySide6
hands those to it) and `threading.excepthook` (a plain worker thread). Either writes the traceback
to the log file at once, in the thread it happened in, then asks the GUI thread, by a queued signal,
to show `ui.dialogs.show_bug`, which names the log file. A `UserError` that escapes is no bug: it is
shown as its plain message, and not logged. While the bug dialog is open, further bugs are only logged.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication

from ui import dialogs
from zi_desktop.errors import UserError
from zi_desktop.logs import log_bug


class CrashHandler(QObject):
    """Lives on the GUI thread; `failed` carries (exception, log path or None) to it from any thread."""

    failed = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.failed.connect(self._show)
        self._old_hook = sys.excepthook
        self._old_thread_hook = threading.excepthook

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._old_hook
        if threading.excepthook == self.thread_excepthook:
            threading.excepthook = self._old_thread_hook

    def excepthook(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._old_hook(kind, exc, tb)
            return
        self.handle(exc, "GUI")

    def thread_excepthook(self, args: Any) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        self.handle(args.exc_value, f"thread {name}")

    def handle(self, exc: BaseException, where: str) -> None:
        """Log a bug now (any thread), then show it on the GUI thread."""
        path = None if isinstance(exc, UserError) else log_bug(exc, where)
        self.failed.emit(exc, path)

    @Slot(object, object)
    def _show(self, exc: BaseException, path: Any) -> None:
        parent = QApplication.activeWindow()
        if isinstance(exc, UserError):
            dialogs.show_error(parent, exc)
        else:
            dialogs.show_bug(parent, exc, path)


def install(app: QObject) -> CrashHandler:
    handler = CrashHandler(app)
    handler.install()
    return handler
