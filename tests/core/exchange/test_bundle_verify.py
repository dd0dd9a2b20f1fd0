"""verify_bundle on several threads (bundles over SERIAL_BYTES): every damaged member is named, in
the manifest's order, as on one thread; a cancel stops every worker; progress only grows; and the
`verify` command starts without the export's code (no openpyxl, workbook, scoring, dataclasses or
concurrent.futures)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from zi_desktop.errors import Cancelled
from zi_desktop.exchange import bundle_verify
from zi_desktop.exchange.bundle import export_bundle
from zi_desktop.exchange.bundle_verify import verify_bundle
from zi_desktop.workspace.store import create_workspace

ROOT = Path(__file__).resolve().parents[3]
MB = 1024 * 1024


@pytest.fixture(scope="module")
def big_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six incompressible 3 MB files (18 MB: several batches, over SERIAL_BYTES)."""
    tmp = tmp_path_factory.mktemp("besar")
    src = tmp / "src"
    src.mkdir()
    with create_workspace(tmp / "ws", unit_name="Satker Uji", unit_id="u1") as ws:
        for i in range(6):
            f = src / f"pindaian {i}.pdf"
            f.write_bytes(os.urandom(3 * MB))
            ws.attach_files(i + 1, [f])
        out = tmp / "paket.zip"
        export_bundle(ws, out)
    assert out.stat().st_size > bundle_verify.SERIAL_BYTES
    return out


def _flip(src: Path, dst: Path, victims: set[str]) -> None:
    """A copy of the bundle with one byte changed in the middle of each victim's data."""
    raw = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as zf:
        for name in victims:
            info = zf.getinfo(name)
            name_len, extra_len = (
                int.from_bytes(raw[info.header_offset + 26 : info.header_offset + 28], "little"),
                (int.from_bytes(raw[info.header_offset + 28 : info.header_offset + 30], "little")),
            )
            start = info.header_offset + 30 + name_len + extra_len
            raw[start + info.compress_size // 2] ^= 0x40
    dst.write_bytes(bytes(raw))


def test_threads_name_every_damaged_member_in_order(big_bundle: Path, tmp_path: Path) -> None:
    report = verify_bundle(big_bundle)
    assert report.ok and report.checked == 6 + 3
    with zipfile.ZipFile(big_bundle) as zf:
        evidence = [n for n in zf.namelist() if n.startswith("bukti/")]
    victims = {evidence[0], evidence[5]}  # the first and the last batch
    bad = tmp_path / "rusak.zip"
    _flip(big_bundle, bad, victims)
    report = verify_bundle(bad)
    named = [p.split(": ")[0] for p in report.problems]
    assert set(named) == victims and report.checked == 9
    manifest_order = [f["path"] for f in report.manifest["files"]]
    assert named == sorted(named, key=manifest_order.index)


def test_threads_report_growing_progress_and_stop_on_cancel(big_bundle: Path) -> None:
    threads = threading.active_count()
    seen: list[int] = []
    assert verify_bundle(big_bundle, on_progress=lambda d, _t: seen.append(d)).ok
    assert seen == sorted(seen) and seen[-1] >= 18 * MB
    cancel = threading.Event()
    after: list[int] = []

    def stop(done: int, total: int) -> None:
        after.append(done)
        if done >= 4 * MB:
            cancel.set()

    with pytest.raises(Cancelled):
        verify_bundle(big_bundle, on_progress=stop, cancel=cancel)
    assert max(after) < 18 * MB  # the workers stopped before the end
    assert threading.active_count() == threads, "no worker thread is left running"


def test_verify_starts_without_the_exports_code(big_bundle: Path) -> None:
    code = f"""
import sys
from zi_desktop.cli.main import main
assert main(["verify", {str(big_bundle)!r}]) == 0
heavy = ("openpyxl", "zi_desktop.exchange.xlsx", "zi_desktop.lke.scoring", "dataclasses", "concurrent.futures")
print(sorted(m for m in sys.modules if m.startswith(heavy) or m == "zi_desktop.exchange.bundle"))
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr
