"""Bundles made once per test session (real workspaces, exported), and a hub built from them."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

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


def copy_bundle(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst
