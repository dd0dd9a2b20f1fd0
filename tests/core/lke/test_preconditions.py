"""The proposal preconditions (Tabel 5): a checklist the team confirms, kept in the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from zi_desktop.cli.main import main
from zi_desktop.errors import UserError
from zi_desktop.lke.preconditions import preconditions, set_confirmed
from zi_desktop.lke.readiness import submission_check
from zi_desktop.workspace.store import create_workspace, open_workspace


def test_confirm_and_unconfirm_by_number(tmp_path: Path) -> None:
    with create_workspace(tmp_path / "ws", unit_name="Uji", target="WBK") as ws:
        items = preconditions(ws)
        assert len(items) == len(ws.catalog.preconditions["WBK"]) and not any(i.confirmed for i in items)
        set_confirmed(ws, [1, 4], True)
        assert [i.number for i in preconditions(ws) if i.confirmed] == [1, 4]
        set_confirmed(ws, [1], False)
        assert [i.number for i in preconditions(ws) if i.confirmed] == [4]
        assert not any(i.confirmed for i in preconditions(ws, "WBBM"))  # kept per predicate
        with pytest.raises(UserError, match="nomor 99 tidak ada"):
            set_confirmed(ws, [99], True)
        open_items = [m for _, m in submission_check(ws).advisory if "syarat pengusulan" in m]
        assert len(open_items) == len(items) - 1
        assert any("setelan:syarat_pengusulan_WBK" in h.field for h in ws.history())
    with open_workspace(tmp_path / "ws") as ws:  # survives a reopen
        assert [i.number for i in preconditions(ws) if i.confirmed] == [4]


def test_cli_syarat(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = str(tmp_path / "ws")
    assert main(["init", ws, "--unit", "Uji", "--target", "WBBM"]) == 0
    capsys.readouterr()
    assert main(["syarat", ws, "2", "5"]) == 0
    out = capsys.readouterr().out
    assert "Menuju WBBM (dikonfirmasi tim): 2 dari" in out and "[x] 5." in out and "[ ] 1." in out
    assert main(["syarat", ws, "5", "--tidak"]) == 0
    assert "[ ] 5." in capsys.readouterr().out
    assert main(["syarat", ws, "0"]) == 2
    assert "tidak ada" in capsys.readouterr().err
