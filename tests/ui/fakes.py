"""An in-memory stand-in for `zi_desktop.workspace.store.Workspace` (its API, docs/ARCHITECTURE.md), so the
models and widgets can be tested fast and without a disk. Tests of the whole window use the real
store when it is installed."""

from __future__ import annotations

import hashlib
import itertools
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from zi_desktop.errors import Cancelled, UserError
from zi_desktop.lke.answers import parse_answer
from zi_desktop.lke.catalog import Catalog
from zi_desktop.lke.scoring import score
from zi_desktop.workspace.store import AnswerRecord

Record = AnswerRecord  # the fake keeps the real record type


@dataclass(frozen=True)
class Item:
    id: int
    soal_id: int
    kind: str
    name: str
    sha256: str | None = None
    size: int | None = None
    mime: str | None = None
    url: str | None = None
    text: str | None = None
    added_at: str = "2026-01-01T00:00:00"
    added_by: str = "tester"


@dataclass(frozen=True)
class History:
    id: int
    at: str
    user: str
    soal_id: int | None
    field: str
    old: str | None
    new: str | None
    source: str = "app"
    hash: str = ""


class FakeWorkspace:
    def __init__(self, catalog: Catalog, path: Path, unit_name: str = "Unit Uji", target: str = "WBK") -> None:
        self.catalog = catalog
        self.path = Path(path)
        self.unit_name = unit_name
        self.unit_id = "uji"
        self.year = catalog.tahun
        self.target = target
        self._records: dict[int, Record] = {}
        self._evidence: dict[int, Item] = {}
        self._history: list[History] = []
        self._ids = itertools.count(1)
        self._changed: set[int] = set()
        self._settings: dict[str, Any] = {}
        (self.path / "blobs").mkdir(parents=True, exist_ok=True)

    def close(self) -> None:
        pass

    def user_name(self) -> str:
        return "tester"

    def settings(self) -> dict[str, Any]:
        from zi_desktop.workspace.settings import effective

        return effective(self._settings)

    def set_setting(self, key: str, value: Any) -> None:
        self._settings[key] = value

    def answers(self, tpi: bool = False) -> dict[int, Any]:
        key = "jawaban_tpi" if tpi else "jawaban_unit"
        return {s: getattr(r, key) for s, r in self._records.items() if getattr(r, key) is not None}

    def records(self) -> dict[int, Record]:
        return dict(self._records)

    def record(self, soal_id: int) -> Record:
        return self._records.get(soal_id, Record(soal_id))

    def _set(self, soal_id: int, field: str, value: Any) -> None:
        if soal_id not in self.catalog.soal:
            raise UserError(f"soal {soal_id} tidak ada")
        old = getattr(self.record(soal_id), field)
        self._records[soal_id] = replace(self.record(soal_id), **{field: value})
        self._changed.add(soal_id)
        self._history.append(History(next(self._ids), "2026-01-01 10:00", "tester", soal_id, field, _s(old), _s(value)))

    def set_answer(self, soal_id: int, raw: Any, *, tpi: bool = False) -> None:
        value = parse_answer(self.catalog.soal[soal_id], raw)
        self._set(soal_id, "jawaban_tpi" if tpi else "jawaban_unit", value)

    def set_note(self, soal_id: int, text: str | None, *, tpi: bool = False) -> None:
        self._set(soal_id, "catatan_tpi" if tpi else "catatan_unit", text or None)

    def set_evidence_text(self, soal_id: int, text: str | None) -> None:
        self._set(soal_id, "bukti_dukung_unit", text or None)

    def attach_files(self, soal_id, paths, *, on_progress=None, cancel=None):
        out = []
        paths = [Path(p) for p in paths]
        for i, p in enumerate(paths):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            if not p.is_file():
                raise UserError(f"berkas {p} tidak ditemukan")
            data = p.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            blob = self.blob_path(sha)
            blob.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, blob)
            item = Item(next(self._ids), soal_id, "file", p.name, sha, len(data))
            self._evidence[item.id] = item
            out.append(item)
            if on_progress:
                on_progress(i + 1, len(paths))
        return out

    def attach_link(self, soal_id, url, title=None):
        if not url.strip():
            raise UserError("tautan kosong")
        item = Item(next(self._ids), soal_id, "link", title or url, url=url)
        self._evidence[item.id] = item
        return item

    def attach_text(self, soal_id, text):
        item = Item(next(self._ids), soal_id, "text", text[:40], text=text)
        self._evidence[item.id] = item
        return item

    def detach(self, soal_id, evidence_id):
        self._evidence.pop(evidence_id)

    def reattach(self, soal_id, item):
        if item.kind != "file":
            return (
                self.attach_link(soal_id, item.url, item.name)
                if item.kind == "link"
                else self.attach_text(soal_id, item.text)
            )
        again = Item(next(self._ids), soal_id, "file", item.name, item.sha256, item.size)
        self._evidence[again.id] = again
        return again

    def evidence(self, soal_id=None):
        return [e for e in self._evidence.values() if soal_id is None or e.soal_id == soal_id]

    def blob_path(self, sha256: str) -> Path:
        return self.path / "blobs" / sha256[:2] / sha256

    def history(self, soal_id=None, latest=None):
        entries = [h for h in reversed(self._history) if soal_id is None or h.soal_id == soal_id]
        return entries if latest is None else sorted(entries, key=lambda h: h.id)[-latest:]

    def score(self, tpi: bool = False):
        return score(self.catalog, self.answers(tpi=tpi))

    def last_export(self):
        return None

    def changed_since_export(self) -> set[int]:
        return set(self._changed)

    def mark_exported(self, at: str) -> None:
        self._changed.clear()

    def chain_head(self) -> tuple[int, str]:
        return 0, "0" * 64


def _s(v: Any) -> str | None:
    return None if v is None else str(v)
