"""Attaching many evidence files to many questions in one step, against a plain copy + sha256 + fsync
of the same files (issue 15: <= 1.2x).

    python bench/attach.py [--runs 5] [--files 127] [--size-mb 300] [--quick] [--json OUT]

Two measurements, each against its baseline timed in the same run, alternating (A B A B ...):
- the command line, whole process: `zi-desktop attach WS 1 f... --soal 2 f... ...` (one call for
  every file, spread over the questions) against a whole Python process that copies the same files
  in one pass (read a block, sha256 it, write it), fsyncing each file;
- the app's core call, in process: `Workspace.attach_many(plan, on_progress=...)` (what the app's
  background task runs) against the same copy loop in the same process.
Evidence is incompressible, of several suffixes (bench/common.py make_evidence). Every run starts
from a fresh copy of the same empty workspace (not timed). Prints a table; --json writes its rows.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import MB, ROOT, machine, make_evidence, peak_mb, process_env, whole_process

TARGET = 1.2

# The baseline: one pass per file (a 1 MiB block read, hashed, written), an fsync per file.
BASELINE = r"""
import hashlib, os, sys
dest = sys.argv[1]
for i, src in enumerate(sys.argv[2:]):
    digest = hashlib.sha256()
    with open(src, "rb") as fin, open(os.path.join(dest, f"{i}.bin"), "wb") as fout:
        while chunk := fin.read(1024 * 1024):
            digest.update(chunk)
            fout.write(chunk)
        fout.flush()
        os.fsync(fout.fileno())
    digest.hexdigest()
"""


def baseline_in_process(files: list[Path], dest: Path) -> None:
    import hashlib

    for i, src in enumerate(files):
        digest = hashlib.sha256()
        with open(src, "rb") as fin, open(dest / f"{i}.bin", "wb") as fout:
            while chunk := fin.read(1024 * 1024):
                digest.update(chunk)
                fout.write(chunk)
            fout.flush()
            os.fsync(fout.fileno())
        digest.hexdigest()


def row(name: str, xs: list[float], ys: list[float], base: str, peak: float | None, note: str) -> dict[str, Any]:
    ratio = statistics.median(xs) / statistics.median(ys)
    return {
        "measurement": name,
        "value_s": round(statistics.median(xs), 4),
        "baseline_s": round(statistics.median(ys), 4),
        "baseline": base,
        "ratio": round(ratio, 3),
        "target": f"<= {TARGET:g}x",
        "pass": ratio <= TARGET,
        "peak_mb": None if peak is None else round(peak, 1),
        "note": note
        + f"; min {min(xs):.3f}s vs {min(ys):.3f}s (min ratio {min(xs) / min(ys):.2f}x), {len(xs)} alternating runs",
    }


def app_task_runs(runs: int, plan: list[Any], files: list[Path], ws_dir: Path, dest: Path, fresh: Any) -> Any:
    """The app's own background task (ui.evidence.attach_plan), from the call until its `finished`
    signal, alternating with the baseline; ([], []) when PySide6 is not there."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtCore import QEventLoop
        from PySide6.QtWidgets import QApplication
    except ImportError:
        return [], []
    from ui.evidence import attach_plan
    from ui.session import Session
    from ui.tasks import TaskRunner
    from zi_desktop.workspace.store import open_workspace

    app = QApplication.instance() or QApplication([])
    xs, ys = [], []
    for _ in range(runs):
        fresh()
        ws = open_workspace(ws_dir)
        session = Session(ws)
        runner = TaskRunner()
        loop = QEventLoop()
        t0 = time.perf_counter()
        task = attach_plan(session, runner, plan)
        task.finished.connect(loop.quit)
        loop.exec()
        xs.append(time.perf_counter() - t0)
        if task.error is not None or len(ws.evidence()) != len(files):
            raise SystemExit(f"the app's task failed: {task.error}")
        session.close()
        runner.deleteLater()
        app.processEvents()
        fresh()
        t0 = time.perf_counter()
        baseline_in_process(files, dest)
        ys.append(time.perf_counter() - t0)
    return xs, ys


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--files", type=int, default=127)
    ap.add_argument("--size-mb", type=float, default=300)
    ap.add_argument("--soal", type=int, default=40, help="questions the files are spread over")
    ap.add_argument("--quick", action="store_true", help="12 files, 20 MB, 3 runs (a smoke test)")
    ap.add_argument("--json", metavar="OUT", help="write the rows as JSON")
    args = ap.parse_args()
    if args.quick:
        args.files, args.size_mb, args.runs = 12, 20, 3
    m = machine()
    print(f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}")
    files = make_evidence(args.size_mb, args.files)
    total_mb = sum(f.stat().st_size for f in files) / MB
    suffixes = sorted({f.suffix for f in files})
    print(f"Evidence: {len(files)} files, {total_mb:.0f} MB, suffixes {' '.join(suffixes)}")
    e = process_env()
    sys.path.insert(0, str(ROOT))
    from zi_desktop.workspace.store import create_workspace, open_workspace

    tmp = Path(tempfile.mkdtemp(prefix="zi-bench-attach-", dir=ROOT / "bench" / "data"))
    try:
        template = tmp / "template"
        with create_workspace(template, unit_name="Satker Benchmark") as ws:
            soal = [s.soal_id for s in ws.catalog.soal_in_order()][: max(1, args.soal)]
        plan = [(soal[i % len(soal)], f) for i, f in enumerate(files)]
        groups: dict[int, list[str]] = {}
        for sid, f in plan:
            groups.setdefault(sid, []).append(str(f))
        ws_dir, dest = tmp / "ws", tmp / "copy"

        def fresh() -> None:
            shutil.rmtree(ws_dir, ignore_errors=True)
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(template, ws_dir)
            dest.mkdir()
            os.sync()  # each side starts with nothing of the other's left to write

        def cli_argv() -> list[str]:
            argv = [sys.executable, "-m", "zi_desktop", "attach", str(ws_dir)]
            for i, (sid, paths) in enumerate(groups.items()):
                argv += ([str(sid)] if i == 0 else ["--soal", str(sid)]) + paths
            return argv

        base_argv = [sys.executable, "-c", BASELINE, str(dest), *[str(f) for f in files]]
        # warm-up: bytecode, page cache of the evidence
        fresh()
        whole_process(cli_argv(), e)
        with open_workspace(ws_dir, read_only=True) as ws:
            if len(ws.evidence()) != len(files):
                raise SystemExit("the command line did not attach every file")
        fresh()
        whole_process(base_argv, e)
        cli_x, cli_y, cli_peak = [], [], 0.0
        for _ in range(args.runs):
            fresh()
            t, pk = whole_process(cli_argv(), e)
            cli_x.append(t)
            cli_peak = max(cli_peak, pk)
            fresh()
            cli_y.append(whole_process(base_argv, e)[0])
        app_x, app_y = [], []
        moved: list[int] = []

        def progress(done: int, _total: int) -> None:  # the app's task emits a signal here
            moved.append(done)

        for _ in range(args.runs):
            fresh()
            with open_workspace(ws_dir) as ws:
                t0 = time.perf_counter()
                ws.attach_many(plan, on_progress=progress)
                app_x.append(time.perf_counter() - t0)
            fresh()
            t0 = time.perf_counter()
            baseline_in_process(files, dest)
            app_y.append(time.perf_counter() - t0)
        core_peak = peak_mb()  # before the app's task loads Qt
        task_x, task_y = app_task_runs(args.runs, plan, files, ws_dir, dest, fresh)
        what = f"{len(files)} files, {total_mb:.0f} MB, {len(groups)} soal"
        rows = [
            row(
                f"attach CLI, one call ({what}), whole process",
                cli_x,
                cli_y,
                "python process: copy + sha256 (one pass) + fsync per file",
                cli_peak,
                "zi-desktop attach WS S f... --soal S f...",
            ),
            row(
                f"attach_many, the app's core call ({what}), in process",
                app_x,
                app_y,
                "same copy + sha256 + fsync loop, in the same process",
                core_peak,
                "Workspace.attach_many with a progress callback, as the app's background task calls it",
            ),
        ]
        if task_x:
            rows.append(
                row(
                    f"the app's attach task end to end ({what}), in process",
                    task_x,
                    task_y,
                    "same copy + sha256 + fsync loop, in the same process",
                    peak_mb(),  # this process with Qt loaded
                    "ui.evidence.attach_plan on a Session + TaskRunner (offscreen): worker thread, progress "
                    "signals, undo step, evidence refresh, until the task's finished signal",
                )
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{'measurement':<72}{'time':>9}{'baseline':>10}{'ratio':>8}  target   result  peak MB")
    for r in rows:
        ok = "PASS" if r["pass"] else "FAIL"
        peak = "" if r["peak_mb"] is None else f"{r['peak_mb']:.0f}"
        print(
            f"{r['measurement']:<72}{r['value_s']:>8.3f}s{r['baseline_s']:>9.3f}s{r['ratio']:>7.2f}x  "
            f"{r['target']:<8} {ok:<6} {peak:>6}"
        )
        print(f"    {r['note']}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
