"""Export and verify as a user waits for them: whole processes against whole-process baselines (issue 15).

    python bench/export.py [--runs 5] [--runs-1gb 3] [--sizes 20,120,1024] [--json OUT] [--quick]

For each evidence size (incompressible, bench/common.make_evidence, with several suffixes: .pdf .jpg
.docx .xlsx .png and, as hard links to the same bytes, .bin, .txt and no suffix), attached to a
workspace:

- `python -m zi_desktop export WS --out B.zip` against a process that writes a store-only zip of
  the same files with Python's zipfile and fsyncs it (target: <= 1.2x at 120 MB and 1 GB, <= 2x at
  20 MB, where start-up weighs most);
- `python -m zi_desktop verify B.zip` against a process that reads the same members of that bundle
  and passes them through hashlib.sha256 (stored members read raw, as verify does; target <= 1.2x).

Runs alternate (A B A B ...) after one warm-up pair; min and median of --runs (1 GB: --runs-1gb,
3 by default: each run writes a gigabyte). Peak MB is the process's maximum resident set (wait4),
target under 100 MB. The bundle and the baseline zip are deleted before each run (outside the
timing), so neither pays for replacing an old file. PYTHONDONTWRITEBYTECODE is dropped: an installed
app runs from bytecode.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DATA, MB, ROOT, machine, make_evidence, run_child

PEAK_LIMIT_MB = 100.0
FILES_PER_MB = 0.5  # 20 MB: 10 files, 120 MB: 60, 1 GB: 512 (mean 2 MB, as scans and photos are)
EXTRA_SUFFIXES = (".bin", ".txt", "")  # every 4th file also gets one of these names (hard link)

ZIP_BASELINE = """
import os, sys, zipfile
out, listing = sys.argv[1], sys.argv[2]
files = open(listing, encoding="utf-8").read().splitlines()
with open(out, "wb") as raw:
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
        for f in files:
            zf.write(f, arcname="bukti/" + os.path.basename(f))
    raw.flush()
    os.fsync(raw.fileno())
"""

SHA_BASELINE = """
import hashlib, struct, sys, zipfile
path = sys.argv[1]
with zipfile.ZipFile(path) as zf, open(path, "rb") as raw:
    for info in zf.infolist():
        h = hashlib.sha256()
        if info.compress_type == zipfile.ZIP_STORED:
            raw.seek(info.header_offset + 26)
            name_len, extra_len = struct.unpack("<HH", raw.read(4))
            raw.seek(info.header_offset + 30 + name_len + extra_len)
            left = info.compress_size
            while left:
                chunk = raw.read(min(left, 1 << 20))
                h.update(chunk)
                left -= len(chunk)
        else:
            with zf.open(info) as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
        h.hexdigest()
"""


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(ROOT), e.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    return e


def run(argv: list[str], e: dict[str, str], ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        raise SystemExit(f"{argv[:4]}: exit {proc.returncode}: {err.decode(errors='replace').strip()[-400:]}")
    return seconds, usage.ru_maxrss / 1024


def evidence(size_mb: float, work: Path) -> list[Path]:
    """make_evidence's files, every 4th also named .bin, .txt or without suffix (hard links)."""
    files = make_evidence(size_mb, max(4, round(size_mb * FILES_PER_MB)))
    named = work / "named"
    shutil.rmtree(named, ignore_errors=True)
    named.mkdir(parents=True)
    out = []
    for i, f in enumerate(files):
        suffix = EXTRA_SUFFIXES[(i // 4) % len(EXTRA_SUFFIXES)] if i % 4 == 3 else f.suffix
        target = named / (f.stem + suffix)
        try:
            os.link(f, target)
        except OSError:
            shutil.copyfile(f, target)
        out.append(target)
    return out


def workspace(files: list[Path], work: Path, e: dict[str, str]) -> Path:
    ws = work / "ws"
    got = run_child("attach", {"ws": str(ws), "files": [str(f) for f in files]})
    if "error" in got:
        raise SystemExit(f"attach failed: {got['error']}")
    run([sys.executable, "-m", "zi_desktop", "setelan", str(ws), "unit_id", "U-BENCH"], e)
    return ws


def paired(a: list[str], b: list[str], before: Any, runs: int, e: dict[str, str]) -> dict[str, list[float]]:
    """Alternating runs of a and b after one warm-up pair; `before()` runs (untimed) before each."""
    out: dict[str, list[float]] = {"a": [], "b": [], "a_peak": [], "b_peak": []}
    for i in range(runs + 1):
        for key, argv in (("a", a), ("b", b)):
            before()
            seconds, peak = run(argv, e)
            if i:
                out[key].append(seconds)
                out[key + "_peak"].append(peak)
    return out


def row(measurement: str, got: dict[str, list[float]], baseline: str, target: float, note: str) -> dict[str, Any]:
    value, base = statistics.median(got["a"]), statistics.median(got["b"])
    ratio = value / base
    peak = max(got["a_peak"])
    return {
        "measurement": measurement,
        "value_s": value,
        "baseline_s": base,
        "baseline": baseline,
        "ratio": ratio,
        "target": f"<= {target:g}x",
        "pass": ratio <= target and peak < PEAK_LIMIT_MB,
        "peak_mb": peak,
        "note": (
            f"median of {len(got['a'])}, min {min(got['a']):.3f}/{min(got['b']):.3f} s = "
            f"{min(got['a']) / min(got['b']):.2f}x, peak < {PEAK_LIMIT_MB:g} MB" + (f", {note}" if note else "")
        ),
    }


def print_row(r: dict[str, Any]) -> None:
    print(
        f"{r['measurement']:<28} {r['value_s']:>8.3f} s {r['baseline_s']:>8.3f} s {r['ratio']:>6.2f}x "
        f"{r['target']:>8} {'PASS' if r['pass'] else 'FAIL':>5} {r['peak_mb']:>6.0f} MB  {r['note']}",
        flush=True,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--runs-1gb", type=int, default=3, help="runs at sizes of 1 GB and more")
    ap.add_argument("--sizes", default="20,120,1024", help="evidence sizes in MB, comma-separated")
    ap.add_argument("--json", metavar="OUT", help="write the rows as JSON")
    ap.add_argument("--quick", action="store_true", help="smoke test: 4 and 20 MB, 2 runs")
    args = ap.parse_args()
    sizes = [4.0, 20.0] if args.quick else [float(x) for x in args.sizes.split(",")]
    runs = 2 if args.quick else args.runs
    e = env()
    m = machine()
    print(f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Python {m['python']}")
    print(f"{'measurement':<28} {'time':>10} {'baseline':>10} {'ratio':>7} {'target':>8} {'':>5} {'peak':>9}")
    rows: list[dict[str, Any]] = []
    tmp = Path(tempfile.mkdtemp(prefix="zi-bench-export-", dir=DATA if DATA.is_dir() else None))
    try:
        for size in sizes:
            work = tmp / f"{size:g}mb"
            work.mkdir(parents=True)
            files = evidence(size, work)
            total = sum(f.stat().st_size for f in files) / MB
            ws = workspace(files, work, e)
            listing = work / "files.txt"
            listing.write_text("\n".join(str(f) for f in files), encoding="utf-8")
            bundle, plain = work / "paket.zip", work / "plain.zip"
            n = args.runs_1gb if size >= 1000 and not args.quick else runs
            label = f"{total:.0f} MB" if total < 1000 else f"{total / 1024:.1f} GB"
            target = 2.0 if size <= 20 else 1.2

            def clean(bundle: Path = bundle, plain: Path = plain) -> None:
                bundle.unlink(missing_ok=True)
                plain.unlink(missing_ok=True)

            got = paired(
                [sys.executable, "-m", "zi_desktop", "export", str(ws), "--out", str(bundle)],
                [sys.executable, "-c", ZIP_BASELINE, str(plain), str(listing)],
                clean,
                n,
                e,
            )
            rows.append(
                row(
                    f"export {label} ({len(files)} files)",
                    got,
                    "whole-process store-only zipfile + fsync of the same files",
                    target,
                    "" if n >= 5 else f"{n} runs: each writes {label}",
                )
            )
            print_row(rows[-1])
            run([sys.executable, "-m", "zi_desktop", "export", str(ws), "--out", str(bundle)], e)
            got = paired(
                [sys.executable, "-m", "zi_desktop", "verify", str(bundle)],
                [sys.executable, "-c", SHA_BASELINE, str(bundle)],
                lambda: None,
                max(n, 5),
                e,
            )
            rows.append(
                row(
                    f"verify {label} ({len(files) + 4} members)",
                    got,
                    "whole-process hashlib.sha256 over the same members",
                    1.2,
                    "",
                )
            )
            print_row(rows[-1])
            shutil.rmtree(work, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
