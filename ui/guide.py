"""Bantuan > Panduan: the offline guide, in the app's language, page by page.

The pages are HTML files of the app's own (resources/guide/<lang>/<page>.html); each page is
reachable from where it applies (the "?" beside the dashboard's totals opens "nilai", the marker
legend opens "tanda")."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QListWidget, QTextBrowser, QVBoxLayout, QWidget

from ui.i18n import language
from ui.qt_names import Qt
from ui.screen import fit_to_screen
from zi_desktop.paths import resources_dir

PAGES = ("mulai", "nilai", "tanda", "bukti", "tpi", "tim", "ekspor")


def guide_dir(lang: str | None = None) -> Path:
    base = resources_dir() / "guide"
    lang = lang or language()
    return base / lang if (base / lang).is_dir() else base / "id"


def page_html(page: str, lang: str | None = None) -> str:
    return (guide_dir(lang) / f"{page}.html").read_text(encoding="utf-8")


def page_title(html: str) -> str:
    m = re.search(r"<h1>(.*?)</h1>", html, re.S)
    return re.sub(r"<[^>]+>", "", m.group(1)).strip() if m else ""


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, page: str = "mulai") -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("Panduan ZI Desktop"))
        self.pages = [(p, page_html(p)) for p in PAGES]
        self.list = QListWidget()
        self.list.setObjectName("guidePages")
        for _name, html in self.pages:
            self.list.addItem(page_title(html))
        self.list.setFixedWidth(200)
        self.text = QTextBrowser()
        self.text.setObjectName("guideText")
        self.text.setOpenLinks(False)  # our pages link only to each other (see _follow)
        self.text.anchorClicked.connect(lambda url: self.show_page(url.toString().removesuffix(".html")))
        buttons = QDialogButtonBox()
        close = buttons.addButton(self.tr("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.list)
        row.addWidget(self.text, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(row, 1)
        lay.addWidget(buttons)
        self.list.currentRowChanged.connect(self._on_row)
        self.show_page(page)
        fit_to_screen(self, QSize(900, 640))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _on_row(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.text.setHtml(self.pages[row][1])

    def show_page(self, page: str) -> None:
        names = [p for p, _ in self.pages]
        row = names.index(page) if page in names else 0
        self.list.setCurrentRow(row)
        self._on_row(row)

    def current_page(self) -> str:
        return self.pages[max(0, self.list.currentRow())][0]
