"""Qt's own dialogs speak Indonesian: the app's buttons, the file dialog's labels and tool tips,
the standard edit menu (resources/translations/qt_id.qm, made by tools/qt_strings_id.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QMessageBox, QToolButton

from ui import dialogs


@pytest.fixture
def indonesian(qapp, monkeypatch):  # type: ignore[no-untyped-def]
    from ui.i18n import install_translators

    monkeypatch.setenv("ZI_DESKTOP_LANG", "id")
    installed = install_translators(qapp)
    yield
    for t in installed:
        QApplication.removeTranslator(t)


def test_the_file_dialog_speaks_indonesian(qtbot, indonesian) -> None:  # type: ignore[no-untyped-def]
    dlg = dialogs.file_dialog(None, "Pilih berkas", "open", "Buku kerja (*.xlsx)")
    qtbot.addWidget(dlg)
    labels = {w.text() for w in dlg.findChildren(QLabel)}
    assert {"Lihat di:", "Nama berkas:", "Jenis berkas:"} <= labels
    buttons = {b.text() for b in dlg.findChildren(QAbstractButton) if b.text()}
    assert {"Buka", "Batal"} <= buttons
    tips = {b.toolTip() for b in dlg.findChildren(QToolButton) if b.toolTip()}
    # Qt's own texts, from the app's translation file
    assert {"Kembali", "Folder induk", "Buat folder baru", "Tampilan rinci"} <= tips, tips
    english = {"Look in:", "Cancel", "Back", "Open", "Choose", "Files of type:"}
    assert not english & (labels | buttons | tips)


def test_the_edit_menu_of_a_text_box_speaks_indonesian(qtbot, indonesian) -> None:  # type: ignore[no-untyped-def]
    box = QLineEdit()
    qtbot.addWidget(box)
    texts = {a.text().split("\t")[0] for a in box.createStandardContextMenu().actions() if a.text()}
    assert {"&Batalkan", "&Salin", "T&empel", "Pilih Semua"} <= texts, texts


def test_confirm_has_ya_and_tidak_and_tidak_is_the_default(qtbot, indonesian) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def answer(choice: str) -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen["buttons"] = [b.text() for b in box.buttons()]
        seen["default"] = box.defaultButton().text()
        next(b for b in box.buttons() if b.text() == choice).click()

    QTimer.singleShot(0, lambda: answer("Ya"))
    assert dialogs.confirm(None, "Impor", "Ganti 3 jawaban?") is True
    assert sorted(seen["buttons"]) == ["Tidak", "Ya"]  # type: ignore[arg-type]
    assert seen["default"] == "Tidak"
    QTimer.singleShot(0, lambda: answer("Tidak"))
    assert dialogs.confirm(None, "Impor", "Ganti 3 jawaban?") is False


def test_message_text_is_plain_text(qtbot, indonesian) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    box = dialogs._message_box(None, QMessageBox.Icon.Warning, "t", "<b>Satker</b>")
    qtbot.addWidget(box)
    assert box.textFormat() == Qt.TextFormat.PlainText


def test_a_long_list_goes_behind_details_and_the_box_fits_the_screen(qtbot, indonesian) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTextEdit

    seen: dict[str, object] = {}
    every = "\n".join(f"soal {i} belum dijawab" for i in range(1, 118))

    def answer() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible())
        seen["details"] = box.detailedText()
        seen["size"] = (box.width(), box.height())
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        seen["scrolls"] = box.findChild(QTextEdit) is not None
        next(b for b in box.buttons() if b.text() == "Tidak").click()

    QTimer.singleShot(0, answer)
    assert dialogs.confirm(None, "Ekspor paket", "Menghalangi pengiriman (117) ...", details=every) is False
    assert seen["details"] == every
    assert seen["scrolls"]
    w, h = seen["size"]  # type: ignore[misc]
    assert w <= 1366 and h <= 768
    assert "Tampilkan rincian..." in seen["buttons"]  # type: ignore[operator]
