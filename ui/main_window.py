"""The main window: the LKE tree (left, with filters and search), the question page and the
dashboard (centre), menus, keyboard, and the start screen when no workspace is open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSize, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import dialogs, looks, qt_names, review_menu
from ui.lke_tree import LkeTree
from ui.question_panel import QuestionPanel
from ui.review_commands import FIXING, has_review_data
from ui.review_menu import review_actions as _review_actions
from ui.screen import fit_to_screen
from ui.session import Session
from ui.settings import add_recent, app_settings, last_workspace, recent_workspaces
from ui.steady import WrapLabel
from ui.tasks import TaskRunner
from ui.tree_model import (
    CHANGED,
    COL_ANSWER,
    COL_ITEM,
    COL_MARKS,
    COL_SCORE,
    COL_WEIGHT,
    ERROR,
    MARK_COLORS,
    MARKS_WIDTH,
    NO_EVIDENCE,
    TPI_DIFF,
    UNANSWERED,
    KindRole,
    LkeFilterModel,
    LkeTreeModel,
    RefRole,
)
from zi_desktop.errors import UserError


class _LazyTab:
    """A tab whose page is made by `factory` when the tab is first shown or the page is asked for;
    until then an empty placeholder holds its place (and its title)."""

    def __init__(self, tabs: QTabWidget, title: str, factory: Any) -> None:
        self.tabs, self.title, self.factory = tabs, title, factory
        self.slot: QWidget | None = QWidget()
        self._page: Any = None
        tabs.addTab(self.slot, title)

    @property
    def built(self) -> bool:
        return self._page is not None

    def holds(self, index: int) -> bool:
        return self.slot is not None and self.tabs.widget(index) is self.slot

    def widget(self) -> QWidget:
        return self._page if self._page is not None else self.slot  # type: ignore[return-value]

    def set_title(self, text: str) -> None:
        self.title = text
        self.tabs.setTabText(self.tabs.indexOf(self.widget()), text)

    def page(self) -> Any:
        if self._page is None:
            assert self.slot is not None
            page = self.factory()
            index = self.tabs.indexOf(self.slot)
            current = self.tabs.currentIndex()
            blocked = self.tabs.blockSignals(True)
            try:
                self.tabs.removeTab(index)
                self.tabs.insertTab(index, page, self.title)
                self.tabs.setCurrentIndex(current)
            finally:
                self.tabs.blockSignals(blocked)
            self.slot.deleteLater()
            self.slot = None
            self._page = page
        return self._page


class WorkspaceView(QSplitter):
    """Tree + question page + dashboard for one Session."""

    def __init__(self, session: Session, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)  # horizontal, Qt's default (by keyword: see ui.qt_names)
        self.session = session
        self.model = LkeTreeModel(session, self)
        self.proxy = LkeFilterModel(self)
        self.proxy.setSourceModel(self.model)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(8, 8, 4, 8)
        ll.setSpacing(6)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(self.tr("Cari teks soal… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.marker_filter = QComboBox()
        self.marker_filter.setObjectName("markerFilter")
        for text, data in (
            (self.tr("Semua soal"), None),
            (self.tr("Belum diisi"), UNANSWERED),
            (self.tr("Tanpa bukti dukung"), NO_EVIDENCE),
            (self.tr("Ada galat isian"), ERROR),
            (self.tr("Berubah sejak ekspor"), CHANGED),
            (self.tr("Jawaban TPI berbeda"), TPI_DIFF),
            (self.tr("Perlu perbaikan (TPI)"), FIXING),
        ):
            self.marker_filter.addItem(text, data)
        self.area_filter = QComboBox()
        self.area_filter.setObjectName("areaFilter")
        self.area_filter.addItem(self.tr("Semua area"), None)
        for no in session.catalog.area_numbers():
            self.area_filter.addItem(f"{no}. {session.catalog.area_name(no)}", no)
        self.pic_filter = QComboBox()
        self.pic_filter.setObjectName("picFilter")
        filters = QHBoxLayout()
        filters.addWidget(self.marker_filter, 1)
        filters.addWidget(self.area_filter, 2)
        filters.addWidget(self.pic_filter, 1)
        ll.addWidget(self.search)
        ll.addLayout(filters)

        self.tree = LkeTree(self._dropped, lambda letter: self.question.pick_key(letter), self._tree_menu)
        self.tree.setObjectName("lkeTree")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        h = self.tree.header()
        h.setStretchLastSection(False)
        h.setSectionResizeMode(COL_ITEM, QHeaderView.ResizeMode.Stretch)
        for col, width in ((COL_ANSWER, 58), (COL_SCORE, 52), (COL_WEIGHT, 52), (COL_MARKS, MARKS_WIDTH)):
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            h.resizeSection(col, width)
        ll.addWidget(self.tree, 1)
        # The context menu (PIC of an area, sub-area or question, LkeTree.contextMenuEvent):
        # ui.team_assign, loaded when used.
        legend = WrapLabel(
            " &nbsp; ".join(
                f"<span style='color:{MARK_COLORS[m]}; font-size:12pt'>●</span> {t}"
                for m, t in (
                    (UNANSWERED, self.tr("belum diisi")),
                    (NO_EVIDENCE, self.tr("tanpa bukti")),
                    (ERROR, self.tr("galat")),
                    (CHANGED, self.tr("berubah sejak ekspor")),
                    (TPI_DIFF, self.tr("beda dengan TPI")),
                )
            )
        )
        legend.setText(legend.text() + " &nbsp; <a href='tanda'>" + self.tr("Apa artinya?") + "</a>")
        legend.setObjectName("markerLegend")
        legend.setWordWrap(True)
        legend.linkActivated.connect(lambda page: dialogs.show_guide(self, page))
        looks.apply(legend, "color:#444;")
        ll.addWidget(legend)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.runner = runner
        self.question = QuestionPanel(session, runner)
        self.tabs.addTab(self.question, self.tr("Soal"))
        # The dashboard (and its advice, computed off the GUI thread) and the conflicts page are
        # built when first shown or asked for: the first paint of the window needs neither.
        self._dashboard = _LazyTab(self.tabs, self.tr("Dasbor nilai"), self._make_dashboard)
        self._conflicts = _LazyTab(self.tabs, self.tr("Konflik"), self._make_conflicts)
        from ui.team_model import open_conflicts

        self._conflict_count(len(open_conflicts(session)))
        session.changed.connect(self._recount_conflicts)
        self.tabs.currentChanged.connect(self._on_tab)
        self.addWidget(left)
        self.addWidget(self.tabs)
        self.setStretchFactor(0, 0)
        self.setStretchFactor(1, 1)
        self.setSizes([600, 800])
        self.setChildrenCollapsible(False)

        self.search.textChanged.connect(self._apply_filter)
        self.marker_filter.currentIndexChanged.connect(self._apply_filter)
        self.area_filter.currentIndexChanged.connect(self._apply_filter)
        self._fill_pics()
        self.pic_filter.currentIndexChanged.connect(self._apply_filter)
        session.changed.connect(lambda ids: None if ids else self._fill_pics())
        self.tree.selectionModel().currentChanged.connect(self._on_current)
        self.tree.expandAll()
        self.review_page: Any = None
        self.refresh_review()

    def refresh_review(self) -> None:
        """The "Reviu TPI" tab, when the workspace holds a review (after opening or importing one)."""
        if self.review_page is None and not has_review_data(self.session):
            return  # nothing to show or to take away (and ui.review_summary stays unloaded)
        from ui.review_summary import install_tab

        install_tab(self)

    def _tree_menu(self, pos: Any) -> None:
        from ui import team_assign

        team_assign.menu_at(self, pos)

    def _make_dashboard(self) -> Any:
        from ui.dashboard import DashboardPage

        page = DashboardPage(self.session, self.runner)
        page.question_requested.connect(self.select_soal)
        return page

    def _make_conflicts(self) -> Any:
        from ui.team_conflicts import ConflictPage

        page = ConflictPage(self.session)
        page.question_requested.connect(self.select_soal)
        page.count_changed.connect(self._conflict_count)
        return page

    @property
    def dashboard(self) -> Any:
        """The dashboard page, built on first use (see `dashboard_built`)."""
        return self._dashboard.page()

    @property
    def dashboard_built(self) -> bool:
        return self._dashboard.built

    @property
    def conflicts(self) -> Any:
        """The conflicts page (a team's packets that changed the same field), built on first use."""
        return self._conflicts.page()

    def _recount_conflicts(self, _ids: Any = None) -> None:
        if not self._conflicts.built:  # once built, the page counts them itself
            from ui.team_model import open_conflicts

            self._conflict_count(len(open_conflicts(self.session)))

    def _on_tab(self, index: int) -> None:
        for tab in (self._dashboard, self._conflicts):
            if tab.holds(index):
                tab.page()  # builds the page, which takes the placeholder's place

    def _dropped(self, soal_id: int, files: list[str], urls: list[Any]) -> Any:
        from ui.evidence import drop_on_soal

        return drop_on_soal(self.tree, self.session, self.runner, soal_id, files, urls)

    def _conflict_count(self, n: int) -> None:
        text = self.tr("Konflik (%1)").replace("%1", str(n)) if n else self.tr("Konflik")
        self._conflicts.set_title(text)

    def _fill_pics(self) -> None:
        """The PIC filter: every person in charge, and the questions nobody is (hidden without any)."""
        current = self.pic_filter.currentData()
        blocked = self.pic_filter.blockSignals(True)
        self.pic_filter.clear()
        self.pic_filter.addItem(self.tr("Semua PIC"), None)
        names = sorted(set(self.model.pics.values()), key=str.lower)
        for name in names:
            self.pic_filter.addItem(name, name)
        if names:
            self.pic_filter.addItem(self.tr("(tanpa PIC)"), "")
        found = self.pic_filter.findData(current) if current is not None else 0
        self.pic_filter.setCurrentIndex(max(0, found))
        self.pic_filter.blockSignals(blocked)
        self.pic_filter.setVisible(bool(names))

    # -- filters ------------------------------------------------------------------------------
    def set_filter(
        self, marker: str | None = None, area: int | None = None, text: str | None = None, pic: str | None = None
    ) -> None:
        self.marker_filter.setCurrentIndex(max(0, self.marker_filter.findData(marker)) if marker else 0)
        self.area_filter.setCurrentIndex(max(0, self.area_filter.findData(area)) if area is not None else 0)
        self.pic_filter.setCurrentIndex(max(0, self.pic_filter.findData(pic)) if pic is not None else 0)
        if text is not None:
            self.search.setText(text)
        self._apply_filter()

    def _apply_filter(self, *_: Any) -> None:
        self.proxy.set_filter(
            marker=self.marker_filter.currentData(),
            area=self.area_filter.currentData(),
            text=self.search.text(),
            pic=self.pic_filter.currentData(),
        )
        self.tree.expandAll()

    # -- selection and navigation -------------------------------------------------------------
    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        kind, ref = current.data(KindRole), current.data(RefRole)
        if kind == "soal":
            self.question.show_soal(ref)
        elif kind == "computed":
            self.question.show_computed(ref)
        else:
            self.question.show_node(ref)

    def select_soal(self, soal_id: int) -> bool:
        src = self.model.index_of_soal(soal_id)
        idx = self.proxy.mapFromSource(src)
        if not idx.isValid():
            self.set_filter()
            idx = self.proxy.mapFromSource(src)
        if not idx.isValid():
            return False
        self.tree.setCurrentIndex(idx)
        self.tree.scrollTo(idx, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.tabs.setCurrentWidget(self.question)
        return True

    def _leaves(self, parent: QModelIndex | None = None) -> list[QModelIndex]:
        parent = parent or QModelIndex()
        out: list[QModelIndex] = []
        for r in range(self.proxy.rowCount(parent)):
            idx = self.proxy.index(r, 0, parent)
            if idx.data(KindRole) != "node":
                out.append(idx)
            out.extend(self._leaves(idx))
        return out

    def step_question(self, step: int) -> None:
        leaves = self._leaves()
        if not leaves:
            return
        cur = self.tree.currentIndex().siblingAtColumn(0)
        keys = [(i.data(KindRole), i.data(RefRole)) for i in leaves]
        key = (cur.data(KindRole), cur.data(RefRole))
        pos = keys.index(key) + step if key in keys else (0 if step > 0 else len(leaves) - 1)
        pos = max(0, min(len(leaves) - 1, pos))
        self.tree.setCurrentIndex(leaves[pos])
        self.tree.scrollTo(leaves[pos])
        self.tabs.setCurrentWidget(self.question)


EXTERNAL_POLL_MS = 2000  # how often the open workspace is checked for other processes' changes


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = app_settings()
        self.runner = TaskRunner(self)
        self.external_timer = QTimer(self)
        self.external_timer.setInterval(EXTERNAL_POLL_MS)
        self.external_timer.timeout.connect(self.check_external_changes)
        self.session: Session | None = None
        self.view: WorkspaceView | None = None
        self.page: QWidget | None = None  # the view, with the demo banner above it for the demo
        self.demo_banner: QFrame | None = None
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self._start: Any = None  # the start screen, built when first shown (see `start`)
        self._painted = False  # (see paintEvent)
        self._build_actions()
        self._build_menus()
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        qt_names.plain_text(self.status_label)  # the unit name is the user's text
        self.statusBar().addPermanentWidget(self.status_label)
        # 1400x900 where the screen has room, less on a laptop; then the size the user left it at,
        # still shrunk to fit if the screen has become smaller since.
        fit_to_screen(self, QSize(1400, 900))
        geo = self.settings.value("window/geometry")
        if geo is not None:
            self.restoreGeometry(geo)
            fit_to_screen(self)
        self._update_title()
        self._refresh_recent()

    @property
    def start(self) -> Any:
        """The start screen (new, open, demo, recent, the TPI's and the coordinator's ways in). Built
        when first needed: opening a workspace at start does not show it (issue 15)."""
        if self._start is None:
            from ui.start import StartPage

            page = StartPage()
            page.new_requested.connect(self.new_workspace)
            page.open_requested.connect(self.choose_workspace)
            page.demo_requested.connect(self.open_demo)
            page.recent_requested.connect(self.open_path)
            page.review_requested.connect(lambda: _review_actions().open_for_review(self))
            page.hub_requested.connect(self.open_hub_window)
            page.set_recent(recent_workspaces(self.settings))
            self.stack.insertWidget(0, page)
            self._start = page
        return self._start

    def showEvent(self, event: Any) -> None:
        if self.stack.count() == 0:  # shown before anything was opened: the start screen
            self.stack.setCurrentWidget(self.start)
        super().showEvent(event)

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        if not self._painted:  # the first frame is on screen: build what a first click needs
            self._painted = True
            QTimer.singleShot(0, qt_names.build)

    # -- actions and menus --------------------------------------------------------------------
    def _action(self, text: str, slot: Any, shortcut: Any = None) -> QAction:
        a = QAction(self)  # then the text: QAction(text, parent) makes PySide6 build QIcon's types to
        a.setText(text)  # rule out its icon overload (151 enum members, ~1% of the start)
        a.triggered.connect(lambda _c=False: slot())
        # Keys as text ("Ctrl+I", or several: "Ctrl+Down; PgDown") or a standard key (with every
        # binding the platform gives it). Not QKeySequence(text): resolving that constructor's
        # overloads builds PySide6's Qt namespace, which the first window is painted without.
        if isinstance(shortcut, str):
            a.setShortcuts(QKeySequence.listFromString(shortcut))
        elif shortcut is not None:
            a.setShortcuts(shortcut)
        return a

    def _build_actions(self) -> None:
        self.act_new = self._action(self.tr("Workspace &baru…"), self.new_workspace, QKeySequence.StandardKey.New)
        self.act_open = self._action(self.tr("&Buka workspace…"), self.choose_workspace, QKeySequence.StandardKey.Open)
        self.act_demo = self._action(self.tr("Buka &contoh (data demo)"), self.open_demo)
        self.act_import = self._action(self.tr("&Impor jawaban…"), self.import_answers, "Ctrl+I")
        self.act_export = self._action(self.tr("&Ekspor paket…"), self.export_bundle, "Ctrl+E")
        self.act_links = self._action(self.tr("Isi &tautan bukti dari CSV…"), self.apply_links)
        self.act_attach_folder = self._action(self.tr("&Lampirkan bukti dari folder…"), self.attach_folder)
        self.act_make_packet = self._action(self.tr("Buat paket &kerja…"), self.make_packet)
        self.act_open_packet = self._action(self.tr("Buka &paket kerja…"), self.open_packet)
        self.act_send_back = self._action(self.tr("&Kirim paket balik…"), self.send_back)
        self.act_receive_packet = self._action(self.tr("&Terima paket balik…"), self.receive_packet)
        self.act_hub = self._action(self.tr("&Konsol instansi…"), self.open_hub_window)
        self.act_close_ws = self._action(self.tr("&Tutup workspace"), self.close_workspace)
        self.act_quit = self._action(self.tr("&Keluar"), self.close, QKeySequence.StandardKey.Quit)
        self.act_undo = self._action(self.tr("&Urungkan"), self.undo, QKeySequence.StandardKey.Undo)
        self.act_redo = self._action(self.tr("&Ulangi"), self.redo, QKeySequence.StandardKey.Redo)
        self.act_find = self._action(self.tr("&Cari soal"), self.focus_search, QKeySequence.StandardKey.Find)
        self.act_user = self._action(self.tr("&Nama Anda di riwayat…"), self.set_user_name)
        self.act_unit_id = self._action(self.tr("&ID unit dari instansi…"), self.set_unit_id)
        self.act_pic = self._action(self.tr("Tetapkan &PIC bagian terpilih…"), self.assign_pic)
        self.act_next = self._action(self.tr("Soal &berikutnya"), lambda: self.step_question(1), "Ctrl+Down; PgDown")
        self.act_prev = self._action(self.tr("Soal &sebelumnya"), lambda: self.step_question(-1), "Ctrl+Up; PgUp")
        self.act_question = self._action(self.tr("Halaman &soal"), lambda: self.show_page("question"), "Ctrl+1")
        self.act_dashboard = self._action(self.tr("&Dasbor nilai"), lambda: self.show_page("dashboard"), "Ctrl+2")
        self.act_about = self._action(self.tr("&Tentang ZI Desktop"), self.about)
        self.act_guide = self._action(
            self.tr("&Panduan"), lambda: dialogs.show_guide(self), QKeySequence.StandardKey.HelpContents
        )
        self.ws_actions = [
            self.act_import,
            self.act_export,
            self.act_links,
            self.act_attach_folder,
            self.act_make_packet,
            self.act_send_back,
            self.act_receive_packet,
            self.act_close_ws,
            self.act_undo,
            self.act_redo,
            self.act_find,
            self.act_user,
            self.act_unit_id,
            self.act_pic,
            self.act_next,
            self.act_prev,
            self.act_question,
            self.act_dashboard,
        ]

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu(self.tr("&Berkas"))
        m.addActions([self.act_new, self.act_open, self.act_demo])
        self.recent_menu = m.addMenu(self.tr("Terakhir dibuka"))
        m.addSeparator()
        m.addActions([self.act_import, self.act_export, self.act_links, self.act_attach_folder])
        review_menu.install(self, m)
        m.addSeparator()
        m.addActions([self.act_make_packet, self.act_open_packet, self.act_send_back, self.act_receive_packet])
        m.addAction(self.act_hub)
        m.addSeparator()
        m.addActions([self.act_close_ws, self.act_quit])
        m = mb.addMenu(self.tr("&Sunting"))
        m.addActions([self.act_undo, self.act_redo])
        m.addSeparator()
        m.addAction(self.act_find)
        m.addSeparator()
        m.addAction(self.act_user)
        m.addAction(self.act_unit_id)
        m.addAction(self.act_pic)
        m = mb.addMenu(self.tr("&Tampilan"))
        m.addActions([self.act_question, self.act_dashboard])
        m.addSeparator()
        m.addActions([self.act_prev, self.act_next])
        m = mb.addMenu(self.tr("B&antuan"))
        m.addAction(self.act_guide)
        m.addSeparator()
        m.addAction(self.act_about)

    def _refresh_recent(self) -> None:
        recent = recent_workspaces(self.settings)
        if self._start is not None:
            self._start.set_recent(recent)
        self.recent_menu.clear()
        for p in recent:
            a = self.recent_menu.addAction(p)
            a.triggered.connect(lambda _c=False, path=p: self.open_path(path))
        self.recent_menu.setEnabled(bool(recent))
        for a in self.ws_actions:
            a.setEnabled(self.session is not None)

    def _update_title(self) -> None:
        if self.session is None:
            self.setWindowTitle(self.tr("ZI Desktop"))
            self.status_label.setText("")
            return
        s = self.session
        self.setWindowTitle(f"{s.unit_name} ({s.catalog.tahun}) — ZI Desktop")
        self.status_label.setText(
            self.tr("%1 · tahun %2 · sasaran Menuju %3 · setiap perubahan tersimpan otomatis")
            .replace("%1", s.unit_name)
            .replace("%2", str(s.catalog.tahun))
            .replace("%3", s.target)
        )

    # -- opening ------------------------------------------------------------------------------
    def open_startup(self) -> None:
        """The last workspace; on the very first run the demo; else the start screen."""
        last = last_workspace(self.settings)
        if last and self._is_workspace(last) and self.open_path(last, quiet=True):
            return
        if not self.settings.value("first_run_done", False, type=bool):
            self.settings.setValue("first_run_done", True)
            if self.open_demo(quiet=True):
                return
        self.stack.setCurrentWidget(self.start)

    def _is_workspace(self, path: str) -> bool:
        from zi_desktop.workspace.store import is_workspace

        return bool(is_workspace(path))

    def open_path(self, path: str | Path, quiet: bool = False) -> bool:
        try:
            from zi_desktop.workspace.store import open_workspace

            ws = open_workspace(Path(path))
        except UserError as exc:
            if not quiet:
                from ui import start
                from zi_desktop.workspace.schema import WorkspaceDamaged

                if isinstance(exc, WorkspaceDamaged):  # name the backups and offer to restore one
                    return start.offer_restore(self, exc.root, str(exc)) and self.open_path(path, quiet=quiet)
                dialogs.show_error(self, exc)
            return False
        self.set_session(Session(ws, parent=self))
        add_recent(path, self.settings)
        self._refresh_recent()
        return True

    def set_session(self, session: Session) -> None:
        self.close_workspace()
        self.session = session
        self.view = WorkspaceView(session, self.runner)
        self.page = self._workspace_page(self.view, session)
        self.stack.addWidget(self.page)
        self.stack.setCurrentWidget(self.page)
        session.notice.connect(lambda text: dialogs.show_info(self, self.tr("Perhatian"), text))
        session.undo_stack.canUndoChanged.connect(self.act_undo.setEnabled)
        session.undo_stack.canRedoChanged.connect(self.act_redo.setEnabled)
        self._refresh_recent()
        self.act_undo.setEnabled(False)
        self.act_redo.setEnabled(False)
        self._update_title()
        state = self.settings.value("window/splitter")
        if state is not None:
            self.view.restoreState(state)
        first = session.first_question(unanswered=True, with_guidance=True) or session.first_question()
        if first is not None:
            self.view.select_soal(first)
        self.view.tree.setFocus()
        self.external_timer.start()

    def _workspace_page(self, view: WorkspaceView, session: Session) -> QWidget:
        """The workspace view; for the demo workspace, with a banner that says so above it."""
        from zi_desktop.workspace.demo import is_demo

        if not is_demo(session.unit_id):
            return view
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        banner = QFrame()
        banner.setObjectName("demoBanner")
        banner.setStyleSheet("#demoBanner { background:#fff4ce; border-bottom:1px solid #e0c060; }")
        row = QHBoxLayout(banner)
        row.setContentsMargins(12, 6, 12, 6)
        text = WrapLabel(
            self.tr(
                "Ini workspace contoh berisi data demo, bukan data satker Anda. Coba-coba di sini aman; "
                "untuk mengisi LKE satker Anda, buat workspace sendiri."
            )
        )
        qt_names.plain_text(text)
        text.setWordWrap(True)
        button = QPushButton(self.tr("Buat workspace satker saya…"))
        button.setObjectName("demoCreateOwn")
        button.clicked.connect(lambda _c=False: self.new_workspace())
        row.addWidget(text, 1)
        row.addWidget(button)
        lay.addWidget(banner)
        lay.addWidget(view, 1)
        self.demo_banner = banner
        return page

    def check_external_changes(self) -> None:
        """Another process (zi-desktop on the command line, a second window) may write to the open
        workspace: pick its changes up. A note being typed is saved first, so nothing is lost."""
        if self.session is None or self.view is None or self.runner.busy():
            return
        self.view.question.flush()
        self.session.poll_external()

    def close_workspace(self) -> None:
        self.external_timer.stop()
        if self.session is None:
            return
        if self.view is not None:
            self.view.question.flush()
            if self.view.dashboard_built:
                self.view.dashboard.stop()
            self.settings.setValue("window/splitter", self.view.saveState())
        self.runner.wait()
        if self.page is not None:
            self.stack.removeWidget(self.page)
            self.page.deleteLater()
        self.page = None
        self.demo_banner = None
        self.session.close()
        self.session, self.view = None, None
        self.stack.setCurrentWidget(self.start)
        self._refresh_recent()
        self._update_title()

    def choose_workspace(self) -> None:
        path = dialogs.pick_folder(self, self.tr("Pilih folder workspace"))
        if path:
            self.open_path(path)

    def new_workspace(self) -> None:
        values = dialogs.ask_new_workspace(self)
        if not values:
            return
        try:
            from zi_desktop.workspace.store import create_workspace

            ws = create_workspace(
                Path(values["path"]),
                unit_name=values["unit_name"],
                year=values["year"],
                target=values["target"],
                unit_id=values.get("unit_id"),
            )
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        path = ws.path
        ws.close()
        self.open_path(path)

    def open_demo(self, quiet: bool = False) -> bool:
        from zi_desktop.paths import demo_workspace_dir

        path = demo_workspace_dir()
        if not self._is_workspace(str(path)):
            from zi_desktop.workspace.demo import create_demo_workspace

            try:
                ws = create_demo_workspace(path)
                if ws is not None and hasattr(ws, "close"):
                    ws.close()
            except UserError as exc:
                if not quiet:
                    dialogs.show_error(self, exc)
                return False
        return self.open_path(path, quiet=quiet)

    # -- commands -----------------------------------------------------------------------------
    def undo(self) -> None:
        if self.session is not None:
            if self.view is not None:
                self.view.question.flush()
            self.session.undo_stack.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    def focus_search(self) -> None:
        if self.view is not None:
            self.view.search.setFocus()
            self.view.search.selectAll()

    def step_question(self, step: int) -> None:
        if self.view is not None:
            self.view.step_question(step)

    def show_page(self, page: str) -> None:
        if self.view is None:
            return
        self.view.tabs.setCurrentWidget(self.view.dashboard if page == "dashboard" else self.view.question)

    def about(self) -> None:
        from zi_desktop import __version__

        dialogs.show_info(
            self,
            self.tr("Tentang ZI Desktop"),
            self.tr(
                "ZI Desktop %1\nPengisian dan penilaian LKE Zona Integritas (PermenPANRB 90/2021), luring."
            ).replace("%1", __version__),
        )

    def import_answers(self) -> None:
        from ui.transfer import import_answers

        if self.session is not None:
            import_answers(self, self.session, self.runner)

    def export_bundle(self) -> None:
        from ui.transfer import export_bundle

        if self.session is not None:
            export_bundle(self, self.session, self.runner)

    def attach_folder(self) -> None:
        from ui.evidence import attach_from_folder

        if self.session is not None:
            attach_from_folder(self, self.session, self.runner)

    def set_user_name(self) -> None:
        """Who the change log names for edits made here (a shared laptop, several team members)."""
        if self.session is None:
            return
        name = dialogs.ask_user_name(self, self.session.ws.user_name())
        if name is None:
            return
        from zi_desktop.errors import UserError

        try:
            self.session.ws.set_setting("user_name", name)
        except UserError as exc:
            dialogs.show_error(self, exc)

    hub_window: Any = None

    def open_hub_window(self) -> None:
        """The coordinator's Konsol instansi (the instansi hub), in its own window."""
        from ui.hub_window import HubWindow

        if self.hub_window is None:
            self.hub_window = HubWindow()
        self.hub_window.show()
        self.hub_window.raise_()

    def assign_pic(self) -> None:
        """The PIC of the area, sub-area or question chosen in the tree (also its context menu)."""
        from ui import team_assign

        if self.view is None:
            return
        index = self.view.tree.currentIndex()
        if team_assign.target_of(self.view, index) is None:
            self.statusBar().showMessage(self.tr("Pilih dulu sebuah area, sub-area atau soal di pohon LKE"), 5000)
            return
        team_assign.assign(self.view, index)

    def set_unit_id(self) -> None:
        """The id the instansi gives this unit; until it is set the pre-export list says so."""
        if self.session is None:
            return
        text = dialogs.ask_unit_id(self, self.session.ws.unit_id)
        if text is None:
            return
        from zi_desktop.errors import UserError

        try:
            self.session.ws.set_unit_id(text)
        except UserError as exc:
            dialogs.show_error(self, exc)

    def apply_links(self) -> None:
        from ui.transfer import apply_links

        if self.session is not None:
            apply_links(self, self.session, self.runner)

    # -- team work (ui/team_packets.py) -------------------------------------------------------
    def make_packet(self) -> None:
        from ui import team_packets

        if self.session is not None:
            team_packets.make(self, self.session, self.runner)

    def open_packet(self) -> None:
        from ui import team_packets

        team_packets.open_member(self, self.runner)

    def send_back(self) -> None:
        from ui import team_packets

        if self.session is not None:
            team_packets.send_back(self, self.session, self.runner)

    def receive_packet(self) -> None:
        from ui import team_packets

        if self.session is not None:
            team_packets.receive(self, self.session, self.runner)

    def show_conflicts(self) -> None:
        if self.view is not None:
            self.view.conflicts.reload()
            self.view.tabs.setCurrentWidget(self.view.conflicts)

    # -- closing ------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.close_workspace()
        self.settings.sync()
        super().closeEvent(event)
