"""CLI faults and hostile text: a read-only file system gives one line, never a bug; user text is
printed without terminal control characters (issue 9)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from zi_desktop.cli.main import main
from zi_desktop.workspace.store import create_workspace

ESCAPES = "\x1b[2J\x1b[31mMERAH\x1b[0m \x1b]0;judul palsu\x07 \u202etxt.exe\r\x08"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main(args)
    got = capsys.readouterr()
    return rc, got.out, got.err


def _no_control(text: str) -> bool:
    return not any(c in text for c in "\x1b\x07\x08\r\u202e")


def test_notes_with_terminal_escapes_are_printed_without_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    create_workspace(root, unit_name="Kantor").close()
    rc, out, _ = _run(["answer", str(root), "1", "Ya", "--note", "catatan " + ESCAPES], capsys)
    assert rc == 0 and _no_control(out) and "MERAH" in out
    rc, out, _ = _run(["history", str(root)], capsys)
    assert rc == 0 and _no_control(out) and "catatan" in out and "MERAH" in out
    doc = {
        "unit_id": "u",
        "nama_unit": "Kantor",
        "tahun": 2026,
        "answers": [{"soal_id": 2, "jawaban_unit": "A", "catatan_unit": "impor " + ESCAPES}],
    }
    src = tmp_path / "jawaban.json"
    src.write_text(json.dumps(doc), encoding="utf-8")
    rc, out, _ = _run(["import", str(root), str(src)], capsys)
    assert rc == 0 and _no_control(out) and "impor" in out
    rc, out, _ = _run(["attach", str(root), "3", "--text", "bukti " + ESCAPES], capsys)
    assert rc == 0 and _no_control(out)


def test_on_a_read_only_file_system_reading_commands_work_or_say_one_line(
    tmp_path: Path, catalog: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    try:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(disk)], capture_output=True)
    except OSError:
        pytest.skip("cannot mount a file system here")
    if mounted.returncode != 0:
        pytest.skip("cannot mount a file system here (needs root)")
    try:
        root = disk / "ws"
        with create_workspace(root, unit_name="Kantor") as ws:
            ws.set_answer(1, "Ya")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True, capture_output=True)
        # reading works from read-only media (a TPI's copy on a write-protected stick)
        rc, out, err = _run(["status", str(root), "--json"], capsys)
        assert rc == 0, err
        assert json.loads(out)["answered"] == 1
        for cmd in ("score", "check", "history"):
            rc, out, err = _run([cmd, str(root)], capsys)
            assert rc in (0, 3), (cmd, rc, err)
        rc, out, err = _run(["gc", str(root)], capsys)
        assert rc == 2 and err.startswith("Galat: ") and len(err.strip().splitlines()) == 1, err
        rc, _, err = _run(["answer", str(root), "2", "A"], capsys)
        assert rc == 2 and ("hanya-baca" in err or "tidak dapat" in err), err
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
