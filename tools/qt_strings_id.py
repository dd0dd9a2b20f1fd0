"""Indonesian for Qt's own texts (PySide6 ships no Indonesian translation of qtbase).

The buttons of message boxes and input dialogs, the widget file dialog, the file list's columns
and the standard text-editing menus. `python tools/qt_strings_id.py` writes
resources/translations/qt_id.ts; tools/build_translations.sh compiles it to qt_id.qm, which the app
loads (ui/i18n.py) whenever it speaks Indonesian. A test opens the file dialog and checks that its
labels come out in Indonesian, so a Qt version that changes a source text is noticed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

EDIT_MENU = {
    "&Undo": "&Batalkan",
    "&Redo": "&Ulangi",
    "Cu&t": "Po&tong",
    "&Copy": "&Salin",
    "&Paste": "T&empel",
    "Delete": "Hapus",
    "Select All": "Pilih Semua",
}

STRINGS: dict[str, dict[str, str]] = {
    "QPlatformTheme": {
        "OK": "OK",
        "Save": "Simpan",
        "Save All": "Simpan Semua",
        "Open": "Buka",
        "&Yes": "&Ya",
        "Yes to &All": "Ya untuk &semua",
        "&No": "&Tidak",
        "N&o to All": "Tidak untuk s&emua",
        "Abort": "Hentikan",
        "Retry": "Coba lagi",
        "Ignore": "Abaikan",
        "Close": "Tutup",
        "Cancel": "Batal",
        "Discard": "Buang",
        "Help": "Bantuan",
        "Apply": "Terapkan",
        "Reset": "Atur ulang",
        "Restore Defaults": "Kembalikan bawaan",
    },
    "QMessageBox": {
        "Show Details...": "Tampilkan rincian...",
        "Hide Details...": "Sembunyikan rincian...",
        "OK": "OK",
    },
    "QProgressDialog": {"Cancel": "Batal"},
    "QFileDialog": {
        "Look in:": "Lihat di:",
        "File &name:": "&Nama berkas:",
        "Folder &name:": "&Nama folder:",
        "Files of type:": "Jenis berkas:",
        "&Open": "&Buka",
        "&Save": "&Simpan",
        "&Choose": "&Pilih",
        "Open": "Buka",
        "Save As": "Simpan sebagai",
        "Find Directory": "Pilih folder",
        "Directory:": "Folder:",
        "Directories": "Folder",
        "All Files (*)": "Semua berkas (*)",
        "Back": "Kembali",
        "Forward": "Maju",
        "Parent Directory": "Folder induk",
        "Create New Folder": "Buat folder baru",
        "List View": "Tampilan daftar",
        "Detail View": "Tampilan rinci",
        "Go back": "Kembali",
        "Go forward": "Maju",
        "Go to the parent directory": "Ke folder induk",
        "Create a New Folder": "Buat folder baru",
        "Change to list view mode": "Tampilkan sebagai daftar",
        "Change to detail view mode": "Tampilkan rincian",
        "Sidebar": "Bilah samping",
        "List of places and bookmarks": "Daftar tempat dan penanda",
        "Files": "Berkas",
        "New Folder": "Folder Baru",
        "&New Folder": "Folder &Baru",
        "&Delete": "&Hapus",
        "&Rename": "&Ganti nama",
        "Show &hidden files": "Tampilkan berkas &tersembunyi",
        "Recent Places": "Tempat terakhir",
        "File": "Berkas",
        "Folder": "Folder",
        "Alias": "Alias",
        "Shortcut": "Pintasan",
        "Unknown": "Tidak dikenal",
        "Delete": "Hapus",
        "%1 already exists.\nDo you want to replace it?": "%1 sudah ada.\nGanti berkas itu?",
        "Are you sure you want to delete '%1'?": "Yakin menghapus '%1'?",
        "'%1' is write protected.\nDo you want to delete it anyway?": "'%1' dilindungi dari penulisan.\nTetap hapus?",
        "Could not delete directory.": "Folder tidak dapat dihapus.",
        "%1\nDirectory not found.\nPlease verify the correct directory name was given.": (
            "%1\nFolder tidak ditemukan.\nPeriksa kembali nama foldernya."
        ),
        "%1\nFile not found.\nPlease verify the correct file name was given.": (
            "%1\nBerkas tidak ditemukan.\nPeriksa kembali nama berkasnya."
        ),
    },
    "QFileSystemModel": {
        "Name": "Nama",
        "Size": "Ukuran",
        "Type": "Jenis",
        "Kind": "Jenis",
        "Date Modified": "Tanggal diubah",
        "My Computer": "Komputer Saya",
        "Computer": "Komputer",
        "Invalid filename": "Nama berkas tidak sah",
    },
    "QLineEdit": EDIT_MENU,
    "QWidgetTextControl": {**EDIT_MENU, "Copy &Link Location": "Salin alamat &tautan"},
    "QInputDialog": {"Enter a value:": "Masukkan nilai:"},
}


def ts_text() -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", '<TS version="2.1" language="id_ID">']
    for context, pairs in STRINGS.items():
        out.append(f"<context><name>{context}</name>")
        for src, tr in pairs.items():
            out.append(f"<message><source>{escape(src)}</source><translation>{escape(tr)}</translation></message>")
        out.append("</context>")
    out.append("</TS>")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    root = Path(__file__).resolve().parent.parent
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "resources" / "translations" / "qt_id.ts"
    target.write_text(ts_text(), encoding="utf-8")
    print(target)
