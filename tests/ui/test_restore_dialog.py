"""The damaged-workspace dialog: lists the backups and restores one (issue 9)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ui import start
from zi_desktop.workspace.schema import backup_db
from zi_desktop.workspace.store import create_workspace, open_workspace


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    with create_workspace(root, unit_name="Kantor <b>Contoh</b>") as ws:
        ws.set_answer(1, "Ya")
        backup_db(ws._conn, root / "backups" / "rolling-20260101-090000-000000.sqlite")
    (root / "workspace.sqlite").write_bytes(b"")
    return root


def test_the_dialog_lists_backups_and_restores_the_chosen_one(qtbot: Any, damaged: Path, tmp_path: Path) -> None:
    from zi_desktop.workspace.schema import WorkspaceDamaged

    with pytest.raises(WorkspaceDamaged) as info:
        open_workspace(damaged)
    dlg = start.RestoreDialog(info.value.root, str(info.value))
    qtbot.addWidget(dlg)
    texts = [dlg.list.item(i).text() for i in range(dlg.list.count())]
    assert any("rolling-20260101-090000-000000.sqlite  (1 soal terjawab)" in t for t in texts)
    assert dlg.restore_btn.isEnabled()
    dlg.list.setCurrentRow(texts.index(next(t for t in texts if "20260101" in t)))
    dlg.show()
    dlg.grab().save(str(tmp_path / "pulihkan.png"))
    dlg.restore_btn.click()
    assert dlg.restored is not None
    with open_workspace(damaged) as ws:
        assert ws.answers() == {1: "Ya"}
    assert list(damaged.glob("workspace.sqlite.rusak-*"))


def test_opening_a_damaged_workspace_offers_the_restore(
    qtbot: Any, damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import dialogs
    from ui.main_window import MainWindow

    offered: list[str] = []
    errors: list[Any] = []

    def restore_first(parent: Any, root: Path, message: str) -> bool:
        offered.append(message)
        from zi_desktop.workspace.store import restore_workspace

        restore_workspace(root, None)
        return True

    monkeypatch.setattr(start, "offer_restore", restore_first)
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, exc: errors.append(exc))
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_path(str(damaged))
    assert offered and "rusak" in offered[0] and not errors
    assert win.session is not None
