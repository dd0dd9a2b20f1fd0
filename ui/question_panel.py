"""The centre page: one question (or a computed percentage, or a tree node) with its answer
control, guidance, the unit's note, the TPI's answer and note, evidence, examples and history.
Every change is saved at once through the Session (undoable)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui import dialogs, looks, qt_names
from ui.evidence import EvidenceBox
from ui.format import escape, num, pct
from ui.qt_names import Qt
from ui.steady import SteadyLabel, WrapLabel
from zi_desktop.errors import UserError
from zi_desktop.lke.answers import MAX_COUNT, format_value
from zi_desktop.lke.catalog import CHOICE, COUNT, SURVEY, Computed, Soal
from zi_desktop.lke.scoring import computed_share, soal_share

if TYPE_CHECKING:
    from PySide6.QtWidgets import QSpinBox

NOTE_DELAY_MS = 600
FIELD_LABELS = {
    "jawaban_unit": "jawaban unit",
    "jawaban_tpi": "jawaban TPI",
    "catatan_unit": "catatan unit",
    "catatan_tpi": "catatan TPI",
    "bukti_dukung_unit": "teks bukti dukung",
}


def _label(text: str = "", *, wrap: bool = True, style: str = "", selectable: bool = False) -> QLabel:
    lab = SelectableLabel(text) if selectable else WrapLabel(text)
    lab.setWordWrap(wrap)
    if style:
        looks.apply(lab, style)
    return lab


def _caption(text: str) -> QLabel:
    """A field's caption ("Catatan unit"): one short line. Not word-wrapped: a wrapped label makes its
    layout ask its height for every width it tries, each a new text layout (issue 15: the first
    page's layout asked the four captions some 150 times)."""
    return _label(text, wrap=False, style="color:#444; font-weight:600;")


class _HoverCursor(WrapLabel):
    """A label that shows the cursor `CURSOR` (a Qt.CursorShape name) over it. Set when the mouse
    first enters it: a cursor shape is named through PySide6's Qt namespace, which the first window
    is painted without (ui.qt_names), and the pointer is what it is for."""

    CURSOR = "ArrowCursor"
    _pointed = False

    def enterEvent(self, event: Any) -> None:
        if not self._pointed:
            self._pointed = True
            self.setCursor(getattr(Qt.CursorShape, self.CURSOR))
        super().enterEvent(event)


class SelectableLabel(_HoverCursor):
    """A label whose text the mouse can select and copy (the question's text, its criteria, the
    examples, the history). Qt gives a selectable label its own text control the moment it is made
    selectable: four of them cost the first question page about 4 ms (issue 15). This one becomes
    selectable when the mouse first presses on it or asks for its menu, and shows the text cursor
    from the moment the mouse is over it, so it looks and works the same."""

    CURSOR = "IBeamCursor"

    def arm(self) -> None:
        if not self.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse:
            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def mousePressEvent(self, event: Any) -> None:
        self.arm()
        super().mousePressEvent(event)

    def contextMenuEvent(self, event: Any) -> None:
        self.arm()
        super().contextMenuEvent(event)


class _ClickLabel(_HoverCursor):
    CURSOR = "PointingHandCursor"

    def __init__(self, text: str, radio: QRadioButton) -> None:
        super().__init__(text)
        self.radio = radio
        qt_names.plain_text(self)  # option texts as written ("< 50%" is no tag)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def mouseReleaseEvent(self, event: Any) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.radio.click()


class ChoiceControl(QWidget):
    """Radio buttons with the full option texts."""

    chosen = Signal(object)  # option key, or None to clear

    def __init__(self, soal: Soal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.soal = soal
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QRadioButton] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        for row, o in enumerate(soal.options):
            rb = QRadioButton(o.key)
            looks.apply(rb, "font-weight: bold;")
            text = o.meaning if len(o.meaning) > len(o.label) else o.label
            if text == o.key:
                text = ""
            self.buttons[o.key] = rb
            self.group.addButton(rb)
            rb.clicked.connect(lambda _c=False, k=o.key: self.chosen.emit(k))
            # the letter at the top of its row, beside the first line of its text: a column that
            # stretches below it (an alignment flag is named through the Qt namespace, which the
            # first window is painted without, ui.qt_names)
            col = QVBoxLayout()
            col.setContentsMargins(0, 0, 0, 0)
            col.addWidget(rb)
            col.addStretch(1)
            grid.addLayout(col, row, 0)
            label = _ClickLabel(text, rb)
            label.setContentsMargins(0, 2, 0, 0)  # first line level with the radio's letter
            label.setProperty("alignment", qt_names.ALIGN_LEFT | qt_names.ALIGN_TOP)  # in a taller row too
            grid.addWidget(label, row, 1)
        grid.setColumnStretch(1, 1)
        self.clear_btn = QPushButton(self.tr("Kosongkan jawaban"))
        self.clear_btn.setFlat(True)
        self.clear_btn.setStyleSheet("color: #1565c0; text-align: left;")
        self.clear_btn.clicked.connect(lambda: self.chosen.emit(None))
        line = QHBoxLayout()  # at the left, as wide as its text
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.clear_btn)
        line.addStretch(1)
        grid.addLayout(line, len(soal.options), 0, 1, 2)

    def keyPressEvent(self, event: Any) -> None:
        # A letter picks its option (A-E; Y/T for Ya/Tidak) while an option has focus.
        text = event.text().upper()
        if len(text) == 1 and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            for o in self.soal.options:
                if o.key.upper().startswith(text):
                    self.buttons[o.key].setFocus()
                    self.chosen.emit(o.key)
                    return
        super().keyPressEvent(event)

    def set_value(self, value: Any) -> None:
        # Touch only what differs: after a click Qt has already checked the option (and each Qt
        # call from Python costs; see ui/compat.py).
        checked = [k for k, b in self.buttons.items() if b.isChecked()]
        if checked != ([value] if value in self.buttons else []):
            self.group.setExclusive(False)
            for k, b in self.buttons.items():
                b.setChecked(k == value)
            self.group.setExclusive(True)
        if self.clear_btn.isHidden() != (value is None):
            self.clear_btn.setVisible(value is not None)


def count_box(parent: QWidget | None = None) -> QSpinBox:
    # QSpinBox and QFormLayout are imported where used: a choice question's page (the usual
    # first one) needs neither, and PySide6 builds a class's types when its name is imported.
    from PySide6.QtWidgets import QSpinBox

    box = QSpinBox(parent)
    box.setRange(-1, MAX_COUNT)
    box.setSpecialValueText(QCoreApplication.translate("QuestionPanel", "belum diisi"))
    box.setKeyboardTracking(False)
    box.setMinimumWidth(140)
    box.setProperty("alignment", qt_names.ALIGN_RIGHT)  # (setAlignment: through the Qt namespace)
    return box


class SurveyBox(QWidget):
    """The IPAK/IPKP survey score (0-4) as people type it: `3,45` or `3.45`. What cannot be a score
    (`5`, `abc`) is named at once under the box, in words, and never saved; the score is saved
    when typing ends (Enter, or leaving the box). Empty clears the answer."""

    entered = Signal(object)  # the score (float), or None to clear

    def __init__(self, soal: Soal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.soal = soal
        self.saved: float | None = None
        self.edit = QLineEdit()
        self.edit.setObjectName("surveyEdit")
        self.edit.setPlaceholderText(QCoreApplication.translate("QuestionPanel", "belum diisi"))
        self.edit.setProperty("alignment", qt_names.ALIGN_RIGHT)
        self.edit.setMinimumWidth(140)
        self.edit.setMaximumWidth(200)
        self.problem = QLabel()
        self.problem.setObjectName("surveyProblem")
        qt_names.plain_text(self.problem)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.edit)
        lay.addWidget(self.problem)
        self.edit.textEdited.connect(self._check)
        self.edit.editingFinished.connect(self._finish)

    def parse(self, text: str) -> float | None:
        """The score the text stands for; raises AnswerError (plain words) for anything else."""
        from zi_desktop.errors import AnswerError
        from zi_desktop.lke.answers import parse_answer

        value = parse_answer(self.soal, text)
        if value is not None and round(float(value), 2) != float(value):
            raise AnswerError(
                self.soal.soal_id,
                QCoreApplication.translate(
                    "QuestionPanel", "nilai survei paling banyak dua angka di belakang koma, mis. 3,45"
                ),
            )
        return None if value is None else float(value)

    def _check(self, text: str) -> str | None:
        from zi_desktop.errors import UserError

        try:
            self.parse(text)
        except UserError as exc:
            message = QCoreApplication.translate("QuestionPanel", "Belum tersimpan: %1").replace(
                "%1", getattr(exc, "message", str(exc))
            )
            self.problem.setText(message)
            self.problem.show()
            self.edit.setStyleSheet("border: 1px solid #c62828;")
            return message
        if not self.problem.isHidden():
            self.problem.hide()
            self.edit.setStyleSheet("")
        return None

    def _finish(self) -> None:
        text = self.edit.text()
        if self._check(text) is not None:
            return  # the message stays; nothing is saved
        value = self.parse(text)
        if value != self.saved:
            self.saved = value
            self.entered.emit(value)
        self.edit.setText(format_value(value))

    def set_value(self, value: Any) -> None:
        """Show the saved score (after a save, an undo, another process's change)."""
        self.saved = None if value is None else float(value)
        if self.edit.hasFocus() and not self.problem.isHidden():
            return  # keep what the person is correcting
        self.edit.blockSignals(True)
        self.edit.setText(format_value(self.saved))
        self.edit.blockSignals(False)
        self._check(self.edit.text())


def _set_box(box: Any, value: Any) -> None:
    if isinstance(box, SurveyBox):
        box.set_value(value)
        return
    box.blockSignals(True)
    box.setValue(box.minimum() if value is None else value)
    box.blockSignals(False)


# The text boxes of a question page, by object name, and the field each one edits.
NOTE_FIELDS = {"noteUnit": "catatan_unit", "noteTpi": "catatan_tpi", "evidenceText": "bukti_dukung_unit"}


class NoteEdit(QPlainTextEdit):
    """A note saved shortly after typing stops (and when leaving the question)."""

    def __init__(self, save: Any, placeholder: str) -> None:
        super().__init__()
        self._save = save
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        self.setMinimumHeight(64)
        self.setMaximumHeight(110)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(NOTE_DELAY_MS)
        self.timer.timeout.connect(self.flush)
        self.textChanged.connect(self.timer.start)
        self.saved_text = ""

    def set_text(self, text: str | None) -> None:
        text = text or ""
        if self.hasFocus() and self.timer.isActive():
            return
        if text != self.toPlainText():
            self.blockSignals(True)
            self.setPlainText(text)
            self.blockSignals(False)
        self.saved_text = text

    def flush(self) -> None:
        self.timer.stop()
        text = self.toPlainText()
        if text != self.saved_text:
            self.saved_text = text
            self._save(text)

    def retire(self) -> None:
        """The page is going away: save what is typed, then never save again."""
        self.flush()
        self.timer.stop()
        self._save = lambda _text: None

    def focusOutEvent(self, event: Any) -> None:
        self.flush()
        super().focusOutEvent(event)


class QuestionPanel(QScrollArea):
    """Shows what is selected in the tree. `show_soal`, `show_computed`, `show_node`."""

    def __init__(self, session: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.catalog = session.catalog
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.kind: str | None = None
        self.ref: Any = None
        self.choice: ChoiceControl | None = None
        self.tpi_combo: QComboBox | None = None
        self.boxes: dict[int, Any] = {}
        self.tpi_box: Any = None
        self.notes: list[NoteEdit] = []
        self.evidence = EvidenceBox(session, runner)
        self.computed_labels: dict[str, QLabel] = {}
        self.score_label: QLabel = QLabel()
        self.history_label: QLabel | None = None
        self._page: QWidget | None = None  # built by the first show_*, or the hint when shown empty
        self._unplaced: QWidget | None = None  # a page built before the panel was first shown
        session.changed.connect(self._on_changed)

    # -- pages --------------------------------------------------------------------------------
    def _new_page(self) -> QVBoxLayout:
        self.flush()
        for n in self.notes:
            n.retire()
        # The evidence box lives on from page to page; the old page itself is deleted by Qt when
        # the new one is set (never by a Python wrapper that took it back).
        self.evidence.setParent(None)
        page = QWidget()
        page.setObjectName("questionPage")
        lay = QVBoxLayout(page)
        lay.setContentsMargins(20, 16, 20, 16)
        lay.setSpacing(12)
        self._page = page
        self.choice = None
        self.tpi_combo = None
        self.tpi_box = None
        self.boxes = {}
        self.notes = []
        self.computed_labels = {}
        self.score_label = QLabel()
        self.history_label = None
        return lay

    def _finish(self, lay: QVBoxLayout) -> None:
        # A page set on a visible scroll area must be shown explicitly; showing it once it is
        # complete, and laying it out now, makes it usable (and clickable) at once.
        page = self._page
        assert page is not None  # made by _new_page
        if not self.isVisible():
            # Not shown yet (the window's start): the scroll area would lay the page out at its
            # provisional width, and again at each width the window's first layout passes through
            # (issue 15). Kept as a hidden child until the panel is shown (showEvent).
            if self._unplaced is not None:  # an earlier page that never got shown: gone now,
                import shiboken6  # as setWidget() deletes the page it replaces

                shiboken6.delete(self._unplaced)
            page.setParent(self)
            page.hide()
            self._unplaced = page
            return
        self._place(page)
        lay.activate()

    def _place(self, page: QWidget) -> None:
        self._unplaced = None
        self.setWidget(page)  # deletes the page it replaces
        page.show()

    def showEvent(self, event: Any) -> None:
        if self._page is None:  # shown before anything was selected: say what to do
            self._build_empty()
        elif self._unplaced is self._page:
            self._place(self._page)
        super().showEvent(event)

    def _build_empty(self) -> None:
        lay = self._new_page()
        lay.addWidget(_label(self.tr("Pilih sebuah soal di pohon LKE di sebelah kiri."), style="color:#666;"))
        lay.addStretch(1)
        self._finish(lay)
        self.kind, self.ref = None, None

    def _header(self, lay: QVBoxLayout, node_id: int, title: str, meta: str) -> None:
        crumbs = " › ".join(n.name for n in self.catalog.ancestors(node_id))
        lay.addWidget(_label(escape(crumbs), style="color:#666; font-size: 9pt;"))
        t = _label(title, style="font-size: 13pt; font-weight: 600;", selectable=True)
        lay.addWidget(t)
        self.score_label = _label(meta, style="color:#333;")
        lay.addWidget(SteadyLabel(self.score_label))

    def show_node(self, node_id: int) -> None:
        lay = self._new_page()
        self.kind, self.ref = "node", node_id
        n = self.catalog.nodes[node_id]
        self._header(lay, node_id, escape(n.name), "")
        lay.addWidget(
            _label(self.tr("Pilih soal di bawah simpul ini di pohon kiri untuk mengisinya."), style="color:#666;")
        )
        lay.addStretch(1)
        self._finish(lay)
        self._sync()

    def show_soal(self, soal_id: int) -> None:
        s = self.catalog.soal[soal_id]
        lay = self._new_page()
        self.kind, self.ref = "soal", soal_id
        kind_label = self.catalog.answer_type_labels.get(s.type, s.type)
        soal_word = self.tr("Soal")
        self._header(
            lay,
            s.node_id,
            f"<span style='color:#666'>{soal_word} {s.soal_id}</span>&nbsp; {escape(s.text)}",
            "",
        )
        self.score_label.setToolTip(kind_label)

        # unit answer | TPI answer, side by side
        row = QHBoxLayout()
        row.setSpacing(12)
        unit = QGroupBox(self.tr("Jawaban unit kerja"))
        ul = QVBoxLayout(unit)
        ul.addWidget(self._answer_control(s))
        ul.addWidget(_caption(self.tr("Catatan unit")))
        note = NoteEdit(lambda t: self._save_note(soal_id, t, False), self.tr("Penjelasan singkat untuk evaluator…"))
        note.setObjectName("noteUnit")
        self.notes.append(note)
        ul.addWidget(note)
        row.addWidget(unit, 3)
        tpi = QGroupBox(self.tr("Penilaian TPI"))
        tl = QVBoxLayout(tpi)
        tl.addWidget(_caption(self.tr("Jawaban TPI")))
        tl.addWidget(self._tpi_control(s))
        tl.addWidget(_caption(self.tr("Catatan TPI")))
        tnote = NoteEdit(lambda t: self._save_note(soal_id, t, True), self.tr("Catatan Tim Penilai Internal…"))
        tnote.setObjectName("noteTpi")
        self.notes.append(tnote)
        tl.addWidget(tnote)
        tl.addStretch(1)
        row.addWidget(tpi, 2)
        from ui.team_model import member_packet, read_only_reason

        locked = read_only_reason(self.session, soal_id)  # a member's workspace, outside the packet
        if member_packet(self.session) is not None:
            tpi.setEnabled(False)  # the TPI reviews in the coordinator's workspace
        if locked:
            banner = _label(locked, style="background:#fff3e0; color:#8a4b00; padding:6px; border-radius:4px;")
            banner.setObjectName("readOnlyBanner")
            banner.setTextFormat(Qt.TextFormat.PlainText)
            lay.addWidget(banner)
            unit.setEnabled(False)
            tpi.setEnabled(False)
        lay.addLayout(row)
        from ui.review_panel import attach_review

        attach_review(self, lay, unit, soal_id)  # the TPI review of this question, when there is one

        self._guidance(lay, s)
        self.evidence.set_soal(soal_id)
        self.evidence.setEnabled(not locked)
        lay.addWidget(self.evidence)
        self.evidence.show()
        # The unit's evidence text (PortalRB's "bukti dukung": URL atau keterangan), e.g. from a
        # workbook's evidence column: shown and edited like a note, and counted as evidence.
        lay.addWidget(_caption(self.tr("Keterangan bukti dukung")))
        etext = NoteEdit(
            lambda t: self._save_field(soal_id, "bukti_dukung_unit", t),
            self.tr("Keterangan atau tautan bukti dukung, mis. dari kolom bukti dukung buku kerja…"),
        )
        etext.setObjectName("evidenceText")
        self.notes.append(etext)
        lay.addWidget(etext)
        self._examples(lay, s.evidence_examples)
        self._history(lay)
        lay.addStretch(1)
        self._finish(lay)
        self._sync()

    def show_computed(self, cid: str) -> None:
        c = self.catalog.computed_by_id(cid)
        lay = self._new_page()
        self.kind, self.ref = "computed", cid
        title = c.text if c.nomor in ("", "-") else f"{c.nomor} {c.text}"
        self._header(lay, c.node_id, escape(title), "")
        box = QGroupBox(self.tr("Isian jumlah dan persentase yang dihitung"))
        box_lay = QVBoxLayout(box)
        from PySide6.QtWidgets import QFormLayout

        form = QFormLayout()
        box_lay.addLayout(form)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for sid in self.catalog.computed_inputs(c):
            s = self.catalog.soal[sid]
            b = count_box()
            b.setObjectName(f"count{sid}")
            b.valueChanged.connect(lambda v, i=sid: self._save_count(i, v))
            self.boxes[sid] = b
            soal_word = self.tr("soal")
            lab = _label(f"{escape(s.text)} <span style='color:#888'>({soal_word} {sid})</span>")
            lab.setMinimumWidth(320)
            form.addRow(lab, b)
        # Below the inputs, the full width of the box: a long message (an input error) wraps onto as
        # many lines as it needs (inside the form's field column it was cut off).
        value = _label("", style="font-size: 13pt; font-weight: 600;")
        value.setObjectName("computedValue")
        self.computed_labels[cid] = value
        box_lay.addWidget(_label(self.tr("Hasil perhitungan"), style="font-weight:600;"))
        box_lay.addWidget(value)
        lay.addWidget(box)
        self._formula(lay, c)
        if c.requires:
            first = c.requires[0]
            self.evidence.set_soal(first, self.tr("Bukti dukung disimpan pada soal %1.").replace("%1", str(first)))
            lay.addWidget(self.evidence)
            self.evidence.show()
        self._examples(lay, c.evidence_examples)
        lay.addStretch(1)
        self._finish(lay)
        self._sync()

    # -- parts --------------------------------------------------------------------------------
    def _answer_control(self, s: Soal) -> QWidget:
        sid = s.soal_id
        if s.kind == CHOICE:
            self.choice = ChoiceControl(s)
            self.choice.chosen.connect(lambda key: self._save_answer(sid, key, False))
            return self.choice
        w = QWidget()
        h = QHBoxLayout(w)
        h.setContentsMargins(0, 0, 0, 0)
        if s.kind == COUNT:
            b: Any = count_box()
            b.valueChanged.connect(lambda v: self._save_count(sid, v))
            h.addWidget(b)
            h.addWidget(_label(self.tr("bilangan bulat ≥ 0"), wrap=False, style="color:#666;"))
        else:
            b = SurveyBox(s)
            b.entered.connect(lambda v: self._save_answer(sid, v, False))
            h.addWidget(b)  # the tallest in its row (with its message shown): top already
            h.addWidget(
                _label(self.tr("nilai survei 0 sampai 4, mis. 3,45 atau 3.45"), wrap=False, style="color:#666;")
            )
        h.addStretch(1)
        self.boxes[sid] = b
        b.setObjectName("answerBox")
        v = QVBoxLayout()
        v.setContentsMargins(0, 0, 0, 0)
        outer = QWidget()
        v = QVBoxLayout(outer)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(w)
        for c in self.catalog.computed_using(sid) if s.kind == COUNT else ():
            lab = _label("")
            self.computed_labels[c.id] = lab
            v.addWidget(lab)
        return outer

    def _tpi_control(self, s: Soal) -> QWidget:
        sid = s.soal_id
        if s.kind == CHOICE:
            combo = QComboBox()
            combo.addItem(self.tr("— belum dinilai —"), None)
            for o in s.options:
                combo.addItem(o.key, o.key)
                combo.setItemData(combo.count() - 1, o.label, qt_names.TOOLTIP_ROLE)
            combo.activated.connect(lambda i: self._save_answer(sid, combo.itemData(i), True))
            self.tpi_combo = combo
            return combo
        b: Any = count_box() if s.kind == COUNT else SurveyBox(s)
        if s.kind == COUNT:
            b.valueChanged.connect(lambda v: self._save_answer(sid, None if v < 0 else v, True))
        else:
            b.setObjectName("tpiSurvey")
            b.entered.connect(lambda v: self._save_answer(sid, v, True))
        self.tpi_box = b
        return b  # type: ignore[no-any-return]

    def _guidance(self, lay: QVBoxLayout, s: Soal) -> None:
        text = s.kriteria.strip()
        if s.kind == CHOICE:
            rest = text
            for o in s.options:
                for t in (o.meaning, o.label):
                    rest = rest.replace(t.strip(), "")
            rest = re.sub(r"(?m)^\s*[a-eA-E]\s*[.)]|\s+", "", rest)
            if len(rest) < 15:
                return  # the option texts above already say it all
        if s.kind == SURVEY:
            text = (text + "\n" if text else "") + self.tr("Nilai = skor survei ÷ 4 × bobot %1.").replace(
                "%1", num(s.weight)
            )
        if not text:
            return
        box = QGroupBox(self.tr("Kriteria penilaian"))
        QVBoxLayout(box).addWidget(_label(escape(text).replace("\n", "<br>"), selectable=True))
        lay.addWidget(box)

    def _formula(self, lay: QVBoxLayout, c: Computed) -> None:
        parts = []
        if c.kriteria:
            parts.append(escape(c.kriteria).replace("\n", "<br>"))
        formula_word = self.tr("Rumus")
        parts.append(f"<span style='color:#555'>{formula_word}: <code>{escape(c.describe())}</code></span>")
        box = QGroupBox(self.tr("Kriteria penilaian"))
        QVBoxLayout(box).addWidget(_label("<br><br>".join(parts), selectable=True))
        lay.addWidget(box)

    def _examples(self, lay: QVBoxLayout, examples: tuple[str, ...]) -> None:
        if not examples:
            return
        box = QGroupBox(self.tr("Contoh bukti dukung yang diharapkan evaluator"))
        items = "".join(f"<li>{escape(e)}</li>" for e in examples)
        QVBoxLayout(box).addWidget(_label(f"<ul style='margin-left:-20px'>{items}</ul>", selectable=True))
        lay.addWidget(box)

    def _history(self, lay: QVBoxLayout) -> None:
        box = QGroupBox(self.tr("Riwayat perubahan"))
        self.history_label = _label("", style="color:#444;", selectable=True)
        QVBoxLayout(box).addWidget(SteadyLabel(self.history_label, follow_width=True))
        lay.addWidget(box)

    # -- saving -------------------------------------------------------------------------------
    def _save_answer(self, soal_id: int, value: Any, tpi: bool) -> None:
        try:
            self.session.set_answer(soal_id, value, tpi=tpi)
        except UserError as exc:
            dialogs.show_error(self, exc)
            self._sync()

    def _save_count(self, soal_id: int, v: int) -> None:
        self._save_answer(soal_id, None if v < 0 else int(v), False)

    def _save_note(self, soal_id: int, text: str, tpi: bool) -> None:
        try:
            self.session.set_note(soal_id, text, tpi=tpi)
        except UserError as exc:
            dialogs.show_error(self, exc)

    def _save_field(self, soal_id: int, field: str, text: str) -> None:
        try:
            self.session.set_field(soal_id, field, text or None)
        except UserError as exc:
            dialogs.show_error(self, exc)

    def flush(self) -> None:
        """Save notes still waiting for their typing pause."""
        for n in list(self.notes):
            n.flush()

    def pick_key(self, key: str) -> bool:
        """Keyboard choice (A-E, Y/T): pick the option whose key starts with `key`."""
        if self.kind != "soal" or self.choice is None:
            return False
        for o in self.choice.soal.options:
            if o.key.upper().startswith(key.upper()):
                self._save_answer(self.ref, o.key, False)
                return True
        return False

    # -- refresh ------------------------------------------------------------------------------
    def _on_changed(self, _ids: Any) -> None:
        self._sync()
        if self._page is not None:
            SteadyLabel.settle_within(self._page)

    def _sync(self) -> None:
        s, res = self.session, self.session.result
        if self.kind == "node":
            ns = res.nodes[self.ref]
            self.score_label.setText(
                self.tr("Nilai %1 dari bobot %2 · %3 dari %4 butir terjawab")
                .replace("%1", num(ns.score))
                .replace("%2", num(ns.weight))
                .replace("%3", str(ns.answered))
                .replace("%4", str(ns.items))
            )
            return
        if self.kind == "soal":
            sid = self.ref
            soal = self.catalog.soal[sid]
            value = s.value(sid, "jawaban_unit")
            if self.choice is not None:
                self.choice.set_value(value)
            if sid in self.boxes:
                _set_box(self.boxes[sid], value)
            tpi_value = s.value(sid, "jawaban_tpi")
            if self.tpi_combo is not None:
                i = self.tpi_combo.findData(tpi_value) if tpi_value is not None else 0
                self.tpi_combo.setCurrentIndex(max(i, 0))
            if self.tpi_box is not None:
                _set_box(self.tpi_box, tpi_value)
            for n in self.notes:
                field = NOTE_FIELDS.get(n.objectName())
                if field:
                    n.set_text(s.value(sid, field))
            self.score_label.setText(self._soal_meta(soal))
            self._sync_history(sid)
        if self.kind == "computed":
            c = self.catalog.computed_by_id(self.ref)
            for sid, b in self.boxes.items():
                _set_box(b, s.value(sid, "jawaban_unit"))
            share = computed_share(self.catalog, res, c.id)
            meta = self.tr("Persentase yang dihitung · bagian bobot %1").replace("%1", num(share.weight or 0.0))
            if share.points is not None:
                meta += " · " + self.tr("nilai %1").replace("%1", num(share.points))
            self.score_label.setText(meta)
        for cid, lab in self.computed_labels.items():
            c = self.catalog.computed_by_id(cid)
            cv = res.computed.get(cid)
            prefix = "" if self.kind == "computed" else self.tr("Dipakai untuk: %1 → ").replace("%1", escape(c.text))
            if cv is not None and cv.issue:
                problem = escape(self.tr("Galat: ") + cv.issue)
                lab.setText(f"{prefix}<span style='color:#c62828'>{problem}</span>")
            elif cv is not None and cv.value is not None and cv.advisory:
                advice = escape(self.tr("Periksa: ") + cv.advisory)
                lab.setText(
                    f"{prefix}<b>{pct(cv.value)}</b><br>"
                    f"<span style='color:#b26a00; font-size:10pt; font-weight:normal'>{advice}</span>"
                )
            elif cv is not None and cv.value is not None:
                lab.setText(f"{prefix}<b>{pct(cv.value)}</b>")
            else:
                incomplete = self.tr("belum lengkap")
                lab.setText(f"{prefix}<span style='color:#888'>{incomplete}</span>")

    def _soal_meta(self, soal: Soal) -> str:
        s, res, cat = self.session, self.session.result, self.catalog
        kind = cat.answer_type_labels.get(soal.type, soal.type)
        parts = [kind]
        if soal.kind == COUNT:
            parts.append(self.tr("isian untuk persentase yang dihitung"))
        else:
            share = soal_share(cat, res, soal.soal_id)
            weight, points = num(share.weight or 0.0), share.points
            if cat.is_hasil_soal(soal.soal_id):
                parts.append(self.tr("nilai %1 dari bobot %2").replace("%1", num(points or 0.0)).replace("%2", weight))
            elif points is None:
                parts.append(self.tr("belum diisi · bagian bobot %1").replace("%1", weight))
            else:
                parts.append(self.tr("nilai %1 dari bagian bobot %2").replace("%1", num(points)).replace("%2", weight))
        if soal.soal_id in s.changed_ids:
            parts.append(self.tr("berubah sejak ekspor terakhir"))
        return " · ".join(parts)

    def _sync_history(self, soal_id: int) -> None:
        if self.history_label is None:
            return
        try:
            entries = self.session.history(soal_id, latest=8)
        except UserError:  # the workspace went away (closed, folder removed): no history to show
            entries = []
        if not entries:
            self.history_label.setText(self.tr("Belum ada perubahan."))
            return
        rows = []
        for h in entries:
            field = FIELD_LABELS.get(h.field, h.field)
            if h.field.startswith("bukti"):
                field = self.tr("bukti dukung")
            old, new = escape(_short(h.old)), escape(_short(h.new))
            at = escape(str(h.at)[:16].replace("T", " "))
            rows.append(
                f"<span style='color:#666'>{at}</span>&nbsp;&nbsp; {escape(str(h.user))}"
                f"&nbsp;&nbsp; {escape(field)}: {old} → <b>{new}</b>"
            )
        # Lines, not an HTML table: QLabel lays a table out again on every change (about 25 ms,
        # more than a frame); the time stamps have one length, so the lines still align.
        self.history_label.setText("<br>".join(rows))


def _short(text: str | None, limit: int = 60) -> str:
    if not text:
        return "–"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
