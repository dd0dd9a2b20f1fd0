"""One measurement in its own process: `python bench/child.py NAME '{json params}'`.

Prints one JSON line: {"seconds": ..., "peak_mb": ..., ...}. Peak memory is this process's high-water
resident set (VmHWM), so each figure is the measurement's own.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import answer_for, peak_mb

CHUNK = 1024 * 1024


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# -- attach and its baseline ----------------------------------------------------------------------


def attach(p: dict[str, Any]) -> dict[str, Any]:
    from zi_desktop.workspace.store import create_workspace

    ws_path = Path(p["ws"])
    shutil.rmtree(ws_path, ignore_errors=True)
    files = [Path(f) for f in p["files"]]
    with create_workspace(ws_path, unit_name="Satker Benchmark") as ws:
        soal = ws.catalog.soal_in_order()
        for s in soal:
            ws.set_answer(s.soal_id, answer_for(s))
        groups: dict[int, list[Path]] = {}
        for i, f in enumerate(files):
            groups.setdefault(soal[i % len(soal)].soal_id, []).append(f)

        def run() -> None:
            for sid, paths in groups.items():
                ws.attach_files(sid, paths)

        seconds = timed(run)
        count = len(ws.evidence())
    return {"seconds": seconds, "peak_mb": peak_mb(), "items": count}


def baseline_copy(p: dict[str, Any]) -> dict[str, Any]:
    """A plain copy with sha256 computed on the way and an fsync per file (the store's durability)."""
    dest = Path(p["dest"])
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)

    def run() -> None:
        for src in p["files"]:
            digest = hashlib.sha256()
            with open(src, "rb") as fin, open(dest / Path(src).name, "wb") as fout:
                while chunk := fin.read(CHUNK):
                    digest.update(chunk)
                    fout.write(chunk)
                fout.flush()
                os.fsync(fout.fileno())

    seconds = timed(run)
    shutil.rmtree(dest, ignore_errors=True)
    return {"seconds": seconds, "peak_mb": peak_mb()}


# -- score and open ----------------------------------------------------------------------------------


def score_open(p: dict[str, Any]) -> dict[str, Any]:
    from zi_desktop.workspace.store import open_workspace

    runs = int(p.get("runs", 20))
    with open_workspace(p["ws"], read_only=True) as ws:  # warm-up: imports, catalog, page cache
        ws.score()
    opens, scores = [], []
    for _ in range(runs):
        start = time.perf_counter()
        ws = open_workspace(p["ws"], read_only=True)
        opens.append(time.perf_counter() - start)
        try:
            ws.score()  # warm this connection
            start = time.perf_counter()
            ws.score()
            scores.append(time.perf_counter() - start)
        finally:
            ws.close()
    return {
        "open_ms": statistics.median(opens) * 1000,
        "score_ms": statistics.median(scores) * 1000,
        "peak_mb": peak_mb(),
        "runs": runs,
    }


# -- import a filled workbook -------------------------------------------------------------------------


def import_xlsx(p: dict[str, Any]) -> dict[str, Any]:
    import contextlib
    import io

    from zi_desktop.cli.main import main
    from zi_desktop.workspace.store import create_workspace, open_workspace

    try:
        from zi_desktop.exchange.xlsx_io import write_workbook
    except ImportError:
        from zi_desktop.exchange.xlsx_export import write_workbook

    xlsx = Path(p["xlsx"])
    with open_workspace(p["ws"], read_only=True) as ws:
        write_workbook(ws, xlsx)
    dest = Path(p["dest"])
    shutil.rmtree(dest, ignore_errors=True)
    create_workspace(dest, unit_name="Satker Impor").close()
    out, err = io.StringIO(), io.StringIO()
    code = 0

    def run() -> None:
        nonlocal code
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["import", str(dest), str(xlsx)])

    seconds = timed(run)
    if code != 0:
        raise SystemExit(f"import exit {code}: {err.getvalue().strip()[-300:]}")
    with open_workspace(dest, read_only=True) as ws:
        answered = len(ws.answers())
    return {"seconds": seconds, "peak_mb": peak_mb(), "answered": answered}


MEASURES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "attach": attach,
    "baseline_copy": baseline_copy,
    "score_open": score_open,
    "import_xlsx": import_xlsx,
}

if __name__ == "__main__":
    result = MEASURES[sys.argv[1]](json.loads(sys.argv[2]))
    print(json.dumps(result))
