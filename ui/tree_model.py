"""The LKE tree as a Qt item model: components, parts, areas, sub-areas, questions and the
computed percentages of Reform (with their count inputs as children), over the catalog and the
Session's records and scores. `LkeFilterModel` filters it (unanswered, no evidence, errors, one
area, text search)."""

from __future__ import annotations

from array import array
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtGui import QColor, QFont, QImage, QPixmap, QStandardItem, QStandardItemModel

from ui import qt_names as q
from ui.format import num, pct
from ui.review_commands import FIXING, fixing_ids
from ui.session import Session
from zi_desktop.lke.answers import format_value
from zi_desktop.lke.catalog import COUNT, SURVEY, Catalog
from zi_desktop.lke.scoring import ItemShare, computed_share, input_error_ids, soal_share

KindRole = q.USER_ROLE + 1  # "node", "soal", "computed"
RefRole = q.USER_ROLE + 2  # node id, soal id or computed id
MarkersRole = q.USER_ROLE + 3  # frozenset of UNANSWERED, NO_EVIDENCE, ERROR, CHANGED, TPI_DIFF
AreaRole = q.USER_ROLE + 4  # area number, None for Hasil
SearchRole = q.USER_ROLE + 5  # text the search box looks in
PicRole = q.USER_ROLE + 6  # the person in charge of a question ("" for nobody; team_model)

UNANSWERED, NO_EVIDENCE, ERROR, CHANGED = "unanswered", "no_evidence", "error", "changed"
TPI_DIFF = "tpi_diff"  # the TPI answered, and not as the unit did
MARKERS = (UNANSWERED, NO_EVIDENCE, ERROR, CHANGED, TPI_DIFF)
COL_ITEM, COL_ANSWER, COL_SCORE, COL_WEIGHT, COL_MARKS = range(5)

GREEN, GREY, RED, AMBER, BLUE, PURPLE = "#2e7d32", "#9e9e9e", "#c62828", "#ef8f00", "#1565c0", "#7b1fa2"
MARK_COLORS = {ERROR: RED, UNANSWERED: GREY, NO_EVIDENCE: AMBER, CHANGED: BLUE, TPI_DIFF: PURPLE}
MARK_ORDER = (ERROR, UNANSWERED, NO_EVIDENCE, CHANGED, TPI_DIFF)
MARK_STEP = 14  # pixels from one marker dot to the next
MARKS_WIDTH = 6 + MARK_STEP * len(MARK_ORDER)  # room for every dot

# Plain ints: data() runs thousands of times while the tree is laid out and painted, and the
# first window is painted without PySide6's Qt namespace (ui.qt_names).
_DISPLAY = q.DISPLAY_ROLE
_TOOLTIP = q.TOOLTIP_ROLE
_DECORATION = q.DECORATION_ROLE
_ALIGNMENT = q.TEXT_ALIGNMENT_ROLE
_FONT = q.FONT_ROLE
_FOREGROUND = q.FOREGROUND_ROLE
_ACCESSIBLE = q.ACCESSIBLE_TEXT_ROLE
_ALIGN_RIGHT = q.ALIGN_RIGHT | q.ALIGN_VCENTER
_ALIGN_CENTER = q.ALIGN_CENTER
_MISSING = object()


class _Item:
    """One row of the tree: what it is, its parent's index in the model's list and its row there
    (a plain class: the app's start does not import `dataclasses`, issue 15)."""

    __slots__ = ("kind", "ref", "parent", "row", "children")

    def __init__(self, kind: str, ref: Any, parent: int, row: int) -> None:
        self.kind = kind
        self.ref = ref
        self.parent = parent
        self.row = row
        self.children: list[int] = []


def _marker_dots(marks: frozenset[str]) -> QPixmap:
    """The markers of a row as coloured dots in one picture. The model hands it to the view as the
    marker column's decoration, so Qt's own delegate paints it: no Python code runs per painted
    cell (see ui/compat.py for why that matters)."""
    shown = [MARK_COLORS[m] for m in MARK_ORDER if m in marks]
    return _picture(MARK_STEP * len(MARK_ORDER), [(i * MARK_STEP, _disc(color, 10)) for i, color in enumerate(shown)])


def _dot(color: str) -> QPixmap:
    """A row's status dot. A picture, not a QIcon: the delegate paints either the same way, and
    QIcon's Python class (with its enum of 90 theme names) would cost the app's start 2 ms."""
    return _picture(_BOX, [(0, _disc(color, 8))])


# The dots are drawn here, pixel by pixel, rather than with QPainter: every way of giving a
# QPainter a colour (a brush, a pen, fillPath, fillRect) passes an overload that takes a Qt
# namespace enum, and resolving it builds the namespace, which the first window is painted without
# (ui.qt_names). A dot is 144 pixels; the few the tree shows are made once each.
_BOX = 12  # a dot's square, in pixels
_coverages: dict[int, tuple[float, ...]] = {}


def _coverage(size: int) -> tuple[float, ...]:
    """How much of each pixel of the square a centred disc `size` pixels across covers (0 to 1,
    from 4 x 4 samples per pixel: the disc's edge is smoothed as an antialiased painter does)."""
    if size not in _coverages:
        r2, c = (size / 2) ** 2, _BOX / 2
        samples = [(i + 0.5) / 4 for i in range(4)]
        _coverages[size] = tuple(
            sum((x + sx - c) ** 2 + (y + sy - c) ** 2 <= r2 for sy in samples for sx in samples) / 16
            for y in range(_BOX)
            for x in range(_BOX)
        )
    return _coverages[size]


def _disc(color: str, size: int) -> list[int]:
    """A square of premultiplied ARGB pixels holding a disc of `color` ("#rrggbb")."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return [(round(255 * a) << 24) | (round(r * a) << 16) | (round(g * a) << 8) | round(b * a) for a in _coverage(size)]


def _picture(width: int, tiles: list[tuple[int, list[int]]]) -> QPixmap:
    """A transparent picture `width` x _BOX pixels with each tile (a square of pixels) at its x."""
    pixels = array("I", bytes(4 * width * _BOX))
    for x0, tile in tiles:
        for y in range(_BOX):
            pixels[y * width + x0 : y * width + x0 + _BOX] = array("I", tile[y * _BOX : (y + 1) * _BOX])
    data = pixels.tobytes()  # native order, as QImage reads 32-bit pixels
    image = QImage(data, width, _BOX, 4 * width, QImage.Format.Format_ARGB32_Premultiplied)
    return QPixmap.fromImage(image)  # a copy: `data` may go


class LkeTreeModel(QStandardItemModel):
    """The rows' shape (which row is under which) lives in Qt's own item model, so the view and the
    filter walk it in C++: laying out and painting the expanded tree would otherwise call Python's
    index() and parent() some 4,000 times at start and after every change (issue 15). The rows
    without children are empty cells of their parent's table, not items. What a cell shows comes
    from data() here, computed when first asked and kept until the row changes."""

    def __init__(self, session: Session, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.catalog: Catalog = session.catalog
        self._items: list[_Item] = [_Item("root", None, -1, 0)]
        self._soal_item: dict[int, int] = {}
        self._computed_item: dict[str, int] = {}
        self._node_item: dict[int, int] = {}
        for r in self.catalog.roots:
            self._add_node(r, 0)
        self._shape()
        self._headers()
        self._icons: dict[str, QPixmap] = {}
        self._bold = QFont()  # one font for every bold row, made once (not per painted cell)
        self._bold.setBold(True)
        self._mark_pixmaps: dict[frozenset[str], QPixmap] = {}  # at most 2**5, made once each
        # data() answers, per (item, column, role), until the session changes: a paint asks for
        # the same few roles of every visible cell again and again.
        self._cache: dict[tuple[int, int, int], Any] = {}
        # The roles without data, kept apart: a cache full of None would move None's reference count
        # by a thousand with every clear, hiding a real leak from the soak test (tests/ui/test_soak.py).
        self._empty: set[tuple[int, int, int]] = set()
        self._roles: set[int] = set()  # every role asked for, to drop one row's answers
        self._error_ids: set[int] | None = None
        self._fix_ids: set[int] | None = None  # questions a TPI tier marked "perlu perbaikan"
        self._load_pics()
        self._shown_result = session.result  # the scores the rows show, to tell what moved
        session.changed.connect(self._on_changed)

    # -- building -----------------------------------------------------------------------------
    def _add(self, kind: str, ref: Any, parent: int) -> int:
        p = self._items[parent]
        key = len(self._items)
        self._items.append(_Item(kind, ref, parent, len(p.children)))
        p.children.append(key)
        return key

    def _add_node(self, node_id: int, parent: int) -> None:
        cat = self.catalog
        n = cat.nodes[node_id]
        key = self._add("node", node_id, parent)
        self._node_item[node_id] = key
        for child in n.children:
            self._add_node(child, key)
        placed: set[str] = set()
        for sid in n.soal:
            uses = cat.computed_using(sid) if cat.soal[sid].kind == COUNT else ()
            if not uses:
                self._soal_item[sid] = self._add("soal", sid, key)
                continue
            for c in uses:
                if c.id in placed or c.node_id != node_id:
                    continue
                placed.add(c.id)
                ckey = self._add("computed", c.id, key)
                self._computed_item[c.id] = ckey
                for inp in cat.computed_inputs(c):
                    if inp not in self._soal_item:
                        self._soal_item[inp] = self._add("soal", inp, ckey)
        for c in cat.computed_of(node_id):
            if c.id not in placed:
                ckey = self._add("computed", c.id, key)
                self._computed_item[c.id] = ckey
                for inp in cat.computed_inputs(c):
                    if inp not in self._soal_item:
                        self._soal_item[inp] = self._add("soal", inp, ckey)

    def _shape(self) -> None:
        """Give Qt's model the rows: a table of five columns under each row that has children. Each
        parent's id (the one Qt gives its children's indexes) is learnt here, so that an index maps to
        its row and a row to its index without asking Qt again."""
        self._parent_id: dict[int, int] = {}  # item key -> internal id of its children's indexes
        self._key_at: dict[tuple[int, int], int] = {}  # (internal id, row) -> item key
        self._std: list[QStandardItem] = []  # kept alive on the Python side too
        self.setColumnCount(5)
        self.setRowCount(len(self._items[0].children))
        todo: list[tuple[int, QModelIndex]] = [(0, QModelIndex())]
        while todo:
            key, idx = todo.pop()
            children = self._items[key].children
            pid = self.index(0, 0, idx).internalId()
            self._parent_id[key] = pid
            holder = self.itemFromIndex(idx) if idx.isValid() else self.invisibleRootItem()
            for row, child in enumerate(children):
                self._key_at[(pid, row)] = child
                grand = self._items[child].children
                if grand:
                    item = QStandardItem()
                    item.setColumnCount(5)
                    item.setRowCount(len(grand))
                    holder.setChild(row, 0, item)
                    self._std.append(item)
                    todo.append((child, self.index(row, 0, idx)))

    def key(self, index: QModelIndex | QPersistentModelIndex) -> int:
        """The row an index points at, as the model's own number for it (0 for the root)."""
        return self._key_at.get((index.internalId(), index.row()), 0) if index.isValid() else 0

    def _load_pics(self) -> None:
        from ui.team_model import node_pics, session_pics

        self.pics = session_pics(self.session)
        self._node_pics = node_pics(self.catalog, self.pics) if self.pics else {}

    def _pic(self, it: _Item) -> str:
        if it.kind == "soal":
            return self.pics.get(it.ref, "")
        if it.kind == "computed":
            c = self.catalog.computed_by_id(it.ref)
            return self.pics.get(c.requires[0], "") if c.requires else ""
        return self._node_pics.get(it.ref, "")

    def _pic_suffix(self, it: _Item) -> str:
        """— PIC on an area or sub-area everyone under shares, and on a question whose PIC differs
        from its node's."""
        pic = self._pic(it)
        if not pic:
            return ""
        if it.kind == "soal" and self._node_pics.get(self.catalog.soal[it.ref].node_id) == pic:
            return ""
        if it.kind == "node":
            parent = self.catalog.nodes[it.ref].parent_id
            if parent is not None and self._node_pics.get(parent) == pic:
                return ""
        if it.kind == "computed":
            return ""
        return f"  — {pic}"

    # -- lookups ------------------------------------------------------------------------------
    def index_of_soal(self, soal_id: int, column: int = 0) -> QModelIndex:
        key = self._soal_item.get(soal_id)
        return self._index(key, column) if key is not None else QModelIndex()

    def index_of_computed(self, cid: str, column: int = 0) -> QModelIndex:
        key = self._computed_item.get(cid)
        return self._index(key, column) if key is not None else QModelIndex()

    def index_of_node(self, node_id: int, column: int = 0) -> QModelIndex:
        key = self._node_item.get(node_id)
        return self._index(key, column) if key is not None else QModelIndex()

    def _index(self, key: int, column: int) -> QModelIndex:
        it = self._items[key]
        return self.createIndex(it.row, column, self._parent_id[it.parent])

    # -- Qt model API (the shape is Qt's: index, parent, rowCount, columnCount; and so are the
    # headers and the items' flags, kept in C++: a Python headerData() or flags() would be handed
    # or return Qt-namespace enums, building the namespace for the first paint, see ui.qt_names)
    def _headers(self) -> None:
        titles = (self.tr("Butir LKE"), self.tr("Jawaban"), self.tr("Nilai"), self.tr("Bobot"), self.tr("Tanda"))
        for col, title in enumerate(titles):
            item = QStandardItem(title)
            if col in (COL_SCORE, COL_WEIGHT):
                item.setData(_ALIGN_RIGHT, _ALIGNMENT)
            self.setHorizontalHeaderItem(col, item)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = q.DISPLAY_ROLE) -> Any:
        if not index.isValid():
            return None
        # the row is `self.key(index)`, looked up in place: data() runs for every painted cell
        key = (self._key_at[(index.internalId(), index.row())], index.column(), int(role))
        value = self._cache.get(key, _MISSING)
        if value is _MISSING:
            if key in self._empty:
                return None
            self._roles.add(key[2])
            value = self._data(self._items[key[0]], key[1], key[2])
            if value is None:
                self._empty.add(key)
            else:
                self._cache[key] = value
        return value

    def _data(self, it: _Item, col: int, role: int) -> Any:
        if role == KindRole:
            return it.kind
        if role == RefRole:
            return it.ref
        if role == MarkersRole:
            return self.markers(it)
        if role == AreaRole:
            return self._area_no(it)
        if role == SearchRole:
            return self._search_text(it)
        if role == PicRole:
            return self._pic(it)
        if role == _DISPLAY:
            text = self._display(it, col)
            return text + self._pic_suffix(it) if col == COL_ITEM and text and self.pics else text
        if role == _TOOLTIP:
            return self._tooltip(it, col)
        if role == _ACCESSIBLE and col == COL_MARKS:
            return self._marker_words(it)
        if role == _DECORATION and col == COL_ITEM:
            return self._icon(self._status_color(it))
        if role == _DECORATION and col == COL_MARKS and it.kind != "node":
            return self._marks_pixmap(self.markers(it))
        if role == _ALIGNMENT and col in (COL_SCORE, COL_WEIGHT, COL_ANSWER):
            return _ALIGN_RIGHT if col != COL_ANSWER else _ALIGN_CENTER
        if role == _FONT and it.kind == "node":
            n = self.catalog.nodes[it.ref]
            if n.level in ("komponen", "sub_komponen", "area"):
                return self._bold
        if role == _FOREGROUND and col == COL_ANSWER and ERROR in self.markers(it):
            return QColor(RED)  # the delegate takes a colour as a brush (QBrush(QColor) would build the Qt namespace)
        return None

    # -- content ------------------------------------------------------------------------------
    def _icon(self, color: str) -> QPixmap:
        if color not in self._icons:
            self._icons[color] = _dot(color)
        return self._icons[color]

    def _marks_pixmap(self, marks: frozenset[str]) -> QPixmap:
        pm = self._mark_pixmaps.get(marks)
        if pm is None:
            pm = self._mark_pixmaps[marks] = _marker_dots(marks)
        return pm

    def _marker_words(self, it: _Item) -> str:
        return " · ".join(t for t, _ in self.marker_labels(self.markers(it)))

    def _area_no(self, it: _Item) -> int | None:
        cat = self.catalog
        if it.kind == "soal":
            a = cat.area_node(it.ref)
        elif it.kind == "computed":
            a = cat.area_node(cat.computed_by_id(it.ref).node_id, is_soal=False)
        else:
            a = cat.area_node(it.ref, is_soal=False)
        return a.area_no if a else None

    def _search_text(self, it: _Item) -> str:
        cat = self.catalog
        if it.kind == "soal":
            s = cat.soal[it.ref]
            return f"{s.soal_id} {s.text} {s.kriteria}"
        if it.kind == "computed":
            c = cat.computed_by_id(it.ref)
            return f"{c.id} {c.text} {c.kriteria}"
        return cat.nodes[it.ref].name

    def markers(self, it: _Item) -> frozenset[str]:
        s = self.session
        out: set[str] = set()
        if it.kind == "soal":
            sid = it.ref
            if not s.is_answered(sid):
                out.add(UNANSWERED)
            if s.lacks_evidence(sid):
                out.add(NO_EVIDENCE)
            if self._error_ids is None:
                self._error_ids = s.error_ids()
            if sid in self._error_ids:
                out.add(ERROR)
            if sid in s.changed_ids:
                out.add(CHANGED)
            if s.tpi_differs(sid):
                out.add(TPI_DIFF)
            if self._fix_ids is None:
                self._fix_ids = fixing_ids(s)
            if sid in self._fix_ids:
                out.add(FIXING)
        elif it.kind == "computed":
            c = self.catalog.computed_by_id(it.ref)
            cv = s.result.computed.get(c.id)
            if cv is not None and cv.issue:
                out.add(ERROR)
            elif cv is None or cv.value is None:
                out.add(UNANSWERED)
            if all(s.lacks_evidence(i) for i in c.requires):
                out.add(NO_EVIDENCE)
            if any(i in s.changed_ids for i in c.requires):
                out.add(CHANGED)
            if any(s.tpi_differs(i) for i in c.requires):
                out.add(TPI_DIFF)
        return frozenset(out)

    def marker_labels(self, marks: frozenset[str]) -> list[tuple[str, str]]:
        labels = {
            ERROR: (self.tr("galat"), RED),
            UNANSWERED: (self.tr("belum diisi"), GREY),
            NO_EVIDENCE: (self.tr("tanpa bukti"), AMBER),
            CHANGED: (self.tr("berubah"), BLUE),
            TPI_DIFF: (self.tr("beda dengan TPI"), PURPLE),
        }
        return [labels[m] for m in (ERROR, UNANSWERED, NO_EVIDENCE, CHANGED, TPI_DIFF) if m in marks]

    def _status_color(self, it: _Item) -> str:
        if it.kind == "node":
            ns = self.session.result.nodes.get(it.ref)
            if ns is None or ns.answered == 0:
                return GREY
            return GREEN if ns.complete else AMBER
        marks = self.markers(it)
        if ERROR in marks:
            return RED
        return GREY if UNANSWERED in marks else GREEN

    def _display(self, it: _Item, col: int) -> str | None:
        cat, s = self.catalog, self.session
        res = s.result
        if it.kind == "node":
            n = cat.nodes[it.ref]
            ns = res.nodes[it.ref]
            if col == COL_ITEM:
                return n.name
            if col == COL_ANSWER:
                return f"{ns.answered}/{ns.items}" if ns.items else ""
            if col == COL_SCORE:
                return num(ns.score)
            if col == COL_WEIGHT:
                return num(n.weight)
            return ""
        if it.kind == "computed":
            c = cat.computed_by_id(it.ref)
            cv = res.computed.get(c.id)
            if col == COL_ITEM:
                return f"{c.nomor} {c.text}".strip() if c.nomor not in ("", "-") else c.text
            if col == COL_ANSWER:
                if cv is not None and cv.issue:
                    return self.tr("galat")
                return pct(cv.value) if cv is not None and cv.value is not None else "–"
            return self._share_cell(col, computed_share(cat, res, c.id))
        soal = cat.soal[it.ref]
        value = s.value(soal.soal_id, "jawaban_unit")
        if col == COL_ITEM:
            return f"{soal.nomor} {soal.text}".strip() if soal.nomor not in ("", "-") else soal.text
        if col == COL_ANSWER:
            return format_value(value) if value is not None else "–"
        if soal.kind == COUNT:
            return ""
        return self._share_cell(col, soal_share(cat, res, soal.soal_id))

    def _share_cell(self, col: int, share: ItemShare) -> str:
        """The score or weight cell of a question or computed row (its share, from the core)."""
        if col == COL_SCORE:
            return num(share.points) if share.points is not None else ""
        if col == COL_WEIGHT:
            return num(share.weight) if share.weight else ""
        return ""  # the marker dots (decoration) stand for the words (tooltip)

    def _tooltip(self, it: _Item, col: int) -> str | None:
        cat = self.catalog
        if it.kind == "node":
            ns = self.session.result.nodes[it.ref]
            return (
                self.tr("Nilai %1 dari bobot %2; %3 dari %4 butir terjawab")
                .replace("%1", num(ns.score))
                .replace("%2", num(ns.weight))
                .replace("%3", str(ns.answered))
                .replace("%4", str(ns.items))
            )
        if col == COL_WEIGHT:
            return self.tr("Bagian bobot sub-area untuk satu butir (bobot sub-area dibagi jumlah butirnya)")
        if col == COL_MARKS:
            return self._marker_words(it) or None
        if it.kind == "soal":
            s = cat.soal[it.ref]
            kind = cat.answer_type_labels.get(s.type, s.type)
            extra = self.tr(" (isian survei 0–4)") if s.kind == SURVEY else ""
            soal_word = self.tr("Soal")
            return f"{soal_word} {s.soal_id} · {kind}{extra}\n{s.text}"
        c = cat.computed_by_id(it.ref)
        return f"{c.text}\n{c.describe()}"

    # -- updates ------------------------------------------------------------------------------
    def _on_changed(self, soal_ids: frozenset[int]) -> None:
        # Announce only the rows whose content can have moved (house style: one frame per edit):
        # the changed questions, the percentages they feed, inputs whose error marker came or went,
        # every row whose score changed, and the ancestors of all of them.
        # An empty set means "everything" (a reload): then every row is announced.
        self._error_ids = None
        self._fix_ids = None
        old, new = self._shown_result, self.session.result
        self._shown_result = new
        if not soal_ids:
            self._cache.clear()
            self._empty.clear()
            self._load_pics()  # a reload: assignments may have changed (a packet, the command line)
            self._emit_all(0)
            return
        soal = set(soal_ids) | {sid for sid in self._soal_item if old.values.get(sid) != new.values.get(sid)}
        if old is not new:
            # An input's error marker follows its percentage's issue: only those that came or went.
            soal |= input_error_ids(self.catalog, old) ^ input_error_ids(self.catalog, new)
        computed = {cid for cid in self._computed_item if old.computed.get(cid) != new.computed.get(cid)}
        for sid in soal_ids:
            if sid in self.catalog.soal:
                computed.update(c.id for c in self.catalog.computed_using(sid))
        keys = {self._soal_item[sid] for sid in soal if sid in self._soal_item}
        keys |= {self._computed_item[cid] for cid in computed if cid in self._computed_item}
        keys |= {k for nid, k in self._node_item.items() if old.nodes.get(nid) != new.nodes.get(nid)}
        for key in list(keys):
            parent = self._items[key].parent
            while parent > 0 and parent not in keys:
                keys.add(parent)
                parent = self._items[parent].parent
        # Only the announced rows' cached answers are dropped: the rest of the tree did not move, and
        # asking Python for every visible cell again would cost more than the change itself.
        cache, empty, roles = self._cache, self._empty, self._roles
        for key in keys:
            for col in range(5):
                for role in roles:
                    cache.pop((key, col, role), None)
                    empty.discard((key, col, role))
        for key in sorted(keys):
            self.dataChanged.emit(self._index(key, 0), self._index(key, COL_MARKS), [])

    def _emit_all(self, key: int) -> None:
        it = self._items[key]
        if not it.children:
            return
        parent = self._index(key, 0) if key else QModelIndex()
        self.dataChanged.emit(self.index(0, 0, parent), self.index(len(it.children) - 1, 4, parent), [])
        for c in it.children:
            self._emit_all(c)


class LkeFilterModel(QSortFilterProxyModel):
    """Shows the questions that match: a marker (unanswered, no evidence, errors), an area, a text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        # Recursive filtering only while a filter is set: with it on, the proxy announces every
        # ancestor of a changed row again for each row announced (15 signals instead of 5 for one
        # answer, each sizing the tree's first row again), though nothing can be filtered out.
        self.setRecursiveFilteringEnabled(False)
        self.setAutoAcceptChildRows(False)
        self._marker: str | None = None
        self._area: int | None = None
        self._text = ""
        self._pic: str | None = None

    def set_filter(
        self, marker: str | None = None, area: int | None = None, text: str = "", pic: str | None = None
    ) -> None:
        self.beginFilterChange()
        self._marker, self._area, self._text = marker, area, text.strip().casefold()
        self._pic = pic
        if self.isRecursiveFilteringEnabled() != self.is_filtering():
            self.setRecursiveFilteringEnabled(self.is_filtering())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def is_filtering(self) -> bool:
        return bool(self._marker or self._area is not None or self._text or self._pic is not None)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self.is_filtering():
            return True
        src = self.sourceModel()
        idx = src.index(source_row, 0, source_parent)
        kind = idx.data(KindRole)
        if kind == "node":
            return False  # shown when a question under it matches (recursive filtering)
        if self._area is not None and idx.data(AreaRole) != self._area:
            return False
        if self._pic is not None and idx.data(PicRole) != self._pic:
            return False
        if self._marker and self._marker not in idx.data(MarkersRole):
            return False
        return not (self._text and self._text not in str(idx.data(SearchRole)).casefold())
