"""Labels that spare their page layout work: `SteadyLabel`, whose text changes often (a score, a
count, a history) without laying its page out again, and `WrapLabel`, a word-wrapped label that
measures its text once per width."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QLabel, QWidget


class SteadyLabel(QWidget):
    """Holds one label whose text changes with every answer (a score, a count, a shortfall), so
    that a new text lays the page out again only when the label needs another size.

    A label's `setText` asks its parent's layout to recompute; in a layout, that recomputes the whole
    page (every word-wrapped rich-text label measured again: about 15 ms, a frame). Here the label's
    parent has no layout: the request arrives as an event, the label is measured once, and only a
    different size hint or height is passed on to the page."""

    _LAYOUT_REQUEST = QEvent.Type.LayoutRequest
    _SHOW = QEvent.Type.Show

    def __init__(self, label: QLabel, parent: QWidget | None = None, *, follow_width: bool = False) -> None:
        """`follow_width`: a word-wrapped label that always gets the full width of its column (the
        question page's history): a new text is measured only as its height at the width it has,
        about half the cost of measuring its preferred and minimum sizes too (rich text is laid
        out for each)."""
        super().__init__(parent)
        self.label = label
        self.follow_width = follow_width and label.wordWrap()
        label.setParent(self)
        self.setSizePolicy(label.sizePolicy())
        self._hints: tuple[Any, ...] = ()
        self._measured: tuple[str, int] | None = None

    def _measure(self) -> tuple[Any, ...]:
        lab = self.label
        wrap = lab.hasHeightForWidth()
        if self.follow_width and wrap and self._hints and self.width() > 0:
            # the sizes it had stand (its column decides its width); only its height can move
            return (*self._hints[:2], lab.heightForWidth(self.width()))
        return (lab.sizeHint(), lab.minimumSizeHint(), lab.heightForWidth(self.width()) if wrap else None)

    def _check(self) -> None:
        key = (self.label.text(), self.width())
        if key == self._measured:
            return  # measured for this text at this width already (rich text is costly to measure)
        self._measured = key
        hints = self._measure()
        if hints != self._hints:
            self._hints = hints
            self.updateGeometry()
        else:
            self.label.setGeometry(self.rect())

    def settle(self) -> None:
        """Pass a new size on now, not one event-loop pass later (when the label's own request
        arrives): the page is laid out before it is next painted, never squeezed for a frame."""
        if self.isVisible():
            self._check()

    @staticmethod
    def settle_within(widget: QWidget) -> None:
        """`settle()` every steady label under `widget` (after its texts were set)."""
        for holder in widget.findChildren(SteadyLabel):
            holder.settle()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == self._LAYOUT_REQUEST:
            self._check()
            return True
        if kind == self._SHOW:
            self._check()
        return super().event(event)

    def hasHeightForWidth(self) -> bool:
        return self.label.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        return self.label.heightForWidth(width)

    def sizeHint(self) -> QSize:
        return self.label.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.label.minimumSizeHint()

    def resizeEvent(self, _event: Any) -> None:
        self.label.setGeometry(self.rect())


class WrapLabel(QLabel):
    """A word-wrapped label that remembers its height at each width its layout tries.

    QLabel lays its text out again at every heightForWidth() call, and a layout asks several
    widths in turn (its preferred width, the width with and without the scroll bar) on every pass:
    for rich text, which keeps one width laid out, each call is a new layout. The first question
    page made about 200 of them before it was first painted (issue 15: some 2% of the start).

    A height is kept for the text and width it was measured at (the text is part of the key, so a
    new text, however it was set, is measured anew), and forgotten when what else decides it
    changes: the font, style or contents margins (each sends a `changeEvent`), the wrapping, format,
    margin or indent (the setters below)."""

    _KEEP = 16  # widths remembered; a window being resized by hand passes through many

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._heights: dict[tuple[int, str], int] = {}

    def heightForWidth(self, width: int) -> int:
        key = (width, self.text())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) >= self._KEEP:
                self._heights.clear()
            height = self._heights[key] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QEvent) -> None:
        self._heights.clear()  # font, style, palette, contents margins, direction: measure again
        super().changeEvent(event)

    def setWordWrap(self, on: bool) -> None:
        self._heights.clear()
        super().setWordWrap(on)

    def setTextFormat(self, fmt: Any) -> None:
        self._heights.clear()
        super().setTextFormat(fmt)

    def setMargin(self, margin: int) -> None:
        self._heights.clear()
        super().setMargin(margin)

    def setIndent(self, indent: int) -> None:
        self._heights.clear()
        super().setIndent(indent)
