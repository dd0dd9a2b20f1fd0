"""`attach` says at once when a file is over the workspace's `max_file_mb` advice."""

from __future__ import annotations

from pathlib import Path

import pytest

from zi_desktop.cli.main import main


def test_attach_warns_about_a_file_over_max_file_mb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    assert main(["init", str(ws), "--unit", "Satker Uji"]) == 0
    assert main(["setelan", str(ws), "max_file_mb", "1"]) == 0
    big = tmp_path / "video rapat.mp4"
    big.write_bytes(b"\x00\x01" * (1024 * 1024))  # 2 MB
    small = tmp_path / "sk.pdf"
    small.write_bytes(b"%PDF-1.4 kecil")
    capsys.readouterr()
    assert main(["attach", str(ws), "7", str(big), str(small)]) == 0
    out = capsys.readouterr().out
    warnings = [line for line in out.splitlines() if line.startswith("Perhatian:")]
    assert len(warnings) == 1
    assert "video rapat.mp4" in warnings[0] and "2,00 MB" in warnings[0] and "max_file_mb" in warnings[0]
