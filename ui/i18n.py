"""Language: Indonesian is the source language; English from resources/translations/*.qm.
Chosen by env ZI_DESKTOP_LANG (id|en), else the system locale; Indonesian by default."""

from __future__ import annotations

import os

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from zi_desktop.paths import resources_dir

TRANSLATIONS = resources_dir() / "translations"


def language() -> str:
    env = (os.environ.get("ZI_DESKTOP_LANG") or "").strip().lower()
    if env:
        return "en" if env.startswith("en") else "id"
    return "en" if QLocale.system().name().lower().startswith("en") else "id"


def install_translators(app: QApplication) -> list[QTranslator]:
    lang = language()
    out: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(QLocale(lang), "qtbase", "_", qt_dir):
        app.installTranslator(qt)
        out.append(qt)
    if lang == "id":
        # PySide6 ships no Indonesian for Qt's own texts (dialog buttons, the file dialog, edit
        # menus): the app carries its own (tools/qt_strings_id.py).
        qt_id = QTranslator(app)
        if qt_id.load(str(TRANSLATIONS / "qt_id.qm")):
            app.installTranslator(qt_id)
            out.append(qt_id)
    if lang == "en":
        ours = QTranslator(app)
        if ours.load(str(TRANSLATIONS / "zi_desktop_en.qm")):
            app.installTranslator(ours)
            out.append(ours)
    return out
