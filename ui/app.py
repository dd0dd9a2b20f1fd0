"""Placeholder app entry; replaced by the real main window (issue 4)."""

from __future__ import annotations


def run(workspace: str | None = None, screenshot: str | None = None, page: str = "question") -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([])
    label = QLabel("ZI Desktop")
    label.resize(1400, 900)
    if screenshot:
        label.grab().save(screenshot)
        return 0
    label.show()
    return int(app.exec())
