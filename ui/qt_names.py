"""PySide6's `Qt` namespace, built when first used rather than when first imported.

PySide6 builds the namespace's 94 enum types with Python's `enum` the first time `QtCore.Qt` is
touched: about 1,200 members, 10% of the app's start to its first window (issue 15; some 25 ms on
the test machine, a bare window never pays it). The first window needs none of it, so the modules
it loads import `Qt` from here: `Qt` is a stand-in that passes every attribute on to the real
namespace, building it only when an attribute is first read, or `build()` right after the first
frame (MainWindow.paintEvent), before the user's first click or key. The start
path itself uses the plain values below (item data roles and alignments are ints in Qt's API),
widget properties set by name, and event handlers instead of policies; `tests/ui/test_start_imports`
holds that the first window is painted without the namespace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Qt::ItemDataRole (a role is a plain int wherever Qt takes one)
DISPLAY_ROLE = 0
DECORATION_ROLE = 1
EDIT_ROLE = 2
TOOLTIP_ROLE = 3
FONT_ROLE = 6
TEXT_ALIGNMENT_ROLE = 7
FOREGROUND_ROLE = 9
ACCESSIBLE_TEXT_ROLE = 11
USER_ROLE = 0x0100

# Qt::AlignmentFlag, as the TextAlignmentRole carries it
ALIGN_LEFT, ALIGN_RIGHT, ALIGN_HCENTER = 0x0001, 0x0002, 0x0004
ALIGN_TOP, ALIGN_VCENTER = 0x0020, 0x0080
ALIGN_CENTER = ALIGN_HCENTER | ALIGN_VCENTER

# Qt::TextFormat, for QLabel's `textFormat` property
PLAIN_TEXT = 0


def build() -> None:
    """Build the real namespace now. The window calls this once its first frame is painted, so
    that the user's first click or key does not wait the 25 ms for it."""
    from PySide6 import QtCore

    _ = QtCore.Qt.AlignmentFlag


def plain_text(label: Any) -> None:
    """`label.setTextFormat(Qt.TextFormat.PlainText)`, without building the namespace: the
    property takes the enum's value. For a label being made: a WrapLabel (ui.steady) that has
    already measured its text is not told of the new format by a property write."""
    label.setProperty("textFormat", PLAIN_TEXT)


if TYPE_CHECKING:
    from PySide6.QtCore import Qt as Qt  # re-exported: typed as the real namespace
else:

    class _Namespace:
        """Stands in for `PySide6.QtCore.Qt`; the first attribute read builds the real one."""

        __slots__ = ()

        def __getattr__(self, name: str) -> Any:
            from PySide6 import QtCore

            return getattr(QtCore.Qt, name)

        def __repr__(self) -> str:
            return "<PySide6.QtCore.Qt, built on first use>"

    Qt = _Namespace()
