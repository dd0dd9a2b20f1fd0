"""Text colour, size and weight of a widget, without a style sheet where the widget allows it.

A widget given a style sheet is drawn through Qt's style-sheet style: every one is polished again
by it, and the first costs the style sheet engine's start. The app's first window had seventeen
such one-line sheets ("color:#666;", "font-weight:600;"), about 4 ms of its start (issue 15). The
same looks come from the widget's palette and font: `apply(widget, "color:#666; font-size:9pt")`
understands `color`, `font-size` (in pt) and `font-weight` (bold, normal or a number) and sets
those; a declaration it does not know (borders, padding, backgrounds, `text-align`) sends the
whole text to `setStyleSheet`, unchanged, so nothing is lost.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QWidget

_WEIGHTS = {"bold": 700, "normal": 400}
_NUMERIC_WEIGHTS = {str(n) for n in range(100, 1000, 100)}  # QFont.Weight's values


def parse(style: str) -> dict[str, str] | None:
    """{"color": ..., "font-size": ..., "font-weight": ...} of a one-line sheet, or None when it
    holds anything else (a selector, another property, a value these cannot express)."""
    out: dict[str, str] = {}
    for decl in style.split(";"):
        if not decl.strip():
            continue
        name, sep, value = decl.partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if not sep or "{" in decl or "}" in decl:
            return None
        if name == "color" and QColor.isValidColorName(value):
            out[name] = value
        elif name == "font-size" and value.endswith("pt") and _number(value[:-2]) is not None:
            out[name] = value[:-2]
        elif name == "font-weight" and (value in _WEIGHTS or value in _NUMERIC_WEIGHTS):
            out[name] = value
        else:
            return None
    return out


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def apply(widget: QWidget, style: str) -> None:
    """Give `widget` the look `style` describes (see the module's note)."""
    looks = parse(style)
    if looks is None:
        widget.setStyleSheet(style)
        return
    if "color" in looks:
        color = QColor(looks["color"])
        palette = widget.palette()
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
            palette.setColor(role, color)
        widget.setPalette(palette)
    if "font-size" in looks or "font-weight" in looks:
        font: Any = widget.font()
        if "font-size" in looks:
            font.setPointSizeF(float(looks["font-size"]))
        if "font-weight" in looks:
            w = looks["font-weight"]
            font.setWeight(QFont.Weight(_WEIGHTS.get(w) or int(w)))
        widget.setFont(font)
