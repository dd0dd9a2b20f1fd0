"""The TPI review of one question on the question page.

In a review workspace (the TPI's): the unit's answer and note are shown read-only (they belong to
the unit), the TPI picks a status (belum direviu / sesuai / perlu perbaikan) beside its own answer
and note, sees the earlier tiers' answers and notes, and what the unit changed since the previous
bundle. In a unit workspace that took a review in: every tier's answer, note and status, whether
the unit changed the question since it was reviewed, the revision count, and the unit's response
(tanggapan). Everything is read from `zi_desktop.workspace.review`; writes are undo commands.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui import review_commands as rc
from ui.format import escape
from zi_desktop.errors import UserError
from zi_desktop.workspace import review as rv

STATUS_COLORS = {rv.BELUM: "#666666", rv.SESUAI: "#1b5e20", rv.PERBAIKAN: "#b71c1c"}


def _plain(text: str, style: str = "") -> QLabel:
    from PySide6.QtCore import Qt

    lab = QLabel(text)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setWordWrap(True)
    if style:
        lab.setStyleSheet(style)
    return lab


class ReviewBox(QGroupBox):
    """The review part of one question's page."""

    def __init__(self, panel: Any, soal_id: int, info: rv.ReviewInfo | None) -> None:
        super().__init__()
        self.setObjectName("reviewBox")
        self.panel, self.session, self.soal_id, self.info = panel, panel.session, soal_id, info
        self.ws = self.session.ws
        lay = QVBoxLayout(self)
        self.status_combo: QComboBox | None = None
        self.response: Any = None
        if info is not None:
            self.setTitle(self.tr("Reviu TPI: tingkat %1 (%2)").replace("%1", info.tier).replace("%2", info.reviewer))
            row = QHBoxLayout()
            row.addWidget(_plain(self.tr("Status reviu"), "font-weight:600; color:#444;"))
            combo = QComboBox()
            combo.setObjectName("reviewStatus")
            for st in rv.STATUSES:
                combo.addItem(st, st)
            combo.activated.connect(self._pick_status)
            row.addWidget(combo, 1)
            lay.addLayout(row)
            self.status_combo = combo
        else:
            self.setTitle(self.tr("Hasil reviu TPI"))
        self.tiers_label = _plain("")
        self.tiers_label.setObjectName("reviewTiers")
        lay.addWidget(self.tiers_label)
        self.changes_label = _plain("", "color:#0d47a1;")
        self.changes_label.setObjectName("reviewChanges")
        lay.addWidget(self.changes_label)
        if info is None:
            from ui.question_panel import NoteEdit

            lay.addWidget(_plain(self.tr("Tanggapan unit atas temuan TPI"), "font-weight:600; color:#444;"))
            note = NoteEdit(self._save_response, self.tr("Apa yang sudah diperbaiki, dan bukti barunya…"))
            note.setObjectName("reviewResponse")
            panel.notes.append(note)
            lay.addWidget(note)
            self.response = note
        self.session.changed.connect(self.sync)
        self.sync()

    # -- writing --------------------------------------------------------------------------------
    def _pick_status(self, index: int) -> None:
        assert self.status_combo is not None
        status = self.status_combo.itemData(index)
        try:
            rc.set_status(self.session, self.soal_id, status)
        except UserError as exc:
            from ui import dialogs

            dialogs.show_error(self, exc)
            self.sync()

    def _save_response(self, text: str) -> None:
        try:
            rc.set_response(self.session, self.soal_id, text)
        except UserError as exc:
            from ui import dialogs

            dialogs.show_error(self, exc)

    # -- reading --------------------------------------------------------------------------------
    def sync(self, _ids: Any = None) -> None:
        sid = self.soal_id
        if self.status_combo is not None:
            st = rv.status_of(self.ws, sid)
            self.status_combo.setCurrentIndex(rv.STATUSES.index(st))
            self.status_combo.setStyleSheet(f"color:{STATUS_COLORS[st]}; font-weight:600;")
        lines = []
        for t in rv.tiers(self.ws):
            a = rv.tier_answers(self.ws, t.tier).get(sid)
            if a is None:
                lines.append(self.tr("%1 (%2): belum direviu").replace("%1", t.tier).replace("%2", t.reviewer))
                continue
            text = (
                self.tr("%1 (%2): jawaban %3, status %4")
                .replace("%1", t.tier)
                .replace("%2", t.reviewer)
                .replace("%3", rv.describe_value(a.jawaban))
                .replace("%4", a.status)
            )
            if a.catatan:
                text += self.tr("; catatan: %1").replace("%1", a.catatan)
            if a.unit_changed and self.info is None:
                text += self.tr(" [unit mengubah soal ini sejak direviu]")
            lines.append(text)
        resp = rv.responses(self.ws).get(sid)
        if self.info is not None and resp is not None and (resp.tanggapan or resp.revisions):
            lines.append(
                self.tr("Tanggapan unit (putaran perbaikan %1): %2")
                .replace("%1", str(resp.revisions))
                .replace("%2", resp.tanggapan or "-")
            )
        if self.info is None:
            if resp is not None and resp.revisions:
                lines.append(self.tr("Putaran perbaikan: %1").replace("%1", str(resp.revisions)))
            if self.response is not None:
                self.response.set_text(resp.tanggapan if resp else None)
        self.tiers_label.setText("\n".join(lines))
        self.tiers_label.setVisible(bool(lines))
        changes = rv.unit_changes(self.ws).get(sid, []) if self.info is not None else []
        if changes:
            self.changes_label.setText(
                self.tr("Diubah unit sejak paket sebelumnya: %1").replace(
                    "%1", "; ".join(f"{c.kind} {c.detail}" for c in changes)
                )
            )
        self.changes_label.setVisible(bool(changes))


def attach_review(panel: Any, lay: QVBoxLayout, unit_box: QWidget, soal_id: int) -> ReviewBox | None:
    """Add the review of `soal_id` to a question page (nothing when the workspace has no review)."""
    session = panel.session
    if not rc.has_review_data(session):
        return None
    info = rc.review_info(session)
    if info is not None:
        unit_box.setEnabled(False)
        unit_box.setToolTip(
            panel.tr("Jawaban, catatan dan bukti dukung milik unit %1: hanya-baca di workspace reviu").replace(
                "%1", session.unit_name
            )
        )
        if hasattr(unit_box, "setTitle"):
            unit_box.setTitle(
                panel.tr("Jawaban unit kerja (milik %1, hanya-baca)").replace("%1", escape(session.unit_name))
            )
    box = ReviewBox(panel, soal_id, info)
    lay.addWidget(box)
    return box
