"""The IPAK/IPKP survey box (issue 9): both decimal separators are taken, anything else is named at
once, in words, under the box, and nothing wrong is saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

IPAK = 125  # a survey question (0-4) in the 2026 catalog


def _type(qtbot, box, text: str) -> None:
    box.edit.setFocus()
    box.edit.selectAll()
    qtbot.keyClick(box.edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(box.edit, text)
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)


@pytest.mark.parametrize("typed", ["3.45", "3,45", " 3,45 "])
def test_both_separators_are_taken(qtbot, window, typed):
    view = window.view
    assert view.select_soal(IPAK)
    box = view.question.boxes[IPAK]
    _type(qtbot, box, typed)
    assert window.session.ws.record(IPAK).jawaban_unit == pytest.approx(3.45)
    assert box.problem.isHidden()
    assert box.edit.text() == "3,45"
    assert not window.errors


@pytest.mark.parametrize(
    ("typed", "words"),
    [("5", "antara 0 dan 4"), ("abc", "bukan angka"), ("-1", "antara 0 dan 4"), ("3,456", "dua angka")],
)
def test_a_wrong_score_is_named_at_once_and_never_saved(qtbot, window, typed, words):
    view = window.view
    assert view.select_soal(IPAK)
    box = view.question.boxes[IPAK]
    _type(qtbot, box, "2,5")
    assert window.session.ws.record(IPAK).jawaban_unit == pytest.approx(2.5)
    history = len(window.session.ws.history(IPAK))
    box.edit.setFocus()
    box.edit.selectAll()
    qtbot.keyClick(box.edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(box.edit, typed)
    # at once, while typing: visible, in Indonesian, naming the problem
    assert box.problem.isVisible()
    assert words in box.problem.text()
    assert box.problem.text().startswith("Belum tersimpan")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    view.tree.setFocus()  # leaving the box does not save it either
    assert box.problem.isVisible()
    assert window.session.ws.record(IPAK).jawaban_unit == pytest.approx(2.5)
    assert len(window.session.ws.history(IPAK)) == history
    # corrected: the message goes, the score is saved
    _type(qtbot, box, "3")
    assert box.problem.isHidden()
    assert window.session.ws.record(IPAK).jawaban_unit == pytest.approx(3.0)


def test_empty_clears_and_tpi_box_takes_a_dot_too(qtbot, window):
    view = window.view
    assert view.select_soal(IPAK)
    panel = view.question
    box = panel.boxes[IPAK]
    _type(qtbot, box, "3.6")
    assert window.session.ws.record(IPAK).jawaban_unit == pytest.approx(3.6)
    _type(qtbot, box, "")
    assert window.session.ws.record(IPAK).jawaban_unit is None
    _type(qtbot, panel.tpi_box, "3.10")
    assert window.session.ws.record(IPAK).jawaban_tpi == pytest.approx(3.1)
    window.act_undo.trigger()
    assert window.session.ws.record(IPAK).jawaban_tpi is None
    assert panel.tpi_box.edit.text() == ""
