"""Hand a file or a link to the system (QDesktopServices), behind small functions for tests."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")  # opened at once: the browser is the place for them
# Never handed to the desktop: they run code or carry a document inside the address itself.
REFUSED_SCHEMES = ("javascript", "vbscript", "data", "blob", "about", "jar")


def link_scheme(url: str) -> str:
    try:
        return urlsplit(url.strip()).scheme.casefold()
    except ValueError:
        return ""


def open_link(parent: Any, url: str) -> bool:
    """Open link evidence. http and https open at once; a link that would run code is refused; any
    other kind (file:, smb:, a program's own scheme) opens only after the person says yes, since it
    can start a program or reach a shared folder. True when it was handed to the desktop."""
    from PySide6.QtCore import QCoreApplication

    from ui import dialogs

    scheme = link_scheme(url)
    if scheme in WEB_SCHEMES:
        return open_url(url)
    if not scheme or scheme in REFUSED_SCHEMES:
        why = (
            QCoreApplication.translate(
                "Desktop", "Tautan ini tidak dibuka: alamat '%1' tidak diawali http:// atau https://."
            )
            if not scheme
            else QCoreApplication.translate(
                "Desktop", "Tautan ini tidak dibuka: alamat berjenis '%2:' dapat menjalankan perintah.\n\n%1"
            ).replace("%2", scheme)
        )
        dialogs.show_error(parent, why.replace("%1", url))
        return False
    question = QCoreApplication.translate(
        "Desktop",
        "Tautan ini bukan alamat web (http/https), melainkan berjenis '%2:'. Tautan seperti ini dapat "
        "membuka berkas, folder bersama, atau menjalankan program lain di komputer Anda.\n\n%1\n\n"
        "Buka hanya jika Anda tahu asal tautan ini. Buka sekarang?",
    )
    if not dialogs.confirm(
        parent,
        QCoreApplication.translate("Desktop", "Buka tautan"),
        question.replace("%2", scheme).replace("%1", url),
    ):
        return False
    return open_url(url)


def open_url(url: str) -> bool:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return bool(QDesktopServices.openUrl(QUrl(url)))


def open_blob(blob: Path, name: str, sha256: str) -> bool:
    """Open stored evidence with the system viewer: a copy under its own name in the temp folder,
    so the viewer knows the file type (blobs are stored by content hash, without extension)."""
    from PySide6.QtCore import QStandardPaths, QUrl
    from PySide6.QtGui import QDesktopServices

    tmp = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.TempLocation))
    folder = tmp / "zi-desktop-lihat" / sha256[:12]
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / (Path(name).name or "berkas")
    if not copy.exists():
        shutil.copyfile(blob, copy)
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))))
