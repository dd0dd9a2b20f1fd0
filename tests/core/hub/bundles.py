"""Satker bundles for the hub tests and the benchmark: real workspaces, exported as the app does."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path
from typing import Any

from zi_desktop.exchange.bundle import export_bundle
from zi_desktop.lke.answers import AnswerRow
from zi_desktop.lke.catalog import load_catalog
from zi_desktop.lke.preconditions import set_confirmed
from zi_desktop.workspace.store import create_workspace


def answer(catalog: Any, soal: Any, level: str, rng: random.Random) -> Any:
    """`top`: the best answer everywhere (Menuju WBBM); `mid`: the best but one on some questions;
    `low`: the weakest answers (no predicate)."""
    dens = {s for c in catalog.computed for s in c.den}
    if soal.kind == "choice":
        opts = sorted(soal.options, key=lambda o: -o.multiplier)
        if level == "top":
            return opts[0].key
        if level == "low":
            return opts[-1].key
        return opts[0].key if rng.random() < 0.8 else opts[min(1, len(opts) - 1)].key
    if soal.kind == "count":
        if soal.soal_id in dens:
            return 100
        return 100 if level != "low" else 10
    return {"top": 4.0, "mid": 3.6, "low": 1.0}[level]


def make_bundle(
    folder: Path,
    unit_id: str | None,
    name: str,
    *,
    level: str = "top",
    tpi: bool = True,
    confirm: bool = True,
    files: int = 2,
    file_size: int = 2000,
    seed: int = 0,
    year: int = 2026,
    tag: str = "",
) -> Path:
    """Create a workspace under `folder`, answer all 127 questions (and the TPI's review), attach
    `files` evidence files (random bytes), confirm Tabel 5, export; returns the bundle's path."""
    rng = random.Random(seed)
    catalog = load_catalog(year)
    ws_path = folder / f"ws-{name}-{seed}{tag}"
    src = folder / f"src-{name}-{seed}{tag}"
    src.mkdir(parents=True, exist_ok=True)
    with create_workspace(ws_path, unit_name=name, unit_id=unit_id, year=year) as ws:
        rows = []
        for s in catalog.soal_in_order():
            v = answer(catalog, s, level, rng)
            rows.append(
                AnswerRow(
                    s.soal_id, v, v if tpi else None, f"catatan {s.soal_id}{tag}", None, "sesuai" if tpi else None
                )
            )
        ws.apply_import(rows, source="uji")
        for i in range(files):
            f = src / f"Bukti {i + 1}.pdf"
            f.write_bytes(b"%PDF-1.4 " + rng.randbytes(file_size))
            ws.attach_files(1 + i % 5, [f])
        ws.attach_link(7, f"https://drive.example.go.id/{seed}/sk")
        if confirm:
            for p in ("WBK", "WBBM"):
                set_confirmed(ws, list(range(1, len(catalog.preconditions.get(p, ())) + 1)), True, p)
        out = folder / f"{name}-{seed}{tag}.zip"
        export_bundle(ws, out)
    return out


def hub_state(hub: Path) -> dict[str, Any]:
    """Everything a hub holds: every table's rows and every blob, to show nothing changed."""
    conn = sqlite3.connect(str(hub / "hub.sqlite"))
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        state: dict[str, Any] = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    finally:
        conn.close()
    state["blobs"] = sorted(
        (str(p.relative_to(hub)), hashlib.sha256(p.read_bytes()).hexdigest())
        for p in (hub / "blobs").rglob("*")
        if p.is_file()
    )
    return state
