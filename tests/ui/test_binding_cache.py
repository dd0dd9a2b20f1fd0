"""The Qt binding's embedded support code served from a bytecode cache (ui.binding_cache, issue 15):
the same code as without the cache, never a stale or damaged cache, and nothing else touched."""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
from pathlib import Path

from ui import binding_cache as bc

ROOT = Path(__file__).resolve().parents[2]

# A fresh process: import the app's Qt package, report what the cache did, and use what the loaded
# support code provides (signatures, the error text of a wrong call).
_PROBE = """
import builtins, json
original = builtins.compile
import ui
from ui import binding_cache as bc
from PySide6.QtCore import QObject
from shibokensupport.signature import get_signature
sig = str(get_signature(QObject.setObjectName))
try:
    QObject().setObjectName(1)
    error = ""
except TypeError as exc:
    error = str(exc)
print(json.dumps(dict(bc.STATS, restored=builtins.compile is original, sig=sig, error=error,
                      path=str(bc.cache_path()))))
"""


def _start(home: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), ZI_DESKTOP_HOME=str(home))
    out = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_second_start_compiles_nothing_and_the_binding_works_the_same(tmp_path: Path) -> None:
    first = _start(tmp_path)
    assert first["compiled"] > 5 and first["hits"] == 0 and first["written"] == 1
    path = Path(first["path"])
    assert path.is_file() and path.parent == tmp_path / "cache"
    second = _start(tmp_path)
    assert second["hits"] == first["compiled"] and second["compiled"] == 0 and second["written"] == 0
    for run in (first, second):
        assert run["restored"]  # builtins.compile is Python's own again
        assert run["sig"] == "(self, name: str, /) -> None"  # signatures come from the support code
        assert "Supported signatures" in run["error"]  # and so does the text of a wrong call's error
    assert first["sig"] == second["sig"] and first["error"] == second["error"]


def test_a_damaged_cache_is_ignored_and_made_again(tmp_path: Path) -> None:
    first = _start(tmp_path)
    path = Path(first["path"])
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF  # one byte changed in the middle of the body
    path.write_bytes(bytes(raw))
    assert bc.read_cache(path) == {}  # the CRC-32 does not match
    again = _start(tmp_path)
    assert again["hits"] == 0 and again["compiled"] == first["compiled"] and again["written"] == 1
    assert _start(tmp_path)["hits"] == first["compiled"]
    path.write_bytes(path.read_bytes()[:100])  # truncated
    assert bc.read_cache(path) == {}
    path.write_bytes(b"not a cache at all")
    assert bc.read_cache(path) == {}


def test_a_cache_of_another_python_build_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "c.bin"
    code = compile("x = 1", "shibokensupport/x.py", "exec")
    assert bc.write_cache(path, {"shibokensupport/x.py": (b"x = 1", __import__("marshal").dumps(code))})
    assert set(bc.read_cache(path)) == {"shibokensupport/x.py"}
    raw = path.read_bytes()
    head = bc.MAGIC + bc._build() + b"\n"
    path.write_bytes(bc.MAGIC + b"3.99.0 (other) 0000\n" + raw[len(head) :])
    assert bc.read_cache(path) == {}


def test_code_is_served_only_for_the_exact_source_it_was_made_from() -> None:
    import marshal

    old = compile("VALUE = 'old'", "shibokensupport/mod.py", "exec")
    hook = bc._CachingCompile(builtins.compile, {"shibokensupport/mod.py": (b"VALUE = 'old'", marshal.dumps(old))})
    ns: dict = {}
    exec(hook(b"VALUE = 'old'", "shibokensupport/mod.py", "exec"), ns)
    assert ns["VALUE"] == "old" and hook.hits == 1 and hook.compiled == 0
    ns = {}
    exec(hook(b"VALUE = 'new'", "shibokensupport/mod.py", "exec"), ns)  # the binding was updated
    assert ns["VALUE"] == "new" and hook.compiled == 1
    assert hook.used["shibokensupport/mod.py"][0] == b"VALUE = 'new'"  # what is kept from now on


def test_cached_code_is_compiled_without_this_files_future_flags() -> None:
    # This test module has `from __future__ import annotations`; the binding's loader has not, and
    # its code must not turn annotations into strings because the cache compiled it elsewhere.
    hook = bc._CachingCompile(builtins.compile, {})
    ns: dict = {}
    exec(hook(b"def f(x: int): pass\nA = f.__annotations__", "shibokensupport/a.py", "exec"), ns)
    assert ns["A"] == {"x": int}


def test_every_other_compile_call_passes_through_untouched() -> None:
    hook = bc._CachingCompile(builtins.compile, {})
    assert eval(hook("1 + 2", "<expr>", "eval")) == 3
    exec(hook(b"y = 5", "elsewhere/y.py", "exec"), ns := {})
    assert ns["y"] == 5
    tree = hook("z = 1", "<ast>", "exec", 0x400)  # ast.PyCF_ONLY_AST, positionally
    assert type(tree).__name__ == "Module"
    assert hook("w = 1", filename="<kw>", mode="exec").co_filename == "<kw>"
    assert hook.hits == hook.compiled == 0 and hook.used == {}


def test_an_unwritable_folder_means_no_cache_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    assert bc.write_cache(blocker / "cache" / "c.bin", {"a": (b"", b"")}) is False
    assert bc.read_cache(blocker / "cache" / "c.bin") == {}
    assert list(tmp_path.iterdir()) == [blocker]  # no temporary file left behind


def test_reopening_the_last_workspace_writes_no_settings(tmp_path: Path) -> None:
    # A settings write makes QSettings save its file (a lock file, two fdatasync calls) before the
    # window's first frame; reopening the last workspace, the usual start, changes nothing to save.
    from PySide6.QtCore import QSettings

    from ui.settings import add_recent, last_workspace, recent_workspaces

    s = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    a, b = tmp_path / "a", tmp_path / "b"
    assert add_recent(a, s) is True
    assert add_recent(a, s) is False
    assert add_recent(b, s) is True and recent_workspaces(s) == [str(b.resolve()), str(a.resolve())]
    assert add_recent(b, s) is False
    assert add_recent(a, s) is True and recent_workspaces(s) == [str(a.resolve()), str(b.resolve())]
    s.setValue("last_workspace", str(b.resolve()))  # the list agrees, the last workspace does not
    assert add_recent(a, s) is True and last_workspace(s) == str(a.resolve())
