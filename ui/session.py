"""The open workspace as the UI sees it: the one adapter between the widgets and the core.

`Session` holds the GUI thread's `Workspace`, the current records, evidence counts and scores,
and emits `changed` after every write. Every write goes through an undo command (`ui.commands`),
which calls the Workspace API; the widgets never touch the workspace directly. A worker thread
never shares this connection: `open_worker_workspace()` gives it its own.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from zi_desktop.lke.answers import VALUE_FIELDS, Value
from zi_desktop.lke.catalog import COUNT, Catalog, Computed
from zi_desktop.lke.readiness import lacks_evidence
from zi_desktop.lke.scoring import ScoreResult, input_error_ids, score, tpi_differs

# Undo steps kept: enough for a working session, and a bound on what a long one keeps in memory.
UNDO_LIMIT = 200


def default_opener(path: Any) -> Any:
    from zi_desktop.workspace.store import open_workspace

    return open_workspace(path)


class Session(QObject):
    """One open workspace. `changed` carries the soal ids that changed (empty set: everything)."""

    changed = Signal(object)
    evidence_changed = Signal(int)
    preconditions_changed = Signal()
    notice = Signal(str)  # advice the user should see at once (e.g. a file over max_file_mb)

    def __init__(self, workspace: Any, opener: Callable[[Any], Any] | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.ws = workspace
        self.catalog: Catalog = workspace.catalog
        self._opener = opener or default_opener
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.records: dict[int, Any] = {}
        self.evidence_count: Counter[int] = Counter()
        self.changed_ids: set[int] = set()
        self._exported = False
        self.result: ScoreResult = score(self.catalog, {})
        self.tpi_result: ScoreResult = self.result
        self.reload(emit=False)

    # -- reading ------------------------------------------------------------------------------
    @property
    def unit_name(self) -> str:
        return str(self.ws.unit_name)

    @property
    def unit_id(self) -> str:
        return str(getattr(self.ws, "unit_id", "") or "")

    @property
    def target(self) -> str:
        return str(getattr(self.ws, "target", "WBK") or "WBK")

    @property
    def path(self) -> Any:
        return self.ws.path

    def answers(self, tpi: bool = False) -> dict[int, Value]:
        key = "jawaban_tpi" if tpi else "jawaban_unit"
        out: dict[int, Value] = {}
        for sid, r in self.records.items():
            v = getattr(r, key)
            if v is not None:
                out[sid] = v
        return out

    def value(self, soal_id: int, field: str) -> Any:
        r = self.records.get(soal_id)
        return getattr(r, field) if r is not None else None

    def tpi_differs(self, soal_id: int) -> bool:
        """The TPI has answered this soal, and not as the unit did."""
        return tpi_differs(self.value(soal_id, "jawaban_unit"), self.value(soal_id, "jawaban_tpi"))

    def evidence(self, soal_id: int) -> list[Any]:
        return list(self.ws.evidence(soal_id))

    def history(self, soal_id: int, latest: int | None = None) -> list[Any]:
        """A soal's change log, newest first; `latest`: only the newest so many."""
        entries = self.ws.history(soal_id) if latest is None else self.ws.history(soal_id, latest=latest)
        return sorted(entries, key=lambda h: h.id, reverse=True)

    def lacks_evidence(self, soal_id: int) -> bool:
        """The question needs evidence and has none (the core's rule, `readiness.lacks_evidence`)."""
        return lacks_evidence(
            self.catalog, soal_id, self.evidence_count[soal_id], self.value(soal_id, "bukti_dukung_unit")
        )

    def error_ids(self) -> set[int]:
        return input_error_ids(self.catalog, self.result)

    def computed_issue(self, c: Computed) -> str | None:
        cv = self.result.computed.get(c.id)
        return cv.issue if cv else None

    def is_answered(self, soal_id: int) -> bool:
        return self.value(soal_id, "jawaban_unit") is not None

    def first_question(self, *, unanswered: bool = False, with_guidance: bool = False) -> int | None:
        for s in self.catalog.soal_in_order():
            if unanswered and self.is_answered(s.soal_id):
                continue
            if with_guidance and not (s.kriteria or s.evidence_examples):
                continue
            if s.kind == COUNT and with_guidance:
                continue
            return s.soal_id
        return None

    def representative_question(self) -> int | None:
        """A question that shows the page at its fullest (answered, with a note and evidence), for
        screenshots; else the first unanswered one with guidance."""
        for s in self.catalog.soal_in_order():
            sid = s.soal_id
            if s.kind == COUNT or not s.evidence_examples:
                continue
            if self.is_answered(sid) and self.evidence_count[sid] and self.value(sid, "catatan_unit"):
                return sid
        return self.first_question(unanswered=True, with_guidance=True) or self.first_question()

    # -- refreshing ---------------------------------------------------------------------------
    def _data_version(self) -> int | None:
        probe = getattr(self.ws, "data_version", None)
        return int(probe()) if probe is not None else None

    def poll_external(self) -> bool:
        """Reload when someone else (the command line, another window, a worker) committed to the
        workspace since we last read it. True when it reloaded."""
        version = self._data_version()
        if version is None or version == self._version:
            return False
        self.reload()
        return True

    def reload(self, emit: bool = True) -> None:
        """Read everything again (after an import, or on open)."""
        self._version = self._data_version()
        self.records = dict(self.ws.records())
        self.evidence_count = Counter(e.soal_id for e in self.ws.evidence())
        self._rescore()
        # The "changed since export" markers are read from the change log here, on open and after
        # an export or import (both reload), and kept up to date by each write afterwards: a query
        # of the change log per answer would grow with the log.
        self.changed_ids = set(self.ws.changed_since_export())
        self._exported = bool(self.changed_ids) or self.ws.last_export() is not None
        if emit:
            self.changed.emit(frozenset())
            self.preconditions_changed.emit()

    def refresh(self, soal_ids: Iterable[int], field: str | None = None) -> None:
        """Read these soal again and emit `changed`. `field`, when known, is the one field written:
        only the side whose answers it is gets scored again (a note scores nothing)."""
        ids = frozenset(soal_ids)
        for sid in ids:
            before = self.records.get(sid)
            self.records[sid] = self.ws.record(sid)
            if self._exported and self.records[sid] != before:
                self.changed_ids.add(sid)  # the write logged it after the last export
        self._rescore(unit=field is None or field == "jawaban_unit", tpi=field is None or field == "jawaban_tpi")
        self.changed.emit(ids)

    def refresh_evidence(self, soal_id: int) -> None:
        self.evidence_count[soal_id] = len(self.ws.evidence(soal_id))
        if self._exported:
            self.changed_ids.add(soal_id)  # attaching or detaching is logged
        self.evidence_changed.emit(soal_id)
        self.changed.emit(frozenset({soal_id}))

    def _rescore(self, *, unit: bool = True, tpi: bool = True) -> None:
        if unit:
            self.result = score(self.catalog, self.answers())
        if tpi:
            self.tpi_result = score(self.catalog, self.answers(tpi=True))

    # -- writing (undoable) -------------------------------------------------------------------
    def set_field(self, soal_id: int, field: str, new: Any) -> None:
        """Save one field now and put it on the undo stack. Raises UserError for a bad value."""
        from ui.commands import FieldCommand

        old = self.value(soal_id, field)
        if isinstance(new, str) and not new.strip() and field.startswith("jawaban"):
            new = None
        self.write(soal_id, field, new)
        self.undo_stack.push(FieldCommand(self, soal_id, field, old, self.value(soal_id, field)))

    def set_answer(self, soal_id: int, raw: Any, *, tpi: bool = False) -> None:
        self.set_field(soal_id, "jawaban_tpi" if tpi else "jawaban_unit", raw)

    def set_note(self, soal_id: int, text: str | None, *, tpi: bool = False) -> None:
        self.set_field(soal_id, "catatan_tpi" if tpi else "catatan_unit", text or None)

    def write(self, soal_id: int, field: str, value: Any) -> None:
        """One plain write through the Workspace API (used by the undo commands)."""
        if field in VALUE_FIELDS:
            self.ws.set_answer(soal_id, value, tpi=field == "jawaban_tpi")
        elif field in ("catatan_unit", "catatan_tpi"):
            self.ws.set_note(soal_id, value or None, tpi=field == "catatan_tpi")
        elif field == "bukti_dukung_unit":
            self.ws.set_evidence_text(soal_id, value or None)
        else:
            raise KeyError(field)
        self.refresh([soal_id], field)
        if field == "bukti_dukung_unit":
            self.evidence_changed.emit(soal_id)

    # -- proposal preconditions (Tabel 5) ------------------------------------------------------
    def preconditions(self) -> list[Any]:
        from zi_desktop.lke.preconditions import preconditions

        return preconditions(self.ws)

    def write_precondition(self, number: int, confirmed: bool) -> None:
        from zi_desktop.lke.preconditions import set_confirmed

        set_confirmed(self.ws, [number], confirmed)
        self.preconditions_changed.emit()

    def set_precondition(self, number: int, confirmed: bool) -> None:
        """Tick or untick one precondition now; undoable."""
        from ui.commands import PreconditionCommand

        self.write_precondition(number, confirmed)
        self.undo_stack.push(PreconditionCommand(self, number, confirmed))

    def attached_many(self, items: list[Any]) -> None:
        """Files were attached, to one soal or many (by a worker, in one transaction): refresh each
        soal and push one undo step for all of them."""
        from ui.commands import AttachCommand

        for sid in dict.fromkeys(i.soal_id for i in items):
            self.refresh_evidence(sid)
        if items:
            self.undo_stack.push(AttachCommand(self, items[0].soal_id, items))
            notes = self.large_file_notes(items)
            if notes:
                self.notice.emit("\n".join(notes))

    def large_file_notes(self, items: list[Any]) -> list[str]:
        """The core's advice for each attached file over the workspace's `max_file_mb`."""
        from zi_desktop.lke.readiness import large_file_note, max_file_mb

        limit = max_file_mb(self.ws.settings())
        return [n for n in (large_file_note(i, limit) for i in items if i.kind == "file") if n]

    def attach_link(self, soal_id: int, url: str, title: str | None = None) -> None:
        from ui.commands import AttachCommand

        item = self.ws.attach_link(soal_id, url, title)
        self.refresh_evidence(soal_id)
        self.undo_stack.push(AttachCommand(self, soal_id, [item]))

    def detach(self, soal_id: int, item: Any) -> None:
        from ui.commands import DetachCommand

        self.ws.detach(soal_id, item.id)
        self.refresh_evidence(soal_id)
        self.undo_stack.push(DetachCommand(self, soal_id, item))

    # -- workers ------------------------------------------------------------------------------
    def open_worker_workspace(self) -> Any:
        """A Workspace of its own for a worker thread (never share the GUI thread's connection)."""
        return self._opener(self.ws.path)

    @contextlib.contextmanager
    def worker_workspace(self) -> Iterator[Any]:
        """`with session.worker_workspace() as ws:` in a worker: its own Workspace, closed after."""
        ws = self.open_worker_workspace()
        try:
            yield ws
        finally:
            if ws is not self.ws:
                ws.close()

    def close(self) -> None:
        self.undo_stack.clear()
        self.ws.close()
