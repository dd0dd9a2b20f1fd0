"""Windows and dialogs that fit the screen they open on (a 1366x768 laptop included)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MARGIN = 0.95  # of the available area (the taskbar is already left out of it)


def available_size(widget: QWidget | None = None) -> QSize:
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1366, 728)
    return screen.availableGeometry().size()


def fitted(preferred: QSize, widget: QWidget | None = None) -> QSize:
    """`preferred`, shrunk to fit the available screen area."""
    avail = available_size(widget)
    return QSize(
        min(preferred.width(), int(avail.width() * MARGIN)), min(preferred.height(), int(avail.height() * MARGIN))
    )


def fit_to_screen(widget: QWidget, preferred: QSize | None = None) -> None:
    """Resize `widget` to `preferred` (default: its current size) or less, so all of it is on screen."""
    size = fitted(preferred or widget.size(), widget)
    if size != widget.size():
        widget.resize(size)
    widget.setMaximumSize(QSize(16777215, 16777215))
