"""A parsed catalog kept in the user's data folder, so that a command does not decode and check
230 KB of JSON each time it starts (issue 15: about 6 ms of a 40 ms budget; reading the cache takes
about 1.5 ms).

It is never trusted blindly:
- its name and its key come from the catalog file and from the code that parses it (`catalog.py`,
  `records.py`) as the file system describes them, path, size and modification time of each, and
  from the app's and Python's versions: another catalog, a file changed since, or the same one
  parsed by other code never meets a cache made for it, so a stale cache cannot be read. (As
  Python's own bytecode cache does, a file is known by its size and time, not by reading and
  hashing it: a start that meets its cache reads neither the 230 KB nor loads OpenSSL, about 3%
  of the app's start. The catalog's sha256, which bundles record, was taken from its bytes when
  the cache was made and is kept in it.)
- the CRC-32 of its contents is checked before they are read: a damaged (truncated, changed)
  file is ignored;
- it holds only `marshal` data (numbers, strings, tuples, dicts; no code, unlike pickle), rebuilt
  into the catalog's own classes field by field; anything unexpected and the cache is ignored: the
  JSON is parsed and checked as if there were no cache;
- it is written only for a catalog that passed every check of `parse_catalog`, atomically (a
  temporary file, then a rename) and on a best-effort basis: a folder that cannot be written means
  no cache, never an error.
"""

from __future__ import annotations

import json
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from zi_desktop import __version__
from zi_desktop.lazy_re import compile_later
from zi_desktop.paths import data_dir, save_cache_file

MAGIC = b"ZI-DESKTOP-CATALOG-CACHE 2\n"
_SHA256 = compile_later(rb"[0-9a-f]{64}")


def source_key(path: Path) -> str | None:
    """What decides the parsed catalog, as one line: the catalog file's path, size and modification
    time, the same of the parser's and the record classes' source (their module names alone where
    the source is not shipped as files), and the app's and Python's versions. None when the
    catalog file cannot be looked at (then there is no cache: reading it gives the error)."""
    from zi_desktop import records
    from zi_desktop.lke import catalog

    try:
        st = os.stat(path)
    except OSError:
        return None
    parts: list[object] = [os.path.abspath(path), st.st_size, st.st_mtime_ns, __version__, sys.version]
    for module in (catalog, records):
        try:
            ms = os.stat(str(module.__file__))
            parts += [module.__name__, ms.st_size, ms.st_mtime_ns]
        except OSError:
            parts.append(module.__name__)
    return json.dumps(parts, ensure_ascii=True)  # one line, whatever the path holds


def cache_path(key: str) -> Path:
    return data_dir() / "cache" / f"katalog-{zlib.crc32(key.encode()):08x}.bin"


def _head(key: str) -> bytes:
    return MAGIC + key.encode() + b"\n"


def _fields(obj: Any) -> tuple[Any, ...]:
    return tuple(getattr(obj, f) for f in type(obj).__match_args__)


def _make(cls: type, values: tuple[Any, ...]) -> Any:
    """An instance of a frozen record from its field values, in field order (as its constructor
    would make it, without running it)."""
    return _make_all(cls, (values,))[0]


def _make_all(cls: type, rows: Any) -> list[Any]:
    names = cls.__match_args__  # type: ignore[attr-defined]
    new = object.__new__
    out = []
    for values in rows:
        if len(values) != len(names):
            raise ValueError(f"{cls.__name__}: {len(values)} fields, expected {len(names)}")
        obj: Any = new(cls)
        obj.__dict__.update(zip(names, values, strict=True))
        out.append(obj)
    return out


# Catalog fields that hold records (the rest are numbers, strings, tuples and dicts of them)
_RECORD_FIELDS = ("nodes", "soal", "computed", "thresholds", "_computed_by_node", "_input_of")


def encode(cat: Any) -> bytes:
    from zi_desktop.lke.catalog import Catalog, Soal

    options_at = Soal.__match_args__.index("options")
    index = {c.id: i for i, c in enumerate(cat.computed)}
    soal = []
    for s in cat.soal.values():
        row = list(_fields(s))
        row[options_at] = tuple(_fields(o) for o in s.options)
        soal.append(tuple(row))
    plain = tuple(None if f in _RECORD_FIELDS else getattr(cat, f) for f in Catalog.__match_args__)
    payload = (
        plain,
        tuple(_fields(n) for n in cat.nodes.values()),
        tuple(soal),
        tuple(_fields(c) for c in cat.computed),
        {k: _fields(t) for k, t in cat.thresholds.items()},
        {k: tuple(index[c.id] for c in v) for k, v in cat._computed_by_node.items()},
        {k: tuple(index[c.id] for c in v) for k, v in cat._input_of.items()},
    )
    return marshal.dumps(payload)


def decode(data: bytes, *, checksum: str, path: str) -> Any:
    from zi_desktop.lke.catalog import Catalog, Computed, Node, Option, Soal, Thresholds

    plain, nodes, soal, computed, thresholds, by_node, input_of = marshal.loads(data)
    options_at = Soal.__match_args__.index("options")
    comp = tuple(_make_all(Computed, computed))
    rows = []
    for row in soal:
        values = list(row)
        values[options_at] = tuple(_make_all(Option, values[options_at]))
        rows.append(values)
    soal_objs = {s.soal_id: s for s in _make_all(Soal, rows)}
    fields = dict(zip(Catalog.__match_args__, plain, strict=True))
    fields.update(
        nodes={n.node_id: n for n in _make_all(Node, nodes)},
        soal=soal_objs,
        computed=comp,
        thresholds={k: _make(Thresholds, v) for k, v in thresholds.items()},
        _computed_by_node={k: tuple(comp[i] for i in v) for k, v in by_node.items()},
        _input_of={k: tuple(comp[i] for i in v) for k, v in input_of.items()},
        checksum=checksum,
        path=path,
    )
    return _make(Catalog, tuple(fields[f] for f in Catalog.__match_args__))


def read(key: str, path: str) -> Any | None:
    """The cached catalog of the file and code `key` describes, or None (none, damaged, made for
    another file or by other code, or not readable)."""
    try:
        blob = cache_path(key).read_bytes()
        head = _head(key)
        if not blob.startswith(head):
            return None
        checksum, crc, body = (
            blob[len(head) : len(head) + 64],
            blob[len(head) + 65 : len(head) + 73],
            blob[len(head) + 74 :],
        )
        if (
            not _SHA256.fullmatch(checksum)
            or blob[len(head) + 64 : len(head) + 65] != b"\n"
            or blob[len(head) + 73 : len(head) + 74] != b"\n"
            or f"{zlib.crc32(body):08x}".encode() != crc
        ):
            return None
        return decode(body, checksum=checksum.decode("ascii"), path=path)
    except Exception:  # noqa: BLE001 - any fault in a cache means: no cache, parse the file
        return None


def write(cat: Any, key: str) -> None:
    """Keep `cat` (just parsed and checked, from the file `key` describes) for the next start;
    best effort."""
    try:
        body = encode(cat)
    except Exception:  # noqa: BLE001 - a cache that cannot be made is only a slower next start
        return
    save_cache_file(cache_path(key), _head(key) + f"{cat.checksum}\n{zlib.crc32(body):08x}\n".encode() + body)
