"""One answer change announces only what it moved (issue 15: one frame per answer): the tree's
changed row, its ancestors and the percentages it feeds; the dashboard shows the new score; and
no query of the change log runs per answer."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.format import num
from zi_desktop.lke.catalog import COUNT


@pytest.fixture
def real_session(qtbot, real_ws):
    from ui.session import Session

    s = Session(real_ws)
    yield s
    s.undo_stack.clear()


def _announced(model: Any) -> list[tuple[int, int, int]]:
    """Records each dataChanged as (row key, first column, last column); a range over several
    rows fails the test at once."""
    seen: list[tuple[int, int, int]] = []

    def record(top: QModelIndex, bottom: QModelIndex, _roles: Any) -> None:
        assert top.row() == bottom.row() and top.parent() == bottom.parent(), "one row per signal"
        seen.append((model.key(top), top.column(), bottom.column()))

    model.dataChanged.connect(record)
    return seen


def _with_ancestors(model: Any, indexes: list[QModelIndex]) -> set[int]:
    out: set[int] = set()
    for idx in indexes:
        while idx.isValid():
            out.add(model.key(idx))
            idx = idx.parent()
    return out


def test_a_choice_answer_announces_its_row_and_its_ancestors_only(real_session):
    from ui.tree_model import LkeTreeModel

    model = LkeTreeModel(real_session)
    soal = next(s for s in real_session.catalog.soal_in_order() if s.kind != COUNT and len(s.options) >= 2)
    seen = _announced(model)
    real_session.set_answer(soal.soal_id, soal.options[0].key)
    expected = _with_ancestors(model, [model.index_of_soal(soal.soal_id)])
    assert len(expected) >= 3  # the question, its sub-area, area, ... up to the component
    assert {k for k, _, _ in seen} == expected
    assert len(seen) == len(expected)  # each row once
    assert all(first == 0 and last == 4 for _, first, last in seen)  # the whole row, no more


def test_a_count_answer_announces_the_percentages_it_feeds_too(real_session):
    from ui.tree_model import LkeTreeModel

    cat = real_session.catalog
    model = LkeTreeModel(real_session)
    soal = next(s for s in cat.soal_in_order() if s.kind == COUNT and cat.computed_using(s.soal_id))
    seen = _announced(model)
    real_session.set_answer(soal.soal_id, 40)
    rows = [model.index_of_soal(soal.soal_id)]
    rows += [model.index_of_computed(c.id) for c in cat.computed_using(soal.soal_id)]
    expected = _with_ancestors(model, rows)
    assert {k for k, _, _ in seen} == expected
    # The other inputs of the same percentage did not move: not announced.
    others = {
        model.key(model.index_of_soal(i))
        for c in cat.computed_using(soal.soal_id)
        for i in cat.computed_inputs(c)
        if i != soal.soal_id
    }
    assert others and not others & {k for k, _, _ in seen}


def test_the_dashboard_shows_the_new_score_after_one_change(qtbot, real_session):
    from ui.dashboard import DashboardPage
    from ui.tasks import TaskRunner

    page = DashboardPage(real_session, TaskRunner())
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    qtbot.waitExposed(page)
    before = page.total_label.text()
    soal = next(s for s in real_session.catalog.soal_in_order() if s.kind != COUNT and len(s.options) >= 2)
    real_session.set_answer(soal.soal_id, soal.options[0].key)
    total = real_session.result.total
    assert page.total_label.text() == num(total) != before
    assert page.bars.bars[0].value == total
    head, body = page.shortfall_labels["WBK"]
    assert head.text() == "Menuju WBK"
    assert num(total) in body.text()  # "• Nilai total (...): <total>, syarat 75, kurang ..."


class _LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_a_steady_label_lays_its_page_out_again_only_for_a_new_size(qtbot):
    from ui.steady import SteadyLabel

    page = QWidget()
    qtbot.addWidget(page)
    lay = QVBoxLayout(page)
    label = QLabel("Nilai 10,00")
    label.setWordWrap(True)
    holder = SteadyLabel(label)
    lay.addWidget(holder)
    lay.addWidget(QLabel("di bawahnya"))
    lay.addStretch(1)
    page.resize(300, 400)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(20)
    requests = _LayoutRequests()
    page.installEventFilter(requests)
    label.setText("Nilai 12,50")  # the same size: the page is not laid out again
    qtbot.wait(20)
    assert requests.count == 0
    assert label.geometry() == holder.rect()
    one_line = holder.height()
    label.setText(" ".join(["kata"] * 80))  # many lines: the page makes room for them
    qtbot.waitUntil(lambda: holder.height() > one_line)
    assert requests.count >= 1
    assert holder.height() >= label.heightForWidth(holder.width())
    assert label.geometry() == holder.rect()


def test_no_change_log_query_per_answer_and_the_changed_marker_still_follows(qtbot, real_ws):
    from ui.session import Session
    from ui.tree_model import CHANGED, LkeTreeModel, MarkersRole

    real_ws.set_answer(1, "Ya")
    real_ws.mark_exported("2026-05-01T10:00:00+07:00")
    session = Session(real_ws)
    model = LkeTreeModel(session)
    soal = next(s for s in session.catalog.soal_in_order() if s.kind != COUNT and s.soal_id != 1)
    assert CHANGED not in model.index_of_soal(soal.soal_id).data(MarkersRole)
    statements: list[str] = []
    real_ws._conn.set_trace_callback(statements.append)
    try:
        session.set_answer(soal.soal_id, soal.options[0].key)
        session.set_note(soal.soal_id, "catatan")
        session.set_answer(soal.soal_id, soal.options[0].key)  # the same again: nothing written
    finally:
        real_ws._conn.set_trace_callback(None)
    reads = [q for q in statements if "FROM changelog" in q and "MAX(id)" not in q]
    assert reads == []
    assert any(q.startswith("INSERT INTO changelog") for q in statements)  # the writes were logged
    assert CHANGED in model.index_of_soal(soal.soal_id).data(MarkersRole)
    assert session.changed_ids == real_ws.changed_since_export()
    session.undo_stack.clear()


def test_before_any_export_no_answer_is_marked_changed(qtbot, real_ws):
    from ui.session import Session

    session = Session(real_ws)
    session.set_answer(1, "Ya")
    assert session.changed_ids == set() == real_ws.changed_since_export()
    session.undo_stack.clear()


def test_the_filter_proxy_passes_each_announced_row_on_once(real_session):
    from ui.tree_model import UNANSWERED, LkeFilterModel, LkeTreeModel

    model = LkeTreeModel(real_session)
    proxy = LkeFilterModel()
    proxy.setSourceModel(model)
    source = _announced(model)
    passed: list[int] = []
    proxy.dataChanged.connect(lambda top, _bottom, _roles: passed.append(model.key(proxy.mapToSource(top))))
    soal = next(s for s in real_session.catalog.soal_in_order() if s.kind != COUNT and len(s.options) >= 2)
    real_session.set_answer(soal.soal_id, soal.options[0].key)
    assert sorted(passed) == sorted(k for k, _, _ in source)
    # While a filter is set, rows under a matching question still show (recursive filtering).
    proxy.set_filter(marker=UNANSWERED)
    assert proxy.rowCount() > 0 and proxy.rowCount(proxy.index(0, 0)) > 0
    proxy.set_filter()
    assert proxy.rowCount() == model.rowCount()


class _CountingLabel(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.size_hints = 0

    def sizeHint(self):  # type: ignore[no-untyped-def]
        self.size_hints += 1
        return super().sizeHint()


def test_a_label_that_follows_its_columns_width_is_measured_only_for_its_height(qtbot):
    """The question page's history: a new text costs one height-for-width layout, not three, and the
    page still makes room when the history gets longer or shorter."""
    from ui.steady import SteadyLabel

    page = QWidget()
    qtbot.addWidget(page)
    lay = QVBoxLayout(page)
    label = _CountingLabel()
    label.setWordWrap(True)
    label.setText("<b>satu</b> baris")
    holder = SteadyLabel(label, follow_width=True)
    lay.addWidget(holder)
    lay.addStretch(1)
    page.resize(300, 400)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(20)
    one_line = holder.height()
    before = label.size_hints
    label.setText("<b>dua</b> baris")  # same height: measured once, for its height only
    holder.settle()
    assert label.size_hints == before
    label.setText("<br>".join(["<b>baris</b> riwayat"] * 6))
    holder.settle()
    qtbot.waitUntil(lambda: holder.height() > one_line)
    assert label.geometry() == holder.rect()
    label.setText("<b>satu</b> baris")
    holder.settle()
    qtbot.waitUntil(lambda: holder.height() == one_line)
