"""An import killed with SIGKILL at random moments leaves the workspace either all old or all new."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sample_answers import sample_value

from zi_desktop.cli.main import main
from zi_desktop.workspace.store import create_workspace, open_workspace

ROOT = Path(__file__).resolve().parents[3]
KILLS = 5

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def big_doc(catalog: Any, variant: int) -> dict[str, Any]:
    """Every soal, every field, long notes: a few MB, so the write takes a noticeable moment."""
    items = []
    for i, s in enumerate(catalog.soal_in_order()):
        v = sample_value(catalog, i, s, variant, 1.5 + variant)
        filler = f"versi {variant} soal {s.soal_id} " * 800
        items.append(
            {
                "soal_id": s.soal_id,
                "jawaban_unit": v,
                "jawaban_tpi": v,
                "catatan_unit": "catatan unit " + filler,
                "catatan_tpi": "catatan TPI " + filler,
                "bukti_dukung_unit": "bukti " + filler,
            }
        )
    return {"unit_id": "u-9", "nama_unit": "Kantor Besar", "tahun": 2026, "answers": items}


def expected(doc: dict[str, Any]) -> dict[int, tuple[Any, ...]]:
    fields = ("jawaban_unit", "jawaban_tpi", "catatan_unit", "catatan_tpi", "bukti_dukung_unit")
    return {a["soal_id"]: tuple(a[f] for f in fields) for a in doc["answers"]}


def state(ws_path: Path) -> dict[int, tuple[Any, ...]]:
    with open_workspace(ws_path, read_only=True) as ws:
        return {
            sid: (r.jawaban_unit, r.jawaban_tpi, r.catatan_unit, r.catatan_tpi, r.bukti_dukung_unit)
            for sid, r in ws.records().items()
        }


def test_sigkill_during_import_never_half_writes(
    tmp_path: Path, catalog: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    ws_path = tmp_path / "ws"
    create_workspace(ws_path, unit_name="Kantor Besar").close()
    docs = []
    for variant in (0, 1):
        p = tmp_path / f"besar-{variant}.json"
        doc = big_doc(catalog, variant)
        p.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        docs.append((p, expected(doc)))
    assert main(["import", str(ws_path), str(docs[0][0])]) == 0
    current = 0
    assert state(ws_path) == docs[0][1]

    seed = random.randrange(1_000_000)
    rnd = random.Random(seed)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    outcomes = []
    for attempt in range(KILLS):
        other = 1 - current
        proc = subprocess.Popen(
            [sys.executable, "-m", "zi_desktop", "import", str(ws_path), str(docs[other][0])],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rnd.uniform(0.0, 0.5))
        proc.send_signal(signal.SIGKILL)
        rc = proc.wait(timeout=60)
        conn = sqlite3.connect(str(ws_path / "workspace.sqlite"))
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"seed {seed} attempt {attempt}"
        finally:
            conn.close()
        now = state(ws_path)
        assert now in (docs[current][1], docs[other][1]), f"half-written import (seed {seed}, attempt {attempt})"
        with open_workspace(ws_path, read_only=True) as ws:
            report = ws.check()
        assert report.ok, (seed, attempt, report.problems)
        if now == docs[other][1]:
            current = other
        outcomes.append((rc, current))

    # Afterwards the workspace works normally: a fresh import, then it scores like the file.
    capsys.readouterr()
    final = 1 - current
    assert main(["import", str(ws_path), str(docs[final][0])]) == 0
    assert state(ws_path) == docs[final][1]
    capsys.readouterr()
    assert main(["score", str(ws_path), "--json"]) == 0
    from_ws = json.loads(capsys.readouterr().out)
    assert main(["score", str(docs[final][0]), "--json"]) == 0
    from_file = json.loads(capsys.readouterr().out)
    from_ws.pop("unit"), from_file.pop("unit")
    assert from_ws == from_file
    with open_workspace(ws_path) as ws:
        assert ws.check().ok
        assert ws.history()[-1].source == f"impor:besar-{final}.json"
