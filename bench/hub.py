"""The instansi hub at the size of the issue: 150 satker bundles (127 answers, a few evidence files each).

    python bench/hub.py [--units 150] [--clients 20] [--requests 40] [--json OUT] [--quick]

Measures whole processes, as the coordinator waits for them: `hub add` of every bundle (against a
baseline in the same run: one sha256 pass over the same bytes), `hub rekap` (text, JSON, workbook),
`hub usulkan` of every eligible unit, and `hub serve` under `--clients` concurrent clients that fetch
the two lists and proposed units' answers as PortalRB does (latency p50/p99 against the same server
answering a 404, the stack's own floor). Peak memory of each process (ru_maxrss / VmHWM).
Bundles are generated once into bench/data/hub-<units>/ and reused.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "core" / "hub"))

WRAP = (
    "import resource, sys, time\n"
    "t = time.perf_counter()\n"
    "from zi_desktop.cli.main import main\n"
    "rc = main(sys.argv[1:])\n"
    "sys.stderr.write('BENCH %f %d\\n' % (time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
    "raise SystemExit(rc)\n"
)


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = os.pathsep.join([str(ROOT), e.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return e


def cli(*args: Any, ok: tuple[int, ...] = (0,)) -> tuple[float, float, str]:
    """(wall seconds of the whole process, peak MB, stdout) of one `zi-desktop` command."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", WRAP, *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=env()
    )
    wall = time.perf_counter() - start
    if proc.returncode not in ok:
        raise SystemExit(f"{args[:2]}: exit {proc.returncode}: {proc.stderr[-500:]}")
    line = next(ln for ln in proc.stderr.splitlines() if ln.startswith("BENCH "))
    return wall, int(line.split()[2]) / 1024, proc.stdout


def make_bundles(folder: Path, units: int) -> list[Path]:
    from bundles import make_bundle

    done = sorted(folder.glob("*.zip"))
    if len(done) == units:
        return done
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    work = folder / "work"
    rng = random.Random(12)
    out = []
    for i in range(units):
        level = rng.choices(["top", "mid", "low"], weights=[3, 5, 2])[0]
        b = make_bundle(
            work,
            f"SATKER-{i + 1:03d}",
            f"Satker {i + 1:03d}",
            level=level,
            seed=i,
            files=rng.randint(2, 5),
            file_size=rng.randint(50_000, 400_000),
        )
        out.append(b.rename(folder / b.name))
        if (i + 1) % 25 == 0:
            print(f"  {i + 1} paket dibuat", flush=True)
    shutil.rmtree(work)
    return sorted(out)


def sha_pass(paths: list[Path]) -> float:
    start = time.perf_counter()
    for p in paths:
        h = hashlib.sha256()
        with p.open("rb") as f:
            while chunk := f.read(1024 * 1024):
                h.update(chunk)
    return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_bench(hub: Path, clients: int, requests: int, proposed: list[str]) -> dict[str, Any]:
    import httpx

    token = secrets.token_urlsafe(32)
    tok = hub.parent / "token.txt"
    tok.write_text(token + "\n")
    tok.chmod(0o600)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "zi_desktop", "hub", "serve", str(hub), "--port", str(port)]
        + ["--token-file", str(tok), "--rate-limit", "1000000"],
        cwd=ROOT,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/openapi.json", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        auth = {"Authorization": f"Bearer {token}"}

        def run(paths: list[str]) -> tuple[list[float], list[int]]:
            lat: list[float] = []
            codes: list[int] = []
            lock = threading.Lock()

            def worker(k: int) -> None:
                # http.client with keep-alive: the lightest client, so the figures are the server's
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                try:
                    for j in range(requests):
                        path = paths[(k * requests + j) % len(paths)]
                        t = time.perf_counter()
                        conn.request("GET", path, headers=auth)
                        r = conn.getresponse()
                        r.read()
                        dt = time.perf_counter() - t
                        with lock:
                            lat.append(dt)
                            codes.append(r.status)
                finally:
                    conn.close()

            threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            return lat, codes

        real = ["/pengusulan/unit-wbk", "/pengusulan/unit-wbbm"] + [f"/lke/jawaban-unit/{u}" for u in proposed]
        run(real[:5])  # warm up
        t0 = time.perf_counter()
        lat, codes = run(real)
        wall = time.perf_counter() - t0
        base_lat, _ = run(["/tidak-ada"])
        peak = 0
        for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) // 1024
    finally:
        proc.terminate()
        proc.wait(timeout=20)

    def q(xs: list[float], p: float) -> float:
        xs = sorted(xs)
        return xs[min(len(xs) - 1, int(p * len(xs)))] * 1000

    return {
        "requests": len(lat),
        "ok": sum(1 for c in codes if c == 200),
        "p50_ms": q(lat, 0.50),
        "p99_ms": q(lat, 0.99),
        "base_p50_ms": q(base_lat, 0.50),
        "base_p99_ms": q(base_lat, 0.99),
        "rps": len(lat) / wall,
        "peak_mb": peak,
        "mean_ms": statistics.mean(lat) * 1000,
    }


P99_TARGET_MS = 50.0


def rows_of(res: dict[str, Any], clients: int) -> list[dict[str, Any]]:
    """bench/run.py's rows: add against a sha256 pass (no target in the issue), serving against 50 ms."""
    s = res["serve"]
    n = res["units"]

    def row(name: str, value: float, **kw: Any) -> dict[str, Any]:
        r: dict[str, Any] = {"measurement": name, "value_s": value, "baseline_s": None, "baseline": ""}
        r.update(ratio=None, target="", peak_mb=None, note="")
        r["pass"] = None
        r.update(kw)
        return r

    p99 = row(
        f"hub serve p99, {clients} clients",
        s["p99_ms"] / 1000,
        baseline_s=s["base_p99_ms"] / 1000,
        baseline="404 reply",
        ratio=s["p99_ms"] / s["base_p99_ms"],
        target=f"< {P99_TARGET_MS:g} ms",
        peak_mb=s["peak_mb"],
    )
    p99["pass"] = s["p99_ms"] < P99_TARGET_MS
    return [
        row(
            f"hub add {n} bundles ({res['bundle_mb']:.0f} MB)",
            res["add_s"],
            baseline_s=res["sha_s"],
            baseline="sha256 pass",
            ratio=res["add_ratio"],
            peak_mb=res["add_mb"],
            note="no target; one fsync per new evidence file",
        ),
        row(f"hub rekap {n} units", res["rekap_s"], peak_mb=res["rekap_mb"]),
        row(
            f"hub serve p50, {clients} clients",
            s["p50_ms"] / 1000,
            baseline_s=s["base_p50_ms"] / 1000,
            baseline="404 reply",
            ratio=s["p50_ms"] / s["base_p50_ms"],
            peak_mb=s["peak_mb"],
        ),
        p99,
    ]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=150)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=40, help="requests per client")
    ap.add_argument("--serve-only", action="store_true", help="measure serving the hub of the last run again")
    ap.add_argument("--json", type=Path, help="write the rows of bench/run.py's table here")
    ap.add_argument("--quick", action="store_true", help="20 bundles, 10 requests per client (smoke test)")
    args = ap.parse_args()
    if args.quick:
        args.units, args.requests = min(args.units, 20), min(args.requests, 10)
    if args.serve_only:
        hub = BENCH / "out" / "hub" / "hub"
        _, _, js = cli("hub", "rekap", hub, "--json")
        ids = [r["unit_id"] for r in json.loads(js)["units"] if r["usulan"]]
        s = serve_bench(hub, args.clients, args.requests, ids)
        print(json.dumps(s, indent=1))
        return 0
    data = BENCH / "data" / f"hub-{args.units}"
    print(f"Membuat/memakai {args.units} paket di {data} ...", flush=True)
    bundles = make_bundles(data, args.units)
    size = sum(p.stat().st_size for p in bundles)
    out = BENCH / "out" / "hub"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    hub = out / "hub"
    cli("hub", "init", hub, "--instansi", "Kementerian Uji", "--tahun", "2026")
    sha_pass(bundles)  # warm the page cache, as for the add that follows
    base = sha_pass(bundles)
    add_s, add_mb, _ = cli("hub", "add", hub, *bundles)
    again_s, _, _ = cli("hub", "add", hub, *bundles)
    rekap_s, rekap_mb, _ = cli("hub", "rekap", hub)
    json_s, _, js = cli("hub", "rekap", hub, "--json")
    xlsx_s, xlsx_mb, _ = cli("hub", "rekap", hub, "--xlsx", out / "rekap.xlsx")
    rows = json.loads(js)["units"]
    wbbm = [r["unit_id"] for r in rows if r["predikat_tpi"] == "WBBM"]
    wbk = [r["unit_id"] for r in rows if r["predikat_tpi"] == "WBK"]
    prop_s, prop_mb, _ = cli("hub", "usulkan", hub, *wbk, "--kategori", "WBK")
    prop2_s, _, _ = cli("hub", "usulkan", hub, *wbbm, "--kategori", "WBBM")
    s = serve_bench(hub, args.clients, args.requests, wbk + wbbm)
    res = {
        "units": args.units,
        "bundle_mb": size / 1024**2,
        "blobs": sum(1 for p in (hub / "blobs").rglob("*") if p.is_file()),
        "add_s": add_s,
        "sha_s": base,
        "add_ratio": add_s / base,
        "add_mb": add_mb,
        "add_again_s": again_s,
        "rekap_s": rekap_s,
        "rekap_json_s": json_s,
        "rekap_xlsx_s": xlsx_s,
        "rekap_mb": max(rekap_mb, xlsx_mb),
        "usulkan_wbk_s": prop_s,
        "usulkan_wbbm_s": prop2_s,
        "usulkan_mb": prop_mb,
        "proposed": {"WBK": len(wbk), "WBBM": len(wbbm)},
        "serve": s,
    }
    print(json.dumps(res, indent=1))
    print()
    if args.json:
        args.json.write_text(json.dumps(rows_of(res, args.clients)), encoding="utf-8")
    print(
        f"hub add {args.units} paket ({size / 1024**2:.0f} MB): {add_s:.2f} s, {add_s / base:.1f}x satu sha256 ({base:.2f} s), puncak {add_mb:.0f} MB"
    )
    print(f"hub add lagi (tidak berubah): {again_s:.2f} s")
    print(f"hub rekap: {rekap_s:.2f} s (json {json_s:.2f} s, xlsx {xlsx_s:.2f} s), puncak {res['rekap_mb']:.0f} MB")
    print(f"hub usulkan {len(wbk)} WBK: {prop_s:.2f} s; {len(wbbm)} WBBM: {prop2_s:.2f} s")
    print(
        f"hub serve, {args.clients} klien, {s['requests']} permintaan ({s['ok']} OK): p50 {s['p50_ms']:.1f} ms, "
        f"p99 {s['p99_ms']:.1f} ms (dasar 404: p50 {s['base_p50_ms']:.1f} ms, p99 {s['base_p99_ms']:.1f} ms), "
        f"{s['rps']:.0f} permintaan/s, puncak {s['peak_mb']} MB; target p99 < {P99_TARGET_MS:g} ms: {'LULUS' if s['p99_ms'] < P99_TARGET_MS else 'GAGAL'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
