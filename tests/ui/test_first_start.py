"""The first start: the demo says it is a demo and offers the unit's own workspace; the window fits
the screen it opens on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel, QPushButton

from ui import dialogs


@pytest.fixture
def quiet(monkeypatch):  # type: ignore[no-untyped-def]
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: errors.append(str(exc)))
    return errors


def test_the_demo_carries_a_banner_with_one_button_to_start_the_units_own(qtbot, quiet, monkeypatch, real_ws):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.open_startup()  # first run: the demo
    assert win.demo_banner is not None, quiet
    win.show()
    qtbot.waitExposed(win)
    assert win.demo_banner.isVisible()
    text = " ".join(w.text() for w in win.demo_banner.findChildren(QLabel))
    assert "workspace contoh" in text and "data demo" in text
    asked: list[bool] = []
    monkeypatch.setattr(dialogs, "ask_new_workspace", lambda _p: asked.append(True) or None)
    win.demo_banner.findChild(QPushButton, "demoCreateOwn").click()
    assert asked == [True]
    # the unit's own workspace has no banner
    win.open_path(real_ws.path)
    assert win.demo_banner is None
    assert win.stack.currentWidget() is win.view
    win.close()


def test_the_window_fits_the_available_screen(qtbot, quiet, monkeypatch):  # type: ignore[no-untyped-def]
    from ui import screen
    from ui.main_window import MainWindow

    monkeypatch.setattr(screen, "available_size", lambda _w=None: QSize(1366, 728))  # 768 less a taskbar
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.width() <= 1366 and win.height() <= 728
    assert (win.width(), win.height()) == (int(1366 * screen.MARGIN), int(728 * screen.MARGIN))
    monkeypatch.setattr(screen, "available_size", lambda _w=None: QSize(2560, 1400))
    big = MainWindow()
    qtbot.addWidget(big)
    assert (big.width(), big.height()) == (1400, 900)
