"""The dashboard: total and per-area scores against their weights and the WBK / WBBM conditions
(bars drawn with QPainter), the predicate reached, the shortfalls, and the "what to improve first"
list from the core, computed off the GUI thread; each item links to its question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QRectF, QSize, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import dialogs
from ui.format import escape, num
from ui.qt_names import Qt
from ui.review_commands import tier_scores_line
from ui.steady import SteadyLabel
from zi_desktop.lke.advice import advice_target
from zi_desktop.lke.answers import format_value
from zi_desktop.lke.scoring import score_reviewed
from zi_desktop.reports.conditions import condition_lines
from zi_desktop.reports.summary import summary_rows

ADVICE_DELAY_MS = 300
BAR_GREEN, BAR_AMBER, BAR_RED = QColor("#43a047"), QColor("#f9a825"), QColor("#e53935")
WBK_COLOR, WBBM_COLOR = QColor("#1565c0"), QColor("#6a1b9a")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    maximum: float
    wbk: float | None
    wbbm: float | None
    bold: bool = False


def _bar_names() -> dict[str, str]:
    """The dashboard's own (translated) names of the fixed bars; areas keep their catalog names."""
    tr = QCoreApplication.translate
    return {
        "total": tr("DashboardPage", "Nilai total"),
        "pengungkit": tr("DashboardPage", "A. Pengungkit"),
        "hasil": tr("DashboardPage", "B. Hasil"),
        "bersih_akuntabel": tr("DashboardPage", "Birokrasi bersih dan akuntabel"),
        "ipak": tr("DashboardPage", "IPAK (survei)"),
        "capaian_kinerja": tr("DashboardPage", "Capaian kinerja lebih baik"),
        "ipkp": tr("DashboardPage", "Pelayanan prima (IPKP)"),
    }


def bars_of(catalog: Any, result: Any) -> list[Bar]:
    """The bars of the chart: the core's condition lines (in points, with both thresholds), and
    hasil's total after the areas."""
    names = _bar_names()
    out = []
    for line in condition_lines(catalog, result):
        bar = Bar(
            names.get(line.key, line.name),
            line.score,
            line.weight,
            line.threshold_points("WBK"),
            line.threshold_points("WBBM"),
            line.key in ("total", "pengungkit"),
        )
        out.append(bar)
        if line.key == f"area_{max(result.areas)}":
            hasil = next(r for r in summary_rows(catalog, result) if r.key == "hasil")
            out.append(Bar(names["hasil"], hasil.score, hasil.weight, None, None, True))
    return out


class ScoreBars(QWidget):
    """Horizontal bars: score of weight, with WBK and WBBM condition marks."""

    ROW_H = 30
    TOP = 26  # the legend's height, above the first bar
    LABEL_W = 300
    VALUE_W = 120

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, bars: list[Bar]) -> None:
        # Only a new number of bars changes the size (and lays the dashboard out again).
        # Only the rows whose figures moved are painted again (an answer moves two or three).
        resized = len(bars) != len(self.bars)
        moved = [i for i, (a, b) in enumerate(zip(bars, self.bars, strict=False)) if a != b]
        self.bars = bars
        if resized:
            self.setMinimumHeight(self.sizeHint().height())
            self.updateGeometry()
            self.update()
            return
        for i in moved:
            self.update(0, self.TOP + i * self.ROW_H, self.width(), self.ROW_H)

    def sizeHint(self) -> QSize:
        return QSize(700, 30 + self.ROW_H * len(self.bars))

    def paintEvent(self, event: Any) -> None:
        dirty = event.rect()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = QFontMetrics(self.font())
        w = self.width()
        x0 = self.LABEL_W
        bw = max(100, w - x0 - self.VALUE_W - 10)
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, self.font().pointSizeF() - 1.5))
        # legend
        p.setFont(small)
        y = 4
        legend = ((WBK_COLOR, self.tr("syarat Menuju WBK")), (WBBM_COLOR, self.tr("syarat Menuju WBBM")))
        for color, text in legend if dirty.top() < self.TOP else ():
            p.setPen(QPen(color, 2))
            p.drawLine(x0, y + 3, x0, y + 13)
            p.setPen(QColor("#444"))
            p.drawText(x0 + 6, y + 12, text)
            x0 += 14 + QFontMetrics(small).horizontalAdvance(text) + 16
        x0 = self.LABEL_W
        first = max(0, (dirty.top() - self.TOP) // self.ROW_H)
        last = (dirty.bottom() - self.TOP) // self.ROW_H
        for i, b in enumerate(self.bars):
            if not first <= i <= last:
                continue
            top = self.TOP + i * self.ROW_H
            bold = QFont(self.font())
            bold.setBold(b.bold)
            p.setFont(bold)
            p.setPen(QColor("#222"))
            label = fm.elidedText(b.label, Qt.TextElideMode.ElideRight, self.LABEL_W - 12)
            p.drawText(QRectF(0, top, self.LABEL_W - 10, self.ROW_H), Qt.AlignmentFlag.AlignVCenter, label)
            rect = QRectF(x0, top + 7, bw, self.ROW_H - 14)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#eceff1"))
            p.drawRoundedRect(rect, 4, 4)
            frac = max(0.0, min(1.0, b.value / b.maximum)) if b.maximum else 0.0
            if b.wbk is None:
                color = BAR_GREEN if frac > 0 else BAR_RED
            elif b.value + 1e-9 >= b.wbk:
                color = BAR_GREEN
            else:
                color = BAR_AMBER if b.value >= 0.8 * b.wbk else BAR_RED
            p.setBrush(color)
            if frac > 0:
                p.drawRoundedRect(QRectF(rect.x(), rect.y(), max(6.0, rect.width() * frac), rect.height()), 4, 4)
            for mark, col in ((b.wbk, WBK_COLOR), (b.wbbm, WBBM_COLOR)):
                if mark is None or not b.maximum:
                    continue
                mx = rect.x() + rect.width() * min(1.0, mark / b.maximum)
                p.setPen(QPen(col, 2))
                p.drawLine(int(mx), int(rect.y() - 4), int(mx), int(rect.bottom() + 4))
            p.setPen(QColor("#222"))
            p.setFont(bold)
            p.drawText(
                QRectF(x0 + bw + 10, top, self.VALUE_W, self.ROW_H),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                f"{num(b.value)} / {num(b.maximum)}",
            )
        p.end()


class DashboardPage(QScrollArea):
    question_requested = Signal(int)

    def __init__(self, session: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.catalog = session.catalog
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(20, 16, 20, 16)
        lay.setSpacing(14)

        top = QHBoxLayout()
        self.total_label = QLabel()
        self.total_label.setObjectName("totalLabel")
        self.total_label.setStyleSheet("font-size: 26pt; font-weight: 700;")
        self.predicate_label = QLabel()
        self.predicate_label.setObjectName("predicateLabel")
        self.predicate_label.setWordWrap(True)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("color:#444;")
        self.tpi_label = QLabel()
        self.tpi_label.setObjectName("tpiLabel")
        self.tpi_label.setWordWrap(True)
        self.tpi_label.setStyleSheet("color:#6a1b9a;")
        right = QVBoxLayout()
        right.addWidget(SteadyLabel(self.predicate_label))
        right.addWidget(SteadyLabel(self.summary_label))
        self.tpi_box = SteadyLabel(self.tpi_label)
        right.addWidget(self.tpi_box)
        top.addWidget(SteadyLabel(self.total_label))
        self.help_button = QToolButton()
        self.help_button.setObjectName("scoreHelp")
        self.help_button.setText("?")
        self.help_button.setToolTip(self.tr("Cara nilai dihitung, dan mengapa ada dua total"))
        self.help_button.clicked.connect(lambda _c=False: dialogs.show_guide(self, "nilai"))
        top.addWidget(self.help_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addSpacing(24)
        top.addLayout(right, 1)
        lay.addLayout(top)

        chart_box = QGroupBox(self.tr("Nilai per komponen dan area terhadap bobot dan syarat"))
        self.bars = ScoreBars()
        QVBoxLayout(chart_box).addWidget(self.bars)
        lay.addWidget(chart_box)

        lower = QHBoxLayout()
        lower.setSpacing(14)
        short_box = QGroupBox(self.tr("Syarat yang belum terpenuhi"))
        # Per predicate a bold head and the unmet conditions as plain-text lines: plain text is
        # measured and drawn without a rich-text document (rich text here cost ~4 ms per change).
        short_lay = QVBoxLayout(short_box)
        self.shortfall_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for pred_name in ("WBK", "WBBM"):
            head, body = QLabel(), QLabel()
            for lab in (head, body):
                lab.setTextFormat(Qt.TextFormat.PlainText)
                lab.setWordWrap(True)
                short_lay.addWidget(SteadyLabel(lab))
            head.setStyleSheet("font-weight: 700;")
            body.setObjectName(f"shortfalls{pred_name}")
            self.shortfall_labels[pred_name] = (head, body)
        short_lay.addStretch(1)
        self.advice_box = QGroupBox()
        self.advice_label = QLabel()
        self.advice_label.setObjectName("adviceLabel")
        self.advice_label.setWordWrap(True)
        self.advice_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.advice_label.linkActivated.connect(self._open_link)
        QVBoxLayout(self.advice_box).addWidget(SteadyLabel(self.advice_label))
        lower.addWidget(short_box, 1)
        lower.addWidget(self.advice_box, 1)
        lay.addLayout(lower)
        from ui.team_dashboard import PicProgressBox

        self.team_box = PicProgressBox(session)
        lay.addWidget(self.team_box)
        self.pre_box = QGroupBox()
        self.pre_layout = QVBoxLayout(self.pre_box)
        self.pre_note = QLabel(
            self.tr(
                "Syarat ini tidak dinilai LKE; tim memeriksanya sendiri lalu menandainya. "
                "Yang belum ditandai muncul sebagai saran sebelum ekspor."
            )
        )
        self.pre_note.setWordWrap(True)
        self.pre_note.setStyleSheet("color:#555;")
        self.pre_layout.addWidget(self.pre_note)
        self.pre_checks: list[QCheckBox] = []
        lay.addWidget(self.pre_box)
        lay.addStretch(1)
        self.setWidget(page)

        self.advice: list[Any] = []
        self._reviewed: tuple[Any, Any, float] | None = None  # (unit result, TPI result, TPI-view total)
        self.advice_target = ""
        self._generation = 0
        self.advice_task: Any = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(ADVICE_DELAY_MS)
        self._timer.timeout.connect(self.compute_advice)
        session.changed.connect(self._on_changed)
        session.preconditions_changed.connect(self.refresh_preconditions)
        self.refresh_preconditions()
        self.refresh()
        self.compute_advice()

    def stop(self) -> None:
        """The workspace is closing: ignore advice still being computed, start no more."""
        self._generation += 1
        self._timer.stop()
        self.session.changed.disconnect(self._on_changed)
        self.session.preconditions_changed.disconnect(self.refresh_preconditions)

    def _on_changed(self, _ids: Any) -> None:
        self.refresh()
        self._timer.start()

    def refresh_preconditions(self) -> None:
        """The proposal preconditions of the workspace's target, as check boxes the team ticks."""
        items = self.session.preconditions()
        done = sum(1 for i in items if i.confirmed)
        self.pre_box.setTitle(
            self.tr("Syarat pengusulan Menuju %1 (Tabel 5): %2 dari %3 dikonfirmasi tim")
            .replace("%1", self.session.target)
            .replace("%2", str(done))
            .replace("%3", str(len(items)))
        )
        while len(self.pre_checks) < len(items):
            box = QCheckBox()
            number = len(self.pre_checks) + 1
            box.toggled.connect(lambda on, n=number: self.session.set_precondition(n, on))
            self.pre_layout.addWidget(box)
            self.pre_checks.append(box)
        for box, item in zip(self.pre_checks, items, strict=False):
            box.blockSignals(True)
            box.setText(f"{item.number}. {item.text}")
            box.setChecked(item.confirmed)
            box.blockSignals(False)

    def tpi_summary(self) -> str:
        """The internal evaluator's view beside the unit's: how many answered, their total, differences."""
        s = self.session
        reviewed = [sid for sid in s.records if s.value(sid, "jawaban_tpi") is not None]
        if not reviewed:
            return ""
        differ = sum(1 for sid in reviewed if s.tpi_differs(sid))
        # The session replaces a side's result whenever that side's answers change, so the pair of
        # results names the answers: a note or an unrelated refresh scores nothing again.
        if self._reviewed is None or self._reviewed[0] is not s.result or self._reviewed[1] is not s.tpi_result:
            self._reviewed = (
                s.result,
                s.tpi_result,
                score_reviewed(self.catalog, s.answers(), s.answers(tpi=True)).total,
            )
        total = self._reviewed[2]
        return (
            self.tr("Penilaian TPI: %1 soal dinilai, %2 berbeda dari jawaban unit · nilai bila jawaban TPI dipakai: %3")
            .replace("%1", str(len(reviewed)))
            .replace("%2", str(differ))
            .replace("%3", num(total))
        ) + tier_scores_line(s)

    def target(self) -> str:
        return advice_target(self.session.result.predicate, self.session.target)

    def refresh(self) -> None:
        r, cat = self.session.result, self.catalog
        self.total_label.setText(num(r.total))
        self.total_label.setToolTip(self.tr("Nilai total menurut aturan resmi (soal yang belum diisi tidak dihitung)"))
        if r.predicate:
            pred = self.tr("Predikat tercapai: <b>Menuju %1</b>").replace("%1", r.predicate)
            color = "#2e7d32"
        else:
            pred = self.tr("Predikat: <b>belum memenuhi syarat Menuju WBK</b>")
            color = "#c62828"
        self.predicate_label.setText(f"<span style='font-size:14pt; color:{color}'>{pred}</span>")
        c = r.completeness
        self.summary_label.setText(
            self.tr("dari 100 · %1 dari %2 soal terjawab (%3 belum) · jika yang belum diisi dihitung 0: %4")
            .replace("%1", str(c.answered))
            .replace("%2", str(c.questions))
            .replace("%3", str(c.unanswered))
            .replace("%4", num(r.total_floor))
        )
        self.tpi_label.setText(self.tpi_summary())
        self.tpi_box.setVisible(bool(self.tpi_label.text()))
        self.bars.set_bars(bars_of(cat, r))
        for pred_name, (head, body) in self.shortfall_labels.items():
            head.setText(self.tr("Menuju %1").replace("%1", pred_name))
            short = r.shortfalls(pred_name)
            if not short:
                body.setText(self.tr("semua syarat terpenuhi"))
                continue
            rows = []
            for s in short:
                unit = " %" if s.satuan == "persen" else ""
                rows.append(
                    f"• {s.label}: {num(s.nilai)}{unit}, "
                    + self.tr("syarat %1, kurang %2")
                    .replace("%1", num(s.syarat) + unit)
                    .replace("%2", num(s.kekurangan) + unit)
                )
            body.setText("\n".join(rows))
        self.team_box.refresh()
        self._render_advice()
        SteadyLabel.settle_within(self)

    # -- advice (off the GUI thread) ------------------------------------------------------------
    def compute_advice(self) -> Any:
        from zi_desktop.lke.advice import improvements

        self._generation += 1
        gen = self._generation
        catalog = self.catalog
        answers = dict(self.session.answers())
        target = self.target()

        def work(_progress: Any, _cancel: Any) -> list[Any]:
            return improvements(catalog, answers, target=target, limit=10)

        def done(plan: list[Any]) -> None:
            if gen != self._generation:
                return  # answers changed meanwhile; a newer computation is on its way
            self.advice, self.advice_target = plan, target
            self._render_advice()
            SteadyLabel.settle_within(self.advice_box)

        if not self.advice:
            self.advice_label.setText(self.tr("Menghitung saran…"))
        self.advice_task = self.runner.run(work, on_done=done, owner=self)
        return self.advice_task

    def _render_advice(self) -> None:
        target = self.advice_target or self.target()
        self.advice_box.setTitle(self.tr("Perbaiki lebih dulu (menuju %1)").replace("%1", target))
        if not self.advice_target:
            return
        if not self.advice:
            self.advice_label.setText(self.tr("Tidak ada saran: tidak ada jawaban yang bisa dinaikkan lagi."))
            return
        rows = []
        soal_word, points = self.tr("Soal"), self.tr("poin")
        for u in self.advice:
            dari = format_value(u.dari) or self.tr("belum diisi")
            text = escape(u.text if len(u.text) <= 90 else u.text[:88] + "…")
            rows.append(
                f"<tr><td valign='top' style='padding-right:6px'>{u.rank}.</td><td>"
                f"<a href='soal:{u.soal_id}'>{soal_word} {u.soal_id}</a> "
                f"<span style='color:#555'>({escape(dari)} → <b>{escape(format_value(u.ke))}</b>, "
                f"+{num(u.gain_total)} {points})</span><br>{text}</td></tr>"
            )
        self.advice_label.setText("<table cellspacing='3'>" + "".join(rows) + "</table>")

    def _open_link(self, link: str) -> None:
        if link.startswith("soal:"):
            self.question_requested.emit(int(link.split(":", 1)[1]))
