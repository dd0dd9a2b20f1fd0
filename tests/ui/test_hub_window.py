"""The unit id in the app (new-workspace dialog, Sunting menu) and the Konsol instansi window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui import dialogs
from ui.start import NewWorkspaceDialog


def test_new_workspace_dialog_asks_for_the_unit_id(qtbot: Any, monkeypatch: Any) -> None:
    errors: list[Any] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, e: errors.append(str(e)))
    dlg = NewWorkspaceDialog()
    qtbot.addWidget(dlg)
    dlg.unit.setText("Satker Uji")
    assert dlg.values()["unit_id"] is None  # may be left for later
    dlg.unit_id.setText("bukan/id")
    dlg._accept()
    assert errors and "tidak sah" in errors[0] and dlg.result() == 0
    dlg.unit_id.setText("UNIT-UJI-01")
    dlg._accept()
    assert dlg.result() == NewWorkspaceDialog.DialogCode.Accepted
    assert dlg.values()["unit_id"] == "UNIT-UJI-01"


def test_menu_sets_the_unit_id(qtbot: Any, monkeypatch: Any, tmp_path: Path) -> None:
    from ui.main_window import MainWindow
    from zi_desktop.workspace.store import create_workspace, open_workspace

    ws_path = tmp_path / "ws"
    create_workspace(ws_path, unit_name="Satker Uji").close()
    win = MainWindow()
    qtbot.addWidget(win)
    win.open_path(str(ws_path))
    monkeypatch.setattr(dialogs, "ask_unit_id", lambda _p, current: "UNIT-UJI-02" if current == "" else None)
    win.act_unit_id.trigger()
    with open_workspace(ws_path, read_only=True) as ws:
        assert ws.unit_id == "UNIT-UJI-02"


# -- Konsol instansi ------------------------------------------------------------------------------


def _bundles(tmp_path: Path) -> dict[str, Path]:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core" / "hub"))
    from bundles import make_bundle

    return {
        "A": make_bundle(tmp_path, "UNIT-A", "Satker A", level="top", seed=1),
        "B": make_bundle(tmp_path, "UNIT-B", "Satker B", level="mid", seed=2),
        "C": make_bundle(tmp_path, "UNIT-C", "Satker C", level="low", seed=3),
    }


def test_konsol_drop_recap_filter_propose_export(
    qtbot: Any, qtmodeltester: Any, monkeypatch: Any, tmp_path: Path
) -> None:
    from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    import ui.hub_window as hw
    from zi_desktop.hub.store import create_hub, open_hub

    errors: list[str] = []
    reports: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, e: errors.append(str(e)))
    monkeypatch.setattr(hw, "show_report", lambda _p, _t, text: reports.append(text))
    b = _bundles(tmp_path)
    hub_path = tmp_path / "hub"
    create_hub(hub_path, instansi="Kementerian Contoh", tahun=2026).close()
    win = hw.HubWindow()
    qtbot.addWidget(win)
    win.show()
    assert win.open_hub(hub_path) and not win.add_btn.isHidden()
    # drop three bundles (and a stray file) on the window
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in b.values()] + [QUrl.fromLocalFile(str(tmp_path / "x.txt"))])
    drop = QDropEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    win.dropEvent(drop)
    qtbot.waitUntil(lambda: bool(reports), timeout=60000)
    assert "3 paket diterima, 0 ditolak" in reports[-1], reports
    assert win.model.rowCount() == 3 and not errors
    qtmodeltester.check(win.model)
    # sorted by the TPI's score, highest first
    first = win.proxy.index(0, 0).data()
    assert first == "UNIT-A"
    win.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
    assert win.proxy.index(0, 0).data() == "UNIT-C"
    # filters: reaching WBBM; text search
    win.filter.setCurrentIndex(win.filter.findData("wbbm"))
    assert win.proxy.rowCount() == 1 and win.proxy.index(0, 0).data() == "UNIT-A"
    win.filter.setCurrentIndex(win.filter.findData("semua"))
    win.search.setText("satker b")
    assert win.proxy.rowCount() == 1 and win.proxy.index(0, 1).data() == "Satker B"
    win.search.setText("")
    # propose B and C as WBK: C lacks what WBK needs; the coordinator is asked and refuses, then agrees
    monkeypatch.setattr(hw, "ask_kategori", lambda _p, _ids: "WBK")
    answers = iter([False, True])
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text: (asked.append(text), next(answers))[1])
    win.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    win.table.selectRow(1)
    win.table.selectionModel().select(
        win.proxy.index(2, 0),
        win.table.selectionModel().SelectionFlag.Select | win.table.selectionModel().SelectionFlag.Rows,
    )
    assert win.selected_units() == ["UNIT-B", "UNIT-C"]
    win.propose_selected()
    assert asked and "UNIT-C" in asked[0] and "Nilai total" in asked[0]
    with open_hub(hub_path, read_only=True) as hub:
        assert [u["kategori"] for u in hub.units()] == [None, None, None]  # refused: nothing changed
    win.propose_selected()
    with open_hub(hub_path, read_only=True) as hub:
        assert {u["unit_id"]: u["kategori"] for u in hub.units()} == {"UNIT-A": None, "UNIT-B": "WBK", "UNIT-C": "WBK"}
    assert win.proxy.index(1, 9).data() == "WBK" and win.proxy.index(2, 9).data() == "WBK !"
    # export the recap workbook in the background
    out = tmp_path / "rekap.xlsx"
    monkeypatch.setattr(dialogs, "pick_save_file", lambda *_a: str(out))
    reports.clear()
    win.export_recap()
    qtbot.waitUntil(lambda: bool(reports), timeout=30000)
    assert out.is_file() and "Rekap tersimpan" in reports[-1]
    import openpyxl

    sheet = openpyxl.load_workbook(out)["Rekap"]
    assert [sheet.cell(row=r, column=1).value for r in range(3, 6)] == ["UNIT-A", "UNIT-B", "UNIT-C"]
    # a bad bundle is refused with its reason
    reports.clear()
    (tmp_path / "rusak.zip").write_bytes(b"bukan zip")
    win.add_bundles([str(tmp_path / "rusak.zip")])
    qtbot.waitUntil(lambda: bool(reports), timeout=30000)
    assert "1 ditolak" in reports[-1] and "bukan berkas zip" in reports[-1]
    win.table.clearSelection()
    win.grab().save(str(tmp_path / "konsol.png"))
    assert (tmp_path / "konsol.png").stat().st_size > 10_000
    if shot := __import__("os").environ.get("ZI_HUB_SCREENSHOT"):
        win.grab().save(shot)
    win.close()


def test_konsol_is_in_the_main_window_menu(qtbot: Any) -> None:
    from ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.act_hub.trigger()
    assert win.hub_window is not None and win.hub_window.isVisible()
    win.hub_window.close()
