"""One-line looks without style sheets (ui/looks.py, issue 15): the same colour, size and weight;
anything else still goes to the style sheet."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QPushButton

from ui import looks


def test_colour_size_and_weight_come_from_the_palette_and_the_font(qtbot):
    lab = QLabel("x")
    qtbot.addWidget(lab)
    looks.apply(lab, "color:#666; font-size: 9pt; font-weight:600;")
    assert lab.styleSheet() == ""
    assert lab.palette().color(QPalette.ColorRole.WindowText) == QColor("#666666")
    assert lab.font().pointSizeF() == 9.0
    assert lab.font().weight() == QFont.Weight.DemiBold
    bold = QLabel("y")
    qtbot.addWidget(bold)
    looks.apply(bold, "font-weight: bold;")
    assert bold.font().weight() == QFont.Weight.Bold and bold.styleSheet() == ""


@pytest.mark.parametrize(
    "style",
    [
        "color: #1565c0; text-align: left;",  # text-align has no palette or font equivalent
        "#demoBanner { background:#fff4ce; }",
        "border:1px solid #ccc; padding:8px;",
        "font-size: 12px;",  # pixels, not points
        "font-weight: 550;",  # not one of QFont's weights
        "color: notacolour;",
    ],
)
def test_anything_else_is_left_to_the_style_sheet(qtbot, style):
    b = QPushButton("x")
    qtbot.addWidget(b)
    looks.apply(b, style)
    assert b.styleSheet() == style


def test_the_same_look_as_the_style_sheet_it_replaces(qtbot):
    """Rendered side by side, the label styled the old way and the new way give the same pixels."""
    old, new = QLabel("Catatan unit"), QLabel("Catatan unit")
    for w in (old, new):
        qtbot.addWidget(w)
    old.setStyleSheet("color:#444; font-weight:600;")
    looks.apply(new, "color:#444; font-weight:600;")
    for w in (old, new):
        w.resize(200, 30)
        w.show()
    qtbot.waitExposed(new)
    assert old.grab().toImage() == new.grab().toImage()


def test_a_selectable_label_selects_from_the_first_click(qtbot):
    """The question's texts become selectable on the first press (ui/question_panel.SelectableLabel):
    a double click selects a word at once, and the menu offers to copy."""
    from PySide6.QtCore import QPoint, Qt

    from ui.question_panel import SelectableLabel

    lab = SelectableLabel("Terdapat mekanisme sosialisasi")
    qtbot.addWidget(lab)
    lab.resize(300, 40)
    lab.show()
    qtbot.waitExposed(lab)
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QEnterEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(lab, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))  # hovered
    assert lab.cursor().shape() == Qt.CursorShape.IBeamCursor
    assert not lab.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    at = QPoint(20, lab.height() // 2)
    qtbot.mouseDClick(lab, Qt.MouseButton.LeftButton, pos=at)
    assert lab.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert lab.hasSelectedText() and lab.selectedText() in lab.text()
