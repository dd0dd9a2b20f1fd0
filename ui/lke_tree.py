"""The LKE tree's view: a QTreeView whose question rows take dropped files and links, where the
letters of an option pick that option of the open question, and whose context menu is the
window's (the PIC of a row).

These are the view's own event handlers rather than event filters or a context-menu policy: a
Python filter on the viewport ran for every event it received (each paint, each mouse move), these
only for a drag, a key or a right click; and a policy is set with PySide6's Qt namespace, which the
first window is painted without (ui.qt_names).

The view makes its viewport itself. A viewport that Qt makes is a C++ object Python has not seen;
the first time Python is handed such a QWidget, PySide6 (6.8 and later, whose classes are built
on first use) builds every QWidget subclass of QtWidgets to find its type, about 70 enum types,
some 14 ms of the window's start (measured here). A viewport made in Python is already known.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QTreeView, QWidget

from ui.qt_names import Qt

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QPoint, QUrl

PICK_LETTERS = "ABCDEYT"


class LkeTree(QTreeView):
    def __init__(
        self,
        on_drop: Callable[[int, list[str], list[QUrl]], object],
        pick_key: Callable[[str], bool],
        on_menu: Callable[[QPoint], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.on_drop, self.pick_key, self.on_menu = on_drop, pick_key, on_menu
        viewport = QWidget()
        viewport.setAcceptDrops(True)
        self.setViewport(viewport)
        self.setAcceptDrops(True)

    # -- keyboard ----------------------------------------------------------------------------
    def keyPressEvent(self, event: Any) -> None:
        # A letter picks an option while the tree has focus (the tree would otherwise use it to
        # jump to a row by its first letter).
        text = event.text().upper()
        if (
            len(text) == 1
            and text in PICK_LETTERS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and self.pick_key(text)
        ):
            event.accept()
            return
        super().keyPressEvent(event)

    # -- context menu (right click, the menu key, Shift+F10) -----------------------------------
    def contextMenuEvent(self, event: Any) -> None:
        event.accept()
        self.on_menu(event.pos())  # of the viewport for a click, as customContextMenuRequested gave

    # -- drops -------------------------------------------------------------------------------
    def soal_at(self, pos: Any) -> int | None:
        """The question whose row is at `pos` of the viewport, or None (an area, nothing)."""
        from ui.tree_model import KindRole, RefRole

        idx = self.indexAt(pos)
        if not idx.isValid() or idx.siblingAtColumn(0).data(KindRole) != "soal":
            return None
        return int(idx.siblingAtColumn(0).data(RefRole))

    def dragEnterEvent(self, event: Any) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()  # where it may land is decided as it moves
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        if self._target(event) is None:
            event.ignore()
        else:
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        sid = self._target(event)
        if sid is None:
            event.ignore()
            return
        event.acceptProposedAction()
        urls = event.mimeData().urls()
        self.on_drop(sid, [u.toLocalFile() for u in urls if u.isLocalFile()], urls)

    def _target(self, event: Any) -> int | None:
        if not event.mimeData().hasUrls():
            return None
        return self.soal_at(event.position().toPoint())
