"""The Berkas menu's TPI review entries: open a unit's bundle for review, take a review result in,
export it, open the unit's next bundle onto the review, print preview of the reports.

The entries are made with the window; what they do (`ui.review_actions`, with its dialogs and the
review commands) is imported when one is first used, so the app's start does not load it (issue 15).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence


def _tr(text: str) -> str:
    return QCoreApplication.translate("Review", text)


def review_actions() -> ModuleType:
    """`ui.review_actions`, imported on first use."""
    from ui import review_actions as module

    return module


def install(window: Any, menu: Any) -> None:
    """Add the review entries to the Berkas menu (after import/export)."""

    def act(text: str, name: str, needs_ws: bool = True) -> QAction:
        a = QAction(window)  # then the text (as MainWindow._action: no QIcon types built)
        a.setText(text)

        def run(_checked: bool = False) -> None:
            if needs_ws and window.session is None:
                return
            args = (window, window.session) if needs_ws else (window,)
            getattr(review_actions(), name)(*args)

        a.triggered.connect(run)
        if needs_ws:
            window.ws_actions.append(a)
        menu.addAction(a)
        return a

    menu.addSeparator()
    window.act_review_open = act(_tr("Buka paket untuk re&viu…"), "open_for_review", needs_ws=False)
    window.act_review_accept = act(_tr("Te&rima hasil reviu…"), "accept_review")
    window.act_review_export = act(_tr("Ekspor &hasil reviu…"), "export_review_result")
    window.act_review_update = act(_tr("Buka paket unit &berikutnya pada reviu…"), "update_from_bundle")
    window.act_report = act(_tr("&Pratinjau cetak laporan (LHE / mandiri)…"), "print_preview")
    window.act_report.setShortcuts(QKeySequence.listFromString("Ctrl+P"))  # as MainWindow._action
