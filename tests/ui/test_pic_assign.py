"""The coordinator sets who is in charge from the app: Sunting > Tetapkan PIC (or the tree's
context menu) on an area, a sub-area or a question; the tree, its PIC filter and the history show
it; undo and redo put it back; Batal and an unassignable row change nothing."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from ui import dialogs
from zi_desktop.workspace import team


def _select(view, kind: str, ref: int) -> QModelIndex:  # type: ignore[no-untyped-def]
    model = view.model
    src = model.index_of_soal(ref) if kind == "soal" else model.index_of_node(ref)
    idx = view.proxy.mapFromSource(src)
    view.tree.setCurrentIndex(idx)
    return idx


def test_assign_an_area_then_a_question_and_undo(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ws = window.session.ws
    view = window.view
    cat = ws.catalog
    area = next(n for n in cat.nodes.values() if n.level == "area" and n.area_no == 1)
    asked: list[tuple[str, str, list[str]]] = []
    answers = iter(["  Ani Rahma ", "Budi"])
    monkeypatch.setattr(
        dialogs, "ask_pic", lambda _p, where, cur, names: asked.append((where, cur, names)) or next(answers)
    )
    _select(view, "node", area.node_id)
    window.act_pic.trigger()
    pics = team.pic_map(ws)
    in_area = [s for n in cat.walk(area.node_id) for s in n.soal]
    assert in_area and all(pics[s] == "Ani Rahma" for s in in_area)
    assert asked[0][0].startswith("area 1") and asked[0][1] == ""
    # a question of that area gets its own PIC; the dialog offers the names already used
    sid = in_area[0]
    _select(view, "soal", sid)
    window.act_pic.trigger()
    assert asked[1] == (f"soal {sid}", "", ["Ani Rahma"])
    assert team.pic_map(ws)[sid] == "Budi"
    assert [view.pic_filter.itemText(i) for i in range(1, view.pic_filter.count())][:2] == ["Ani Rahma", "Budi"]
    assert "Budi" in view.model.index_of_soal(sid).data() or "Budi" in view.model.pics.get(sid, "")
    # undo: the question is Ani's again (the area's); undo again: nobody's; redo: Ani's
    window.session.undo_stack.undo()
    assert team.pic_map(ws)[sid] == "Ani Rahma"
    window.session.undo_stack.undo()
    assert team.pic_map(ws) == {}
    window.session.undo_stack.redo()
    assert team.pic_map(ws)[sid] == "Ani Rahma"
    assert window.errors == []


def test_cancel_and_a_row_without_pic_change_nothing(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ws = window.session.ws
    view = window.view
    monkeypatch.setattr(dialogs, "ask_pic", lambda *_a: None)
    _select(view, "soal", 1)
    window.act_pic.trigger()
    assert team.pic_map(ws) == {} and window.session.undo_stack.count() == 0
    # a component row (above the areas) has no PIC: nothing is asked, the status bar says why
    top = next(n for n in ws.catalog.nodes.values() if n.level == "komponen")
    called: list[bool] = []
    monkeypatch.setattr(dialogs, "ask_pic", lambda *_a: called.append(True) or "X")
    _select(view, "node", top.node_id)
    window.act_pic.trigger()
    assert called == [] and "Pilih dulu" in window.statusBar().currentMessage()


def test_the_context_menu_offers_assign_and_remove(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ui import team_assign

    ws = window.session.ws
    view = window.view
    team.set_pic(ws, "Citra", soal=(5,))
    window.session.reload()
    idx = _select(view, "soal", 5)
    shown: list[list[str]] = []
    monkeypatch.setattr(team_assign, "show_menu", lambda menu, _at: shown.append([a.text() for a in menu.actions()]))
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    at, viewport = view.tree.visualRect(idx).center(), view.tree.viewport()
    click = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, viewport.mapToGlobal(at))
    QApplication.sendEvent(viewport, click)  # a right click on the row
    assert shown == [["Tetapkan PIC untuk soal 5…", "Hapus PIC soal 5"]]
    assert team_assign.assign(view, idx, clear=True)
    assert team.pic_map(ws) == {}
