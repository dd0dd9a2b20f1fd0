"""One answer change in the real window, until the tree and the dashboard are repainted.

    python bench/answer_change.py [--changes 40] [--json]

Runs the real `MainWindow` offscreen at 1366x768 on the demo workspace and on a big one (the demo
plus 10,000 change-log entries and 500 evidence items). For each workspace, two scenarios:

- `soal`: the question page is shown; a click on an option's radio button (alternating between
  two options of one question), then events are processed until nothing is left to paint.
- `dasbor`: the dashboard has been built and its tab is shown; the answer changes through the tree's
  keyboard path (a letter on the tree picks an option), then events are processed likewise.

The figure per change is click-to-idle wall time (the save, the rescoring, the model's
`dataChanged`, the widgets' updates and the paint). Prints the median and the minimum per case in
milliseconds, against the 16 ms target (one frame at 60 Hz). Not a test: nothing here fails.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 16.0
LOG_ENTRIES = 10_000
EVIDENCE_ITEMS = 500


def make_workspaces(folder: Path) -> dict[str, Path]:
    from zi_desktop.workspace.demo import create_demo_workspace
    from zi_desktop.workspace.store import open_workspace

    demo = create_demo_workspace(folder / "demo")
    big = create_demo_workspace(folder / "big")
    ws = open_workspace(big)
    try:
        sids = [s.soal_id for s in ws.catalog.soal_in_order()]
        # 10,000 change-log entries: notes written in a few transactions (as many sessions would).
        done = 0
        while done < LOG_ENTRIES:
            with ws._writing() as tx:
                for _ in range(min(1000, LOG_ENTRIES - done)):
                    sid = sids[done % len(sids)]
                    tx.set_fields(sid, {"catatan_unit": f"catatan ke-{done}"}, "isian")
                    done += 1
        have = len(ws.evidence())
        files = folder / "files"
        files.mkdir()
        n = 0
        while have < EVIDENCE_ITEMS:
            sid = sids[n % len(sids)]
            p = files / f"bukti-{n}.pdf"
            p.write_bytes(b"%PDF-1.4\n" + os.urandom(2048))
            have += len(ws.attach_files(sid, [p]))
            n += 1
        log = len(ws.history())
        ev = len(ws.evidence())
    finally:
        ws.close()
    print(f"workspace besar: {log} entri log, {ev} bukti", file=sys.stderr)
    return {"demo": demo, f"log {LOG_ENTRIES} + bukti {EVIDENCE_ITEMS}": big}


def measure(path: Path, changes: int) -> dict[str, dict[str, float]]:
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow
    from zi_desktop.lke.catalog import COUNT

    app = QApplication.instance() or QApplication([])
    win = MainWindow()
    win.resize(1366, 768)
    win.show()
    assert win.open_path(path, quiet=True)
    app.processEvents()
    view = win.view
    session = win.session
    # A choice question with at least two options, selected in the tree.
    sid = next(
        s.soal_id for s in session.catalog.soal_in_order() if s.kind != COUNT and len(s.options) >= 2 and s.options
    )
    assert view.select_soal(sid)
    for _ in range(5):
        app.processEvents()
    keys = [o.key for o in session.catalog.soal[sid].options[:2]]
    out: dict[str, dict[str, float]] = {}

    def run(change: object) -> dict[str, float]:
        times = []
        for i in range(changes + 3):
            t0 = time.perf_counter()
            change(keys[i % 2])  # type: ignore[operator]
            app.processEvents()
            app.processEvents()
            dt = (time.perf_counter() - t0) * 1000
            if i >= 3:  # the first few warm caches (fonts, pixmaps)
                times.append(dt)
        return {"median_ms": statistics.median(times), "min_ms": min(times), "n": len(times)}

    def click(key: str) -> None:
        choice = view.question.choice
        assert choice is not None
        choice.buttons[key].click()

    view.tabs.setCurrentWidget(view.question)
    out["soal"] = run(click)
    assert session.value(sid, "jawaban_unit") in keys

    dash = view.dashboard
    view.tabs.setCurrentWidget(dash)
    for _ in range(5):
        app.processEvents()

    def pick(key: str) -> None:
        assert view.question.pick_key(key[0])

    out["dasbor"] = run(pick)
    win.close()
    app.processEvents()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--changes", type=int, default=40)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("ZI_DESKTOP_HOME", str(Path(tmp) / "home"))
        from PySide6.QtCore import QSettings

        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(Path(tmp) / "qs"))
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(Path(tmp) / "qs"))
        results = {name: measure(p, args.changes) for name, p in make_workspaces(Path(tmp)).items()}
    print(f"{'workspace':<28} {'halaman':<8} {'median ms':>10} {'min ms':>8} {'target':>8}")
    for name, cases in results.items():
        for case, r in cases.items():
            ok = "ok" if r["median_ms"] <= TARGET_MS else "LEBIH"
            print(f"{name:<28} {case:<8} {r['median_ms']:>10.1f} {r['min_ms']:>8.1f} {TARGET_MS:>6.0f}  {ok}")
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
