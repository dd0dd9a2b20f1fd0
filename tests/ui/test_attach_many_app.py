"""Several files attached in one step in the app (issue 15): picked with the button, dropped on a
question's row of the tree, or a whole folder named by soal number; in the background with
progress and Batal (a cancel leaves nothing attached), and one undo step for all of it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from ui import dialogs
from zi_desktop.workspace import blobs as blobs_mod


def _file(folder: Path, name: str, size: int = 4000) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(os.urandom(size))
    return p


def _names(win: Any, soal_id: int) -> set[str]:
    return {e.name for e in win.session.ws.evidence(soal_id)}


def _idle(qtbot: Any, win: Any) -> None:
    qtbot.waitUntil(lambda: not win.runner.busy(), timeout=20000)


def test_several_picked_files_are_attached_in_one_undo_step(qtbot, window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    files = [_file(tmp_path, n) for n in ("SK Tim.pdf", "foto.jpg", "notulen.docx")]
    monkeypatch.setattr(dialogs, "pick_files", lambda _p: [str(f) for f in files])
    window.view.select_soal(7)
    steps = window.session.undo_stack.count()
    window.view.question.evidence.add_files_btn.click()
    _idle(qtbot, window)
    assert _names(window, 7) == {f.name for f in files}
    assert window.view.question.evidence.model.rowCount() == 3  # the list shows them
    assert window.session.undo_stack.count() == steps + 1
    window.act_undo.trigger()
    assert _names(window, 7) == set()
    assert window.view.question.evidence.model.rowCount() == 0
    window.act_redo.trigger()
    assert _names(window, 7) == {f.name for f in files}
    assert window.errors == []


def _row_point(win: Any, soal_id: int) -> Any:
    view = win.view
    idx = view.proxy.mapFromSource(view.model.index_of_soal(soal_id))
    view.tree.scrollTo(idx)
    return QPointF(view.tree.visualRect(idx).center())


def _drop(win: Any, point: Any, urls: list[QUrl]) -> bool:
    """Drag `urls` into the tree, over `point`, and drop them there; whether the drop was taken.
    (Qt delivers a drop only to the widget that accepted the drag's enter event, as in a real drag.)"""
    mime = QMimeData()
    mime.setUrls(urls)
    viewport = win.view.tree.viewport()
    how = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(point, *how)
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(point, *how)
    QApplication.sendEvent(viewport, move)
    drop = QDropEvent(point, *how)
    QApplication.sendEvent(viewport, drop)
    return move.isAccepted() and drop.isAccepted()


def test_files_dropped_on_a_question_of_the_tree_are_attached_to_it(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    files = [_file(tmp_path, n) for n in ("daftar hadir.pdf", "dokumentasi.png")]
    window.view.select_soal(3)  # another question is open: the drop goes where it lands
    assert _drop(window, _row_point(window, 12), [QUrl.fromLocalFile(str(f)) for f in files])
    _idle(qtbot, window)
    assert _names(window, 12) == {f.name for f in files}
    assert _names(window, 3) == set()
    window.act_undo.trigger()  # both files in one step
    assert _names(window, 12) == set()
    assert window.errors == []


def test_a_drop_on_an_area_row_is_refused(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    view = window.view
    area = view.proxy.index(0, 0)  # the first top-level row: a component, not a question
    point = QPointF(view.tree.visualRect(area).center())
    assert not _drop(window, point, [QUrl.fromLocalFile(str(_file(tmp_path, "x.pdf")))])
    assert window.session.ws.evidence() == []


def test_a_folder_named_by_soal_is_previewed_then_attached_in_one_step(qtbot, window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    d = tmp_path / "Bukti ZI"
    _file(d, "7_SK_Tim.pdf")
    _file(d, "12/foto kegiatan.jpg")
    _file(d, "12/daftar hadir.png")
    _file(d, "catatan.txt")
    asked: list[tuple[str, str]] = []
    answer = [False]

    def confirm(_p: Any, _title: str, text: str, details: str | None = None) -> bool:
        asked.append((text, details or ""))
        return answer[0]

    monkeypatch.setattr(dialogs, "pick_folder", lambda _p, _t: str(d))
    monkeypatch.setattr(dialogs, "confirm", confirm)
    window.act_attach_folder.trigger()  # the preview, answered Tidak: nothing happens
    _idle(qtbot, window)
    assert window.session.ws.evidence() == []
    text, details = asked[0]
    assert "3 berkas akan dilampirkan ke 2 soal" in text and "1 berkas tidak dilampirkan" in text
    assert "Soal 7:" in details and "12/foto kegiatan.jpg" in details.replace(os.sep, "/")
    assert "catatan.txt" in details
    answer[0] = True
    steps = window.session.undo_stack.count()
    window.act_attach_folder.trigger()
    _idle(qtbot, window)
    assert _names(window, 7) == {"7_SK_Tim.pdf"}
    assert _names(window, 12) == {"foto kegiatan.jpg", "daftar hadir.png"}
    assert window.session.undo_stack.count() == steps + 1
    assert "2 soal" in window.session.undo_stack.undoText()
    window.act_undo.trigger()
    assert window.session.ws.evidence() == []
    assert window.errors == []


def test_a_folder_with_a_number_that_is_no_soal_attaches_nothing(qtbot, window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    d = tmp_path / "Bukti"
    _file(d, "7_SK_Tim.pdf")
    _file(d, "999_lain.pdf")
    monkeypatch.setattr(dialogs, "pick_folder", lambda _p, _t: str(d))
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)
    window.act_attach_folder.trigger()
    _idle(qtbot, window)
    assert window.session.ws.evidence() == []
    assert len(window.errors) == 1 and "999_lain.pdf" in window.errors[0] and "999" in window.errors[0]


def test_one_bad_file_among_several_attaches_none(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    good = _file(tmp_path, "sk.pdf")
    window.view.select_soal(7)
    window.view.question.evidence.attach_paths([str(good), str(tmp_path / "hilang.pdf")])
    _idle(qtbot, window)
    assert window.session.ws.evidence() == []
    assert len(window.errors) == 1 and "hilang.pdf" in window.errors[0] and "soal 7" in window.errors[0]


def test_cancel_leaves_nothing_attached_and_no_undo_step(qtbot, window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ui.evidence import attach_plan

    monkeypatch.setattr(blobs_mod, "CHUNK", 64 * 1024)
    files = [_file(tmp_path, f"{i}_video.mp4", 8 * 1024 * 1024) for i in range(4)]
    steps = window.session.undo_stack.count()
    task = attach_plan(window.session, window.runner, [(7, files[0]), (7, files[1]), (12, files[2]), (30, files[3])])
    task.cancel()  # what Batal on the progress dialog does
    _idle(qtbot, window)
    assert task.result is None and type(task.error).__name__ == "Cancelled"
    assert window.session.ws.evidence() == []
    assert window.session.undo_stack.count() == steps
    assert [p for p in (window.session.ws.path / "tmp").iterdir() if p.suffix == ".part"] == []
    assert window.errors == []  # a cancel is quiet
