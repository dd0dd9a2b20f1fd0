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
