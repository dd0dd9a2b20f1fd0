"""No message is cut off: the result of a computed percentage, an input error included, gets all the
lines it needs on a 1366x768 window."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def test_a_long_input_error_on_a_computed_percentage_is_shown_whole(qtbot, real_ws) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    real_ws.set_answer(88, 0)
    real_ws.set_answer(89, 5)  # a numerator above a denominator of 0: an input error
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_path(real_ws.path)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    cid = next(c.id for c in win.session.catalog.computed if 89 in c.requires)
    win.view.tree.setCurrentIndex(win.view.proxy.mapFromSource(win.view.model.index_of_computed(cid)))
    label = win.view.question.findChild(QLabel, "computedValue")
    qtbot.waitUntil(lambda: "Galat" in label.text())
    assert label.wordWrap()
    # the layout settles over a few event-loop turns (slower on a loaded machine): wait for it, and
    # fail if the label never gets the height its text needs
    qtbot.waitUntil(lambda: label.heightForWidth(label.width()) <= label.height(), timeout=5000)
    win.close()
