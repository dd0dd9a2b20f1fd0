"""The import preview dialog (ui.dialogs.confirm_import) and its text: the checkbox swaps the
summary, Terapkan returns it, Batal cancels; a multi-line note is shown on one line."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QDialogButtonBox, QPlainTextEdit

from ui import dialogs, transfer


def _answer(press: str, toggle: bool, seen: list[str]) -> None:
    def act() -> None:
        dlg = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible())
        text = dlg.findChild(QPlainTextEdit, "importPreview")
        box = dlg.findChild(QCheckBox, "importClear")
        seen.append(text.toPlainText())
        if toggle:
            box.setChecked(True)
            seen.append(text.toPlainText())
        buttons = dlg.findChild(QDialogButtonBox)
        next(b for b in buttons.buttons() if b.text() == press).click()

    QTimer.singleShot(50, act)


def test_apply_returns_the_checkbox_and_cancel_returns_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    _answer("Terapkan", True, seen)
    assert dialogs.confirm_import(None, "biarkan", "kosongkan", True) is True
    assert seen == ["biarkan", "kosongkan"]
    seen.clear()
    _answer("Terapkan", False, seen)
    assert dialogs.confirm_import(None, "biarkan", "kosongkan", True) is False
    _answer("Batal", False, seen)
    assert dialogs.confirm_import(None, "biarkan", "kosongkan", True) is None


def test_a_multi_line_note_is_one_line_of_the_preview() -> None:
    note = "Baris satu\nBaris dua\r\nBaris tiga " + "x" * 200
    summary = SimpleNamespace(
        new=[],
        changed=[1],
        unchanged=[],
        changes=[(1, "catatan", "lama", note)],
        overwritten=[(1, "catatan", "lama\nsekali", note)],
        cleared=[],
        kept_blank=[],
        kept_later=[],
    )
    text = transfer.summary_text(summary, [])
    line = next(ln for ln in text.splitlines() if "Soal 1 catatan" in ln)
    assert "lama sekali → Baris satu Baris dua Baris tiga x" in line
    assert line.endswith("…") and len(line) < 200
