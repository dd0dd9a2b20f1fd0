"""Start the desktop app: `run(workspace, screenshot, page)` (called by main.run_gui)."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path


def run(
    workspace: str | None = None,
    screenshot: str | None = None,
    page: str = "question",
    size: tuple[int, int] = (1400, 900),
) -> int:
    # GarbageCollector (below) switches automatic collection off for the app's life; doing it now,
    # before the imports, spares start-up some 50 collections that walk every new Qt enum class and
    # dataclass again and again (about 25 ms of a 350 ms start).
    gc.disable()
    if screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from ui.crash import install as install_crash_handler
    from ui.gc_guard import GarbageCollector
    from ui.i18n import install_translators
    from ui.main_window import MainWindow
    from zi_desktop.errors import UserError

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "zi-desktop"])
    app.setOrganizationName("ZI Desktop")
    app.setApplicationName("ZI Desktop")
    install_translators(app)  # type: ignore[arg-type]
    collector = GarbageCollector(app)
    crash = install_crash_handler(app)
    win = MainWindow()
    if workspace:
        if screenshot:
            from zi_desktop.workspace.store import open_workspace

            open_workspace(Path(workspace), read_only=True).close()  # a bad path: one line, exit 2
        if not win.open_path(workspace) and screenshot:
            raise UserError(f"workspace {workspace} tidak dapat dibuka")
    else:
        win.open_startup()
    try:
        if screenshot:
            return save_screenshot(win, screenshot, page, size)
        win.show()
        return int(app.exec())
    finally:
        crash.uninstall()
        collector.stop()


def save_screenshot(win, path: str, page: str = "question", size: tuple[int, int] = (1400, 900)) -> int:  # type: ignore[no-untyped-def]
    """Render the main window at `size` to a PNG (works offscreen), after the advice is ready."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    win.resize(*size)
    win.show()
    if win.view is not None and win.session is not None and page != "dashboard":
        sid = win.session.representative_question()
        if sid is not None:
            win.view.select_soal(sid)
    win.show_page(page)
    if win.view is not None and win.view.dashboard_built:
        task = win.view.dashboard.advice_task
        if task is not None and task.running:
            loop = QEventLoop()
            task.finished.connect(loop.quit)
            QTimer.singleShot(20000, loop.quit)
            loop.exec()
    for _ in range(3):
        QApplication.processEvents()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    ok = win.grab().save(str(path))
    win.close()
    return 0 if ok else 1
