"""Several processes on one workspace: a held write lock gives a clear message; two writers interleave safely."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from zi_desktop.errors import UserError
from zi_desktop.workspace import schema
from zi_desktop.workspace.store import create_workspace, open_workspace

ROOT = Path(__file__).resolve().parents[3]

HOLD_LOCK = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("INSERT INTO settings(key, value) VALUES ('dipegang', '1')")
print("terkunci", flush=True)
sys.stdin.readline()
c.execute("ROLLBACK")
"""

WRITER = """
import sys
from zi_desktop.workspace.store import open_workspace
ws = open_workspace(sys.argv[1])
part = int(sys.argv[2])
for i in range(40):
    ws.set_note(1 + part * 60 + i, f"proses {part} langkah {i}")
ws.close()
"""


def _env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_a_held_write_lock_waits_then_gives_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "BUSY_TIMEOUT", 0.5)
    create_workspace(tmp_path / "ws", unit_name="Bersama").close()
    ws = open_workspace(tmp_path / "ws")
    ws.set_answer(1, "Ya")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(tmp_path / "ws" / "workspace.sqlite")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert holder.stdout.readline().strip() == "terkunci"
        start = time.monotonic()
        with pytest.raises(UserError, match="sedang dipakai proses lain") as info:
            ws.set_answer(2, "B")
        waited = time.monotonic() - start
        assert waited >= 0.4, "it should wait for the busy timeout before giving up"
        assert str(tmp_path / "ws") in str(info.value)
        assert ws.answers() == {1: "Ya"}  # reading still works while another process writes
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.wait(timeout=30) == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    ws.set_answer(2, "B")
    assert ws.answers() == {1: "Ya", 2: "B"}
    assert "dipegang" not in ws.settings()
    assert ws.check().ok
    ws.close()


def test_two_processes_writing_at_once_do_not_corrupt(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    create_workspace(root, unit_name="Bersama").close()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(root), str(part)],
            env=_env(),
            stderr=subprocess.PIPE,
            text=True,
        )
        for part in (0, 1)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    with open_workspace(root) as ws:
        report = ws.check()
        assert report.ok, report.problems
        recs = ws.records()
        for part in (0, 1):
            for i in range(40):
                assert recs[1 + part * 60 + i].catatan_unit == f"proses {part} langkah {i}"
        hist = ws.history()
        assert len(hist) == 80
        assert [h.id for h in hist] == list(range(1, 81))
