"""Team work in the app: receive a packet with its preview, settle conflicts one by one (undoable),
the tree's PIC filter, progress per PIC on the dashboard, opening a packet as a member."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from ui import dialogs, team_packets
from ui.tree_model import COL_ITEM, KindRole, PicRole, RefRole
from zi_desktop.exchange.packet import make_packet, open_packet, send_back
from zi_desktop.workspace import team
from zi_desktop.workspace.store import create_workspace, open_workspace


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where the screenshots go (ZI_SHOTS=folder to keep them and look at them)."""
    folder = Path(os.environ.get("ZI_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def coordinator(tmp_path: Path) -> Any:
    """A coordinator's workspace with PICs, and Ani's packet back with two conflicts in it."""
    ws = create_workspace(tmp_path / "koord", unit_name="Kantor Contoh")
    a1 = team.soal_of_area(ws.catalog, 1)
    for sid in a1[:4]:
        ws.edit(sid, ws.catalog.soal[sid].options[0].key, note="catatan awal")
    team.set_pic(ws, "Ani", area=1)
    team.set_pic(ws, "Budi", area=2)
    make_packet(ws, "Ani", a1, tmp_path / "ani.zip")
    open_packet(tmp_path / "ani.zip", tmp_path / "ani")
    with open_workspace(tmp_path / "ani") as ani:
        ani.edit(a1[0], ws.catalog.soal[a1[0]].options[1].key)
        ani.set_note(a1[1], "catatan Ani")
        ani.edit(a1[1], ws.catalog.soal[a1[1]].options[1].key)  # soal 2: options A, B, C
        ani.attach_text(a1[3], "Notulen rapat")
        send_back(ani, tmp_path / "ani-balik.zip")
    ws.set_note(a1[1], "catatan koordinator")
    ws.edit(a1[1], ws.catalog.soal[a1[1]].options[2].key)
    yield ws, a1, tmp_path
    ws.close()


@pytest.fixture
def window(qtbot, coordinator, monkeypatch):
    from ui.main_window import MainWindow
    from ui.session import Session

    ws, _a1, _tmp = coordinator
    infos: list[str] = []
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: errors.append(str(exc)))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: infos.append(text))
    win = MainWindow()
    qtbot.addWidget(win)
    win.set_session(Session(ws, parent=win))
    win.show()
    qtbot.waitExposed(win)
    win.infos, win.errors = infos, errors
    yield win
    win.close_workspace()


def _wait(qtbot, win) -> None:
    qtbot.waitUntil(lambda: not win.runner.busy(), timeout=20000)


def test_receive_shows_a_preview_then_merges_and_conflicts_are_settled_one_by_one(
    qtbot, window, coordinator, monkeypatch, shots
):
    ws, a1, tmp = coordinator
    previews: list[str] = []
    answers = iter([False, True])

    def ask(_p: Any, text: str) -> bool:
        previews.append(text)
        return next(answers)

    monkeypatch.setattr(team_packets, "ask_preview", ask)
    before = ws.record(a1[0]).jawaban_unit
    team_packets.receive(window, window.session, window.runner, str(tmp / "ani-balik.zip"))
    _wait(qtbot, window)
    assert "2 konflik" in previews[0] and "KONFLIK soal" in previews[0]
    assert ws.record(a1[0]).jawaban_unit == before  # cancelled: nothing saved
    team_packets.receive(window, window.session, window.runner, str(tmp / "ani-balik.zip"))
    _wait(qtbot, window)
    assert window.errors == []
    assert ws.record(a1[0]).jawaban_unit == ws.catalog.soal[a1[0]].options[1].key
    view = window.view
    page = view.conflicts
    assert view.tabs.currentWidget() is page
    assert view.tabs.tabText(view.tabs.indexOf(page)) == "Konflik (2)"
    assert page.list.count() == 2
    assert page.grab().save(str(shots / "team-conflicts.png"))

    # take theirs for the note, then edit the answer to a third value; undo both, redo one
    page.list.setCurrentRow([e.field for e in page.entries].index("catatan_unit"))
    first = page.current()
    assert first is not None and (first.ours, first.theirs) == ("catatan koordinator", "catatan Ani")
    qtbot.mouseClick(page.theirs_button, Qt.MouseButton.LeftButton)
    assert ws.record(a1[1]).catatan_unit == "catatan Ani"
    assert page.list.count() == 1
    third = ws.catalog.soal[a1[1]].options[0].key
    page.edit_line.setText(third)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert ws.record(a1[1]).jawaban_unit == third
    assert page.list.count() == 0 and view.tabs.tabText(view.tabs.indexOf(page)) == "Konflik"
    window.undo()
    assert ws.record(a1[1]).jawaban_unit == ws.catalog.soal[a1[1]].options[2].key
    window.undo()
    assert ws.record(a1[1]).catatan_unit == "catatan koordinator"
    assert page.list.count() == 2
    window.redo()
    assert ws.record(a1[1]).catatan_unit == "catatan Ani" and page.list.count() == 1
    # a bad value is refused with the store's words, nothing changes
    page.list.setCurrentRow(0)
    page.edit_line.setText("Z")
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert window.errors and "tidak dikenal" in window.errors[-1]
    assert page.list.count() == 1
    qtbot.mouseClick(page.mine_button, Qt.MouseButton.LeftButton)
    assert team.conflicts(ws) == [] and ws.check().ok


def test_receiving_the_same_packet_twice_in_the_app_changes_nothing(qtbot, window, coordinator, monkeypatch):
    ws, _a1, tmp = coordinator
    monkeypatch.setattr(team_packets, "ask_preview", lambda _p, _t: True)
    team_packets.receive(window, window.session, window.runner, str(tmp / "ani-balik.zip"))
    _wait(qtbot, window)
    count = len(ws.history())
    team_packets.receive(window, window.session, window.runner, str(tmp / "ani-balik.zip"))
    _wait(qtbot, window)
    assert len(ws.history()) == count
    assert "sudah diterima" in window.infos[-1]


def _visible_soal(view) -> list[int]:
    out = []

    def walk(parent):
        for r in range(view.proxy.rowCount(parent)):
            idx = view.proxy.index(r, 0, parent)
            if idx.data(KindRole) == "soal":
                out.append(idx.data(RefRole))
            walk(idx)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return out


def test_tree_shows_and_filters_by_pic(qtbot, window, coordinator, qtmodeltester, shots):
    ws, a1, _tmp = coordinator
    view = window.view
    qtmodeltester.check(view.model)
    names = [view.pic_filter.itemText(i) for i in range(view.pic_filter.count())]
    assert names == ["Semua PIC", "Ani", "Budi", "(tanpa PIC)"]
    area1 = ws.catalog.area_node(a1[0])
    assert view.model.index_of_node(area1.node_id, COL_ITEM).data().endswith("— Ani")
    assert view.model.index_of_soal(a1[0]).data(PicRole) == "Ani"
    view.set_filter(pic="Ani")
    shown = _visible_soal(view)
    assert shown and set(shown) == {s for s, p in team.pic_map(ws).items() if p == "Ani"}
    assert window.grab().save(str(shots / "team-tree-pic.png"))
    view.set_filter(pic="")
    assert not set(_visible_soal(view)) & set(team.pic_map(ws))
    view.set_filter()
    assert len(_visible_soal(view)) > len(shown)


def test_dashboard_shows_progress_per_pic(qtbot, window, coordinator, shots):
    ws, a1, _tmp = coordinator
    view = window.view
    window.show_page("dashboard")
    dash = view.dashboard
    task = dash.advice_task
    if task is not None and task.running:
        with qtbot.waitSignal(task.finished, timeout=20000):
            pass
    box = dash.team_box
    assert box.isVisible()
    rows = {r.pic: r for r in box.rows}
    assert rows["Ani"].answered == 4 and rows["Ani"].total == len(a1)
    assert rows["Budi"].answered == 0
    assert rows["Ani"].advisories == len(a1)  # no evidence yet on any of them
    ws.attach_text(a1[0], "SK tim")
    window.session.refresh_evidence(a1[0])
    assert {r.pic: r for r in box.rows}["Ani"].advisories == len(a1) - 1
    from PySide6.QtWidgets import QLabel

    qtbot.waitUntil(lambda: any(lab.isVisible() and lab.text() == "Ani" for lab in box.findChildren(QLabel)))
    texts = [lab.text() for lab in box.findChildren(QLabel) if lab.isVisible()]
    assert f"4/{len(a1)}" in texts
    assert box.grab().save(str(shots / "team-dashboard.png"))


def test_open_packet_as_a_member_and_questions_outside_are_read_only(qtbot, tmp_path, monkeypatch, coordinator, shots):
    from ui.main_window import MainWindow

    ws, a1, tmp = coordinator
    errors: list[str] = []
    infos: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: errors.append(str(exc)))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: infos.append(text))
    win = MainWindow()
    qtbot.addWidget(win)
    make_packet(ws, "Budi", team.soal_of_area(ws.catalog, 2), tmp / "budi.zip")
    team_packets.open_member(win, win.runner, str(tmp / "budi.zip"), str(tmp_path / "ws-budi"))
    _wait(qtbot, win)
    assert errors == [] and win.session is not None
    assert "Budi" in infos[-1]
    s = win.session
    b2 = team.soal_of_area(ws.catalog, 2)[0]
    s.set_answer(b2, ws.catalog.soal[b2].options[1].key)
    assert s.value(b2, "jawaban_unit") == ws.catalog.soal[b2].options[1].key
    with pytest.raises(Exception, match="hanya-baca"):
        s.set_answer(a1[0], "Ya")
    from PySide6.QtWidgets import QLabel

    assert win.view.select_soal(a1[0])
    banner = win.view.question.findChild(QLabel, "readOnlyBanner")
    assert banner is not None and "bukan bagian paket kerja Budi" in banner.text()
    assert not win.view.question.evidence.isEnabled()
    win.resize(1400, 900)
    assert win.grab().save(str(shots / "team-member-read-only.png"))
    assert win.view.select_soal(b2)
    assert win.view.question.findChild(QLabel, "readOnlyBanner") is None
    assert win.view.question.evidence.isEnabled()
    out = tmp_path / "balik.zip"
    team_packets.send_back(win, s, win.runner, str(out))
    _wait(qtbot, win)
    assert out.is_file() and errors == []
    win.close_workspace()
