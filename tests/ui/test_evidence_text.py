"""The unit's evidence text (e.g. from a workbook's evidence column) is shown and editable on the
question page, undoable, and counts as evidence for the tree's marker."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from ui.tree_model import NO_EVIDENCE, MarkersRole


def _markers(win, sid):  # type: ignore[no-untyped-def]
    return win.view.model.index_of_soal(sid).data(MarkersRole) or frozenset()


def test_evidence_text_is_shown_edited_and_counts(qtbot, real_ws) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    real_ws.set_answer(7, "A")
    real_ws.set_evidence_text(7, "SK Kepala Kantor No. 12/2026 (arsip TU)")
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_path(real_ws.path)
    win.view.select_soal(7)
    box = win.view.question.findChild(QPlainTextEdit, "evidenceText")
    assert box is not None and box.toPlainText() == "SK Kepala Kantor No. 12/2026 (arsip TU)"
    assert "keterangan bukti dukung ada di bawah" in win.view.question.evidence.hint.text()
    assert NO_EVIDENCE not in _markers(win, 7)
    # edit it as a user would: type, leave the box
    box.setFocus()
    box.selectAll()
    box.insertPlainText("Daftar hadir sosialisasi")
    box.flush()
    assert win.session.ws.record(7).bukti_dukung_unit == "Daftar hadir sosialisasi"
    win.session.undo_stack.undo()
    assert win.session.ws.record(7).bukti_dukung_unit == "SK Kepala Kantor No. 12/2026 (arsip TU)"
    # emptied: the question has no evidence any more
    box.selectAll()
    box.insertPlainText("")
    box.flush()
    assert NO_EVIDENCE in _markers(win, 7)
    win.close()
