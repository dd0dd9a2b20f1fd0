"""Screenshots of a new user's first steps on a 1366x768 laptop screen (issue 16), offscreen:
the first start (demo with its banner), the guide, the export dialog, an import preview.

    QT_QPA_PLATFORM=offscreen python tools/screenshots_1366.py docs/screenshots/1366

Each dialog is rendered as the user would meet it (the real dialog functions), then closed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(out: Path) -> int:
    os.environ["ZI_DESKTOP_HOME"] = tempfile.mkdtemp(prefix="zi-shots-")
    os.environ["XDG_CONFIG_HOME"] = os.environ["ZI_DESKTOP_HOME"]
    from PySide6.QtCore import QSize, QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    from ui import dialogs, screen
    from ui.i18n import install_translators

    app = QApplication([])
    install_translators(app)
    screen.available_size = lambda _w=None: QSize(1366, 728)  # 768 less a taskbar
    from ui.main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    win = MainWindow()
    win.resize(1366, 768)
    win.open_startup()
    win.show()
    for _ in range(5):
        app.processEvents()
    win.grab().save(str(out / "first-start.png"))

    guide = dialogs.show_guide(win, "nilai")
    for _ in range(3):
        app.processEvents()
    guide.grab().save(str(out / "guide.png"))
    guide.close()

    def grab_box(name: str) -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, (QMessageBox, QDialog)) and w.isVisible() and w is not win:
                for _ in range(3):
                    app.processEvents()
                w.grab().save(str(out / name))
                size = w.size()
                print(f"{name}: {size.width()}x{size.height()}")
                w.reject()
                return
        print(f"{name}: no dialog found")

    from ui import transfer

    QTimer.singleShot(300, lambda: grab_box("export-dialog.png"))
    transfer.confirm_readiness(win, win.session)

    # an import preview: the reference workbook, as a TPI would hand it back
    ref = ROOT.parent / "shared" / "reference" / "lke-lampiran3-filled-sample.xlsx"
    if ref.is_file():
        dialogs.pick_open_file = lambda *_a, **_k: str(ref)  # type: ignore[assignment]
        QTimer.singleShot(4000, lambda: grab_box("import-preview.png"))
        transfer.import_answers(win, win.session, win.runner)
        win.runner.wait()
        for _ in range(60):
            app.processEvents()
    win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots/1366")))
