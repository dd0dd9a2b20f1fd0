"""Who is in charge (PIC) of an area, a sub-area or a question, set from the tree: its context menu
(right click, or the menu key / Shift+F10) and Sunting > Tetapkan PIC. One undo step per change;
the work is `zi_desktop.workspace.team.set_pic`, the same as `zi-desktop tugas WS --pic NAME`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint
from PySide6.QtGui import QUndoCommand

from ui import dialogs


def _tr(text: str) -> str:
    return QCoreApplication.translate("TeamAssign", text)


def target_of(view: Any, index: QModelIndex) -> tuple[str, int, str] | None:
    """(scope, ref, words) of a tree row that can have a PIC: an area, a sub-area or a question."""
    from ui.tree_model import KindRole, RefRole

    if not index.isValid():
        return None
    index = index.siblingAtColumn(0)
    kind, ref = index.data(KindRole), index.data(RefRole)
    catalog = view.session.catalog
    if kind == "soal":
        return "soal", int(ref), _tr("soal %1").replace("%1", str(ref))
    if kind == "node":
        node = catalog.nodes[int(ref)]
        if node.level == "area" and node.area_no is not None:
            return (
                "area",
                int(node.area_no),
                _tr("area %1 (%2)").replace("%1", str(node.area_no)).replace("%2", node.short_name or node.name),
            )
        if node.level == "sub_area":
            return "sub_area", int(ref), _tr("sub-area %1").replace("%1", node.name)
    return None


def current_pic(ws: Any, scope: str, ref: int) -> str | None:
    """The assignment made at exactly this place (not the one inherited from above)."""
    from zi_desktop.workspace import team

    return next((a.pic for a in team.assignments(ws) if a.scope == scope and a.ref == ref), None)


class PicCommand(QUndoCommand):
    """One PIC assignment: redo sets `new`, undo puts back `old` (None: no assignment)."""

    def __init__(self, session: Any, scope: str, ref: int, words: str, old: str | None, new: str | None) -> None:
        super().__init__(_tr("PIC %1").replace("%1", words))
        self.session, self.scope, self.ref, self.old, self.new = session, scope, ref, old, new
        self._first = True

    def _write(self, pic: str | None) -> None:
        from zi_desktop.workspace import team

        ws = self.session.ws
        if self.scope == "area":
            team.set_pic(ws, pic, area=self.ref)
        elif self.scope == "sub_area":
            team.set_pic(ws, pic, sub_area=self.ref)
        else:
            team.set_pic(ws, pic, soal=(self.ref,))
        self.session.reload()  # the tree, its PIC filter and the per-PIC progress read it again

    def redo(self) -> None:
        if self._first:  # written before it was pushed
            self._first = False
            return
        self._write(self.new)

    def undo(self) -> None:
        self._write(self.old)


def assign(view: Any, index: QModelIndex, clear: bool = False) -> bool:
    """Ask for the PIC of the row at `index` (or remove it) and save it; False when nothing changed."""
    from zi_desktop.errors import UserError

    target = target_of(view, index)
    session = view.session
    from zi_desktop.workspace.store import Workspace

    if target is None or not isinstance(session.ws, Workspace):
        return False
    scope, ref, words = target
    old = current_pic(session.ws, scope, ref)
    if clear:
        new: str | None = None
    else:
        names = sorted(set(view.model.pics.values()), key=str.lower)
        got = dialogs.ask_pic(view, words, old or "", names)
        if got is None:
            return False
        new = got.strip() or None
    if (old or None) == new:
        return False
    cmd = PicCommand(session, scope, ref, words, old, new)
    try:
        cmd._write(new)
    except UserError as exc:
        dialogs.show_error(view, exc)
        return False
    session.undo_stack.push(cmd)
    return True


def build_menu(view: Any, index: QModelIndex) -> Any:
    """Tetapkan PIC… / Hapus PIC for the row at `index`; None for a row that has no PIC."""
    from PySide6.QtWidgets import QMenu

    target = target_of(view, index)
    if target is None:
        return None
    menu = QMenu(view.tree)
    menu.addAction(_tr("Tetapkan PIC untuk %1…").replace("%1", target[2]), lambda: assign(view, index))
    if current_pic(view.session.ws, target[0], target[1]):
        menu.addAction(_tr("Hapus PIC %1").replace("%1", target[2]), lambda: assign(view, index, clear=True))
    return menu


def show_menu(menu: Any, where: QPoint) -> None:
    """Opens the menu (modal until chosen); tests replace it."""
    menu.exec(where)


def menu_at(view: Any, pos: QPoint) -> None:
    """The tree's context menu (right click, the menu key, Shift+F10) at `pos` of its viewport; the
    view routes its tree's `customContextMenuRequested` here."""
    tree = view.tree
    index = tree.indexAt(pos)
    if not index.isValid():
        index = tree.currentIndex()
    menu = build_menu(view, index)
    if menu is not None:
        show_menu(menu, tree.viewport().mapToGlobal(pos))
