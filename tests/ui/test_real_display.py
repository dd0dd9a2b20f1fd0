"""The app starts under a real X display (Xvfb, Qt's xcb platform plugin), not only offscreen: the
system libraries that plugin needs are the ones .ci/run and the README install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not shutil.which("xvfb-run"), reason="xvfb-run is not installed (.ci/run installs it)")
def test_the_app_starts_under_xvfb_and_takes_a_screenshot(tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    shot = tmp_path / "xvfb.png"
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "xcb"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["ZI_DESKTOP_HOME"] = str(tmp_path / "home")
    proc = subprocess.run(
        [
            "xvfb-run",
            "-a",
            "-s",
            "-screen 0 1366x768x24",
            sys.executable,
            "-m",
            "zi_desktop",
            "gui",
            "--screenshot",
            str(shot),
            "--size",
            "1366x768",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Could not load the Qt platform plugin" not in proc.stderr
    img = QImage(str(shot))
    assert (img.width(), img.height()) == (1366, 768)
    # a real window was drawn: many distinct colours, not a blank surface
    colours = {img.pixel(x, y) for x in range(0, 1366, 37) for y in range(0, 768, 23)}
    assert len(colours) > 20
