"""Fixtures of the UI tests: a fake workspace (fast), the real store, and QSettings in a test folder."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from tests.ui.fakes import FakeWorkspace


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path: Path) -> None:
    path = str(tmp_path / "qsettings")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, path)
    QSettings("ZI Desktop", "ZI Desktop").clear()


@pytest.fixture(autouse=True)
def _collect_on_gui_thread(qapp):
    """As in the app (ui.gc_guard): no cyclic collection in worker threads, collect on this one."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()


@pytest.fixture
def fake_ws(catalog, tmp_path: Path) -> FakeWorkspace:
    return FakeWorkspace(catalog, tmp_path / "ws")


@pytest.fixture
def session(qtbot, fake_ws):
    from ui.session import Session

    s = Session(fake_ws, opener=lambda _path: fake_ws)
    yield s
    s.undo_stack.clear()


@pytest.fixture
def real_ws(tmp_path: Path):
    from zi_desktop.workspace.store import create_workspace

    ws = create_workspace(tmp_path / "real-ws", unit_name="KPPN Uji", year=2026, target="WBK")
    yield ws
    ws.close()


@pytest.fixture
def window(qtbot, real_ws, monkeypatch):  # type: ignore[no-untyped-def]
    """The real main window on the real workspace, shown; error dialogs collected in `win.errors`."""
    from ui import dialogs
    from ui.main_window import MainWindow
    from ui.session import Session

    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: errors.append(str(exc)))
    win = MainWindow()
    qtbot.addWidget(win)
    win.set_session(Session(real_ws, parent=win))
    win.show()
    qtbot.waitExposed(win)
    win.errors = errors
    yield win
    win.close_workspace()
