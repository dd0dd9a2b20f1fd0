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
    return QCoreApplication.translate(
        "Dialogs",
        "Terjadi kesalahan tak terduga. Pekerjaan Anda yang sudah tersimpan tetap aman.\n\nRincian teknis: %1",
    ).replace("%1", f"{type(exc).__name__}: {exc}")


def show_error(parent: QWidget | None, exc: BaseException | str) -> None:
    """The one error dialog."""
    from PySide6.QtWidgets import QMessageBox

    text = exc if isinstance(exc, str) else error_message(exc)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("Dialogs", "ZI Desktop"),
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def pick_files(parent: QWidget | None) -> list[str]:
    from PySide6.QtWidgets import QFileDialog

    files, _ = QFileDialog.getOpenFileNames(parent, QCoreApplication.translate("Dialogs", "Pilih berkas bukti dukung"))
    return list(files)


def pick_folder(parent: QWidget | None, title: str) -> str | None:
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getExistingDirectory(parent, title) or None


def pick_open_file(parent: QWidget | None, title: str, filters: str) -> str | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path or None


def pick_save_file(parent: QWidget | None, title: str, name: str, filters: str) -> str | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, name, filters)
    return path or None


def ask_link(parent: QWidget | None) -> tuple[str, str | None] | None:
    from PySide6.QtWidgets import QInputDialog

    url, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("Dialogs", "Tambah tautan"),
        QCoreApplication.translate("Dialogs", "Alamat tautan (mis. https://...):"),
    )
    if not ok or not url.strip():
        return None
    return url.strip(), None


def ask_user_name(parent: QWidget | None, current: str) -> str | None:
    """The name the change log records for this person on this workspace."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    name, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("Dialogs", "Nama Anda di riwayat"),
        QCoreApplication.translate(
            "Dialogs", "Nama yang dicatat di riwayat perubahan workspace ini (mis. Budi - Tim ZI):"
        ),
        QLineEdit.EchoMode.Normal,
        current,
    )
    if not ok or not name.strip():
        return None
    return name.strip()


def ask_new_workspace(parent: QWidget | None) -> dict[str, Any] | None:
    from ui.start import NewWorkspaceDialog

    dlg = NewWorkspaceDialog(parent)
    if dlg.exec() != NewWorkspaceDialog.DialogCode.Accepted:
        return None
    return dlg.values()
