"""What the app's start loads (issue 15): opening a workspace in the window must not import
`dataclasses` (7 ms, and code generation for every record class); the records on that path are
made by zi_desktop.records or are plain classes that behave as the dataclasses they replaced. Nor
what only a later click needs: the review dialogs, the start screen, the conflicts page, the PIC
menu, the dashboard, and `html` (its table of entities)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What opens the window in a fresh process, as the app's start does (a demo workspace `ws`).
_OPEN = """
import sys
import PySide6.QtCore
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ui.main_window import MainWindow
win = MainWindow()
assert win.open_path(ws)
win.show()
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["ZI_DESKTOP_HOME"] = str(tmp_path / "home")
    return env


def _run(code: str, env: dict[str, str], ws: Path | None = None) -> list[str]:
    """The lines a fresh Python process printing from `code` (after `_OPEN` when given `ws`) wrote."""
    if ws is not None:
        code = f"ws = {str(ws)!r}\n" + _OPEN + textwrap.dedent(code)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().splitlines()


def test_opening_a_workspace_in_the_window_does_not_import_dataclasses(tmp_path: Path) -> None:
    from zi_desktop.workspace.demo import create_demo_workspace

    ws = create_demo_workspace(tmp_path / "demo")
    code = """
        app.processEvents()
        assert win.view is not None and win.view.model.rowCount() > 0
        late = [m for m in ("ui.review_actions", "ui.start", "ui.team_conflicts", "ui.team_assign",
                            "ui.dashboard", "html") if m in sys.modules]
        assert not late, late
        assert win.view.tabs.tabText(2) == "Konflik" and not win.view._conflicts.built
        win.view.tabs.setCurrentIndex(2)  # the conflicts page is made when its tab is shown
        assert win.view._conflicts.built and win.view.tabs.currentWidget() is win.view.conflicts
        import ui.team_model, ui.review_panel  # the team and review pieces the window shows
        print("dataclasses" in sys.modules)
        """
    assert _run(code, _env(tmp_path), ws)[-1] == "False"


def test_merge_report_and_comparison_behave_as_dataclasses() -> None:
    import pickle

    from zi_desktop.lke.catalog import load_catalog
    from zi_desktop.lke.scoring import score
    from zi_desktop.workspace.review import Comparison
    from zi_desktop.workspace.team import MergeReport

    a, b = MergeReport("p1", "Budi"), MergeReport(packet_id="p1", pic="Budi")
    assert a == b and a is not b and a.taken is not b.taken  # a fresh list for each
    a.taken.append((1, "jawaban_unit", None, "A"))
    assert a != b and a.changes == 1 and b.changes == 0
    assert repr(b).startswith("MergeReport(packet_id='p1', pic='Budi', already=False, note=''")
    assert pickle.loads(pickle.dumps(a)) == a
    try:
        hash(a)
    except TypeError:
        pass
    else:
        raise AssertionError("a mutable record must not be hashable")

    r = score(load_catalog(2026), {})
    c = Comparison(r, {}, [])
    assert c == Comparison(r, {}, [], [], {}) and c.differences == [] and c.reviewed == {}
    assert c != Comparison(r, {}, [], [], {"tpi": 1})
    assert repr(c).startswith("Comparison(unit=")


def test_a_start_that_meets_its_catalog_cache_loads_no_openssl_and_no_icon_types(tmp_path: Path) -> None:
    """What the window's start needs no longer builds what it does not use (issue 15): with the
    catalog cache in place, no hashlib (OpenSSL), secrets or mimetypes; no QIcon types (QAction's
    icon overload); no QWidget subclass it does not use (a Qt-made widget asked for from Python);
    and the window is painted without PySide6's Qt namespace (ui.qt_names), which is built in the
    first idle moment after that first frame (before a first click could need it)."""
    from zi_desktop.workspace.demo import create_demo_workspace

    ws = create_demo_workspace(tmp_path / "demo")
    env = _env(tmp_path)
    _run("from zi_desktop.lke.catalog import load_catalog; load_catalog()", env)  # writes the cache
    code = """
        win.repaint()  # the first frame, painted now
        assert win.view is not None and win.view.model.rowCount() > 0
        print("Qt" in vars(PySide6.QtCore))
        import PySide6.QtGui, PySide6.QtWidgets
        built = set(vars(PySide6.QtGui)) | set(vars(PySide6.QtWidgets))
        print(sorted(m for m in ("hashlib", "_hashlib", "secrets", "mimetypes") if m in sys.modules))
        print(sorted(t for t in ("QIcon", "QFileDialog", "QColorDialog", "QCalendarWidget") if t in built))
        from PySide6.QtCore import QEventLoop, QTimer
        idle = QEventLoop()
        QTimer.singleShot(200, idle.quit)
        idle.exec()  # the idle moments after it: the namespace is built, ready for a first click
        print("Qt" in vars(PySide6.QtCore))
        """
    assert _run(code, env, ws)[-4:] == ["False", "[]", "[]", "True"]
