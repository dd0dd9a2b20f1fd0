"""Start to a usable window, for ZI Desktop and for a bare PySide6 window, measured the same way.

    python bench/app_start.py app WORKSPACE [T0]
    python bench/app_start.py bare [T0]

T0 is the parent's `time.monotonic()` just before it started this process (a system-wide clock on
Linux, Windows and macOS), so the figure includes interpreter start-up and every import. Without
it, the clock starts when this script starts.

`app` goes through the real entry point (`main.py WORKSPACE`: command line, `ui.app.run`,
`MainWindow.open_path`, show). `bare` is QApplication + QMainWindow with a QTreeView of 200 rows, resized to
1400x900 and shown. Both then enter `QApplication.exec()`, which here is replaced by the same
wait: an event loop that runs until the probe widget has received its first paint event (for the
app: the LKE tree's viewport, with the tree model populated; for the bare window: its central
label), then returns. The window's widgets are painted in one pass, so that is the first complete
frame. No PNG is encoded: encoding a screenshot is not start-up.

Prints one JSON line: {"seconds": ..., "rows": ...}.
"""

from __future__ import annotations

import json
import runpy
import sys
import time
from pathlib import Path

T_SCRIPT = time.monotonic()
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_MS = 60_000


def _install_exec_hook(result: dict[str, float | int]) -> None:
    """Replace QApplication.exec by: run events until the window's first complete paint."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView

    class PaintWatch(QObject):
        def __init__(self, loop: QEventLoop, ready: object) -> None:
            super().__init__()
            self.loop, self.ready = loop, ready

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and self.ready():  # type: ignore[operator]
                result["seconds"] = time.monotonic() - result["t0"]
                QTimer.singleShot(0, self.loop.quit)  # after the rest of this paint pass
            return False

    def fake_exec(*_args: object) -> int:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
        if len(windows) != 1:
            raise SystemExit(f"expected one visible main window, found {len(windows)}")
        win = windows[0]
        tree = win.findChild(QTreeView, "lkeTree")
        loop = QEventLoop()
        if tree is not None:
            probe = tree.viewport()
            model = tree.model()

            def ready() -> bool:
                result["rows"] = model.rowCount()
                return result["rows"] > 0

        else:
            probe = win.centralWidget()

            def ready() -> bool:
                return True

        watch = PaintWatch(loop, ready)
        probe.installEventFilter(watch)
        QTimer.singleShot(TIMEOUT_MS, loop.quit)
        loop.exec()
        probe.removeEventFilter(watch)
        if "seconds" not in result:
            raise SystemExit("the window was not painted within the time limit")
        return 0

    QApplication.exec = staticmethod(fake_exec)  # type: ignore[method-assign,assignment]


def bare() -> None:
    """The baseline of issue 15: a bare QMainWindow with a QTreeView (Qt's own item model, as many
    rows and columns as the LKE tree shows), shown at the app's size."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView

    app = QApplication(sys.argv[:1])
    w = QMainWindow()
    model = QStandardItemModel(0, 5)
    for area in range(8):
        parent = QStandardItem(f"Area {area}")
        for row in range(25):
            parent.appendRow([QStandardItem(f"Soal {area}.{row}") for _ in range(5)])
        model.appendRow(parent)
    tree = QTreeView()
    tree.setObjectName("lkeTree")
    tree.setModel(model)
    tree.expandAll()
    w.setCentralWidget(tree)
    w.resize(1400, 900)
    w.show()
    app.exec()


def app(workspace: str) -> None:
    sys.argv = [str(ROOT / "main.py"), workspace]
    try:
        runpy.run_path(str(ROOT / "main.py"), run_name="__main__")
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise


def main() -> int:
    which = sys.argv[1]
    args = sys.argv[2:]
    t0 = T_SCRIPT
    if which == "app":
        workspace = args.pop(0)
    if args:
        t0 = float(args[0])
    result: dict[str, float | int] = {"t0": t0}
    _install_exec_hook(result)
    if which == "app":
        app(workspace)
    elif which == "bare":
        bare()
    else:
        raise SystemExit(f"unknown: {which} (app or bare)")
    if "seconds" not in result:
        raise SystemExit("exec() was never reached")
    result.pop("t0")
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
