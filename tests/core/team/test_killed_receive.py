"""`paket terima` killed with SIGKILL at random moments: the workspace is as before or as after."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sample_answers import sample_value

from zi_desktop.exchange.packet import make_packet, open_packet, send_back
from zi_desktop.workspace import team
from zi_desktop.workspace.store import open_workspace

ROOT = Path(__file__).resolve().parents[3]
KILLS = 6

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")]


def state(path: Path) -> Any:
    with open_workspace(path, read_only=True) as ws:
        recs = {s: (r.jawaban_unit, r.catatan_unit, r.bukti_dukung_unit) for s, r in ws.records().items()}
        ev = sorted((e.soal_id, e.kind, e.sha256, e.url, e.text, e.added_by) for e in ws.evidence())
        conf = [(c.soal_id, c.field, c.ours, c.theirs) for c in team.conflicts(ws, include_settled=True)]
        report = ws.check()
        return recs, ev, conf, len(team.packets(ws)), len(ws.history()), report.problems


def run_terima(ws: Path, paket: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen(
        [sys.executable, "-m", "zi_desktop", "paket", "terima", str(ws), str(paket)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_sigkill_during_receive_never_half_merges(tmp_path: Path, catalog: Any) -> None:
    from zi_desktop.workspace.store import create_workspace

    cws = create_workspace(tmp_path / "koord", unit_name="Kantor Besar")
    soal = catalog.soal_in_order()
    for i, s in enumerate(soal):
        cws.edit(s.soal_id, sample_value(catalog, i, s, 0, 2.5), note=f"catatan awal {s.soal_id}")
    ids = [s.soal_id for s in soal]
    make_packet(cws, "Ani", ids, tmp_path / "p.zip")
    open_packet(tmp_path / "p.zip", tmp_path / "ani")
    files = tmp_path / "berkas"
    files.mkdir()
    with open_workspace(tmp_path / "ani") as ani:
        for i, s in enumerate(soal):
            ani.edit(s.soal_id, sample_value(catalog, i, s, 1, 3.5), note=f"catatan Ani {s.soal_id} " * 300)
            if i % 4 == 0:
                f = files / f"bukti-{i}.pdf"
                f.write_bytes(os.urandom(64 * 1024))
                ani.attach_files(s.soal_id, [f])
                ani.attach_link(s.soal_id, f"https://contoh.go.id/{i}")
        send_back(ani, tmp_path / "b.zip")
    for s in soal[::5]:  # the coordinator changes some notes meanwhile: conflicts
        cws.set_note(s.soal_id, f"catatan koordinator {s.soal_id}")
    cws.close()

    pristine = tmp_path / "sebelum"
    shutil.copytree(tmp_path / "koord", pristine)
    before = state(pristine)
    done = tmp_path / "sesudah"
    shutil.copytree(pristine, done)
    start = time.monotonic()
    assert run_terima(done, tmp_path / "b.zip").wait(timeout=120) == 0
    took = time.monotonic() - start
    after = state(done)
    assert after != before and after[2] and not after[5]

    seed = random.randrange(1_000_000)
    rnd = random.Random(seed)
    seen = []
    for attempt in range(KILLS):
        ws = tmp_path / f"coba-{attempt}"
        shutil.copytree(pristine, ws)
        proc = run_terima(ws, tmp_path / "b.zip")
        time.sleep(rnd.uniform(0.0, took * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        now = state(ws)
        assert not now[5], (seed, attempt, now[5])
        assert now in (before, after), f"half-merged workspace (seed {seed}, attempt {attempt})"
        seen.append(now == after)
        # and it still works: receiving again gives exactly the after state
        assert run_terima(ws, tmp_path / "b.zip").wait(timeout=120) == 0
        assert state(ws)[:3] == after[:3]
        shutil.rmtree(ws)
