"""WrapLabel (ui.steady) remembers its height per width, and never a stale one: after any change
that decides the height it answers what a plain QLabel with the same text and settings answers."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

from ui.steady import WrapLabel

LONG = "Kebijakan pelayanan publik ditetapkan oleh pimpinan unit kerja dan diumumkan kepada masyarakat. " * 4
RICH = "<span style='color:#666'>Soal 5</span>&nbsp; " + LONG


def _pair(qtbot, text: str) -> tuple[WrapLabel, QLabel]:  # type: ignore[no-untyped-def]
    a, b = WrapLabel(text), QLabel(text)
    for lab in (a, b):
        qtbot.addWidget(lab)
        lab.setWordWrap(True)
    return a, b


def _same(a: QLabel, b: QLabel, widths: tuple[int, ...] = (120, 240, 480, 240, 120)) -> None:
    for w in widths:
        assert a.heightForWidth(w) == b.heightForWidth(w), w


def test_heights_are_those_of_a_plain_label_and_measured_once_per_width(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for text in (LONG, RICH):
        a, b = _pair(qtbot, text)
        _same(a, b)
    measured: list[int] = []
    real = QLabel.heightForWidth
    monkeypatch.setattr(QLabel, "heightForWidth", lambda self, w: measured.append(w) or real(self, w))
    lab = WrapLabel(RICH)
    qtbot.addWidget(lab)
    lab.setWordWrap(True)
    for _ in range(5):  # a layout asking the same widths again and again
        for w in (599, 436, 422):
            lab.heightForWidth(w)
    assert measured == [599, 436, 422]


def test_a_new_text_however_set_is_measured_anew(qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = _pair(qtbot, LONG)
    _same(a, b)
    for lab in (a, b):
        lab.setText("pendek")
    _same(a, b)
    for lab in (a, b):
        lab.clear()  # Qt's own slot, not a Python setter
    _same(a, b)
    for lab in (a, b):
        lab.setText(RICH)
    _same(a, b)


def test_font_wrapping_format_margins_and_indent_are_measured_anew(qtbot) -> None:  # type: ignore[no-untyped-def]
    a, b = _pair(qtbot, RICH)
    _same(a, b)
    big = QFont(a.font())
    big.setPointSize(big.pointSize() * 2)
    for lab in (a, b):
        lab.setFont(big)
    _same(a, b)
    for lab in (a, b):
        lab.setStyleSheet("font-size: 6pt;")
    _same(a, b)
    for step in (
        lambda lab: lab.setContentsMargins(30, 0, 30, 0),
        lambda lab: lab.setMargin(12),
        lambda lab: lab.setIndent(40),
        lambda lab: lab.setTextFormat(lab.textFormat().PlainText),
        lambda lab: lab.setWordWrap(False),
    ):
        for lab in (a, b):
            step(lab)
        _same(a, b)
