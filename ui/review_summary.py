"""The "Reviu TPI" tab: the unit's score beside each tier's, per area, every differing question,
and (in a review workspace) the TPI's notes per area and its recommendations."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import review_commands as rc
from ui.qt_names import Qt
from zi_desktop.errors import UserError
from zi_desktop.lke.answers import format_decimal as _n
from zi_desktop.workspace import review as rv


class ReviewSummaryPage(QScrollArea):
    question_requested = Signal(int)

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewSummary")
        self.session = session
        self.ws = session.ws
        self.info = rc.review_info(session)
        self.setWidgetResizable(True)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(20, 16, 20, 16)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        lay.addWidget(self.title)
        self.table = QTableWidget()
        self.table.setObjectName("reviewScores")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setMinimumHeight(300)
        lay.addWidget(self.table)
        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.counts.setWordWrap(True)
        lay.addWidget(self.counts)
        box = QGroupBox(self.tr("Jawaban TPI yang berbeda dari jawaban unit"))
        bl = QVBoxLayout(box)
        self.diffs = QListWidget()
        self.diffs.setObjectName("reviewDifferences")
        self.diffs.itemActivated.connect(self._open)
        self.diffs.itemDoubleClicked.connect(self._open)
        bl.addWidget(self.diffs)
        lay.addWidget(box)
        self.area_combo: QComboBox | None = None
        if self.info is not None:
            notes = QGroupBox(self.tr("Catatan per area dan rekomendasi (LHE)"))
            nl = QVBoxLayout(notes)
            row = QHBoxLayout()
            combo = QComboBox()
            combo.setObjectName("reviewArea")
            for key in rv.area_keys(self.ws.catalog):
                combo.addItem(rv.area_label(self.ws.catalog, key), key)
            combo.currentIndexChanged.connect(self._show_area_note)
            row.addWidget(combo, 1)
            nl.addLayout(row)
            self.area_note = QPlainTextEdit()
            self.area_note.setObjectName("reviewAreaNote")
            self.area_note.setPlaceholderText(self.tr("Catatan TPI untuk area ini…"))
            self.area_note.setMaximumHeight(90)
            nl.addWidget(self.area_note)
            save_note = QPushButton(self.tr("Simpan catatan area"))
            save_note.setObjectName("saveAreaNote")
            save_note.clicked.connect(self.save_area_note)
            nl.addWidget(save_note, 0, Qt.AlignmentFlag.AlignLeft)
            nl.addWidget(QLabel(self.tr("Rekomendasi (satu per baris)")))
            self.recs = QPlainTextEdit()
            self.recs.setObjectName("reviewRecommendations")
            self.recs.setMaximumHeight(110)
            nl.addWidget(self.recs)
            save_recs = QPushButton(self.tr("Simpan rekomendasi"))
            save_recs.setObjectName("saveRecommendations")
            save_recs.clicked.connect(self.save_recommendations)
            nl.addWidget(save_recs, 0, Qt.AlignmentFlag.AlignLeft)
            lay.addWidget(notes)
            self.area_combo = combo
        lay.addStretch(1)
        self.setWidget(page)
        session.changed.connect(self.refresh)
        self.refresh()
        if self.info is not None:
            self._show_area_note()
            self.recs.setPlainText("\n".join(rv.recommendations(self.ws)))

    def refresh(self, _ids: Any = None) -> None:
        cmp = rv.compare(self.ws)
        tiers = list(cmp.tiers)
        if self.info is not None:
            self.title.setText(
                self.tr("Reviu TPI tingkat %1 (%2), putaran %3")
                .replace("%1", self.info.tier)
                .replace("%2", self.info.reviewer)
                .replace("%3", str(self.info.round))
            )
        else:
            self.title.setText(
                self.tr("Hasil reviu TPI: jawaban_tpi dari tingkat %1").replace("%1", rv.chosen_tier(self.ws) or "-")
            )
        heads = [self.tr("Area"), self.tr("Bobot"), self.tr("Unit"), *tiers]
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        rows = [
            [rv.area_label(self.ws.catalog, a.area), _n(a.weight), _n(a.unit), *[_n(a.tiers[t]) for t in tiers]]
            for a in cmp.areas
        ]
        rows.append([self.tr("Nilai total"), "100", _n(cmp.unit.total), *[_n(cmp.tiers[t].total) for t in tiers]])
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                it = QTableWidgetItem(text)
                if c:
                    it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, it)
        self.table.resizeColumnsToContents()
        fixing = rv.needs_fixing(self.ws)
        reviewed = ", ".join(f"{t}: {n}" for t, n in cmp.reviewed.items()) or "-"
        self.counts.setText(
            self.tr("Soal dinilai per tingkat: %1. Perlu perbaikan: %2 soal.")
            .replace("%1", reviewed)
            .replace("%2", str(len(fixing)))
        )
        self.diffs.clear()
        for d in cmp.differences:
            item = QListWidgetItem(
                self.tr("Soal %1 [%2]: unit %3, TPI %4")
                .replace("%1", str(d.soal_id))
                .replace("%2", d.tier)
                .replace("%3", rv.describe_value(d.unit))
                .replace("%4", rv.describe_value(d.tpi))
            )
            item.setData(Qt.ItemDataRole.UserRole, d.soal_id)
            self.diffs.addItem(item)

    def _open(self, item: QListWidgetItem) -> None:
        self.question_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def _show_area_note(self, *_: Any) -> None:
        assert self.area_combo is not None
        key = self.area_combo.currentData()
        self.area_note.setPlainText(rv.area_notes(self.ws).get(key, ""))

    def save_area_note(self) -> None:
        assert self.area_combo is not None
        key = self.area_combo.currentData()
        old = rv.area_notes(self.ws).get(key)
        new = self.area_note.toPlainText().strip() or None
        if old == new:
            return
        try:
            rv.set_area_note(self.ws, key, new)
        except UserError as exc:
            from ui import dialogs

            dialogs.show_error(self, exc)
            return
        self.session.undo_stack.push(rc.AreaNoteCommand(self.session, key, old, new))

    def save_recommendations(self) -> None:
        old = rv.recommendations(self.ws)
        new = [line.strip() for line in self.recs.toPlainText().splitlines() if line.strip()]
        if old == new:
            return
        try:
            rv.set_recommendations(self.ws, new)
        except UserError as exc:
            from ui import dialogs

            dialogs.show_error(self, exc)
            return
        self.session.undo_stack.push(rc.RecommendationsCommand(self.session, old, new))


def install_tab(view: Any) -> ReviewSummaryPage | None:
    """The "Reviu TPI" tab on a workspace view, when the workspace holds a review."""
    old = getattr(view, "review_page", None)
    if old is not None:
        view.tabs.removeTab(view.tabs.indexOf(old))
        old.deleteLater()
        view.review_page = None
    if not rc.has_review_data(view.session):
        return None
    page = ReviewSummaryPage(view.session)
    page.question_requested.connect(view.select_soal)
    view.tabs.addTab(page, view.tr("Reviu TPI"))
    view.review_page = page
    return page
