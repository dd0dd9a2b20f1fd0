"""The one task runner: long work off the GUI thread (Anki's taskman/CollectionOp are the model).

`TaskRunner.run(work, on_done=..., label=...)` runs `work(on_progress, cancel)` in a QThreadPool.
The work gets `on_progress(done, total)` and a `threading.Event` to pass to the core; results come
back to the GUI thread by signal. A QProgressDialog with Cancel appears when the work takes more
than 500 ms; a failure goes to the one error dialog (`ui.dialogs.show_error`), a cancellation is
quiet. A worker that needs the workspace opens its own (`with Session.worker_workspace() as ws`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from ui import dialogs
from ui.qt_names import Qt
from zi_desktop.errors import Cancelled

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

SHOW_AFTER_MS = 500
Work = Callable[[Callable[[int, int], None], threading.Event], Any]


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, work: Work, signals: _Signals, cancel: threading.Event) -> None:
        super().__init__()
        self.work, self.signals, self.cancel = work, signals, cancel
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit, self.cancel)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI thread (bugs: logged there)
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class Task(QObject):
    """One running piece of work; `finished` fires on the GUI thread whatever the outcome."""

    finished = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        label: str | None,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
    ) -> None:
        super().__init__(runner)
        self.runner = runner
        self.on_done, self.on_error = on_done, on_error
        self.cancel_event = threading.Event()
        self.signals = _Signals(self)
        self.label = label
        self.dialog: QProgressDialog | None = None
        self.timer: QTimer | None = None
        self.result: Any = None
        self.error: BaseException | None = None
        self.running = True
        self.owner: QObject | None = None

    def _orphaned(self) -> bool:
        import shiboken6

        return self.owner is not None and not shiboken6.isValid(self.owner)

    def cancel(self) -> None:
        self.cancel_event.set()

    def _show_dialog(self) -> None:
        if not self.running or self.label is None:
            return
        from PySide6.QtWidgets import QProgressDialog  # only when a task is slow (not at start)

        dlg = QProgressDialog(self.label, self.tr("Batal"), 0, 0, self.runner.parent_widget())
        dlg.setWindowTitle(self.tr("Mohon tunggu"))
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(0)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.canceled.connect(self.cancel)
        dlg.setMinimumWidth(420)
        dlg.show()
        self.dialog = dlg

    @Slot(object)
    def _on_done(self, result: Any) -> None:
        self.result = result
        self._close()
        self.runner.tasks.discard(self)
        try:
            if self.on_done is not None and not self._orphaned():
                self.on_done(result)
        except Exception as exc:  # noqa: BLE001 - a failing handler is shown (show_error logs a bug), then finished fires
            dialogs.show_error(self.runner.parent_widget(), exc)
        self.finished.emit()

    @Slot(object)
    def _on_failed(self, exc: BaseException) -> None:
        self.error = exc
        self._close()
        self.runner.tasks.discard(self)
        if not isinstance(exc, Cancelled) and not self._orphaned():
            if self.on_error is not None:
                self.on_error(exc)
            else:
                dialogs.show_error(self.runner.parent_widget(), exc)
        self.finished.emit()

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done, total) if total else 0)

    def _close(self) -> None:
        self.running = False
        if self.timer is not None:
            self.timer.stop()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self.tasks: set[Task] = set()

    def parent_widget(self) -> QWidget | None:
        p = self.parent()
        return p if isinstance(p, QWidget) else None

    def run(
        self,
        work: Work,
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        label: str | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Run `work(on_progress, cancel)` off the GUI thread. `label` None: no progress dialog.
        `owner`: the widget whose handlers `on_done` / `on_error` are; when it is gone by the time
        the work ends (a workspace closed while the dashboard computed), the result is dropped."""
        task = Task(self, label, on_done, on_error)
        task.owner = owner
        self.tasks.add(task)
        task.signals.done.connect(task._on_done)
        task.signals.failed.connect(task._on_failed)
        task.signals.progress.connect(task._progress)
        if label is not None:
            task.timer = QTimer(task)
            task.timer.setSingleShot(True)
            task.timer.timeout.connect(task._show_dialog)
            task.timer.start(SHOW_AFTER_MS)
        self.pool.start(_Runnable(work, task.signals, task.cancel_event))
        return task

    def busy(self) -> bool:
        return bool(self.tasks)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the pool is idle (on close, so no worker outlives its workspace)."""
        for t in list(self.tasks):
            t.cancel()
        return bool(self.pool.waitForDone(msecs))
