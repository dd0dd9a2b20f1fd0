"""`zi-desktop export` as a user meets it: a destination folder that does not exist yet, the problems
that block a submission (exit 3, `--strict` writes nothing), the file's mode, the suggested name."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sample_answers import sample_value

from zi_desktop.cli.main import main
from zi_desktop.exchange.bundle import bundle_file_name
from zi_desktop.lke.answers import AnswerRow
from zi_desktop.workspace.store import create_workspace


def _workspace(tmp_path: Path, catalog: Any, complete: bool) -> Path:
    path = tmp_path / "ws"
    with create_workspace(path, unit_name="KPPN Contoh", unit_id="k-01") as ws:
        soal = list(catalog.soal_in_order())
        rows = [
            AnswerRow(s.soal_id, sample_value(catalog, i, s, 1, 3.5), None, None, None, None)
            for i, s in enumerate(soal)
            if complete or i % 3
        ]
        ws.apply_import(rows, source="uji")
    return path


def test_a_missing_destination_folder_is_created_and_blocking_problems_exit_3(
    tmp_path: Path, catalog: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = _workspace(tmp_path, catalog, complete=False)
    out = tmp_path / "kiriman" / "2026" / "paket.zip"
    assert main(["export", str(ws), "--out", str(out)]) == 3
    assert out.is_file()
    cap = capsys.readouterr()
    assert "Paket tersimpan" in cap.out
    assert "menghalangi pengiriman" in cap.err and "belum dijawab" in cap.err
    assert "... dan" in cap.err  # a long list is cut with a count, never silently


def test_strict_writes_nothing_when_something_blocks(
    tmp_path: Path, catalog: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = _workspace(tmp_path, catalog, complete=False)
    out = tmp_path / "paket.zip"
    assert main(["export", str(ws), "--out", str(out), "--strict"]) == 3
    assert not out.exists()
    assert "Tidak ditulis (--strict)" in capsys.readouterr().err


def test_a_complete_workspace_exports_with_status_0(
    tmp_path: Path, catalog: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = _workspace(tmp_path, catalog, complete=True)
    out = tmp_path / "paket.zip"
    assert main(["export", str(ws), "--out", str(out), "--strict"]) == 0, capsys.readouterr().err
    assert out.is_file()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_bundle_is_readable_like_any_new_file(tmp_path: Path, catalog: Any) -> None:
    ws = _workspace(tmp_path, catalog, complete=True)
    old = os.umask(0o022)
    try:
        out = tmp_path / "paket.zip"
        assert main(["export", str(ws), "--out", str(out)]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_the_suggested_name_carries_unit_year_and_date() -> None:
    when = datetime(2026, 12, 1, 9, 30)
    assert bundle_file_name("KPPN Jakarta: II", 2026, when) == "LKE-KPPN Jakarta_ II-2026-20261201.zip"
    assert bundle_file_name("", 2026, when) == "LKE-satker-2026-20261201.zip"
