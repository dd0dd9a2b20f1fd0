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


def test_the_start_screen_offers_the_tpi_review_and_the_konsol_instansi(qtbot, quiet, monkeypatch):  # type: ignore[no-untyped-def]
    """The TPI and the instansi's coordinator start from the same first screen as a unit does."""
    from ui import hub_window, review_actions
    from ui.main_window import MainWindow

    opened: list[str] = []
    monkeypatch.setattr(review_actions, "open_for_review", lambda _w: opened.append("reviu"))

    class FakeHub:
        def show(self) -> None:
            opened.append("konsol")

        def raise_(self) -> None:
            pass

    monkeypatch.setattr(hub_window, "HubWindow", FakeHub)
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.stack.currentWidget() is win.start
    assert win.start.review_btn.isVisible() and win.start.hub_btn.isVisible()
    win.start.review_btn.click()
    win.start.hub_btn.click()
    assert opened == ["reviu", "konsol"]
    win.close()


def test_a_recent_workspace_that_is_gone_stays_listed_and_is_marked(qtbot, tmp_path, real_ws):  # type: ignore[no-untyped-def]
    from ui.start import StartPage

    page = StartPage()
    qtbot.addWidget(page)
    gone = str(tmp_path / "flashdisk" / "ws")
    page.set_recent([str(real_ws.path), gone])
    texts = [page.recent.item(i).text() for i in range(page.recent.count())]
    assert texts == [str(real_ws.path), gone + "  (tidak ditemukan)"]
    assert page.recent.item(1).data(0x0100) == gone  # UserRole: still opens the path itself
