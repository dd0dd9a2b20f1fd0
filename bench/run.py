"""Every speed and memory target of issue 15 (and the hub's of issue 12) in one table.

    python bench/run.py [--quick] [--only NAME ...] [--out bench/out/results.json] [--markdown FILE]

Runs each benchmark script of this folder in its own process with `--json` and prints one table:
measurement, time, baseline (measured in the same run, by the same script, alternating with the
measurement), ratio, target, PASS/FAIL and peak memory. `--quick` passes `--quick` on (small sizes,
few runs: a smoke test that every line still measures, not figures to quote). `--markdown FILE`
also writes the table as Markdown (what `bench/RESULTS.md` records). Not a test: the exit status
is 0 when every script ran, whatever the ratios; 1 when a script failed.

The scripts, each runnable alone with the same `--json OUT` / `--quick` options:
  commands.py       headless commands (`score`, `status`, `answer`, `history`, `check`) vs `python -c "import sqlite3"`
  answer_change.py  one answer change to a repainted tree and dashboard, demo and a big workspace
  app_start.py      app start to a usable window vs a bare QMainWindow with a QTreeView
  attach.py         many files for many questions in one call vs copy + sha256 + fsync
  export.py         `export` vs a store-only zip with fsync; `verify` vs a hashlib pass; peak memory
  hub.py            the instansi hub: `hub add` of 150 bundles, `rekap`, serving 20 clients (p99)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, ROOT, machine

SCRIPTS = ("commands", "answer_change", "app_start", "attach", "export", "hub")
COLUMNS = ("measurement", "time", "baseline", "ratio", "target", "result", "peak MB")


def fmt_s(v: Any) -> str:
    if not isinstance(v, (int, float)):
        return "-"
    return f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s"


def cells(r: dict[str, Any]) -> list[str]:
    base = fmt_s(r.get("baseline_s"))
    if r.get("baseline"):
        base = f"{base} ({r['baseline']})" if base != "-" else str(r["baseline"])
    ratio = r.get("ratio")
    ok = r.get("pass")
    peak = r.get("peak_mb")
    name = str(r.get("measurement", "?"))
    if r.get("note_no"):
        name += f" ({r['note_no']})"
    return [
        name,
        fmt_s(r.get("value_s")),
        base,
        f"{ratio:.2f}x" if isinstance(ratio, (int, float)) else "-",
        str(r.get("target") or "-"),
        "PASS" if ok is True else "FAIL" if ok is False else "-",
        f"{peak:.0f}" if isinstance(peak, (int, float)) else "-",
    ]


def run_script(name: str, quick: bool, tmp: Path) -> tuple[list[dict[str, Any]], str | None, float]:
    script = BENCH / f"{name}.py"
    if not script.is_file():
        return [], f"{script.name} tidak ada", 0.0
    out = tmp / f"{name}.json"
    argv = [sys.executable, str(script), "--json", str(out)] + (["--quick"] if quick else [])
    t0 = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    took = time.perf_counter() - t0
    if proc.returncode != 0 or not out.is_file():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return [], f"exit {proc.returncode}: {' | '.join(tail)}", took
    try:
        rows = json.loads(out.read_text(encoding="utf-8"))
    except ValueError as exc:
        return [], f"--json tidak terbaca ({exc})", took
    return [dict(r, script=name) for r in rows], None, took


def number_notes(rows: list[dict[str, Any]]) -> list[str]:
    """Each row's note becomes a numbered line under the table (the table stays readable)."""
    notes: list[str] = []
    for r in rows:
        if r.get("note"):
            notes.append(str(r["note"]))
            r["note_no"] = len(notes)
    return [f"({i}) {n}" for i, n in enumerate(notes, 1)]


def table(rows: list[dict[str, Any]]) -> str:
    body = [cells(r) for r in rows]
    widths = [max(len(h), *(len(c[i]) for c in body)) if body else len(h) for i, h in enumerate(COLUMNS)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(COLUMNS, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in body]
    return "\n".join(lines)


def markdown(rows: list[dict[str, Any]], failed: dict[str, str]) -> str:
    out = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells(r)) + " |")
    for name, why in failed.items():
        out.append(f"| {name}.py did not run: {why} |" + " |" * (len(COLUMNS) - 1))
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes and few runs (smoke test)")
    ap.add_argument("--only", nargs="+", choices=SCRIPTS, help="only these scripts")
    ap.add_argument("--out", type=Path, default=BENCH / "out" / "results.json")
    ap.add_argument("--markdown", type=Path, help="also write the table as Markdown")
    args = ap.parse_args()
    m = machine()
    print(f"Mesin: {m['cpu']}, {m['cores']} inti, {m['ram_gb']} GB, Python {m['python']}, {m['os']}")
    rows: list[dict[str, Any]] = []
    failed: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="zi-bench-") as d:
        for name in args.only or SCRIPTS:
            print(f"... {name}.py", flush=True)
            got, err, took = run_script(name, args.quick, Path(d))
            if err:
                failed[name] = err
                print(f"    GAGAL: {err}")
            else:
                print(f"    {len(got)} baris, {took:.0f} s")
            rows += got
    print()
    notes = number_notes(rows)
    print(table(rows))
    print()
    print("\n".join(notes))
    for name, why in failed.items():
        print(f"{name}.py did not run: {why}")
    passed = sum(1 for r in rows if r.get("pass") is True)
    targeted = sum(1 for r in rows if r.get("pass") is not None)
    print(f"\n{passed} of {targeted} targets met; {len(failed)} script(s) failed")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": m, "quick": args.quick, "rows": rows, "failed": failed}, indent=1))
    if args.markdown:
        args.markdown.write_text(
            markdown(rows, failed) + "\n\n" + "\n".join(f"{n}  " for n in notes) + "\n", encoding="utf-8"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
