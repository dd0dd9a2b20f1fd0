"""An unexpected exception in a GUI slot or in a worker thread reaches the log file with its
traceback and shows one friendly dialog naming the log file; a UserError stays a plain message."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from ui import crash, dialogs
from zi_desktop import paths
from zi_desktop.errors import UserError


@pytest.fixture
def shown(monkeypatch):
    """The dialogs the handler opens: ("bug", message, log path) and ("error", message)."""
    got: list[tuple] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: got.append(("error", str(exc))))
    monkeypatch.setattr(
        dialogs, "show_bug", lambda _p, exc, path: got.append(("bug", dialogs.bug_message(exc, path), path))
    )
    return got


@pytest.fixture
def handler(qapp):
    h = crash.install(qapp)
    yield h
    h.uninstall()


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_a_gui_slot_is_logged_and_shown_once(qtbot, handler, shown):
    button = QPushButton()
    qtbot.addWidget(button)

    def slot() -> None:
        raise RuntimeError("uji bug di slot")

    button.clicked.connect(slot)
    button.click()
    qtbot.waitUntil(lambda: len(shown) == 1)
    kind, message, path = shown[0]
    assert kind == "bug" and path == paths.log_file()
    assert str(paths.log_file()) in message and "kesalahan tak terduga" in message
    log = paths.log_file().read_text("utf-8")
    assert "Traceback" in log and "RuntimeError: uji bug di slot" in log and "in slot" in log


@pytest.mark.qt_no_exception_capture
def test_a_bug_in_a_worker_thread_is_logged_and_shown_on_the_gui_thread(qtbot, handler, shown):
    def work() -> None:
        raise ValueError("uji bug di pekerja")

    t = threading.Thread(target=work, name="pekerja-uji")
    t.start()
    t.join()
    assert "ValueError: uji bug di pekerja" in paths.log_file().read_text("utf-8")  # logged at once
    assert "thread pekerja-uji" in paths.log_file().read_text("utf-8")
    qtbot.waitUntil(lambda: len(shown) == 1)  # the dialog waits for the GUI thread
    assert shown[0][0] == "bug" and shown[0][2] == paths.log_file()


@pytest.mark.qt_no_exception_capture
def test_a_user_error_that_escapes_is_its_plain_message_and_not_logged(qtbot, handler, shown):
    QTimer.singleShot(0, lambda: (_ for _ in ()).throw(UserError("disk penuh di D:")))
    qtbot.waitUntil(lambda: len(shown) == 1)
    assert shown == [("error", "disk penuh di D:")]
    assert not paths.log_file().exists()


def test_a_bug_from_a_task_is_logged_and_names_the_log(qtbot, monkeypatch):
    """The task runner's failures take the same road: show_error logs a bug and shows show_bug."""
    got: list[tuple] = []
    monkeypatch.setattr(dialogs, "show_bug", lambda _p, exc, path: got.append((exc, path)))
    dialogs.show_error(None, KeyError("soal_x"))
    assert got and got[0][1] == paths.log_file()
    assert "KeyError: 'soal_x'" in paths.log_file().read_text("utf-8")


def test_one_bug_dialog_at_a_time(monkeypatch):
    opened: list[str] = []

    def fake_error(_p, text):
        opened.append(text)
        dialogs.show_bug(None, RuntimeError("kedua"), None)  # a bug while the first dialog is open

    monkeypatch.setattr(dialogs, "show_error", fake_error)
    dialogs.show_bug(None, RuntimeError("pertama"), None)
    assert len(opened) == 1 and "pertama" in opened[0]
