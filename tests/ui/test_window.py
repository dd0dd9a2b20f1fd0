"""The real widgets over a real workspace: answer by clicking, counts, drag and drop, undo,
keyboard, dashboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from ui import dialogs
from ui.format import num
from ui.tree_model import COL_ANSWER, COL_SCORE, ERROR, UNANSWERED, MarkersRole


def _wait_advice(qtbot, win):
    task = win.view.dashboard.advice_task
    if task is not None and task.running:
        with qtbot.waitSignal(task.finished, timeout=20000):
            pass


def test_clicking_an_option_updates_tree_and_dashboard(qtbot, window):
    view = window.view
    assert view.select_soal(1)
    panel = view.question
    total_before = view.dashboard.total_label.text()
    node_score = view.model.index_of_node(window.session.catalog.soal[1].node_id, COL_SCORE)
    assert node_score.data() == "0,00"
    qtbot.mouseClick(panel.choice.buttons["Ya"], Qt.MouseButton.LeftButton)
    assert window.session.ws.record(1).jawaban_unit == "Ya"
    assert view.model.index_of_soal(1, COL_ANSWER).data() == "Ya"
    assert node_score.data() == "0,50"
    assert view.dashboard.total_label.text() != total_before
    assert view.dashboard.bars.bars[0].value == pytest.approx(window.session.result.total)


def test_undo_restores_the_previous_answer(qtbot, window):
    view = window.view
    view.select_soal(5)
    panel = view.question
    qtbot.mouseClick(panel.choice.buttons["A"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.choice.buttons["C"], Qt.MouseButton.LeftButton)
    assert window.session.ws.record(5).jawaban_unit == "C"
    window.act_undo.trigger()
    assert window.session.ws.record(5).jawaban_unit == "A"
    assert panel.choice.buttons["A"].isChecked()
    window.act_undo.trigger()
    assert window.session.ws.record(5).jawaban_unit is None
    assert view.model.index_of_soal(5, COL_ANSWER).data() == "–"
    window.act_redo.trigger()
    assert window.session.ws.record(5).jawaban_unit == "A"


def test_count_typed_into_percentage_updates_computed_value(qtbot, window):
    view = window.view
    idx = view.proxy.mapFromSource(view.model.index_of_computed("PRA1A"))
    view.tree.setCurrentIndex(idx)
    panel = view.question
    agents, changes = panel.boxes[88], panel.boxes[89]
    value = panel.computed_labels["PRA1A"]
    agents.lineEdit().selectAll()
    qtbot.keyClicks(agents, "10")
    qtbot.keyClick(agents, Qt.Key.Key_Return)
    changes.lineEdit().selectAll()
    qtbot.keyClicks(changes, "8")
    qtbot.keyClick(changes, Qt.Key.Key_Return)
    assert window.session.ws.record(89).jawaban_unit == 8
    assert "80 %" in value.text()
    assert view.model.index_of_computed("PRA1A", COL_ANSWER).data() == "80 %"
    # more changes than agents: capped at 100 %, as the sheet, with no remark (one agent, several changes)
    changes.setValue(12)
    assert "100 %" in value.text() and "Galat" not in value.text() and "Periksa" not in value.text()
    # changes by no agents: an input error, shown in words
    agents.setValue(0)
    assert "Galat" in value.text()
    view.set_filter(marker=ERROR)
    assert view.proxy.rowCount() > 0


def test_an_impossible_count_shows_advice_on_its_question(qtbot, window):
    view = window.view
    view.tree.setCurrentIndex(view.proxy.mapFromSource(view.model.index_of_computed("PRA1B")))
    panel = view.question
    made, integrated = panel.boxes[90], panel.boxes[91]
    made.setValue(3)
    integrated.setValue(5)  # more changes integrated than made: scored 100 %, with advice in words
    text = panel.computed_labels["PRA1B"].text()
    assert "100 %" in text and "Periksa" in text and "terintegrasi" in text and "Galat" not in text
    label = panel.computed_labels["PRA1B"]
    qtbot.waitUntil(lambda: label.height() > 2 * label.fontMetrics().height())  # the advice laid out
    window.grab().save(str(window.session.ws.path.parent / "advice.png"))


def test_dropping_a_file_adds_evidence(qtbot, window, tmp_path: Path):
    view = window.view
    view.select_soal(2)
    box = view.question.evidence
    f = tmp_path / "SK Tim ZI.pdf"
    f.write_bytes(b"%PDF-1.4 contoh")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f))])
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    # Qt delivers a drop only to the widget that accepted the drag's enter event, as in a real drag.
    enter = QDragEnterEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(box, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(box, QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, buttons, mods))
    qtbot.waitUntil(lambda: box.model.rowCount() == 1 or bool(window.errors), timeout=10000)
    assert not window.errors
    assert window.session.ws.evidence(2)[0].name == "SK Tim ZI.pdf"
    assert "SK Tim ZI.pdf" in box.model.index(0).data()
    window.act_undo.trigger()
    assert window.session.ws.evidence(2) == []
    assert not window.errors


def test_undo_of_a_repeated_attach_keeps_the_first(qtbot, window, tmp_path: Path):
    view = window.view
    view.select_soal(2)
    box = view.question.evidence
    f = tmp_path / "SK.pdf"
    f.write_bytes(b"%PDF-1.4 sama")
    stack = window.session.undo_stack
    start = stack.count()
    for _ in range(2):
        box.attach_paths([str(f)])
        qtbot.waitUntil(lambda: not window.runner.busy(), timeout=10000)
        assert len(window.session.ws.evidence(2)) == 1
    # the second attach found the file already there: it adds no undo step of its own
    assert stack.count() == start + 1
    window.act_undo.trigger()
    assert window.session.ws.evidence(2) == []
    window.act_redo.trigger()
    assert [e.name for e in window.session.ws.evidence(2)] == ["SK.pdf"]
    assert not window.errors


def test_links_and_removal(qtbot, window, monkeypatch, qtmodeltester):
    view = window.view
    view.select_soal(3)
    box = view.question.evidence
    monkeypatch.setattr(dialogs, "ask_link", lambda _p: ("https://contoh.go.id/sk.pdf", None))
    box.add_link_btn.click()
    assert box.model.rowCount() == 1
    qtmodeltester.check(box.model)
    box.view.setCurrentIndex(box.model.index(0))
    box.remove_btn.click()
    assert window.session.ws.evidence(3) == []
    window.act_undo.trigger()
    assert len(window.session.ws.evidence(3)) == 1


def test_keyboard_moves_and_picks(qtbot, window):
    view = window.view
    view.select_soal(1)
    view.tree.setFocus()
    qtbot.keyClick(view.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert view.question.ref == 2
    qtbot.keyClick(view.tree, Qt.Key.Key_B)
    assert window.session.ws.record(2).jawaban_unit == "B"
    qtbot.keyClick(view.tree, Qt.Key.Key_PageDown)
    assert view.question.ref == 3
    qtbot.keyClick(view.tree, Qt.Key.Key_PageUp)
    qtbot.keyClick(view.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert view.question.ref == 1
    qtbot.keyClick(view.tree, Qt.Key.Key_Y)
    assert window.session.ws.record(1).jawaban_unit == "Ya"
    # with an option focused, letters pick too; in the TPI list they stay the list's own
    view.question.choice.buttons["Ya"].setFocus()
    qtbot.keyClick(view.question.choice.buttons["Ya"], Qt.Key.Key_T)
    assert window.session.ws.record(1).jawaban_unit == "Tidak"
    view.question.tpi_combo.setFocus()
    qtbot.keyClick(view.question.tpi_combo, Qt.Key.Key_Y)
    assert window.session.ws.record(1).jawaban_unit == "Tidak"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()


def test_filters_and_search_in_window(qtbot, window):
    view = window.view
    window.session.set_answer(1, "Ya")
    view.set_filter(marker=UNANSWERED)
    shown = {i.data(0x0100 + 2) for i in view._leaves()}
    assert 1 not in shown and 2 in shown
    view.set_filter(area=5)
    assert all(
        window.session.catalog.area_node(r).area_no == 5
        for r in (i.data(0x0100 + 2) for i in view._leaves())
        if isinstance(r, int)
    )
    view.set_filter(text="gratifikasi")
    assert view._leaves()
    view.set_filter()


def test_dashboard_advice_links_to_questions(qtbot, window):
    view = window.view
    _wait_advice(qtbot, window)
    assert view.dashboard.advice
    first = view.dashboard.advice[0].soal_id
    view.tabs.setCurrentWidget(view.dashboard)
    view.dashboard.advice_label.linkActivated.emit(f"soal:{first}")
    assert view.tabs.currentWidget() is view.question
    assert view.question.ref == first


def test_dashboard_is_built_when_its_tab_is_first_shown(qtbot, window):
    view = window.view
    assert not view.dashboard_built  # start-up does not pay for it
    view.tabs.setCurrentIndex(1)
    assert view.dashboard_built
    assert view.tabs.currentWidget() is view.dashboard
    assert view.tabs.tabText(1) == view.tr("Dasbor nilai")
    _wait_advice(qtbot, window)
    assert view.dashboard.advice
    assert view.dashboard.bars.bars[0].value == pytest.approx(window.session.result.total)


def test_notes_are_saved_and_tpi_answer(qtbot, window):
    view = window.view
    view.select_soal(4)
    note = view.question.notes[0]
    note.setFocus()
    qtbot.keyClicks(note, "SK sudah ada")
    note.flush()
    assert window.session.ws.record(4).catatan_unit == "SK sudah ada"
    combo = view.question.tpi_combo
    combo.setCurrentIndex(1)
    combo.activated.emit(1)
    assert window.session.ws.record(4).jawaban_tpi == combo.itemData(1)


def test_a_note_being_typed_is_saved_when_the_question_or_window_changes(qtbot, window, real_ws):
    view = window.view
    view.select_soal(4)
    qtbot.keyClicks(view.question.notes[0], "diketik lalu pindah soal")
    view.select_soal(5)  # no pause, no explicit save
    assert real_ws.record(4).catatan_unit == "diketik lalu pindah soal"
    qtbot.keyClicks(view.question.notes[0], "diketik lalu tutup")
    window.close()
    from zi_desktop.workspace.store import open_workspace

    with open_workspace(real_ws.path, read_only=True) as ws:
        assert ws.record(5).catatan_unit == "diketik lalu tutup"


def test_changes_made_by_another_process_show_up(qtbot, window, real_ws):
    import subprocess
    import sys

    view = window.view
    view.select_soal(7)
    qtbot.keyClicks(view.question.notes[0], "sedang diketik")
    # the command line answers soal 6 while the app is open
    code = subprocess.run(
        [sys.executable, "-m", "zi_desktop", "answer", str(real_ws.path), "6", "B"], capture_output=True, text=True
    )
    assert code.returncode == 0, code.stderr
    window.check_external_changes()  # what the timer does every 2 s
    assert window.session.value(6, "jawaban_unit") == "B"
    assert view.model.index_of_soal(6, 1).data() == "B"
    assert real_ws.record(7).catatan_unit == "sedang diketik"  # the note being typed was kept
    assert view.question.notes[0].toPlainText() == "sedang diketik"


def test_preconditions_are_ticked_on_the_dashboard_and_undoable(qtbot, window, real_ws):
    from zi_desktop.lke.preconditions import preconditions

    window.show_page("dashboard")
    dash = window.view.dashboard
    assert len(dash.pre_checks) == len(real_ws.catalog.preconditions["WBK"])
    assert "0 dari" in dash.pre_box.title()
    dash.pre_checks[2].click()
    assert [p.number for p in preconditions(real_ws) if p.confirmed] == [3]
    assert "1 dari" in dash.pre_box.title()
    window.act_undo.trigger()
    assert not any(p.confirmed for p in preconditions(real_ws))
    assert not dash.pre_checks[2].isChecked()
    window.act_redo.trigger()
    assert dash.pre_checks[2].isChecked()


def test_tpi_review_is_marked_filtered_and_summed(qtbot, window, real_ws):
    from ui.tree_model import TPI_DIFF

    view = window.view
    view.select_soal(1)
    window.session.set_field(1, "jawaban_unit", "Ya")
    window.session.set_field(1, "jawaban_tpi", "Tidak")  # the TPI disagrees
    window.session.set_field(2, "jawaban_unit", "A")
    window.session.set_field(2, "jawaban_tpi", "A")  # and agrees here
    assert TPI_DIFF in view.model.index_of_soal(1, 0).data(MarkersRole)
    assert TPI_DIFF not in view.model.index_of_soal(2, 0).data(MarkersRole)
    view.set_filter(marker=TPI_DIFF)
    assert view.proxy.rowCount() > 0
    window.show_page("dashboard")
    text = window.view.dashboard.tpi_label.text()
    assert "2 soal dinilai, 1 berbeda" in text
    # soal 1 at "Tidak" instead of "Ya" lowers the score: the figure shown is the reviewed one
    reviewed = {**window.session.answers(), 1: "Tidak"}
    from zi_desktop.lke.scoring import score

    assert num(score(window.session.catalog, reviewed).total) in text
    assert num(window.session.result.total) not in text


def test_the_change_log_names_who_the_user_says_they_are(qtbot, window, real_ws, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_user_name", lambda _p, _current: "Budi - Tim ZI")
    window.act_user.trigger()
    window.view.select_soal(3)
    window.session.set_field(3, "jawaban_unit", "Ya")
    assert real_ws.history(3)[-1].user == "Budi - Tim ZI"


def test_dashboard_bars_and_advice_target_come_from_the_core(qtbot, window):
    """The bars are the core's condition lines (both thresholds in points) plus hasil; once WBK is
    reached the advice aims at WBBM, as `zi-desktop score` does."""
    from sample_answers import best_answers

    from zi_desktop.lke.answers import AnswerRow
    from zi_desktop.reports.conditions import condition_lines

    s = window.session
    rows = [AnswerRow(sid, v, None, None, None, None) for sid, v in best_answers(s.catalog, capaian="C").items()]
    s.ws.apply_import(rows, source="test")
    s.reload()
    assert s.target == "WBK" and s.result.predicate == "WBK"
    dash = window.view.dashboard
    assert dash.target() == "WBBM"
    lines = condition_lines(s.catalog, s.result)
    bars = [b for b in dash.bars.bars if b.wbk is not None]
    assert [(b.value, b.maximum, b.wbk, b.wbbm) for b in bars] == [
        (x.score, x.weight, x.threshold_points("WBK"), x.threshold_points("WBBM")) for x in lines
    ]
    assert len(dash.bars.bars) == len(lines) + 1  # hasil's total, without thresholds


def test_a_page_built_before_the_window_is_shown_is_placed_when_it_is(qtbot, real_ws):
    """At start the question page is built before the window is shown; it is set on the scroll
    area only then (one layout at the real width), and a page that was never shown is deleted
    when another replaces it, as setWidget() deletes the page it replaces."""
    import shiboken6
    from PySide6.QtWidgets import QRadioButton

    from ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_path(real_ws.path)
    panel = win.view.question
    first = panel._page
    assert panel.widget() is None and first is not None and not first.isVisible()
    win.view.select_soal(3)
    second = panel._page
    assert second is not first and not shiboken6.isValid(first)  # the unshown page is gone
    assert panel.findChild(QRadioButton) is not None  # its controls are there to be used
    win.show()
    qtbot.waitExposed(win)
    assert panel.widget() is second and second.isVisible() and second.width() > 0
    panel.findChild(QRadioButton).click()  # the placed page works as any other
    assert win.session.ws.record(3).jawaban_unit is not None
    win.view.select_soal(5)  # once shown, pages are placed at once
    assert panel.widget() is panel._page and panel._page.isVisible()
