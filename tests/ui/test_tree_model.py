from __future__ import annotations

from ui.tree_model import (
    COL_ANSWER,
    COL_SCORE,
    ERROR,
    NO_EVIDENCE,
    UNANSWERED,
    KindRole,
    LkeFilterModel,
    LkeTreeModel,
    RefRole,
    SearchRole,
)


def _leaves(model, parent=None):
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    out = []
    for r in range(model.rowCount(parent)):
        idx = model.index(r, 0, parent)
        if idx.data(KindRole) != "node":
            out.append(idx)
        out.extend(_leaves(model, idx))
    return out


def test_tree_model_passes_modeltester(qtmodeltester, session):
    session.ws.set_answer(1, "Ya")
    session.reload()
    model = LkeTreeModel(session)
    qtmodeltester.check(model)
    proxy = LkeFilterModel()
    proxy.setSourceModel(model)
    proxy.set_filter(marker=UNANSWERED)
    qtmodeltester.check(proxy)


def test_every_question_and_percentage_is_in_the_tree(session, catalog):
    model = LkeTreeModel(session)
    leaves = _leaves(model)
    soal = {i.data(RefRole) for i in leaves if i.data(KindRole) == "soal"}
    computed = {i.data(RefRole) for i in leaves if i.data(KindRole) == "computed"}
    assert soal == set(catalog.soal)
    assert computed == {c.id for c in catalog.computed}
    # count inputs sit under their percentage
    idx = model.index_of_soal(88)
    assert idx.parent().data(RefRole) == "PRA1A"


def test_answer_updates_scores_in_tree(qtbot, session, catalog):
    model = LkeTreeModel(session)
    idx = model.index_of_soal(1, COL_ANSWER)
    assert idx.data() == "–"
    sub = model.index_of_node(catalog.soal[1].node_id, COL_SCORE)
    assert sub.data() == "0,00"
    with qtbot.waitSignal(model.dataChanged):
        session.set_answer(1, "Ya")
    assert idx.data() == "Ya"
    assert sub.data() == "0,50"


def test_filters_show_the_right_rows(session, catalog):
    session.set_answer(1, "Ya")
    session.set_answer(88, 0)
    session.set_answer(89, 5)  # changes by no agents: an input error
    session.attach_link(2, "https://contoh.go.id/sk.pdf")
    model = LkeTreeModel(session)
    proxy = LkeFilterModel()
    proxy.setSourceModel(model)

    proxy.set_filter(marker=UNANSWERED)
    got = {i.data(RefRole) for i in _leaves(proxy) if i.data(KindRole) == "soal"}
    assert 1 not in got and 88 not in got and 2 in got
    assert got == {s for s in catalog.soal if s not in (1, 88, 89)}

    proxy.set_filter(marker=ERROR)
    got = {i.data(RefRole) for i in _leaves(proxy)}
    assert got == {"PRA1A", 88, 89}

    proxy.set_filter(marker=NO_EVIDENCE)
    got = {i.data(RefRole) for i in _leaves(proxy) if i.data(KindRole) == "soal"}
    assert 2 not in got and 1 in got

    proxy.set_filter(area=2)
    got = {i.data(RefRole) for i in _leaves(proxy) if i.data(KindRole) == "soal"}
    assert got and all(catalog.area_node(s).area_no == 2 for s in got)

    proxy.set_filter(text="whistle")
    leaves = _leaves(proxy)
    assert leaves and all("whistle" in i.data(SearchRole).casefold() for i in leaves)

    proxy.set_filter()
    assert len(_leaves(proxy)) == len(_leaves(model))


def test_markers_are_a_picture_from_the_model_not_a_python_delegate(qtbot, session):
    # A Python delegate override runs per painted cell; with PySide6 6.12 it lost a reference to None
    # per call (issue 9). The model hands the dots to Qt's own delegate instead.
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPixmap

    from ui.tree_model import COL_MARKS, MARKS_WIDTH, UNANSWERED, LkeTreeModel, MarkersRole

    model = LkeTreeModel(session)
    sid = next(iter(session.catalog.soal))
    idx = model.index_of_soal(sid, COL_MARKS)
    pm = idx.data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(pm, QPixmap) and 0 < pm.width() <= MARKS_WIDTH
    assert idx.data(Qt.ItemDataRole.DisplayRole) == ""
    assert "belum diisi" in idx.data(Qt.ItemDataRole.ToolTipRole)
    assert UNANSWERED in idx.data(MarkersRole)
