"""Start to a usable window, for ZI Desktop and for a bare PySide6 window, measured the same way.

    python bench/app_start.py [--json OUT] [--quick] [--runs 9] [--workspace WS]
    python bench/app_start.py app WORKSPACE [T0]      (one measured process, as bench/run.py uses)
    python bench/app_start.py bare [T0]
    python bench/app_start.py bare-qt [T0]    (the bare window that also uses PySide6's `Qt` namespace)

Without `app`/`bare`: fresh processes alternating bare, app, bare, app ... (after one uncounted
warm-up of each, which also writes the bytecode), on the demo workspace unless --workspace.
Prints a table: the app's median and min against the bare window's (the target, <= 1.5x, holds
for each, in every run of this script), and, as diagnostics, the worst single pair (app run i /
bare run i, back to back) beside the worst pair of the bare window against itself (a second bare
run in each round: what one pair of fresh processes varies on this machine with no difference
between them at all).

T0 is the parent's `time.monotonic()` just before it started this process (a system-wide clock on
Linux, Windows and macOS), so the figure includes interpreter start-up and every import. Without
it, the clock starts when this script starts.

`app` goes through the real entry point (`main.py WORKSPACE`: command line, `ui.app.run`,
`MainWindow.open_path`, show). `bare` is QApplication + QMainWindow with a QTreeView of 200 rows, resized to
1400x900 and shown. Both then enter `QApplication.exec()`, which here is replaced by the same
wait: an event loop that runs until the main window's first paint pass with the tree (named
`lkeTree`) holding its rows is over, then returns. The window's widgets are painted in one pass, so
that is the first complete frame. The harness is installed when the program imports
PySide6.QtWidgets and asks Python for no widget Qt made itself (see `_install_exec_hook`), so it
adds nothing to either side that the program would not do. No PNG is encoded: encoding a
screenshot is not start-up.

Prints one JSON line: {"seconds": ..., "rows": ...}.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

# A measured process imports only what the original harness did (json, sys, time, pathlib):
# what the parent needs (argparse, subprocess, statistics, tempfile) is imported in the parent, so
# that the bare window's baseline is not padded with imports it would not make.

T_SCRIPT = time.monotonic()
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_MS = 60_000


def _install_exec_hook(result: dict[str, float | int]) -> None:
    """Replace QApplication.exec by: run events until the window's first complete paint.

    The watch is on the main window, which the program made in Python: the window is painted
    first in each pass over it and the pass paints every dirty widget before control returns, so
    the time is taken once that pass is over (a zero timer). It watches no widget Qt made itself
    (a view's viewport): the first such widget handed to Python makes PySide6 build every QWidget
    subclass of QtWidgets to find its type, some 14 ms that the harness, not the program, would
    have caused (and that an app which never asks for one does not pay)."""
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView

    class PaintWatch(QObject):
        def __init__(self, loop: QEventLoop, ready: object) -> None:
            super().__init__()
            self.loop, self.ready, self.seen = loop, ready, False

        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint and self.ready():  # type: ignore[operator]
                self.seen = True
                QTimer.singleShot(0, self.done)  # after the rest of this paint pass
            return False

        def done(self) -> None:
            result["seconds"] = time.monotonic() - result["t0"]
            if os.environ.get("ZI_BENCH_EXIT_AT_FRAME"):  # counting instructions: stop here
                print(json.dumps({"seconds": result["seconds"], "rows": result.get("rows", 0)}), flush=True)
                os._exit(0)
            self.loop.quit()

    def fake_exec(*_args: object) -> int:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
        if len(windows) != 1:
            raise SystemExit(f"expected one visible main window, found {len(windows)}")
        win = windows[0]
        tree = win.findChild(QTreeView, "lkeTree")
        if tree is None:
            raise SystemExit("the window has no tree named lkeTree")
        model = tree.model()
        loop = QEventLoop()

        def ready() -> bool:  # the tree holds its rows (for the app: the workspace is loaded)
            result["rows"] = model.rowCount()
            return result["rows"] > 0

        watch = PaintWatch(loop, ready)
        win.installEventFilter(watch)
        QTimer.singleShot(TIMEOUT_MS, loop.quit)
        loop.exec()
        win.removeEventFilter(watch)
        if "seconds" not in result:
            raise SystemExit("the window was not painted within the time limit")
        return 0

    QApplication.exec = staticmethod(fake_exec)  # type: ignore[method-assign,assignment]


class _HookOnImport:
    """Installs the exec hook the moment the program has imported PySide6.QtWidgets, so that the
    harness imports no Qt module before the program does. (Once loaded, PySide6 watches every later
    import: importing it first, as a harness naturally would, made the app's own modules pass
    through that watch, some 30 source scans that `python main.py` does not make.) A finder on
    `sys.meta_path` that answers for that one module, then steps aside."""

    def __init__(self, result: dict[str, float | int]) -> None:
        self.result = result

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:  # noqa: ARG002 (the finder protocol)
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            raise SystemExit("PySide6.QtWidgets was not found")
        run = spec.loader.exec_module

        def exec_module(module: Any) -> None:
            run(module)
            _install_exec_hook(self.result)

        spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def bare(qt_namespace: bool = False) -> None:
    """The baseline of issue 15: a bare QMainWindow with a QTreeView (Qt's own item model, as many
    rows and columns as the LKE tree shows), shown at the app's size.

    With `qt_namespace`, the same window also sets one property through PySide6's `Qt` namespace,
    as every real PySide6 program does (an alignment, a role, a key): a diagnostic, not a target.
    On first use PySide6 builds the namespace's 94 enum types with Python's `enum` (about 1,200
    members), some 25 ms on this machine, which a window that never names `Qt` does not pay."""
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView

    app = QApplication(sys.argv[:1])
    w = QMainWindow()
    model = QStandardItemModel(0, 5)
    for area in range(8):
        parent = QStandardItem(f"Area {area}")
        for row in range(25):
            parent.appendRow([QStandardItem(f"Soal {area}.{row}") for _ in range(5)])
        model.appendRow(parent)
    tree = QTreeView()
    tree.setObjectName("lkeTree")
    tree.setModel(model)
    tree.expandAll()
    if qt_namespace:
        from PySide6.QtCore import Qt

        tree.setTextElideMode(Qt.TextElideMode.ElideRight)
    w.setCentralWidget(tree)
    w.resize(1400, 900)
    w.show()
    app.exec()


def app(workspace: str) -> None:
    """What `python main.py WORKSPACE` does: the script compiled from its source and run as
    `__main__`, with its folder first on the path. (Not `runpy.run_path`, which imports `pkgutil`,
    some 3 ms that neither `python main.py` nor the `zi-desktop` command pays.)"""
    script = ROOT / "main.py"
    sys.argv = [str(script), workspace]
    sys.path[0] = str(ROOT)
    code = compile(script.read_bytes(), str(script), "exec")
    try:
        exec(code, {"__name__": "__main__", "__file__": str(script), "__builtins__": __builtins__})
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise


# -- the parent: alternating fresh processes, the table ------------------------------------------
TARGET = 1.5


def start_env(folder: Path) -> dict[str, str]:
    """Offscreen, settings of their own, and bytecode (an installed app runs from .pyc files)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from common import process_env

    return process_env(
        offscreen=True,
        PYTHONPYCACHEPREFIX=str(ROOT / "bench" / "out" / "pycache"),
        XDG_CONFIG_HOME=str(folder / "config"),  # QSettings: not the user's recent list
        ZI_DESKTOP_HOME=str(folder / "home"),
    )


def one_start(which: str, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds to the first complete paint, peak MB) of one fresh process."""
    import subprocess

    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), which, *args, repr(t0)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    if proc.returncode != 0:
        raise SystemExit(f"app_start {which}: exit {proc.returncode}: {proc.stderr.strip()[-400:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return float(out["seconds"]), float(out.get("peak_mb") or 0.0)


def instructions(which: str, args: list[str], env: dict[str, str]) -> int | None:
    """Instructions one fresh process executes up to its first complete frame, counted by valgrind's
    callgrind (None without valgrind). Unlike time, the count is the same from run to run (within
    0.1%) however busy the machine is, so it shows what the time ratio is on a quiet machine."""
    import shutil
    import subprocess

    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    counted = dict(env, ZI_BENCH_EXIT_AT_FRAME="1", PYTHONHASHSEED="0")
    cmd = [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable]
    proc = subprocess.run(
        [*cmd, str(Path(__file__).resolve()), which, *args], capture_output=True, text=True, cwd=ROOT, env=counted
    )
    for line in proc.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split()[-1])
    return None


def parent(argv: list[str]) -> int:
    import argparse
    import statistics
    import tempfile

    sys.path.insert(0, str(ROOT))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", metavar="OUT", help="write the rows as JSON to OUT")
    ap.add_argument("--quick", action="store_true", help="3 runs of each")
    ap.add_argument("--runs", type=int, help="fresh processes of each (default 9, at least 5 for the figures)")
    ap.add_argument("--workspace", help="a workspace to open (default: a new demo workspace)")
    ap.add_argument("--no-instructions", action="store_true", help="skip the instruction count (valgrind)")
    args = ap.parse_args(argv)
    runs = args.runs or (3 if args.quick else 9)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = start_env(folder)
        if args.workspace:
            ws = Path(args.workspace)
        else:
            from zi_desktop.workspace.demo import create_demo_workspace

            ws = create_demo_workspace(folder / "demo")
        one_start("bare", [], env)  # warm-up: bytecode, page cache
        one_start("app", [str(ws)], env)
        bare: list[float] = []
        bare_qt: list[float] = []
        bare_again: list[float] = []  # the same bare window once more: the machine's own spread
        app: list[float] = []
        peaks = {"bare": 0.0, "bare-qt": 0.0, "app": 0.0}
        for _ in range(runs):
            rounds = (("bare", bare, []), ("app", app, [str(ws)]), ("bare-qt", bare_qt, []), ("bare", bare_again, []))
            for which, xs, extra in rounds:
                sec, peak = one_start(which, extra, env)
                xs.append(sec)
                peaks[which] = max(peaks[which], peak)
        counts = (
            None
            if args.quick or args.no_instructions
            else (instructions("app", [str(ws)], env), instructions("bare", [], env))
        )
    pairs = [a / b for a, b in zip(app, bare, strict=True)]
    same = [max(a, b) / min(a, b) for a, b in zip(bare_again, bare, strict=True)]
    base_note = "baseline: bare QMainWindow + QTreeView (Qt's item model, 200 rows x 5 columns, expanded)"
    rows = [
        _row(
            "app start to usable window, median",
            statistics.median(app),
            statistics.median(bare),
            peaks["app"],
            f"{runs} fresh processes each, alternating, to the tree's first complete paint; {base_note}",
        ),
        _row("app start to usable window, min", min(app), min(bare), peaks["app"], "fastest run of each"),
        _row(
            "diagnostic: worst single pair (app i / bare i)",
            app[pairs.index(max(pairs))],
            bare[pairs.index(max(pairs))],
            peaks["app"],
            "every pair: "
            + ", ".join(f"{r:.2f}" for r in pairs)
            + "; the bare window against itself, run twice in each round (the slower / the faster): "
            + ", ".join(f"{r:.2f}" for r in same)
            + f", worst {max(same):.2f}x: one pair of fresh processes is not a measurement here; no target",
            target=None,
        ),
        _row(
            "diagnostic: app / bare window using Qt namespace",
            statistics.median(app),
            statistics.median(bare_qt),
            peaks["app"],
            "medians; the bare window plus one property set through PySide6's `Qt` namespace, whose 94 "
            f"enum types PySide6 builds on first use (bare {statistics.median(bare) * 1000:.0f} ms, "
            f"with Qt {statistics.median(bare_qt) * 1000:.0f} ms), which the app no longer builds before its "
            "first frame (ui/qt_names.py); no target",
            target=None,
            baseline="bare window + PySide6's Qt namespace, same harness",
        ),
    ]
    if counts is not None and None not in counts:
        app_ir, bare_ir = counts
        assert app_ir is not None and bare_ir is not None
        rows.append(
            {
                "measurement": "diagnostic: instructions to the first frame, app / bare",
                "value_s": None,
                "baseline_s": None,
                "baseline": "bare window, instructions (valgrind callgrind)",
                "ratio": round(app_ir / bare_ir, 3),
                "target": None,
                "pass": None,
                "peak_mb": None,
                "note": f"app {app_ir / 1e6:,.0f} M, bare {bare_ir / 1e6:,.0f} M instructions, one process each "
                "(the same from run to run: what the time ratio is on a quiet machine); no target",
            }
        )
    print(f"{'measurement':<42}{'time':>9}{'baseline':>10}{'ratio':>7}  {'target':<8}{'result':<7}{'peak MB':>8}  note")
    print("-" * 110)
    for r in rows:
        peak = "-" if r["peak_mb"] is None else f"{r['peak_mb']:.0f}"
        result = "-" if r["pass"] is None else "PASS" if r["pass"] else "FAIL"
        print(
            f"{r['measurement']:<42}{_secs(r['value_s']):>9}{_secs(r['baseline_s']):>10}{r['ratio']:>7.2f}  "
            f"{r['target'] or '-':<8}{result:<7}{peak:>8}  {r['note']}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


def _secs(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}s"


def _row(
    name: str,
    value: float,
    base: float,
    peak: float | None,
    note: str,
    target: float | None = TARGET,
    baseline: str = "bare PySide6 QMainWindow with a QTreeView, same harness",
) -> dict[str, Any]:
    ratio = value / base
    return {
        "measurement": name,
        "value_s": round(value, 4),
        "baseline_s": round(base, 4),
        "baseline": baseline,
        "ratio": round(ratio, 3),
        "target": None if target is None else f"<= {target:g}x",
        "pass": None if target is None else ratio <= target,
        "peak_mb": None if not peak else round(peak, 1),
        "note": note,
    }


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("app", "bare", "bare-qt"):
        return parent(sys.argv[1:])
    which = sys.argv[1]
    args = sys.argv[2:]
    t0 = T_SCRIPT
    if which == "app":
        workspace = args.pop(0)
    if args:
        t0 = float(args[0])
    result: dict[str, float | int] = {"t0": t0}
    sys.meta_path.insert(0, _HookOnImport(result))
    if which == "app":
        app(workspace)
    elif which == "bare":
        bare()
    elif which == "bare-qt":
        bare(qt_namespace=True)
    else:
        raise SystemExit(f"unknown: {which} (app or bare)")
    if "seconds" not in result:
        raise SystemExit("exec() was never reached")
    result.pop("t0")
    import resource

    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
