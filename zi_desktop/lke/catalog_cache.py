"""A parsed catalog kept in the user's data folder, so that a command does not decode and check
230 KB of JSON each time it starts (issue 15: about 6 ms of a 40 ms budget; reading the cache takes
about 1.5 ms).

It is never trusted blindly:
- its name and its key come from the sha256 of the catalog file's bytes and of the code that parses
  it (`catalog.py`, `records.py`, the Python version): another catalog, or the same one parsed by
  other code, never meets a cache made for it, so a stale cache cannot be read;
- the sha256 of its contents is checked before they are read: a damaged (truncated, changed)
  file is ignored;
- it holds only `marshal` data (numbers, strings, tuples, dicts; no code, unlike pickle), rebuilt
  into the catalog's own classes field by field; anything unexpected and the cache is ignored: the
  JSON is parsed and checked as if there were no cache;
- it is written only for a catalog that passed every check of `parse_catalog`, atomically (a
  temporary file, then a rename) and on a best-effort basis: a folder that cannot be written means
  no cache, never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from zi_desktop import __version__
from zi_desktop.paths import data_dir

MAGIC = b"ZI-DESKTOP-CATALOG-CACHE 1\n"
_code_key: str | None = None


def code_key() -> str:
    """The sha256 of what decides how a catalog file is parsed: the parser's and the record
    classes' source (the version number where the source is not shipped), and the Python version."""
    global _code_key
    if _code_key is None:
        from zi_desktop import records
        from zi_desktop.lke import catalog

        h = hashlib.sha256(MAGIC + sys.version.encode())
        for module in (catalog, records):
            try:
                h.update(Path(str(module.__file__)).read_bytes())
            except OSError:
                h.update(__version__.encode())
        _code_key = h.hexdigest()
    return _code_key


def cache_path(checksum: str) -> Path:
    return data_dir() / "cache" / f"katalog-{checksum[:40]}.bin"


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


def read(checksum: str, path: str) -> Any | None:
    """The cached catalog of the file whose bytes have this sha256, or None (none, damaged, made
    by other code, or not readable)."""
    try:
        blob = cache_path(checksum).read_bytes()
        head = MAGIC + f"{checksum}\n{code_key()}\n".encode()
        if not blob.startswith(head):
            return None
        digest, body = blob[len(head) : len(head) + 64], blob[len(head) + 65 :]
        if blob[len(head) + 64 : len(head) + 65] != b"\n" or hashlib.sha256(body).hexdigest().encode() != digest:
            return None
        return decode(body, checksum=checksum, path=path)
    except Exception:  # noqa: BLE001 - any fault in a cache means: no cache, parse the file
        return None


def write(cat: Any) -> None:
    """Keep `cat` (just parsed and checked) for the next start; best effort."""
    tmp: Path | None = None
    try:
        body = encode(cat)
        target = cache_path(cat.checksum)
        target.parent.mkdir(parents=True, exist_ok=True)
        head = MAGIC + f"{cat.checksum}\n{code_key()}\n".encode()
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(head + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        os.replace(tmp, target)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is only a slower next start
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink()
