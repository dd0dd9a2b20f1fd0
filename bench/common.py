"""Shared by the benchmarks: generated evidence data, child processes that report time and peak memory.

Evidence is incompressible (`os.urandom`) so ZIP compression cannot flatter the export. It is written
once to `bench/data/` (gitignored) and reused across runs while the sizes still match.
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
MB = 1024 * 1024
KINDS = (
    ("SK_Tim_Zona_Integritas", ".pdf"),
    ("Foto_Sosialisasi", ".jpg"),
    ("Notulen_Rapat", ".pdf"),
    ("Laporan_Monev", ".docx"),
    ("Rekap_Survei", ".xlsx"),
    ("Dokumentasi_Kegiatan", ".png"),
)


def evidence_sizes(total_mb: float, count: int, *, lo_mb: float = 0.1, hi_mb: float = 5.0, seed: int = 6) -> list[int]:
    """`count` sizes between lo and hi MB adding up to about `total_mb` (the mean must fit the range)."""
    rng = random.Random(seed)
    total = int(total_mb * MB)
    lo, hi = int(lo_mb * MB), int(hi_mb * MB)
    if not lo * count <= total <= hi * count:
        raise SystemExit(f"{total_mb} MB in {count} files does not fit {lo_mb}-{hi_mb} MB per file")
    weights = [rng.random() for _ in range(count)]
    spare = total - lo * count
    sizes = [min(hi, lo + int(w / sum(weights) * spare)) for w in weights]
    short = total - sum(sizes)  # what clipping at hi lost, spread over files with room
    for i in range(count):
        if short <= 0:
            break
        add = min(short, hi - sizes[i])
        sizes[i] += add
        short -= add
    return sizes


def make_evidence(total_mb: float, count: int) -> list[Path]:
    """Incompressible evidence files under bench/data/, reused when present with the right sizes."""
    folder = DATA / f"evidence-{count}x-{total_mb:g}mb"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, size in enumerate(evidence_sizes(total_mb, count)):
        stem, ext = KINDS[i % len(KINDS)]
        path = folder / f"{i:03d}_{stem}_{i}{ext}"
        if not (path.is_file() and path.stat().st_size == size):
            with path.open("wb") as f:
                left = size
                while left:
                    n = min(left, 4 * MB)
                    f.write(os.urandom(n))
                    left -= n
        paths.append(path)
    return paths


def answer_for(soal: Any) -> Any:
    """A plausible answer for every kind of question."""
    if soal.kind == "choice":
        return soal.options[0].key
    if soal.kind == "count":
        return 40
    return 3.5


def process_env(*, bytecode: bool = True, offscreen: bool = False, **extra: str) -> dict[str, str]:
    """The environment of a measured process: this checkout first on the import path; with
    `bytecode`, `.pyc` files written and used, as an installed app runs (PYTHONDONTWRITEBYTECODE
    dropped); with `offscreen`, Qt without a display unless QT_QPA_PLATFORM says otherwise."""
    env = dict(os.environ)
    if offscreen:
        env["QT_QPA_PLATFORM"] = env.get("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env


def whole_process(argv: Sequence[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """(wall seconds, peak MB) of one whole process, its exit code one of `ok`, else the bench stops."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(list(argv), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if code not in ok:
        raise SystemExit(f"{' '.join(list(argv)[:4])}...: exit {code}: {err.strip()[-300:]}")
    return elapsed, usage.ru_maxrss / 1024


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM where there is /proc, else ru_maxrss)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(name: str, params: dict[str, Any], *, timeout: float = 3600) -> dict[str, Any]:
    """Run one measurement of bench/child.py in its own process; its last stdout line is JSON."""
    env = process_env(bytecode=False, offscreen=True)
    proc = subprocess.run(
        [sys.executable, str(BENCH / "child.py"), name, json.dumps(params)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        return {"error": " | ".join(tail) or f"exit {proc.returncode}"}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def timed_process(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Wall time of a whole process (for start-up measurements)."""
    if env is None:
        env = process_env(bytecode=False, offscreen=True)
    start = time.perf_counter()
    proc = subprocess.run(list(argv), capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{argv}: exit {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return elapsed


def machine() -> dict[str, Any]:
    mem_gb = None
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": mem_gb,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
    }
