"""Konsol instansi: the hub of an instansi in a window (what `zi-desktop hub` does, for the coordinator).

Drop satker bundles (or Tambah paket…), see the recap in a sortable, filterable table with a chart of
the units' scores (TPI's answers) against the WBK and WBBM marks, propose the selected units, export
the recap workbook. Adding and exporting run in the background with progress (ui.tasks). The rules
all live in `zi_desktop.hub` (recap rows, what a proposal lacks); this module only shows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRectF, QSortFilterProxyModel, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import dialogs
from ui.dashboard import WBBM_COLOR, WBK_COLOR
from ui.qt_names import Qt
from ui.tasks import TaskRunner
from zi_desktop.errors import UserError

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_ROOT = QModelIndex()


def _n(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


class RecapModel(QAbstractTableModel):
    """The recap rows of the core (`zi_desktop.hub.recap.RecapRow`), one per unit."""

    COLUMNS = (
        "ID unit",
        "Nama unit",
        "Nilai unit",
        "Nilai TPI",
        "Predikat (TPI)",
        "Syarat belum",
        "Kelengkapan",
        "Bukti",
        "Tanggal paket",
        "Usulan",
        "Diambil PortalRB",
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Any = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Any = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        c = index.column()
        if role == SORT_ROLE:
            return (
                r.unit_id,
                r.nama,
                r.skor_unit,
                r.skor_tpi,
                {"WBBM": 2, "WBK": 1}.get(r.predikat_tpi or "", 0),
                len(r.syarat_belum) + len(r.tabel5_belum),
                r.kelengkapan,
                r.bukti,
                r.tanggal_paket,
                r.usulan or "",
                r.diambil_terakhir or "",
            )[c]
        if role == Qt.ItemDataRole.DisplayRole:
            fetched = "-"
            if r.usulan:
                fetched = self.tr("ya") if r.diambil_sejak_berubah else self.tr("belum")
            unmet = len(r.syarat_belum) + len(r.tabel5_belum)
            return (
                r.unit_id,
                r.nama,
                _n(r.skor_unit),
                _n(r.skor_tpi),
                self.tr("Menuju %1").replace("%1", r.predikat_tpi) if r.predikat_tpi else "-",
                str(unmet) if unmet else "-",
                f"{r.kelengkapan:.0f}%",
                str(r.bukti),
                r.tanggal_paket[:16].replace("T", " "),
                (r.usulan + (" !" if r.dipaksa else "")) if r.usulan else "-",
                fetched,
            )[c]
        if role == Qt.ItemDataRole.ToolTipRole and c == 5:
            return "\n".join(list(r.syarat_belum) + list(r.tabel5_belum)) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and c in (2, 3, 5, 6, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class RecapFilter(QSortFilterProxyModel):
    """Text search over every column and a choice: all units, proposed, reaching WBK / WBBM, reaching none."""

    CHOICES = ("semua", "diusulkan", "wbk", "wbbm", "belum")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.choice = "semua"
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)

    def set_choice(self, choice: str) -> None:
        # Qt 6.10 replaced invalidateFilter() (now deprecated) by begin/endFilterChange().
        self.beginFilterChange()
        self.choice = choice
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:
        model: Any = self.sourceModel()
        r = model.rows[source_row]
        keep = {
            "semua": True,
            "diusulkan": bool(r.usulan),
            "wbk": r.predikat_tpi in ("WBK", "WBBM"),
            "wbbm": r.predikat_tpi == "WBBM",
            "belum": r.predikat_tpi is None,
        }[self.choice]
        return keep and super().filterAcceptsRow(source_row, source_parent)


class RecapChart(QWidget):
    """Each unit's score with the TPI's answers as a bar, sorted, against the WBK and WBBM marks."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []
        self.marks: dict[str, float] = {}
        self.setMinimumHeight(180)

    def set_data(self, rows: list[Any], marks: dict[str, float]) -> None:
        self.rows = sorted(rows, key=lambda r: -r.skor_tpi)
        self.marks = marks
        self.update()

    def paintEvent(self, _event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        left, right, top, bottom = 40, 10, 24, 22
        ph = h - top - bottom
        pw = w - left - right
        p.fillRect(self.rect(), QColor("#ffffff"))
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, self.font().pointSizeF() - 1.5))
        p.setFont(small)
        fm = QFontMetrics(small)

        def y_of(v: float) -> float:
            return top + ph * (1 - max(0.0, min(100.0, v)) / 100)

        p.setPen(QColor("#999"))
        for v in (0, 25, 50, 75, 100):
            p.drawText(
                QRectF(0, y_of(v) - 8, left - 6, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(v),
            )
        n = len(self.rows)
        if n:
            step = pw / n
            bw = max(1.0, min(28.0, step * 0.75))
            for i, r in enumerate(self.rows):
                color = {"WBBM": WBBM_COLOR, "WBK": WBK_COLOR}.get(r.predikat_tpi or "", QColor("#b0bec5"))
                x = left + i * step + (step - bw) / 2
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color)
                p.drawRect(QRectF(x, y_of(r.skor_tpi), bw, top + ph - y_of(r.skor_tpi)))
                if r.usulan:
                    p.setBrush(QColor("#2e7d32"))
                    p.drawEllipse(QRectF(x + bw / 2 - 3, y_of(r.skor_tpi) - 9, 6, 6))
                if step >= fm.horizontalAdvance(r.unit_id) + 4:
                    p.setPen(QColor("#444"))
                    p.drawText(
                        QRectF(left + i * step, top + ph + 2, step, 16), Qt.AlignmentFlag.AlignHCenter, r.unit_id
                    )
        for name, color in (("WBK", WBK_COLOR), ("WBBM", WBBM_COLOR)):
            if name in self.marks:
                y = y_of(self.marks[name])
                p.setPen(QPen(color, 1.5, Qt.PenStyle.DashLine))
                p.drawLine(int(left), int(y), int(w - right), int(y))
                p.drawText(
                    int(w - right - 120),
                    int(y) - 3,
                    self.tr("Menuju %1: %2").replace("%1", name).replace("%2", _n(self.marks[name])),
                )
        p.setPen(QColor("#222"))
        p.drawText(left, 15, self.tr("Nilai dengan jawaban TPI per unit (titik hijau: diusulkan)"))
        p.end()


class HubWindow(QMainWindow):
    """The Konsol instansi window; `open_hub(path)` shows a hub."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Konsol instansi - ZI Desktop"))
        self.resize(1200, 800)
        self.setAcceptDrops(True)
        self.hub_path: Path | None = None
        self.runner = TaskRunner(self)
        self._version: int | None = None
        self.title = QLabel(self.tr("Buka atau buat hub instansi, lalu tarik paket .zip satker ke jendela ini."))
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.title.setWordWrap(True)
        self.open_btn = QPushButton(self.tr("Buka hub…"))
        self.new_btn = QPushButton(self.tr("Buat hub…"))
        self.add_btn = QPushButton(self.tr("Tambah paket…"))
        self.propose_btn = QPushButton(self.tr("Usulkan terpilih…"))
        self.withdraw_btn = QPushButton(self.tr("Batalkan usulan"))
        self.export_btn = QPushButton(self.tr("Ekspor rekap…"))
        self.open_btn.clicked.connect(self.choose_hub)
        self.new_btn.clicked.connect(self.new_hub)
        self.add_btn.clicked.connect(self.choose_bundles)
        self.propose_btn.clicked.connect(self.propose_selected)
        self.withdraw_btn.clicked.connect(self.withdraw_selected)
        self.export_btn.clicked.connect(self.export_recap)
        buttons = QHBoxLayout()
        for b in (self.open_btn, self.new_btn, self.add_btn, self.propose_btn, self.withdraw_btn, self.export_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Cari unit (ID, nama, usulan…)"))
        self.filter = QComboBox()
        for key, label in zip(
            RecapFilter.CHOICES,
            (
                self.tr("Semua unit"),
                self.tr("Diusulkan"),
                self.tr("Mencapai Menuju WBK (TPI)"),
                self.tr("Mencapai Menuju WBBM (TPI)"),
                self.tr("Belum mencapai predikat"),
            ),
            strict=True,
        ):
            self.filter.addItem(label, key)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.summary, 2)
        self.model = RecapModel(self)
        self.proxy = RecapFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.currentIndexChanged.connect(lambda _i: self.proxy.set_choice(str(self.filter.currentData())))
        self.proxy.layoutChanged.connect(self._update_summary)
        self.proxy.rowsInserted.connect(self._update_summary)
        self.proxy.rowsRemoved.connect(self._update_summary)
        self.proxy.modelReset.connect(self._update_summary)
        self.chart = RecapChart()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(self.table)
        split.setSizes([260, 540])
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.addWidget(self.title)
        lay.addLayout(buttons)
        lay.addLayout(bar)
        lay.addWidget(split, 1)
        self.setCentralWidget(body)
        self.poll = QTimer(self)
        self.poll.setInterval(2000)
        self.poll.timeout.connect(self._poll)
        self._enable()

    # -- hub ----------------------------------------------------------------------------------
    def _enable(self) -> None:
        on = self.hub_path is not None
        for b in (self.add_btn, self.propose_btn, self.withdraw_btn, self.export_btn):
            b.setEnabled(on)

    def open_hub(self, path: str | Path) -> bool:
        from zi_desktop.hub.store import open_hub

        try:
            with open_hub(path, read_only=True) as hub:
                instansi, tahun = hub.instansi, hub.tahun
        except UserError as exc:  # a bug goes to the one error dialog through the excepthook
            dialogs.show_error(self, exc)
            return False
        self.hub_path = Path(path)
        self.title.setText(
            self.tr("%1 - LKE ZI %2 (hub: %3)")
            .replace("%1", instansi)
            .replace("%2", str(tahun))
            .replace("%3", str(path))
        )
        self._enable()
        self.refresh()
        self.poll.start()
        return True

    def choose_hub(self) -> None:
        path = dialogs.pick_folder(self, self.tr("Pilih folder hub"))
        if path:
            self.open_hub(path)

    def new_hub(self) -> None:
        got = ask_new_hub(self)
        if got is None:
            return
        from zi_desktop.hub.store import create_hub

        try:
            create_hub(got[0], instansi=got[1], tahun=2026).close()
        except UserError as exc:  # a bug goes to the one error dialog through the excepthook
            dialogs.show_error(self, exc)
            return
        self.open_hub(got[0])

    def refresh(self) -> None:
        if self.hub_path is None:
            return
        from zi_desktop.hub.recap import recap_rows
        from zi_desktop.hub.store import open_hub

        try:
            with open_hub(self.hub_path, read_only=True) as hub:
                rows = recap_rows(hub)
                th = hub.catalog.thresholds
                marks: dict[str, float] = {p: th[p].total_min for p in ("WBK", "WBBM") if p in th}
        except UserError as exc:  # a bug goes to the one error dialog through the excepthook
            dialogs.show_error(self, exc)
            return
        keep = set(self.selected_units())
        self.model.set_rows(rows)
        self.chart.set_data(rows, marks)
        sel = self.table.selectionModel()
        for i in range(self.proxy.rowCount()):  # the selection survives a refresh
            if self.proxy.index(i, 0).data() in keep:
                sel.select(self.proxy.index(i, 0), sel.SelectionFlag.Select | sel.SelectionFlag.Rows)
        self._version = self._data_version()
        self._update_summary()
        self.changed.emit()

    def _data_version(self) -> int | None:
        if self.hub_path is None:
            return None
        try:
            st = (self.hub_path / "hub.sqlite-wal").stat()
            main = (self.hub_path / "hub.sqlite").stat()
        except OSError:
            return None
        return hash((st.st_mtime_ns, st.st_size, main.st_mtime_ns))

    def _poll(self) -> None:
        """What the command line or the server changed shows up within 2 s."""
        if not self.runner.busy() and self._data_version() != self._version:
            self.refresh()

    def _update_summary(self) -> None:
        rows = self.model.rows
        self.summary.setText(
            self.tr("%1 dari %2 unit ditampilkan; %3 diusulkan")
            .replace("%1", str(self.proxy.rowCount()))
            .replace("%2", str(len(rows)))
            .replace("%3", str(sum(1 for r in rows if r.usulan)))
        )

    # -- bundles ------------------------------------------------------------------------------
    def dragEnterEvent(self, event: Any) -> None:
        if self.hub_path is not None and any(u.toLocalFile().lower().endswith(".zip") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.toLocalFile().lower().endswith(".zip")]
        if paths:
            event.acceptProposedAction()
            self.add_bundles(paths)

    def choose_bundles(self) -> None:
        paths = pick_bundles(self)
        if paths:
            self.add_bundles(paths)

    def add_bundles(self, paths: list[str]) -> Any:
        """Verify and store the bundles in the background; a summary of what was taken and refused."""
        if self.hub_path is None:
            return None
        hub_path = self.hub_path

        def work(on_progress: Any, cancel: Any) -> tuple[list[str], list[str]]:
            from zi_desktop.errors import Cancelled, UserError
            from zi_desktop.hub.intake import add_bundle
            from zi_desktop.hub.store import open_hub

            done, refused = [], []
            with open_hub(hub_path) as hub:
                for i, p in enumerate(paths):
                    on_progress(i, len(paths))
                    if cancel.is_set():
                        raise Cancelled()
                    try:
                        res = add_bundle(hub, Path(p), cancel=cancel)
                    except UserError as exc:
                        refused.append(str(exc))
                        continue
                    done.append(f"{res.unit_id} ({res.unit_name}): {res.status}")
                on_progress(len(paths), len(paths))
            return done, refused

        return self.runner.run(work, on_done=self._added, label=self.tr("Memeriksa dan menambahkan paket…"))

    def _added(self, result: tuple[list[str], list[str]]) -> None:
        done, refused = result
        self.refresh()
        words = {"baru": self.tr("paket terkini"), "lama": self.tr("paket lama"), "sama": self.tr("sudah ada")}
        lines = [
            self.tr("%1 paket diterima, %2 ditolak.").replace("%1", str(len(done))).replace("%2", str(len(refused)))
        ]
        for d in done:
            head, _, status = d.rpartition(": ")
            lines.append(f"  {head}: {words.get(status, status)}")
        lines += [self.tr("DITOLAK: %1").replace("%1", r) for r in refused]
        show_report(self, self.tr("Paket satker"), "\n".join(lines))

    # -- proposals ----------------------------------------------------------------------------
    def selected_units(self) -> list[str]:
        rows = sorted({self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r].unit_id for r in rows]

    def propose_selected(self) -> None:
        ids = self.selected_units()
        if not ids:
            dialogs.show_error(self, self.tr("Pilih dulu unit yang diusulkan di tabel."))
            return
        kategori = ask_kategori(self, ids)
        if kategori is None:
            return
        self._propose(ids, kategori)

    def _propose(self, ids: list[str], kategori: str | None, *, withdraw: bool = False) -> None:
        from zi_desktop.hub.proposals import propose
        from zi_desktop.hub.store import open_hub

        assert self.hub_path is not None
        try:
            with open_hub(self.hub_path) as hub:
                res = propose(hub, ids, kategori, withdraw=withdraw)
                if res.lacking and not withdraw:
                    text = "\n".join(
                        [self.tr("Unit berikut belum memenuhi syarat untuk %1:").replace("%1", str(kategori))]
                        + [f"{u}:\n  - " + "\n  - ".join(items) for u, items in res.lacking.items()]
                        + [self.tr("Tetap usulkan semuanya (paksa)?")]
                    )
                    if dialogs.confirm(self, self.tr("Usulkan walau belum memenuhi syarat"), text):
                        propose(hub, ids, kategori, force=True)
        except UserError as exc:  # a bug goes to the one error dialog through the excepthook
            dialogs.show_error(self, exc)
        self.refresh()

    def withdraw_selected(self) -> None:
        ids = self.selected_units()
        if ids:
            self._propose(ids, None, withdraw=True)

    # -- export -------------------------------------------------------------------------------
    def export_recap(self) -> Any:
        if self.hub_path is None:
            return None
        out = dialogs.pick_save_file(
            self, self.tr("Simpan rekap"), "rekap-hub.xlsx", self.tr("Buku kerja Excel (*.xlsx)")
        )
        if not out:
            return None
        hub_path = self.hub_path

        def work(on_progress: Any, _cancel: Any) -> str:
            from zi_desktop.hub.recap import recap_rows, write_recap_xlsx
            from zi_desktop.hub.store import open_hub

            on_progress(0, 2)
            with open_hub(hub_path, read_only=True) as hub:
                rows = recap_rows(hub)
                on_progress(1, 2)
                write_recap_xlsx(hub, rows, Path(out))
            on_progress(2, 2)
            return out

        return self.runner.run(
            work,
            on_done=lambda p: show_report(self, self.tr("Rekap"), self.tr("Rekap tersimpan: %1").replace("%1", p)),
            label=self.tr("Mengekspor rekap…"),
        )

    def closeEvent(self, event: Any) -> None:
        self.poll.stop()
        self.runner.wait()
        super().closeEvent(event)


# -- dialogs behind small functions (tests replace them) ------------------------------------------


def _tr(text: str) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("HubWindow", text)


def ask_kategori(parent: QWidget | None, ids: list[str]) -> str | None:
    from PySide6.QtWidgets import QInputDialog

    items = ["WBK", "WBK-AFIRMASI", "WBBM"]
    got, ok = QInputDialog.getItem(
        parent,
        _tr("Usulkan ke PortalRB"),
        _tr("Kategori usulan untuk %1 unit (%2):").replace("%1", str(len(ids))).replace("%2", ", ".join(ids[:5])),
        items,
        0,
        False,
    )
    return str(got) if ok and got in items else None


def ask_new_hub(parent: QWidget | None) -> tuple[str, str] | None:
    from PySide6.QtWidgets import QInputDialog

    name, ok = QInputDialog.getText(parent, _tr("Hub baru"), _tr("Nama instansi:"))
    if not ok or not name.strip():
        return None
    folder = dialogs.pick_folder(parent, _tr("Pilih folder induk untuk hub"))
    if not folder:
        return None
    return str(Path(folder) / "hub-zi"), name.strip()


def pick_bundles(parent: QWidget | None) -> list[str]:
    from ui.dialogs import _run_file_dialog, file_dialog

    return _run_file_dialog(
        file_dialog(parent, _tr("Pilih paket .zip satker"), "files", _tr("Paket ZI Desktop (*.zip)"))
    )


def show_report(parent: QWidget | None, title: str, text: str) -> None:
    dialogs.show_info(parent, title, text)
