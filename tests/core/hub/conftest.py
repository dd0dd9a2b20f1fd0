"""Bundles made once per test session (real workspaces, exported), and a hub built from them."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from bundles import make_bundle


@pytest.fixture(scope="session")
def bundle_dir(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("bundles")
    return {
        "A": make_bundle(d, "UNIT-A", "Satker A", level="top", seed=1),  # Menuju WBBM with the TPI's answers
        "B": make_bundle(d, "UNIT-B", "Satker B", level="mid", seed=2),  # Menuju WBK
        "C": make_bundle(d, "UNIT-C", "Satker C", level="low", seed=3),  # no predicate
        "N": make_bundle(d, "UNIT-N", "Satker N", level="top", seed=4, confirm=False),  # Tabel 5 open
        "T": make_bundle(d, "UNIT-T", "Satker T", level="top", seed=5, tpi=False),  # no TPI review
        "noid": make_bundle(d, None, "Satker Tanpa ID", seed=6),
        "A2": make_bundle(d, "UNIT-A", "Satker A Baru", level="top", seed=1, tag="-v2"),  # a newer bundle of A
    }


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


def copy_bundle(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst
