"""The issue's export check: 120 MB of incompressible evidence, exported, against a plain store-only zip.

    python bench/export_120mb.py [--size-mb 120] [--files 60]

Goal: export time <= 1.5x Python's zipfile (ZIP_STORED) over the same files, peak memory <= 250 MB.
Each side runs in its own process (its peak memory is its own); median of --runs runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATA, MB, machine, make_evidence, run_child


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mb", type=float, default=120)
    ap.add_argument("--files", type=int, default=60)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    m = machine()
    print(f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}")
    files = [str(f) for f in make_evidence(args.size_mb, args.files)]
    work = DATA / "work-120"
    work.mkdir(parents=True, exist_ok=True)
    ws = work / "ws"
    att = run_child("attach", {"ws": str(ws), "files": files})
    if "error" in att:
        print(f"attach failed: {att['error']}")
        return 1
    base, exp, peaks = [], [], []
    for _ in range(args.runs):
        b = run_child("baseline_zip", {"files": files, "out": str(work / "plain.zip")})
        e = run_child("export", {"ws": str(ws), "out": str(work / "bundle.zip")})
        if "error" in b or "error" in e:
            print(f"failed: {b.get('error') or e.get('error')}")
            return 1
        base.append(b["seconds"])
        exp.append(e["seconds"])
        peaks.append(e["peak_mb"])
    b_s, e_s, peak = statistics.median(base), statistics.median(exp), max(peaks)
    ratio = e_s / b_s
    total = sum(Path(f).stat().st_size for f in files) / MB
    print(f"Evidence: {len(files)} files, {total:.0f} MB incompressible")
    print(f"plain ZIP_STORED zip : {b_s:.2f} s (median of {args.runs})")
    print(f"export_bundle        : {e_s:.2f} s (median of {args.runs})")
    ratio_ok = "PASS" if ratio <= 1.5 else "FAIL"
    peak_ok = "PASS" if peak <= 250 else "FAIL"
    print(f"ratio                : {ratio:.2f}x (goal <= 1.5x) {ratio_ok}")
    print(f"export peak memory   : {peak:.0f} MB (goal <= 250 MB) {peak_ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
