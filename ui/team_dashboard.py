"""The dashboard's "Kemajuan per PIC" box: per person in charge, answered, with evidence and open
advisories (the readiness check's remarks) on their questions; hidden while nobody is assigned."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QProgressBar, QWidget

from ui.qt_names import Qt
from ui.team_model import progress


class PicProgressBox(QGroupBox):
    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("picProgress")
        self.session = session
        self.setTitle(self.tr("Kemajuan per PIC (penanggung jawab)"))
        self.grid = QGridLayout(self)
        self.grid.setHorizontalSpacing(12)
        self.rows: list[Any] = []
        self.setVisible(False)

    def refresh(self) -> None:
        rows = progress(self.session)
        if rows == self.rows and self.isVisible() == bool(rows):
            return  # nothing moved: rebuilding the grid would lay the dashboard out again
        self.rows = rows
        while self.grid.count():
            item = self.grid.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        self.setVisible(bool(rows))
        if not rows:
            return
        heads = (self.tr("PIC"), self.tr("Terjawab"), "", self.tr("Berbukti"), self.tr("Saran terbuka"))
        for col, text in enumerate(heads):
            lab = QLabel(text)
            lab.setStyleSheet("color:#555; font-weight:600;")
            self.grid.addWidget(lab, 0, col)
        for r, p in enumerate(rows, start=1):
            name = QLabel(p.pic or self.tr("(tanpa PIC)"))
            name.setTextFormat(Qt.TextFormat.PlainText)
            bar = QProgressBar()
            bar.setRange(0, max(1, p.total))
            bar.setValue(p.answered)
            bar.setTextVisible(False)
            bar.setMaximumHeight(12)
            self.grid.addWidget(name, r, 0)
            self.grid.addWidget(QLabel(f"{p.answered}/{p.total}"), r, 1)
            self.grid.addWidget(bar, r, 2)
            self.grid.addWidget(QLabel(f"{p.with_evidence}/{p.total}"), r, 3)
            self.grid.addWidget(QLabel(str(p.advisories)), r, 4)
        self.grid.setColumnStretch(2, 1)
