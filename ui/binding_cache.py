"""Load the Qt binding's own Python code from a bytecode cache, as Python does for every other module.

PySide6's support code (`shibokensupport`: the signature loader, its parser, the `.pyi` formatter,
13 modules, 270 KB of source) is not installed as files: it is embedded in the shiboken library
and compiled from source by `compile()` every time a process imports PySide6. Measured here with
valgrind: 112 M of the 564 M instructions that `import PySide6.QtWidgets` costs, a fifth of it and
a tenth of the app's whole start to its first frame (issue 15), spent to rebuild the same code
objects every start. Python keeps a `.pyc` of each of its own modules for exactly this reason; the
binding's loader has no such cache, so this module gives it one.

`import_binding()` imports `PySide6.QtCore` (and with it shiboken) with `builtins.compile` briefly
replaced by `_CachingCompile`, which answers only the binding's own calls (mode "exec", the source
as bytes, a file name under `shibokensupport/`, no other argument: exactly how the loader calls it)
and passes every other call on untouched. For such a call it returns the code object kept for
that file name if, and only if, the source it was compiled from is byte for byte the source now
handed over; otherwise it compiles (with no `__future__` flags inherited, as the loader's own call
inherits none) and keeps the result. After the import `builtins.compile` is the original again.

The cache, like a `.pyc`, is never trusted beyond what it can prove:
- it lives in the user's data folder (`zi_desktop.paths.data_dir()/cache`), named after the
  Python build (its version and bytecode magic number), since code objects are specific to it;
- its header names that build again, and a CRC-32 of its body is checked before anything is read:
  a damaged, truncated or foreign file is ignored (the code is compiled, as without a cache);
- each entry holds the full source it was compiled from; another PySide6 version (different
  source) never meets code made for the old one; entries the running binding no longer asks for
  are dropped when the cache is next written;
- it is written atomically (a temporary file, then a rename), only when something changed, and
  on a best-effort basis: a folder that cannot be written (read-only, full) means no cache, never
  an error.
Like Python's own `__pycache__`, the file is as trusted as the user's other files: whoever can
write into the user's data folder can already change what the user's programs do.
"""

from __future__ import annotations

import builtins
import marshal
import sys
import types
import zlib
from pathlib import Path
from typing import Any

MAGIC = b"ZI-DESKTOP-BINDING-CODE 1\n"
PREFIX = "shibokensupport/"  # the file names the binding's embedded loader compiles under


def _build() -> bytes:
    """The Python build code objects are made for: its version and bytecode magic number."""
    from importlib.util import MAGIC_NUMBER  # imported by Python's start-up already

    return sys.version.encode("utf-8", "replace") + b" " + MAGIC_NUMBER.hex().encode()


def cache_path() -> Path:
    from zi_desktop.paths import data_dir

    return data_dir() / "cache" / f"qt-binding-{zlib.crc32(_build()):08x}.bin"


def read_cache(path: Path) -> dict[str, tuple[bytes, bytes]]:
    """{file name: (source, marshalled code)} from the cache file; {} when it is missing, damaged or
    made by another Python build."""
    try:
        raw = path.read_bytes()
    except OSError:
        return {}
    head = MAGIC + _build() + b"\n"
    if not raw.startswith(head) or len(raw) < len(head) + 4:
        return {}
    crc, body = raw[len(head) : len(head) + 4], raw[len(head) + 4 :]
    if int.from_bytes(crc, "big") != zlib.crc32(body):
        return {}
    try:
        entries = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return {}
    if not isinstance(entries, dict):
        return {}
    good: dict[str, tuple[bytes, bytes]] = {}
    for name, entry in entries.items():
        if (
            isinstance(name, str)
            and isinstance(entry, tuple)
            and len(entry) == 2
            and isinstance(entry[0], bytes)
            and isinstance(entry[1], bytes)
        ):
            good[name] = entry
    return good


def write_cache(path: Path, entries: dict[str, tuple[bytes, bytes]]) -> bool:
    """Write the cache whole or not at all; False when the folder cannot take it."""
    from zi_desktop.paths import save_cache_file

    body = marshal.dumps(entries)
    return save_cache_file(path, MAGIC + _build() + b"\n" + zlib.crc32(body).to_bytes(4, "big") + body)


class _CachingCompile:
    """Stands in for `builtins.compile` while the binding loads (see the module's docstring)."""

    def __init__(self, real: Any, cache: dict[str, tuple[bytes, bytes]]) -> None:
        self.real = real
        self.cache = cache
        self.used: dict[str, tuple[bytes, bytes]] = {}  # what this start asked for, to be kept
        self.hits = 0
        self.compiled = 0

    def __call__(self, source: Any, filename: Any, mode: Any, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs or mode != "exec" or type(source) is not bytes or type(filename) is not str:
            return self.real(source, filename, mode, *args, **kwargs)
        if not filename.startswith(PREFIX):
            return self.real(source, filename, mode)
        entry = self.cache.get(filename)
        if entry is not None and entry[0] == source:
            try:
                code = marshal.loads(entry[1])
            except (EOFError, ValueError, TypeError):
                code = None
            if isinstance(code, types.CodeType) and code.co_filename == filename:
                self.hits += 1
                self.used[filename] = entry
                return code
        code = self.real(source, filename, mode, 0, True)  # no __future__ flags, as the loader's call
        self.compiled += 1
        self.used[filename] = (source, marshal.dumps(code))
        return code


STATS: dict[str, int] = {}  # what the last import_binding() did: hits, compiled, written (tests, logs)


def import_binding(path: Path | None = None) -> None:
    """Import PySide6.QtCore, serving the binding's embedded code from the cache at `path`
    (default: `cache_path()`). Nothing is cached once shiboken is loaded (it compiles nothing more)."""
    if "shiboken6" in sys.modules:
        import PySide6.QtCore  # already loaded: nothing to cache

        return
    where = cache_path() if path is None else path
    real = builtins.compile
    hook = _CachingCompile(real, read_cache(where))
    builtins.compile = hook
    try:
        import PySide6.QtCore  # noqa: F401 (the import this module exists for)
    finally:
        if builtins.compile is hook:
            builtins.compile = real
    written = 0
    if hook.used and (hook.compiled or hook.used.keys() != hook.cache.keys()):
        written = int(write_cache(where, hook.used))
    STATS.update(hits=hook.hits, compiled=hook.compiled, written=written)
