"""The task runner: results by signal, a progress dialog with Cancel after 500 ms, failures to
the one error dialog, cancellation quiet."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QPushButton, QWidget

from ui import dialogs
from ui.tasks import TaskRunner
from zi_desktop.errors import Cancelled, UserError


def test_result_comes_back_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    got = []
    gui = threading.get_ident()

    def work(progress, cancel):
        progress(1, 2)
        return threading.get_ident()

    task = runner.run(work, on_done=lambda r: got.append((r, threading.get_ident())))
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    ((worker_thread, done_thread),) = got
    assert worker_thread != gui and done_thread == gui
    assert not runner.busy()


def test_failure_goes_to_the_error_dialog(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: shown.append(str(exc)))
    runner = TaskRunner()

    def work(progress, cancel):
        raise UserError("disk penuh")

    task = runner.run(work)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert shown == ["disk penuh"]


def test_progress_dialog_appears_and_cancel_stops_the_work(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: shown.append(str(exc)))
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = TaskRunner(parent)
    started = threading.Event()

    def work(progress, cancel):
        started.set()
        done = 0
        while not cancel.wait(0.01):
            done += 1
            progress(done % 100, 100)
        raise Cancelled()

    task = runner.run(work, label="Menyusun paket…")
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=5000)
    assert task.dialog.labelText() == "Menyusun paket…"
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.dialog.findChild(QPushButton).click()
    assert isinstance(task.error, Cancelled)
    assert shown == []  # cancelling is not an error
    assert task.dialog is None


def test_error_message_words():
    assert dialogs.error_message(UserError("berkas tidak ditemukan")) == "berkas tidak ditemukan"
    assert "tak terduga" in dialogs.error_message(ValueError("x"))


def test_a_result_for_a_widget_that_is_gone_is_dropped(qtbot, monkeypatch):
    """A workspace closed while the dashboard computed its advice: the late result reaches nobody
    (it used to call into the deleted dashboard and open the bug dialog)."""
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: shown.append(str(exc)))
    runner = TaskRunner()
    release = threading.Event()
    got: list[object] = []
    for fails in (False, True):
        owner = QWidget()
        release.clear()

        def work(progress, cancel, fails=fails):
            release.wait(5)
            if fails:
                raise UserError("tidak terlihat")
            return 42

        task = runner.run(work, on_done=got.append, on_error=lambda e: got.append(e), owner=owner)
        owner.deleteLater()
        qtbot.waitUntil(lambda owner=owner: not __import__("shiboken6").isValid(owner))
        release.set()
        with qtbot.waitSignal(task.finished, timeout=5000):
            pass
    assert got == [] and shown == []
    # with its owner alive the result arrives as before
    alive = QWidget()
    qtbot.addWidget(alive)
    task = runner.run(lambda _p, _c: 7, on_done=got.append, owner=alive)
    with qtbot.waitSignal(task.finished, timeout=5000):
        pass
    assert got == [7]
