"""Hand a file or a link to the system (QDesktopServices), behind small functions for tests."""

from __future__ import annotations

import shutil
from pathlib import Path


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
