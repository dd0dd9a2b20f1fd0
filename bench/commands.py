"""Headless commands as a user waits for them: each whole process against a bare
`python -c "import sqlite3"` process, alternating runs, min and median (issue 15: <= 2x).

    python bench/commands.py [--runs 7] [--quick] [--json OUT]

The workspace is the demo (127 questions, its change log, links, notes and three small evidence
files). `check` runs on a copy whose evidence files are detached and collected (links and notes
stay), so that it measures the command, not hashing; `check (3 files)` runs on the demo as it is.
`answer` writes the same answer each run (a real write transaction, backups included). Bytecode is
allowed (PYTHONDONTWRITEBYTECODE is dropped), as in an installed app, and warmed up first.

Each row: the median wall time of the command's process, the median of the bare process timed
between its runs, their ratio (the target), the ratio of the minima in the note, and the command's
peak resident memory (from the kernel's accounting of the child).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, process_env, whole_process

TARGET = 2.0

# the copy without evidence files: every file item detached, the blobs collected
STRIP_FILES = """
import sys
from zi_desktop.workspace.store import open_workspace
with open_workspace(sys.argv[1]) as ws:
    for item in ws.evidence():
        if item.kind == "file":
            ws.detach(item.soal_id, item.id)
    ws.gc()
    left = [i for i in ws.evidence() if i.kind == "file"]
    assert not left, left
"""


def run(argv: list[str], e: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak MB) of one whole process; exit 3 is `check` having found something to
    report, still a full run; any other failure stops the bench."""
    return whole_process(argv, e, ok=(0, 3))


def paired(a: list[str], b: list[str], runs: int, e: dict[str, str]) -> tuple[list[float], list[float], float]:
    run(a, e), run(b, e)  # warm-up: bytecode, page cache
    xs, ys, peak = [], [], 0.0
    for _ in range(runs):
        t, mb = run(a, e)
        xs.append(t)
        peak = max(peak, mb)
        ys.append(run(b, e)[0])
    return xs, ys, peak


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--runs", type=int, default=None, help="runs of each process (default 7, --quick 3)")
    ap.add_argument("--quick", action="store_true", help="few runs (a smoke test)")
    ap.add_argument("--json", metavar="OUT", help="also write the rows as JSON")
    args = ap.parse_args()
    runs = args.runs or (3 if args.quick else 7)
    e = process_env()
    tmp = Path(tempfile.mkdtemp(prefix="zi-bench-cmd-"))
    rows: list[dict[str, Any]] = []
    try:
        ws, bare_ws = tmp / "ws", tmp / "ws-tanpa-berkas"
        make = "import sys; from zi_desktop.workspace.demo import create_demo_workspace as c; c(sys.argv[1])"
        subprocess.run([sys.executable, "-c", make, str(ws)], cwd=ROOT, env=e, check=True)
        shutil.copytree(ws, bare_ws)
        subprocess.run([sys.executable, "-c", STRIP_FILES, str(bare_ws)], cwd=ROOT, env=e, check=True)
        bare = [sys.executable, "-c", "import sqlite3"]
        z = [sys.executable, "-m", "zi_desktop"]
        commands = {
            "score": [*z, "score", str(ws)],
            "score --json": [*z, "score", str(ws), "--json"],
            "status": [*z, "status", str(ws)],
            "answer": [*z, "answer", str(ws), "1", "Ya"],
            "history": [*z, "history", str(ws), "1"],
            "check": [*z, "check", str(bare_ws)],
            "check (3 files)": [*z, "check", str(ws)],
            "catalog show 1": [*z, "catalog", "show", "1"],
        }
        head = f"{'measurement':<26}{'time':>9}{'baseline':>10}{'ratio':>8}  {'target':<8}{'':<6}{'peak MB':>8}  note"
        print(head)
        print("-" * len(head))
        for name, argv in commands.items():
            xs, ys, peak = paired(argv, bare, runs, e)
            med, base = statistics.median(xs), statistics.median(ys)
            ratio, ratio_min = med / base, min(xs) / min(ys)
            ok = ratio <= TARGET
            note = f"medians of {runs}; min {min(xs) * 1000:.0f} ms vs {min(ys) * 1000:.0f} ms = {ratio_min:.2f}x"
            row = {
                "measurement": f"command {name}, whole process",
                "value_s": med,
                "baseline_s": base,
                "baseline": 'python -c "import sqlite3", whole process',
                "ratio": ratio,
                "target": f"<= {TARGET:g}x",
                "pass": ok,
                "peak_mb": round(peak, 1),
                "note": note,
            }
            rows.append(row)
            print(
                f"{'command ' + name:<26}{med * 1000:>7.0f}ms{base * 1000:>8.0f}ms{ratio:>7.2f}x  "
                f"<= {TARGET:g}x  {'PASS' if ok else 'FAIL':<6}{peak:>8.1f}  {note}"
            )
        worst = max(r["ratio"] for r in rows)
        print(f"worst median ratio {worst:.2f}x (target <= {TARGET:g}x)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
