"""Headless commands as a user waits for them: each whole process against a bare
`python -c "import sqlite3"` process, alternating runs, min and median (issue 15: <= 2x).

    python bench/commands.py [--runs 7]

The workspace is the demo (127 questions, a few evidence items, its change log); `check` runs on a
copy without evidence files so that it measures the command, not hashing. Prints a table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT

TARGET = 2.0


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(ROOT), e.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    e.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app runs from bytecode
    return e


def wall(argv: list[str], e: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t0


def paired(a: list[str], b: list[str], runs: int, e: dict[str, str]) -> tuple[list[float], list[float]]:
    wall(a, e), wall(b, e)  # warm-up: bytecode, page cache
    xs, ys = [], []
    for _ in range(runs):
        xs.append(wall(a, e))
        ys.append(wall(b, e))
    return xs, ys


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    e = env()
    tmp = Path(tempfile.mkdtemp(prefix="zi-bench-cmd-"))
    try:
        ws = tmp / "ws"
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from zi_desktop.workspace.demo import create_demo_workspace as c; c(sys.argv[1])",
                str(ws),
            ],
            cwd=ROOT,
            env=e,
            check=True,
        )
        bare = [sys.executable, "-c", "import sqlite3"]
        z = [sys.executable, "-m", "zi_desktop"]
        commands = {
            "score": [*z, "score", str(ws)],
            "score --json": [*z, "score", str(ws), "--json"],
            "status": [*z, "status", str(ws)],
            "answer": [*z, "answer", str(ws), "1", "Ya"],
            "history": [*z, "history", str(ws), "1"],
            "check": [*z, "check", str(ws)],
            "catalog show 1": [*z, "catalog", "show", "1"],
        }
        print(f"{'command':<18}{'median':>9}{'min':>9}{'bare med':>10}{'ratio med':>11}{'ratio min':>11}  target")
        worst = 0.0
        for name, argv in commands.items():
            xs, ys = paired(argv, bare, args.runs, e)
            rm, rn = statistics.median(xs) / statistics.median(ys), min(xs) / min(ys)
            worst = max(worst, rm)
            ok = "PASS" if rm <= TARGET else "FAIL"
            print(
                f"{name:<18}{statistics.median(xs) * 1000:>7.0f}ms{min(xs) * 1000:>7.0f}ms"
                f"{statistics.median(ys) * 1000:>8.0f}ms{rm:>10.2f}x{rn:>10.2f}x  <= {TARGET:g}x {ok}"
            )
        print(f"worst median ratio {worst:.2f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
