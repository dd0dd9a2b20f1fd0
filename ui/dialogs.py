"""Every dialog the app opens, behind a small function, so tests can replace them
(monkeypatch `ui.dialogs.<name>`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from zi_desktop.errors import UserError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

# The dialog classes are imported where a dialog opens: nothing on the way to the first window
# needs them, and each Qt class costs its enum types when Python first touches it.


def error_message(exc: BaseException) -> str:
    """A person's words for an error: a UserError's own message, anything else a bug notice."""
    if isinstance(exc, UserError):
        return str(exc)
    return bug_message(exc, None)


def bug_message(exc: BaseException, log_path: Any) -> str:
    """The bug notice: nothing saved is lost, what happened in one line, where the details are."""
    text = QCoreApplication.translate(
        "Dialogs",
        "Terjadi kesalahan tak terduga. Pekerjaan Anda yang sudah tersimpan tetap aman.\n\nRincian teknis: %1",
    ).replace("%1", f"{type(exc).__name__}: {exc}")
    if log_path is None:
        return text
    where = QCoreApplication.translate(
        "Dialogs", "Rincian lengkapnya dicatat di berkas log:\n%1\nKirimkan berkas itu kepada pengembang."
    ).replace("%1", str(log_path))
    return f"{text}\n\n{where}"


_bug_dialog_open = False


def show_bug(parent: QWidget | None, exc: BaseException, log_path: Any) -> None:
    """The one bug dialog (the traceback is already in the log file `log_path`). While it is open,
    another bug opens no second one: it is in the log too."""
    global _bug_dialog_open
    if _bug_dialog_open:
        return
    _bug_dialog_open = True
    try:
        show_error(parent, bug_message(exc, log_path))
    finally:
        _bug_dialog_open = False


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dialogs", text)


def _message_box(parent: QWidget | None, icon: Any, title: str, text: str) -> Any:
    """A message box whose text is plain text (user text never renders as HTML), sized to fit."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def show_error(parent: QWidget | None, exc: BaseException | str) -> None:
    """The one error dialog: a UserError's message; a bug is logged and shown by `show_bug`."""
    from PySide6.QtWidgets import QMessageBox

    if isinstance(exc, BaseException) and not isinstance(exc, UserError):
        from zi_desktop.logs import log_bug

        show_bug(parent, exc, log_bug(exc, "app"))
        return
    text = exc if isinstance(exc, str) else error_message(exc)
    box = _message_box(parent, QMessageBox.Icon.Warning, _tr("ZI Desktop"), text)
    box.addButton(_tr("Tutup"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = _message_box(parent, QMessageBox.Icon.Information, title, text)
    box.addButton(_tr("OK"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str, details: str | None = None) -> bool:
    """Ya / Tidak, in the app's language whatever Qt's own translation holds; Tidak is the default.
    `details` (a long list) goes behind "Tampilkan rincian...", where it scrolls inside the box."""
    from PySide6.QtWidgets import QMessageBox

    box = _message_box(parent, QMessageBox.Icon.Question, title, text)
    if details:
        box.setDetailedText(details)
    yes = box.addButton(_tr("Ya"), QMessageBox.ButtonRole.YesRole)
    no = box.addButton(_tr("Tidak"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def confirm_import(parent: QWidget | None, keep: str, clear: str, can_clear: bool) -> bool | None:
    """The import preview dialog: the summary, a checkbox to clear blank cells too (the summary
    shown follows it), Terapkan / Batal. Returns the checkbox (clear blanks) or None to cancel."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout

    dlg = QDialog(parent)
    dlg.setWindowTitle(_tr("Impor jawaban"))
    dlg.resize(640, 520)
    lay = QVBoxLayout(dlg)
    text = QPlainTextEdit()
    text.setObjectName("importPreview")
    text.setReadOnly(True)
    text.setPlainText(keep)
    box = QCheckBox(_tr("Kosongkan juga jawaban dan catatan yang selnya kosong di berkas"))
    box.setObjectName("importClear")
    box.setEnabled(can_clear)
    box.toggled.connect(lambda on: text.setPlainText(clear if on else keep))
    buttons = QDialogButtonBox()
    buttons.addButton(_tr("Terapkan"), QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton(_tr("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dlg.accept)
    buttons.rejected.connect(dlg.reject)
    lay.addWidget(text, 1)
    lay.addWidget(box)
    lay.addWidget(buttons)
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    return box.isChecked()


def file_dialog(parent: QWidget | None, title: str, mode: str, filters: str = "", name: str = "") -> Any:
    """Qt's own file dialog (not the platform's), so every label speaks the app's language on every
    system: the labels are set here and the rest comes from resources/translations/qt_id.qm."""
    from PySide6.QtWidgets import QFileDialog

    dlg = QFileDialog(parent, title, name, filters)
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if mode == "save":
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dlg.setFileMode(QFileDialog.FileMode.AnyFile)
        dlg.setLabelText(QFileDialog.DialogLabel.Accept, _tr("Simpan"))
    elif mode == "folder":
        dlg.setFileMode(QFileDialog.FileMode.Directory)
        dlg.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dlg.setLabelText(QFileDialog.DialogLabel.Accept, _tr("Pilih"))
    else:
        dlg.setFileMode(QFileDialog.FileMode.ExistingFiles if mode == "files" else QFileDialog.FileMode.ExistingFile)
        dlg.setLabelText(QFileDialog.DialogLabel.Accept, _tr("Buka"))
    dlg.setLabelText(QFileDialog.DialogLabel.LookIn, _tr("Lihat di:"))
    dlg.setLabelText(QFileDialog.DialogLabel.FileName, _tr("Nama berkas:"))
    dlg.setLabelText(QFileDialog.DialogLabel.FileType, _tr("Jenis berkas:"))
    dlg.setLabelText(QFileDialog.DialogLabel.Reject, _tr("Batal"))
    return dlg


def _run_file_dialog(dlg: Any) -> list[str]:
    return list(dlg.selectedFiles()) if dlg.exec() else []


def pick_files(parent: QWidget | None) -> list[str]:
    return _run_file_dialog(file_dialog(parent, _tr("Pilih berkas bukti dukung"), "files"))


def pick_folder(parent: QWidget | None, title: str) -> str | None:
    chosen = _run_file_dialog(file_dialog(parent, title, "folder"))
    return chosen[0] if chosen else None


def pick_open_file(parent: QWidget | None, title: str, filters: str) -> str | None:
    chosen = _run_file_dialog(file_dialog(parent, title, "open", filters))
    return chosen[0] if chosen else None


def pick_save_file(parent: QWidget | None, title: str, name: str, filters: str) -> str | None:
    chosen = _run_file_dialog(file_dialog(parent, title, "save", filters, name))
    return chosen[0] if chosen else None


def ask_link(parent: QWidget | None) -> tuple[str, str | None] | None:
    url = _ask_text(parent, _tr("Tambah tautan"), _tr("Alamat tautan (mis. https://...):"), "")
    if url is None:
        return None
    return url, None


def ask_user_name(parent: QWidget | None, current: str) -> str | None:
    """The name the change log records for this person on this workspace."""
    return _ask_text(
        parent,
        _tr("Nama Anda di riwayat"),
        _tr("Nama yang dicatat di riwayat perubahan workspace ini (mis. Budi - Tim ZI):"),
        current,
    )


def ask_pic(parent: QWidget | None, where: str, current: str, names: list[str]) -> str | None:
    """The person in charge of `where`: a name typed or picked from the team's; "" removes it,
    None is Batal."""
    from PySide6.QtWidgets import QInputDialog

    dlg = QInputDialog(parent)
    dlg.setWindowTitle(_tr("PIC (penanggung jawab)"))
    dlg.setLabelText(_tr("Siapa yang bertanggung jawab atas %1? (kosongkan untuk menghapus)").replace("%1", where))
    dlg.setComboBoxEditable(True)
    dlg.setComboBoxItems([current, *[n for n in names if n != current]] if current else ["", *names])
    dlg.setTextValue(current)
    dlg.setOkButtonText(_tr("Simpan"))
    dlg.setCancelButtonText(_tr("Batal"))
    if not dlg.exec():
        return None
    return str(dlg.textValue()).strip()


def _ask_text(parent: QWidget | None, title: str, label: str, current: str) -> str | None:
    """One line of text with OK / Batal buttons; None when cancelled or left empty."""
    from PySide6.QtWidgets import QInputDialog

    dlg = QInputDialog(parent)
    dlg.setWindowTitle(title)
    dlg.setLabelText(label)
    dlg.setTextValue(current)
    dlg.setOkButtonText(_tr("OK"))
    dlg.setCancelButtonText(_tr("Batal"))
    if not dlg.exec() or not dlg.textValue().strip():
        return None
    return dlg.textValue().strip()


def show_guide(parent: QWidget | None, page: str = "mulai") -> Any:
    """Bantuan > Panduan, opened on `page`; not modal, so the user can read beside the work."""
    from ui.guide import GuideDialog

    dlg = GuideDialog(parent, page)
    dlg.show()
    dlg.raise_()
    return dlg


def ask_unit_id(parent: QWidget | None, current: str) -> str | None:
    """The id the instansi gives this unit (PortalRB fetches the unit's answers by it)."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    text, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("Dialogs", "ID unit dari instansi"),
        QCoreApplication.translate(
            "Dialogs", "ID unit yang diberikan instansi untuk PortalRB (mis. UNIT-BKD-001; tanyakan ke koordinator):"
        ),
        QLineEdit.EchoMode.Normal,
        current,
    )
    if not ok or not text.strip():
        return None
    return text.strip()


def ask_new_workspace(parent: QWidget | None) -> dict[str, Any] | None:
    from ui.start import NewWorkspaceDialog

    dlg = NewWorkspaceDialog(parent)
    if dlg.exec() != NewWorkspaceDialog.DialogCode.Accepted:
        return None
    return dlg.values()
